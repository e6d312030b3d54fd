/**
 * `npm run digest [-- <tree>]`: digests of what the cluster and the grader produce, for checking
 * that a performance change changes no output (CONTRIBUTING.md). Run it on a worktree of the
 * commit you started from and on your change; the two outputs must be the same, line for line.
 *
 * - a 100-node / 3,000-pod run driven as the large bench drives it, then a Service, a scale-up,
 *   an image change, a Deployment delete, a stopped node and a killed pod, two virtual minutes
 *   on: the watch events of pods, Events, Endpoints, EndpointSlices and ReplicaSets in order, and
 *   the exported snapshot;
 * - every lab's solution, starter and variants replayed and graded, with and without chaos: each
 *   report and final snapshot.
 *
 * `<tree>` is the checkout to load (default: this one), so one script measures both worktrees.
 * It builds its own topology and manifests, as the large bench does, instead of importing helpers
 * a checkout from before them would not have: it only uses the cluster's and grader's entry points.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..'));
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/* eslint-disable @typescript-eslint/no-explicit-any -- the modules come from another checkout */
async function clusterDigest(): Promise<string[]> {
  const { createCluster, VirtualClock } = await import(join(root, 'src/cluster/index.ts'));
  const { validationHooks } = await import(join(root, 'src/cluster/validation/hooks.ts'));
  const workers = 100;
  const nodes: any[] = [
    {
      name: 'cp-1',
      role: 'control-plane',
      zone: 'zone-a',
      pool: 'control-plane',
      ip: '10.0.0.10',
      podCIDR: '10.244.0.0/24',
      cpu: '4',
      memoryKi: 8_148_176,
    },
  ];
  for (let i = 1; i <= workers; i++)
    nodes.push({
      name: `worker-${i}`,
      role: 'worker',
      zone: `zone-${'abc'[i % 3]}`,
      pool: 'general',
      ip: `10.1.${i >> 8}.${i & 255}`,
      podCIDR: `10.${64 + (i >> 8)}.${i & 255}.0/24`,
      cpu: '32',
      memoryKi: 8_148_176 * 16,
      pods: 110,
    });
  const clock = new VirtualClock();
  const cluster = createCluster({
    clock,
    topology: { name: 'digest', region: 'region-1', nodes },
    hooks: validationHooks(),
  });
  clock.advance(1_000);
  const events = createHash('sha256');
  let count = 0;
  for (const r of ['pods', 'events', 'endpoints', 'endpointslices.discovery.k8s.io', 'replicasets.apps'])
    cluster.client.watch(r, {}, (e: unknown) => {
      count++;
      events.update(JSON.stringify(e));
    });
  const pods = workers * 30;
  let asked = 0;
  let d = 0;
  for (let tenth = 0; tenth < 600; tenth++) {
    if (tenth % 10 === 0)
      for (let n = 0; n < 5_000 && asked < pods;) {
        const replicas = Math.min(500, pods - asked, 5_000 - n);
        const name = `d${d++}`;
        cluster.client.create('deployments.apps', {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: 'default' },
          spec: {
            replicas,
            selector: { matchLabels: { app: name } },
            template: {
              metadata: { labels: { app: name } },
              spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
            },
          },
        });
        asked += replicas;
        n += replicas;
      }
    clock.advance(100);
  }
  // removal paths: a Service, a scale-up, a rollout, a delete, a node stop and a killed pod
  cluster.client.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's1', namespace: 'default' },
    spec: { selector: { app: 'd1' }, ports: [{ port: 80 }] },
  });
  clock.advance(2_000);
  cluster.client.patch('deployments.apps', 'default', 'd0', 'merge', { spec: { replicas: 100 } });
  cluster.client.patch('deployments.apps', 'default', 'd1', 'merge', {
    spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
  });
  cluster.client.delete('deployments.apps', 'default', 'd2');
  cluster.world!.chaos.stopNode('worker-7');
  const victim = cluster.client
    .list('pods', { shared: true })
    .items.find((p: any) => p.spec?.nodeName === 'worker-9');
  cluster.world!.chaos.killPod('default', victim!.metadata.name!);
  clock.advance(120_000);
  const snapshot = cluster.exportSnapshot();
  const running = cluster.client
    .list('pods', { shared: true })
    .items.filter((p: any) => p.status?.phase === 'Running').length;
  cluster.world?.stop();
  return [
    `cluster watch events ${count} ${events.digest('hex')}`,
    `cluster snapshot ${sha(snapshot)} (${snapshot.length} characters, ${running} pods Running)`,
  ];
}

async function graderDigests(): Promise<string[]> {
  const { readTree } = await import(join(root, 'src/content/validate.ts'));
  const { labSlug } = await import(join(root, 'src/content/labs.ts'));
  const { grade, inProcessReader, loadLab, replay } = await import(join(root, 'src/grader/index.ts'));
  const labs: any[] = readdirSync(join(root, 'labs'))
    .filter((n) => /^\d+-/.test(n) && statSync(join(root, 'labs', n)).isDirectory())
    .sort()
    .map((n) => loadLab(readTree(join(root, 'labs', n)), { slug: labSlug(n) }).lab!);
  const submissions = labs.flatMap((lab) => [
    { lab, name: `${lab.slug}/solution`, files: lab.solution },
    { lab, name: `${lab.slug}/starter`, files: lab.starter },
    ...lab.variants.map((v: any) => ({ lab, name: `${lab.slug}/${v.name}`, files: v.files })),
  ]);
  const out: string[] = [];
  for (const s of submissions)
    for (const noChaos of [false, true]) {
      const { cluster, applied, sources, owedMs } = replay(s.lab, s.files, { owe: true });
      const report = await grade(s.lab, inProcessReader(cluster), {
        files: s.files,
        sources,
        applied,
        noChaos,
        owedMs,
      });
      const snapshot = cluster.exportSnapshot();
      out.push(
        `grade ${s.name}${noChaos ? ' (no chaos)' : ''} report ${sha(JSON.stringify(report)).slice(0, 16)} snapshot ${sha(snapshot).slice(0, 16)} at ${cluster.clock.now()}`,
      );
      cluster.world?.stop();
      cluster.gc.stop();
    }
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const missing = [
  ['src/cluster/index.ts', 'is not a Cadet checkout'],
  [
    'src/cluster/generated/k8s-validators.js',
    'lacks the generated schemas (git-ignored): copy src/cluster/generated/ into it, or run npm run gen:schemas there',
  ],
  ['node_modules', "has no node_modules: symlink this checkout's node_modules into it"],
].find(([path]) => !existsSync(join(root, path!)));
if (missing) {
  console.error(`output-digest: ${root} ${missing[1]} (no ${missing[0]})`);
  process.exit(2);
}

console.log(`# output digests of ${root}`);
for (const line of await clusterDigest()) console.log(line);
for (const line of await graderDigests()) console.log(line);
process.exit(0);

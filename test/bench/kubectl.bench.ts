/**
 * `npm run bench:kubectl`: Cadet's kubectl in process. Time per command on a cluster with 100
 * running pods (goal: `get pods` under 5 ms, printed beside the goal as a ratio), and the size of
 * the browser build (esbuild bundle of src/kubectl/index.ts for the browser, minified, gzipped).
 * Prints figures; asserts nothing.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { VirtualClock } from '../../src/cluster/index';
import { createCompleteCluster } from '../../src/cluster/complete';
import { inProcessTransport, runKubectl, type KubectlEnv } from '../../src/kubectl/index';

const GOAL_MS = 5;

function cluster100() {
  const clock = new VirtualClock();
  const cluster = createCompleteCluster({ clock, topology: 'default', seed: 1 });
  clock.advance(30_000);
  cluster.client.create('deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 100,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    },
  });
  clock.advance(120_000);
  return { cluster, clock };
}

async function timeCommand(env: KubectlEnv, argv: string[], runs: number) {
  for (let i = 0; i < 10; i++) await runKubectl(argv, env); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const code = await runKubectl(argv, env);
    times.push(performance.now() - start);
    if (code !== 0) throw new Error(`kubectl ${argv.join(' ')} exited ${code}`);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs / 2)]!, p95: times[Math.floor(runs * 0.95)]! };
}

async function main() {
  const { cluster, clock } = cluster100();
  const running = cluster.client
    .list('pods', { namespace: 'default' })
    .items.filter((p) => p.status?.phase === 'Running').length;
  let bytes = 0;
  const env: KubectlEnv = {
    transport: inProcessTransport(cluster),
    kubeconfig: {
      clusters: [{ name: 'cadet', cluster: { server: 'http://in-process' } }],
      contexts: [{ name: 'cadet', context: { cluster: 'cadet', namespace: 'default' } }],
      'current-context': 'cadet',
    },
    now: () => clock.now(),
    out: (c) => (bytes += c.length),
    err: (c) => (bytes += c.length),
  };
  console.log(`kubectl in process: default topology, ${running} running pods in default (goal 100)`);
  const commands: string[][] = [
    ['get', 'pods'],
    ['get', 'pods', '-o', 'wide'],
    ['get', 'pods', '-A'],
    ['get', 'pods', '-o', 'yaml'],
    ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
    ['get', 'deploy', 'web'],
    ['get', 'all'],
    ['api-resources'],
    ['explain', 'pods.spec.containers'],
    ['config', 'view'],
  ];
  for (const argv of commands) {
    const { p50, p95 } = await timeCommand(env, argv, 100);
    const goal =
      argv.length === 2 && argv[1] === 'pods'
        ? `   goal < ${GOAL_MS} ms, ratio ${(p50 / GOAL_MS).toFixed(2)}`
        : '';
    console.log(
      `  kubectl ${argv.join(' ').padEnd(52)} p50 ${p50.toFixed(2).padStart(7)} ms  p95 ${p95.toFixed(2).padStart(7)} ms${goal}`,
    );
  }
  const result = await build({
    entryPoints: ['src/kubectl/index.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const gz = gzipSync(code, { level: 9 });
  console.log(
    `browser build (esbuild, src/kubectl/index.ts, minified): ${(code.length / 1024).toFixed(1)} KiB, gzipped ${(gz.length / 1024).toFixed(1)} KiB` +
      ` (anchor: CodeMirror 6 with YAML about 150 KB gzipped, ratio ${(gz.length / 1000 / 150).toFixed(2)})`,
  );
  // where the bytes come from (minified bytes per folder), largest first
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const byFolder = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const folder = path.replace(/^(node_modules\/[^/]+|src\/[^/]+\/[^/.]+).*/, '$1');
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + bytesInOutput);
  }
  for (const [folder, size] of [...byFolder].sort((a, b) => b[1] - a[1]).slice(0, 6))
    console.log(`  ${folder.padEnd(40)} ${(size / 1024).toFixed(1).padStart(7)} KiB minified`);
  cluster.world?.runtime.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

/**
 * `npm run bench:cluster`: the cluster core's figures beside the anchors of
 * shared/reference/anchors.md and the goals of the cluster issue, each as a ratio. It prints and
 * never asserts. The large-cluster run happens in a child process (`--large NODES`) so its peak
 * memory is its own.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCluster, Random, Store, VirtualClock, type KubeObject } from '../../src/cluster/index.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';
import { schedulePod } from '../../src/cluster/scheduler/scheduler.js';
import { nodeObject, type NodeSpec, type Topology } from '../../src/cluster/world/topologies.js';

const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** One printed line: the figure, the anchor, and how many times better (>1) or worse (<1) it is. */
function row(
  label: string,
  value: number,
  unit: string,
  anchor: number,
  anchorName: string,
  lowerIsBetter: boolean,
): void {
  const ratio = lowerIsBetter ? anchor / value : value / anchor;
  const shown = ratio >= 0.01 ? fmt(ratio, 2) : ratio.toPrecision(2);
  console.log(
    `  ${label.padEnd(44)} ${fmt(value, 2).padStart(12)} ${unit.padEnd(8)} | ${anchorName}: ${fmt(anchor, 2)} ${unit} | ${shown}x ${ratio >= 1 ? 'better' : 'worse'}`,
  );
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: Float64Array | number[], p: number): number => {
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function deployment(name: string, replicas: number): KubeObject {
  return {
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
  };
}

/** A topology of one control-plane node and `workers` roomy workers in three zones. */
function bigTopology(workers: number): Topology {
  const nodes: NodeSpec[] = [
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
  return { name: `bench-${workers}`, region: 'region-1', nodes };
}

// ---------------------------------------------------------------- 1. apply to Ready

function applyToReady(): void {
  const runs: number[] = [];
  let virtualMs = 0;
  for (let r = 0; r < 23; r++) {
    const clock = new VirtualClock();
    const cluster = createCluster({
      clock,
      topology: 'default',
      hooks: validationHooks(),
      seed: r + 1,
      world: { controllers: { stageDelayScale: 0 } },
    });
    clock.advance(10_000);
    let spent = 0;
    let c0 = cpuMs();
    cluster.client.create('deployments.apps', deployment('web', 3));
    spent += cpuMs() - c0;
    let stepped = 0;
    for (;;) {
      // First what is due now (zero delays), then 100 ms steps if anything still waits on time.
      c0 = cpuMs();
      if (stepped === 0) clock.runDue();
      else clock.advance(100);
      spent += cpuMs() - c0;
      stepped += stepped === 0 ? 1 : 100;
      const pods = cluster.client.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items;
      const ready = pods.filter((p) =>
        (p.status?.conditions ?? []).some(
          (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
        ),
      );
      if (ready.length === 3 || stepped > 120_000) break;
    }
    cluster.world?.stop();
    if (r >= 3) runs.push(spent); // the first three warm the JIT
    virtualMs = stepped - 1;
  }
  console.log(
    '\n1. Apply a 3-replica Deployment (default topology, validation hooks) until all 3 pods are Ready',
  );
  console.log(
    `   ${runs.length} runs after 3 warm-up runs; CPU of the create and the clock steps only; pods Ready after ${virtualMs} ms of virtual time.`,
  );
  console.log('   Kubelet stage delays scaled to 0 (world.controllers.stageDelayScale).');
  row('CPU per run, median', median(runs), 'ms', 5, 'issue goal', true);
  row('CPU per run, worst', Math.max(...runs), 'ms', 5, 'issue goal', true);
}

// ---------------------------------------------------------------- 2. scheduler throughput

function schedulerThroughput(): void {
  const NODES = 5_000;
  const PODS = 10_000;
  const BUDGET_MS = 30_000;
  const topology = bigTopology(NODES);
  const nodes = topology.nodes
    .filter((n) => n.role === 'worker')
    .map((n) => nodeObject(topology, n, '2026-01-01T00:00:00Z'));
  const placed: KubeObject[] = [];
  const t0 = performance.now();
  let lastBatch = { pods: 0, ms: 0 };
  let batchStart = t0;
  for (let i = 0; i < PODS; i++) {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p-${i}`, namespace: 'default', uid: `uid-${i}`, labels: { app: `a${i % 50}` } },
      spec: {
        schedulerName: 'default-scheduler',
        containers: [
          { name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } },
        ],
      },
      status: { phase: 'Pending' },
    };
    const decision = schedulePod(pod, { nodes, pods: placed, seed: 1 });
    if (!decision.nodeName) throw new Error(`pod ${i} unschedulable: ${decision.message}`);
    placed.push({ ...pod, spec: { ...pod.spec, nodeName: decision.nodeName } });
    if ((i + 1) % 10 === 0) {
      const now = performance.now();
      lastBatch = { pods: 10, ms: now - batchStart };
      batchStart = now;
      if (now - t0 > BUDGET_MS) break;
    }
  }
  const ms = performance.now() - t0;
  const rate = (placed.length / ms) * 1000;
  console.log(
    `\n2. Scheduler throughput, ${fmt(NODES, 0)} nodes (pure schedulePod: filters + scores, no API writes)`,
  );
  console.log(
    `   placed ${fmt(placed.length, 0)} of ${fmt(PODS, 0)} pods in ${fmt(ms / 1000, 1)} s (budget ${BUDGET_MS / 1000} s); the last 10 at ${fmt((lastBatch.pods / lastBatch.ms) * 1000, 1)} pods/s.`,
  );
  if (placed.length < PODS)
    console.log(
      `   did not reach ${fmt(PODS, 0)} pods within the budget: each decision costs O(nodes) quantity parsing and an O(nodes^2) explanation lookup (profiled).`,
    );
  row('pods/s over the pods placed', rate, 'pods/s', 680, "kube-scheduler's bar", false);
  row('pods/s over the pods placed', rate, 'pods/s', 6_800, 'issue goal (10x)', false);
}

// ---------------------------------------------------------------- 3. large cluster (child process)

interface LargeResult {
  workers: number;
  pods: number;
  running: number;
  wallMs: number;
  bootMs: number;
  peakRssMb: number;
  virtualS: number;
}

/** Runs in the child: a `workers`-node cluster, 30 pods per node through Deployments, to Running. */
function largeChild(workers: number, wallBudgetMs: number): LargeResult {
  const pods = workers * 30;
  let peak = process.memoryUsage().rss;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const t0 = performance.now();
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, topology: bigTopology(workers), hooks: validationHooks() });
  clock.advance(1_000);
  const bootMs = performance.now() - t0;
  sample();
  const per = 500;
  for (let d = 0; d * per < pods; d++)
    cluster.client.create('deployments.apps', deployment(`d${d}`, Math.min(per, pods - d * per)));
  let running = 0;
  let virtualS = 0;
  while (performance.now() - t0 < wallBudgetMs && virtualS < 3_600) {
    clock.advance(1_000);
    virtualS++;
    sample();
    const list = cluster.client.list('pods', { namespace: 'default', shared: true }).items;
    running = list.filter((p) => p.status?.phase === 'Running').length;
    if (running === pods) break;
  }
  sample();
  return { workers, pods, running, wallMs: performance.now() - t0, bootMs, peakRssMb: peak / 1e6, virtualS };
}

function runLarge(workers: number, wallBudgetMs: number): LargeResult | undefined {
  const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
  const child = spawnSync(
    tsx,
    [fileURLToPath(import.meta.url), '--large', String(workers), String(wallBudgetMs)],
    {
      encoding: 'utf8',
      timeout: wallBudgetMs + 60_000,
    },
  );
  const line = child.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (!line) {
    console.log(`   ${workers} nodes: child failed (${child.error?.message ?? child.stderr?.slice(0, 300)})`);
    return undefined;
  }
  return JSON.parse(line) as LargeResult;
}

function largeCluster(): void {
  console.log(
    '\n3. Nodes and pods (30 per node, Deployments of 500) reconciled to Running: the whole world on a virtual clock',
  );
  const sizes = [10, 50, 100, 150];
  const done: LargeResult[] = [];
  let spent = 0;
  for (const workers of sizes) {
    if (spent > 100_000) break;
    const r = runLarge(workers, 120_000);
    if (!r) break;
    spent += r.wallMs;
    console.log(
      `   ${fmt(r.workers, 0)} nodes / ${fmt(r.pods, 0)} pods: ${fmt(r.running, 0)} Running after ${r.virtualS} virtual s; wall ${fmt(r.wallMs / 1000, 2)} s (boot ${fmt(r.bootMs / 1000, 2)} s), peak RSS ${fmt(r.peakRssMb, 0)} MB`,
    );
    if (r.running < r.pods) {
      console.log('   (not all Running within the wall budget; larger sizes skipped)');
      break;
    }
    done.push(r);
  }
  const last = done[done.length - 1];
  if (!last) return;
  console.log(
    `   5,000 nodes / 150,000 pods was NOT run (it cannot finish in minutes here); largest run: ${fmt(last.pods, 0)} pods.`,
  );
  const prev = done[done.length - 2];
  if (!prev) return;
  const k = Math.log(last.wallMs / prev.wallMs) / Math.log(last.pods / prev.pods);
  const wall = (last.wallMs / 1000) * (150_000 / last.pods) ** k;
  const mbPerPod = (last.peakRssMb - prev.peakRssMb) / (last.pods - prev.pods);
  const rss = last.peakRssMb + mbPerPod * (150_000 - last.pods);
  console.log(
    `   between the two largest runs wall grows ~ pods^${fmt(k, 2)} and peak RSS by ${fmt(mbPerPod * 1000, 1)} MB per 1,000 pods.`,
  );
  console.log('   Extrapolated to 150,000 pods (a guess from these runs, not a measurement):');
  row('extrapolated wall, 150,000 pods', wall, 's', 60, 'issue goal', true);
  row('extrapolated peak RSS, 150,000 pods', rss, 'MB', 2_048, 'issue goal', true);
}

// ---------------------------------------------------------------- 4. store

function store(): void {
  const WRITES = 50_000;
  const clock = new VirtualClock();
  const s = new Store({ clock, random: new Random(1), historyLimit: 1_000 });
  const key = (i: number) => ({ group: '', resource: 'configmaps', namespace: 'default', name: `cm-${i}` });
  const cm = (i: number, v: number): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, namespace: 'default' },
    data: { v: String(v) },
  });
  for (let i = 0; i < 1_000; i++) s.create(key(i), cm(i, 0)); // warm-up
  let t0 = performance.now();
  for (let i = 1_000; i < 1_000 + WRITES; i++) s.create(key(i), cm(i, 0));
  const createRate = (WRITES / (performance.now() - t0)) * 1000;
  t0 = performance.now();
  for (let i = 0; i < WRITES; i++) {
    const k = key(1_000 + (i % 1_000));
    s.update(k, { ...s.get(k)!, data: { v: String(i) } });
  }
  const updateRate = (WRITES / (performance.now() - t0)) * 1000;

  const WATCHERS = 100;
  const WATCHED_WRITES = 5_000;
  const latencies = new Float64Array(WATCHERS * WATCHED_WRITES);
  let n = 0;
  let sentAt = 0;
  const watches = [];
  for (let w = 0; w < WATCHERS; w++)
    watches.push(
      s.watch({ group: '', resource: 'configmaps', namespace: 'default' }, s.resourceVersion, () => {
        latencies[n++] = performance.now() - sentAt;
      }),
    );
  t0 = performance.now();
  for (let i = 0; i < WATCHED_WRITES; i++) {
    const k = key(i % 1_000);
    const next = { ...s.get(k)!, data: { v: `w${i}` } };
    sentAt = performance.now();
    s.update(k, next);
  }
  const watchedRate = (WATCHED_WRITES / (performance.now() - t0)) * 1000;
  for (const w of watches) w.stop();
  const delivered = latencies.subarray(0, n);
  console.log("\n4. Store (Cadet's etcd), in memory, one writer");
  row('creates/s', createRate, 'writes/s', 583, 'etcd, one client', false);
  row('updates/s', updateRate, 'writes/s', 583, 'etcd, one client', false);
  row(`updates/s with ${WATCHERS} watchers`, watchedRate, 'writes/s', 583, 'etcd, one client', false);
  console.log(
    `   ${fmt(n, 0)} deliveries of ${fmt(WATCHERS * WATCHED_WRITES, 0)} expected (synchronous, write start -> callback)`,
  );
  row('watch delivery p99', percentile(delivered, 99), 'ms', 0.1, 'etcd watch p99', true);
  row('watch delivery p50', percentile(delivered, 50), 'ms', 0.1, 'etcd watch p99', true);
}

// ---------------------------------------------------------------- main

const args = process.argv.slice(2);
if (args[0] === '--large') {
  console.log(JSON.stringify(largeChild(Number(args[1]), Number(args[2] ?? 120_000))));
} else {
  const started = performance.now();
  console.log(
    `Cluster benchmarks (Node ${process.version}); anchors from shared/reference/anchors.md and issue 3.`,
  );
  applyToReady();
  store();
  schedulerThroughput();
  largeCluster();
  console.log(`\nTotal ${fmt((performance.now() - started) / 1000, 1)} s.`);
}

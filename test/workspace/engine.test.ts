/**
 * The embedded engine's core with the real cluster, Cadet's kubectl and the grader, in Node:
 * the page's protocol end to end through a fake worker port.
 */
import { describe, expect, it } from 'vitest';
import { EngineCore } from '../../src/workspace/engine/core';
import { realDeps } from '../../src/workspace/engine/deps';
import { serveCore, type Port } from '../../src/workspace/engine/serve-core';
import { EmbeddedEngine, type WorkerLike } from '../../src/workspace/engine/embedded';
import { filesUnder } from '../../src/workspace/lab-meta';
import { readLabs } from '../../src/components/workspace/labs.node';
import type { ClusterView, LabBundle, Reply, Request } from '../../src/workspace/engine/types';

/** Timers the test drives: `tick(n)` fires the ticker n times (100 ms of real time each). */
function manualTimers() {
  let now = 0;
  const intervals = new Map<number, () => void>();
  const timeouts: (() => void)[] = [];
  let next = 1;
  return {
    timers: {
      setInterval: (fn: () => void) => {
        intervals.set(next, fn);
        return next++;
      },
      clearInterval: (h: unknown) => void intervals.delete(h as number),
      now: () => now,
    },
    serveTimers: { setTimeout: (fn: () => void) => void timeouts.push(fn) },
    tick(n: number) {
      for (let i = 0; i < n; i++) {
        now += 100;
        for (const fn of [...intervals.values()]) fn();
      }
    },
    flushTimeouts() {
      for (const fn of timeouts.splice(0)) fn();
    },
  };
}

function lab(slug: string): LabBundle {
  const found = readLabs().find((l) => l.slug === slug);
  if (!found) throw new Error(`no lab ${slug}`);
  return { slug: found.slug, files: found.files };
}

async function run(core: EngineCore, line: string) {
  let out = '';
  let err = '';
  const code = await core.run(
    line,
    { out: (c) => (out += c), err: (c) => (err += c) },
    new AbortController().signal,
  );
  return { code, out, err };
}

describe('EngineCore with kubectl and the grader', () => {
  it('applies the solution, runs the pod on the map, and passes every check', async () => {
    const t = manualTimers();
    const core = new EngineCore(realDeps(t.timers));
    const bundle = lab('repair-the-primers-pod');
    const solution = filesUnder(bundle.files, 'solution');
    const info = core.start(bundle, { files: solution, speed: 10 });
    expect(info).toEqual({ title: "Repair the primer's Pod", diagnostics: [], chaos: ['deletePod'] });
    expect(await run(core, 'ls')).toEqual({ code: 0, out: 'pod.yaml\n', err: '' });
    const applied = await run(core, 'kubectl apply -f pod.yaml');
    expect(applied).toEqual({ code: 0, out: 'pod/greeter created\n', err: '' });
    expect(core.problems).toEqual([]);
    t.tick(100); // 10 s of real time at speed 10: 100 cluster seconds
    const view = core.view();
    const pod = view.pods.find((p) => p.name === 'greeter')!;
    expect(pod).toMatchObject({ namespace: 'default', phase: 'Running', ready: true });
    expect(view.nodes.map((n) => `${n.name}@${n.zone}`)).toEqual([
      'cp-1@zone-a',
      'worker-1@zone-a',
      'worker-2@zone-b',
      'worker-3@zone-c',
    ]);
    const before = core.cluster!.clock.now();
    const report = await core.check();
    expect(report.passed).toBe(true);
    expect(report.score).toBe(report.total);
    expect(report.tasks.map((x) => [x.id, x.pass])).toEqual([
      ['fix-the-manifest', true],
      ['pod-runs', true],
    ]);
    // Grading ran on a copy: the learner's cluster did not move in time.
    expect(core.cluster!.clock.now()).toBe(before);
    const detail = core.detail('Pod', 'default', 'greeter');
    expect(detail.yaml).toContain('name: greeter');
    expect(detail.yaml).not.toContain('managedFields');
    expect(detail.events.map((e) => e.reason)).toContain('Pulled');
    core.dispose();
  });

  it('reports kubectl apply errors as problems at the file line, and explains a Pending pod', async () => {
    const t = manualTimers();
    const core = new EngineCore(realDeps(t.timers));
    const bundle = lab('repair-the-primers-pod');
    const files = {
      'big.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests:\n          cpu: "64"\n',
      'bad.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n    - name: app\n      imagee: nginx\n',
    };
    core.start(bundle, { files });
    const bad = await run(core, 'kubectl apply -f bad.yaml');
    expect(bad.code).not.toBe(0);
    expect(core.problems.map((p) => [p.file, p.line])).toEqual([['bad.yaml', 8]]);
    expect(core.problems[0]!.message).toContain('imagee');
    expect((await run(core, 'kubectl apply -f big.yaml')).out).toBe('pod/big created\n');
    t.tick(20);
    const detail = core.detail('Pod', 'default', 'big');
    expect(detail.scheduling?.message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
    expect(detail.scheduling?.nodes.filter((n) => !n.feasible).map((n) => n.node)).toEqual([
      'cp-1',
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
    expect(detail.scheduling?.nodes.find((n) => n.node === 'worker-1')?.reasons.join()).toContain(
      'Insufficient cpu',
    );
    core.dispose();
  });

  it('restores a snapshot exactly and performs chaos', async () => {
    const t = manualTimers();
    const core = new EngineCore(realDeps(t.timers));
    const bundle = lab('repair-the-primers-pod');
    core.start(bundle, { files: filesUnder(bundle.files, 'solution'), speed: 10 });
    await run(core, 'kubectl apply -f pod.yaml');
    t.tick(50);
    const snapshot = core.snapshot();
    core.restore(snapshot);
    expect(core.snapshot()).toBe(snapshot);
    expect(core.view().pods.find((p) => p.name === 'greeter')?.phase).toBe('Running');
    core.chaos({ kind: 'deletePod', target: 'default/greeter' });
    expect(core.view().pods.find((p) => p.name === 'greeter')?.phase).toBe('Terminating');
    expect(() => core.detail('Secret', 'default', 'x')).toThrow('the map cannot show a Secret');
    core.dispose();
  });
});

describe('the page/worker protocol', () => {
  it('runs commands with streamed output, completes, watches and checks through messages', async () => {
    const t = manualTimers();
    const toPage = new Set<(e: { data: Reply }) => void>();
    const toWorker = new Set<(e: { data: Request }) => void>();
    const port: Port = {
      postMessage: (m) => queueMicrotask(() => toPage.forEach((fn) => fn({ data: structuredClone(m) }))),
      addEventListener: (_t, fn) => void toWorker.add(fn),
    };
    const worker: WorkerLike = {
      postMessage: (m) => queueMicrotask(() => toWorker.forEach((fn) => fn({ data: structuredClone(m) }))),
      addEventListener: (_t, fn) => void toPage.add(fn),
    };
    const core = new EngineCore(realDeps(t.timers));
    serveCore(core, port, t.serveTimers);
    const engine = new EmbeddedEngine(worker);
    const views: ClusterView[] = [];
    engine.watch((v) => views.push(v));
    const bundle = lab('repair-the-primers-pod');
    await engine.start(bundle, { files: filesUnder(bundle.files, 'starter') });
    expect(views.length).toBe(1);
    let out = '';
    const handle = engine.run('kubectl get nodes', { out: (c) => (out += c), err: (c) => (out += c) });
    expect(await handle.done).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(out).toContain('worker-3');
    const problems: unknown[] = [];
    engine.onProblems((p) => problems.push(p));
    const broken = engine.run('kubectl apply -f pod.yaml', { out: () => {}, err: () => {} });
    expect(await broken.done).not.toBe(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(problems.length).toBe(1);
    expect(await engine.complete('cat p')).toEqual(['pod.yaml']);
    const report = await engine.check();
    expect(report.passed).toBe(false);
    expect(report.score).toBeLessThan(report.total);
    await expect(engine.detail('Pod', 'default', 'nope')).rejects.toThrow('Pod "nope" not found');
    core.dispose();
  });
});

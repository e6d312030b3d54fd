import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { node, pod } from './fakes/topology.js';
import { SchedulerCache, occupiesNode } from '../../src/cluster/scheduler/cache.js';
import { feasibleNodesToFind, fnvContinue, schedulePod } from '../../src/cluster/scheduler/scheduler.js';
import { needsScheduling } from '../../src/cluster/scheduler/scheduler.js';
import { fnv1a32 } from '../../src/cluster/controllers/deployment/hash.js';
import {
  nodeAllocatable,
  podRequests,
  podRequestsForScoring,
} from '../../src/cluster/scheduler/resources.js';
import { effectiveTaints } from '../../src/cluster/scheduler/matching.js';
import type { KubeObject } from '../../src/cluster/types.js';

const NODE_NAMES = ['a', 'b', 'c', 'd'];
const POD_NAMES = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];

/** A pod as the informer would deliver it: maybe bound, in some phase, with requests, an owner, ports. */
const podArb = fc
  .record({
    name: fc.constantFrom(...POD_NAMES),
    node: fc.option(fc.constantFrom(...NODE_NAMES, 'ghost'), { nil: undefined }),
    phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed'),
    cpu: fc.option(fc.constantFrom('100m', '250m', '1', '1500m'), { nil: undefined }),
    memory: fc.option(fc.constantFrom('64Mi', '1Gi', '200M'), { nil: undefined }),
    gpu: fc.boolean(),
    owner: fc.option(fc.constantFrom('rs-1', 'rs-2'), { nil: undefined }),
    hostPort: fc.boolean(),
    anti: fc.boolean(),
    deleting: fc.boolean(),
  })
  .map((r): KubeObject => {
    const p = pod(r.name, {
      containers: [
        {
          name: 'c',
          image: 'nginx',
          ...(r.hostPort ? { ports: [{ containerPort: 80, hostPort: 8080 }] } : {}),
          resources: {
            requests: {
              ...(r.cpu ? { cpu: r.cpu } : {}),
              ...(r.memory ? { memory: r.memory } : {}),
              ...(r.gpu ? { 'example.com/gpu': '1' } : {}),
            },
          },
        },
      ],
      ...(r.node ? { nodeName: r.node } : {}),
      ...(r.anti
        ? {
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } },
                ],
              },
            },
          }
        : {}),
    });
    p.status = { phase: r.phase };
    if (r.deleting) p.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    if (r.owner)
      p.metadata.ownerReferences = [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: r.owner, uid: r.owner, controller: true },
      ];
    return Object.freeze(p);
  });

const nodeArb = fc
  .record({
    name: fc.constantFrom(...NODE_NAMES),
    zone: fc.constantFrom('zone-a', 'zone-b'),
    cpu: fc.constantFrom('1', '2', '4'),
    ready: fc.constantFrom('True', 'False', 'Unknown') as fc.Arbitrary<'True' | 'False' | 'Unknown'>,
    unschedulable: fc.boolean(),
  })
  .map((r) => node(r.name, r.zone, { cpu: r.cpu, ready: r.ready, unschedulable: r.unschedulable }));

const opArb = fc.oneof(
  fc.record({ op: fc.constant('setNode' as const), node: nodeArb }),
  fc.record({ op: fc.constant('deleteNode' as const), name: fc.constantFrom(...NODE_NAMES) }),
  fc.record({ op: fc.constant('setPod' as const), pod: podArb }),
  fc.record({ op: fc.constant('deletePod' as const), name: fc.constantFrom(...POD_NAMES) }),
);

/** Everything the cache keeps, recomputed from the current nodes and pods. */
function recompute(nodes: Map<string, KubeObject>, pods: Map<string, KubeObject>) {
  const placed = [...pods.values()].filter(occupiesNode);
  const perNode = new Map<string, { pods: string[]; requested: Record<string, number>; scoring: number[] }>();
  for (const p of placed) {
    const name = p.spec!.nodeName as string;
    const entry = perNode.get(name) ?? { pods: [], requested: {}, scoring: [0, 0] };
    entry.pods.push(p.metadata.name!);
    for (const [k, v] of Object.entries(podRequests(p))) entry.requested[k] = (entry.requested[k] ?? 0) + v;
    const s = podRequestsForScoring(p);
    entry.scoring[0]! += s.cpu!;
    entry.scoring[1]! += s.memory!;
    perNode.set(name, entry);
  }
  const owners: Record<string, Record<string, number>> = {};
  const zones: Record<string, Record<string, number>> = {};
  for (const p of placed) {
    const uid = p.metadata.ownerReferences?.[0]?.uid as string | undefined;
    if (!uid) continue;
    owners[uid] ??= {};
    owners[uid][p.spec!.nodeName] = (owners[uid][p.spec!.nodeName] ?? 0) + 1;
    const zone = nodes.get(p.spec!.nodeName)?.metadata.labels?.['topology.kubernetes.io/zone'];
    if (zone === undefined) continue;
    zones[uid] ??= {};
    zones[uid][zone] = (zones[uid][zone] ?? 0) + 1;
  }
  return {
    nodes: [...nodes.keys()].sort(),
    perNode,
    pending: [...pods.values()].filter(needsScheduling).map((p) => p.metadata.name),
    anti: placed
      .filter((p) => p.spec?.affinity)
      .map((p) => p.metadata.name!)
      .sort(),
    owners,
    zones,
  };
}

/** The cache's view in the same shape (zero sums left out, as the recomputation has none). */
function observe(cache: SchedulerCache, names: string[]) {
  const perNode = new Map<string, { pods: string[]; requested: Record<string, number>; scoring: number[] }>();
  for (const name of [...NODE_NAMES, 'ghost', ...names]) {
    const info = cache.get(name);
    if (!info || !info.pods.size) continue;
    perNode.set(name, {
      pods: [...info.pods.values()].map((p) => p.metadata.name!),
      requested: Object.fromEntries(Object.entries(info.requested).filter(([, v]) => v !== 0)),
      scoring: [info.scoringCpu, info.scoringMemory],
    });
    expect(info.podCount).toBe(info.pods.size);
    expect(info.requestedCpu).toBe(info.requested.cpu ?? 0);
    expect(info.requestedMemory).toBe(info.requested.memory ?? 0);
    expect(info.hostPortPods).toBe(
      [...info.pods.values()].filter((p) => p.spec?.containers?.[0]?.ports).length,
    );
  }
  const owners: Record<string, Record<string, number>> = {};
  for (const [uid, m] of cache.controllerPods) {
    owners[uid] = Object.fromEntries([...m].map(([info, count]) => [info.name, count]));
    // Counted under the node's current record (the spreading scorer looks records up).
    for (const info of m.keys()) expect(cache.get(info.name)).toBe(info);
  }
  const zones: Record<string, Record<string, number>> = {};
  for (const [uid, m] of cache.controllerZones) zones[uid] = Object.fromEntries(m);
  return {
    nodes: cache.nodes().map((i) => i.name),
    perNode,
    pending: [...cache.pending.values()].map((p) => p.metadata.name),
    anti: [...cache.antiAffinityPods.values()].map((p) => p.metadata.name!).sort(),
    owners,
    zones,
  };
}

const sortPods = (m: Map<string, { pods: string[] }>) => {
  for (const v of m.values()) v.pods.sort();
  return m;
};

describe('scheduler cache', () => {
  it('stays equal to a recomputation from the current nodes and pods after any sequence of events', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const cache = new SchedulerCache(needsScheduling);
        const nodes = new Map<string, KubeObject>();
        // Pods in the order of their last change, as the informer's cache orders them.
        const pods = new Map<string, KubeObject>();
        for (const o of ops) {
          if (o.op === 'setNode') {
            nodes.set(o.node.metadata.name!, o.node);
            cache.setNode(o.node);
          } else if (o.op === 'deleteNode') {
            nodes.delete(o.name);
            cache.deleteNode(o.name);
          } else if (o.op === 'setPod') {
            pods.delete(o.pod.metadata.name!);
            pods.set(o.pod.metadata.name!, o.pod);
            cache.setPod(o.pod);
          } else {
            const old = pods.get(o.name);
            pods.delete(o.name);
            if (old) cache.deletePod(old);
          }
        }
        const got = observe(cache, [...nodes.keys()]);
        const want = recompute(nodes, pods);
        expect({ ...got, perNode: sortPods(got.perNode) }).toEqual({
          ...want,
          perNode: sortPods(want.perNode),
        });
        for (const info of cache.nodes()) {
          expect(info.allocatable).toEqual(nodeAllocatable(nodes.get(info.name)!));
          expect(info.taints).toEqual(effectiveTaints(nodes.get(info.name)!));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes a status-only write (the spec object shared) exactly as a fresh object, pod order included', () => {
    const statusOp = fc.record({
      op: fc.constant('status' as const),
      name: fc.constantFrom(...POD_NAMES),
      phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed'),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(opArb, statusOp), { maxLength: 60 }), (ops) => {
        // `shared` gets status writes that keep the stored spec object (as the store does);
        // `fresh` gets deep copies, so it always removes and places the pod again.
        const shared = new SchedulerCache(needsScheduling);
        const fresh = new SchedulerCache(needsScheduling);
        const pods = new Map<string, KubeObject>();
        const copy = (o: KubeObject): KubeObject => JSON.parse(JSON.stringify(o)) as KubeObject;
        for (const o of ops) {
          if (o.op === 'setNode') {
            shared.setNode(o.node);
            fresh.setNode(copy(o.node));
          } else if (o.op === 'deleteNode') {
            shared.deleteNode(o.name);
            fresh.deleteNode(o.name);
          } else if (o.op === 'setPod' || o.op === 'status') {
            const old = pods.get(o.op === 'setPod' ? o.pod.metadata.name! : o.name);
            if (o.op === 'status' && !old) continue;
            const pod = o.op === 'setPod' ? o.pod : { ...old!, status: { ...old!.status, phase: o.phase } };
            pods.set(pod.metadata.name!, pod);
            shared.setPod(pod);
            fresh.setPod(copy(pod));
          } else {
            const old = pods.get(o.name);
            pods.delete(o.name);
            if (old) {
              shared.deletePod(old);
              fresh.deletePod(copy(old));
            }
          }
        }
        const names = [...NODE_NAMES];
        expect(observe(shared, names)).toEqual(observe(fresh, names));
        for (const name of [...NODE_NAMES, 'ghost'])
          expect(shared.podsOn(name).map((p) => p.metadata.name)).toEqual(
            fresh.podsOn(name).map((p) => p.metadata.name),
          );
        expect([...shared.placedPods()].map((p) => p.metadata.name)).toEqual(
          [...fresh.placedPods()].map((p) => p.metadata.name),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same decisions and explanations as plain lists', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 4 }),
        fc.array(podArb, { maxLength: 6 }),
        (ns, ps) => {
          const nodes = [...new Map(ns.map((n) => [n.metadata.name, n])).values()];
          const pods = [...new Map(ps.map((p) => [p.metadata.name, p])).values()];
          const incoming = pod('incoming', {
            containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '500m' } } }],
          });
          const cache = SchedulerCache.from([], []);
          // Built by events, in another order than the lists.
          for (const p of [...pods].reverse()) cache.setPod(p);
          for (const n of nodes) cache.setNode(n);
          const fromLists = schedulePod(incoming, { nodes, pods, seed: 7 });
          const fromCache = schedulePod(incoming, { cache, seed: 7 });
          expect(fromCache.nodeName).toBe(fromLists.nodeName);
          expect(fromCache.message).toBe(fromLists.message);
          expect(fromCache.nodes).toEqual(fromLists.nodes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('continues FNV-1a exactly as hashing the whole text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(fnvContinue(fnvContinue(0x811c9dc5, a), b)).toBe(fnv1a32(a + b));
      }),
    );
  });
});

describe('nodes evaluated per attempt (percentageOfNodesToScore)', () => {
  it('follows kube-scheduler: all nodes below 100, then 50% minus 1% per 125 nodes, at least 5% and 100 nodes', () => {
    expect(feasibleNodesToFind(4)).toBe(4);
    expect(feasibleNodesToFind(99)).toBe(99);
    expect(feasibleNodesToFind(100)).toBe(100);
    expect(feasibleNodesToFind(300)).toBe(144);
    expect(feasibleNodesToFind(1_000)).toBe(420);
    expect(feasibleNodesToFind(5_000)).toBe(500);
    expect(feasibleNodesToFind(6_000)).toBe(300);
    expect(feasibleNodesToFind(1_500)).toBe(570);
  });

  const many = (count: number, cpu = '2'): KubeObject[] =>
    Array.from({ length: count }, (_, i) => node(`n-${String(i).padStart(3, '0')}`, 'zone-a', { cpu }));

  it('scores only the first feasible nodes it finds in a big cluster, starting at a place hashed from the pod', () => {
    const nodes = many(300);
    const cache = SchedulerCache.from(nodes, []);
    const d = schedulePod(pod('web', {}, { uid: 'u-1' }), { cache, seed: 1 });
    expect(d.nodes).toHaveLength(144);
    expect(d.nodes.every((n) => n.feasible)).toBe(true);
    const names = nodes.map((n) => n.metadata.name);
    const first = names.indexOf(d.nodes[0]!.node);
    // Consecutive in name order from the start, wrapping round.
    expect(d.nodes.map((n) => n.node)).toEqual(
      Array.from({ length: 144 }, (_, k) => names[(first + k) % names.length]),
    );
    expect(d.nodes.map((n) => n.node)).toContain(d.nodeName);
    // The same pod gets the same window; another pod another one.
    expect(schedulePod(pod('web', {}, { uid: 'u-1' }), { cache, seed: 1 }).nodes[0]!.node).toBe(
      d.nodes[0]!.node,
    );
    const others = new Set(
      ['u-2', 'u-3', 'u-4', 'u-5'].map(
        (uid) => schedulePod(pod('web', {}, { uid }), { cache }).nodes[0]!.node,
      ),
    );
    expect(others.size).toBeGreaterThan(1);
  });

  it('filters every node when too few fit, so the message counts all of them', () => {
    const nodes = [
      ...many(250, '1'),
      ...many(1, '8').map((n) => ({ ...n, metadata: { ...n.metadata, name: 'big' } })),
    ];
    const big = pod('big', {
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '4' } } }],
    });
    const d = schedulePod(big, { nodes, pods: [] });
    expect(d.nodeName).toBe('big');
    expect(d.nodes).toHaveLength(251);
    const huge = pod('huge', {
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '16' } } }],
    });
    expect(schedulePod(huge, { nodes, pods: [] }).message).toBe(
      '0/251 nodes are available: 251 Insufficient cpu. preemption: 0/251 nodes are available: 251 No preemption victims found for incoming pod.',
    );
  });
});

describe('pods pinned to named nodes in a big cluster (NodeAffinity pre-filter)', () => {
  const nodes = Array.from({ length: 300 }, (_, i) =>
    node(`n-${String(i).padStart(3, '0')}`, 'zone-a', { cpu: i === 7 ? '1' : '2' }),
  );
  const pinned = (name: string, cpu: string): KubeObject =>
    pod(`ds-${name}`, {
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [name] }] }],
          },
        },
      },
    });

  it('filters only the named node', () => {
    const d = schedulePod(pinned('n-123', '1'), { cache: SchedulerCache.from(nodes, []) });
    expect(d.nodeName).toBe('n-123');
    expect(d.nodes.map((n) => n.node)).toEqual(['n-123']);
  });

  it('filters every node when the named one does not fit, for the full message', () => {
    const d = schedulePod(pinned('n-007', '1500m'), { cache: SchedulerCache.from(nodes, []) });
    expect(d.nodeName).toBeUndefined();
    expect(d.message).toBe(
      "0/300 nodes are available: 1 Insufficient cpu, 299 node(s) didn't match Pod's node affinity/selector. preemption: 0/300 nodes are available: 1 No preemption victims found for incoming pod, 299 Preemption is not helpful for scheduling.",
    );
    expect(d.nodes).toHaveLength(300);
  });
});

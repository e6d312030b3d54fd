import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { node, pod } from './fakes/topology.js';
import { SchedulerCache, type NodeInfo } from '../../src/cluster/scheduler/cache.js';
import { bestNode, fnvContinue, schedulePod } from '../../src/cluster/scheduler/scheduler.js';
import { SCORERS, scoreNodes, totalScore } from '../../src/cluster/scheduler/scores.js';
import { podWants } from '../../src/cluster/scheduler/filters.js';
import { podRequestsForScoring } from '../../src/cluster/scheduler/resources.js';
import { nodeSelectorTermMatches, tolerates, type Toleration } from '../../src/cluster/scheduler/matching.js';
import { fnv1a32 } from '../../src/cluster/controllers/deployment/hash.js';
import type { KubeObject } from '../../src/cluster/types.js';

const ZONE = 'topology.kubernetes.io/zone';

/** Feasible nodes as the scorer sees them (only `name` matters for choosing). */
const named = (names: string[]): NodeInfo[] => names.map((name) => ({ name }) as NodeInfo);

/**
 * The rule the scheduler followed before it found the highest total first: one scan that keeps
 * the best node so far and replaces it by a node with a higher total, or with the same total and
 * a smaller seeded hash.
 */
function oneScan(totals: number[], names: string[], tieState: number): number {
  let best = 0;
  for (let i = 1; i < totals.length; i++) {
    if (totals[i]! > totals[best]!) best = i;
    else if (
      totals[i] === totals[best] &&
      fnvContinue(tieState, names[i]!) < fnvContinue(tieState, names[best]!)
    )
      best = i;
  }
  return best;
}

describe('choosing the node among the scored ones', () => {
  it('picks what one scan keeping the best so far picks: highest total, then smallest hash, then earliest (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.constantFrom('a', 'b', 'c', 'node-1', 'node-2', 'é'),
            total: fc.constantFrom(0, 1, 2, 300, 301, 1100),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: -1100, max: 1100 }),
        (nodes, tieState, shift) => {
          const names = nodes.map((n) => n.name);
          const totals = nodes.map((n) => n.total);
          const expected = oneScan(totals, names, tieState);
          expect(bestNode(totals, named(names), names.length, tieState)).toBe(expected);
          // Ranks that differ from the totals by the same amount pick the same node.
          const ranks = Int32Array.from(totals, (t) => t - shift);
          expect(bestNode(ranks, named(names), names.length, tieState)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('hashes only among the highest totals: a lower node with a smaller hash never wins', () => {
    const names = ['a', 'b', 'c', 'd'];
    const tieState = 12345;
    const hashes = names.map((n) => fnvContinue(tieState, n));
    const smallest = hashes.indexOf(Math.min(...hashes));
    const totals = names.map((_, i) => (i === smallest ? 9 : 10));
    const others = names.map((_, i) => i).filter((i) => i !== smallest);
    const expected = others.reduce((b, i) => (hashes[i]! < hashes[b]! ? i : b));
    expect(bestNode(totals, named(names), names.length, tieState)).toBe(expected);
    // With the same total as the others, it wins the tie.
    totals[smallest] = 10;
    expect(bestNode(totals, named(names), names.length, tieState)).toBe(smallest);
  });

  it('takes the earliest of equal hashes (the same name twice) and looks only at the first `count` nodes', () => {
    expect(bestNode([7, 7, 7], named(['x', 'x', 'x']), 3, 99)).toBe(0);
    expect(bestNode([1, 2, 3], named(['a', 'b', 'c']), 2, 99)).toBe(1);
  });
});

// ------------------------------------------------------------------ the score of each plugin

/** Maps raw values to 0..100 as kube-scheduler's default normalization (0 is the floor). */
function normalized(raw: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...raw);
  const min = Math.min(0, ...raw);
  if (max === min) return raw.map(() => (reverse ? 100 : 0));
  return raw.map((v) => {
    const s = Math.floor(((v - min) * 100) / (max - min));
    return reverse ? 100 - s : s;
  });
}

/** Each plugin's score of each feasible node, computed plainly from the cache (the specification). */
function expectedScores(
  incoming: KubeObject,
  cache: SchedulerCache,
  feasible: NodeInfo[],
): Record<string, number>[] {
  const req = podRequestsForScoring(incoming);
  const frac = (alloc: number, used: number, r: number): number =>
    alloc ? Math.min(1, (used + r) / alloc) : 1;
  const fit = feasible.map((n) => {
    const cpu = frac(n.allocatableCpu, n.scoringCpu, req.cpu ?? 0);
    const memory = frac(n.allocatableMemory, n.scoringMemory, req.memory ?? 0);
    return [
      Math.floor(((1 - cpu) * 100 + (1 - memory) * 100) / 2),
      Math.floor((1 - Math.abs(cpu - memory) / 2) * 100),
    ];
  });
  const tols = (incoming.spec?.tolerations ?? []) as Toleration[];
  const untolerated = feasible.map(
    (n) =>
      n.taints.filter((t) => t.effect === 'PreferNoSchedule' && !tols.some((tol) => tolerates(tol, t)))
        .length,
  );
  const taint = feasible.some((n) => n.softTaints) ? normalized(untolerated, true) : feasible.map(() => 100);
  const terms = (incoming.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ??
    []) as {
    weight: number;
    preference: Parameters<typeof nodeSelectorTermMatches>[0];
  }[];
  const affinity = terms.length
    ? normalized(
        feasible.map((n) =>
          terms.reduce((s, t) => s + (nodeSelectorTermMatches(t.preference, n.node!) ? t.weight : 0), 0),
        ),
        false,
      )
    : feasible.map(() => 0);
  const owner = (incoming.metadata.ownerReferences ?? []).find(
    (r: { controller?: boolean }) => r.controller,
  ) as { uid: string } | undefined;
  const siblings = (info: NodeInfo, zone: boolean): number =>
    cache
      .nodes()
      .filter((n) => (zone ? info.zone !== undefined && n.zone === info.zone : n === info))
      .reduce(
        (s, n) =>
          s +
          cache
            .podsOn(n.name)
            .filter((p) =>
              (p.metadata.ownerReferences ?? []).some(
                (r: { uid: string; controller?: boolean }) => r.controller && r.uid === owner?.uid,
              ),
            ).length,
        0,
      );
  const anySibling = owner && cache.nodes().some((n) => siblings(n, false) > 0);
  const spread = !owner
    ? feasible.map(() => 0)
    : !anySibling
      ? feasible.map(() => 100)
      : normalized(
          feasible.map((n) => siblings(n, false) * 2 + siblings(n, true)),
          true,
        );
  return feasible.map((_, f) => ({
    TaintToleration: taint[f]!,
    NodeAffinity: affinity[f]!,
    PodTopologySpread: spread[f]!,
    InterPodAffinity: 0,
    NodeResourcesFit: fit[f]![0]!,
    NodeResourcesBalancedAllocation: fit[f]![1]!,
  }));
}

const rsRef = (uid: string): Record<string, unknown> => ({
  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, controller: true }],
});

const nodeArb = fc.record({
  zone: fc.option(fc.constantFrom('z1', 'z2', 'z3'), { nil: undefined }),
  cpu: fc.constantFrom('1', '2', '8', '32'),
  memory: fc.constantFrom('1Gi', '4Gi', '64Gi'),
  soft: fc.boolean(),
  ssd: fc.boolean(),
});

const placedArb = fc.record({
  node: fc.nat(7),
  owner: fc.option(fc.constantFrom('rs-1', 'rs-2'), { nil: undefined }),
  cpu: fc.option(fc.constantFrom('100m', '500m', '1'), { nil: undefined }),
  memory: fc.option(fc.constantFrom('64Mi', '512Mi'), { nil: undefined }),
});

const incomingArb = fc.record({
  owner: fc.option(fc.constantFrom('rs-1', 'rs-2', 'rs-3'), { nil: undefined }),
  cpu: fc.option(fc.constantFrom('100m', '250m', '1'), { nil: undefined }),
  memory: fc.option(fc.constantFrom('100Mi', '1Gi'), { nil: undefined }),
  tolerates: fc.boolean(),
  prefersSsd: fc.option(fc.constantFrom(1, 30, 100), { nil: undefined }),
  seed: fc.nat(1000),
});

function containers(cpu?: string, memory?: string): Record<string, unknown>[] {
  const requests = { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
  return [{ name: 'c', image: 'nginx', ...(cpu || memory ? { resources: { requests } } : {}) }];
}

describe('the score table', () => {
  it("gives every feasible node each plugin's score and the weighted total (property)", () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 8 }),
        fc.array(placedArb, { maxLength: 12 }),
        incomingArb,
        (ns, ps, inc) => {
          const nodes = ns.map((n, i) => {
            const o = node(`n${i}`, n.zone ?? 'none', { cpu: n.cpu, memory: n.memory });
            if (n.zone === undefined) delete o.metadata.labels![ZONE];
            if (n.ssd) o.metadata.labels!.disk = 'ssd';
            if (n.soft) o.spec = { taints: [{ key: 'slow', value: 'yes', effect: 'PreferNoSchedule' }] };
            return o;
          });
          const placed = ps.map((p, i) =>
            pod(
              `placed-${i}`,
              { containers: containers(p.cpu, p.memory), nodeName: `n${p.node % ns.length}` },
              {
                uid: `placed-${i}`,
                ...(p.owner ? rsRef(p.owner) : {}),
              },
            ),
          );
          const incoming = pod(
            'incoming',
            {
              containers: containers(inc.cpu, inc.memory),
              ...(inc.tolerates ? { tolerations: [{ key: 'slow', operator: 'Exists' }] } : {}),
              ...(inc.prefersSsd
                ? {
                    affinity: {
                      nodeAffinity: {
                        preferredDuringSchedulingIgnoredDuringExecution: [
                          {
                            weight: inc.prefersSsd,
                            preference: {
                              matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }],
                            },
                          },
                        ],
                      },
                    },
                  }
                : {}),
            },
            { uid: 'incoming', ...(inc.owner ? rsRef(inc.owner) : {}) },
          );
          const cache = SchedulerCache.from(nodes, placed);
          const d = schedulePod(incoming, { cache, seed: inc.seed });
          const feasible = d.nodes.filter((n) => n.feasible);
          if (!feasible.length) {
            expect(d.nodeName).toBeUndefined();
            return;
          }
          const want = expectedScores(
            incoming,
            cache,
            feasible.map((n) => cache.get(n.node)!),
          );
          expect(feasible.map((n) => n.scores)).toEqual(want);
          for (const n of feasible)
            expect(n.total).toBe(SCORERS.reduce((s, p) => s + p.weight * n.scores![p.name]!, 0));
          // Scoring the same nodes again: the same table, and ranks that differ from the totals
          // by one amount for every node.
          const infos = feasible.map((n) => cache.get(n.node)!);
          const ctx = { pod: incoming, cache, nodes: cache.nodes(), wants: podWants(incoming) };
          const { table, ranks } = scoreNodes(ctx, infos, infos.length);
          expect(feasible.map((_, f) => SCORERS.map((_, p) => table[f * SCORERS.length + p]))).toEqual(
            feasible.map((n) => SCORERS.map((p) => n.scores![p.name])),
          );
          expect(feasible.map((_, f) => totalScore(table, f))).toEqual(feasible.map((n) => n.total));
          const shifts = new Set(feasible.map((n, f) => n.total! - ranks[f]!));
          expect(shifts.size).toBe(1);
          const totals = feasible.map((n) => n.total!);
          expect(d.nodeName).toBe(
            feasible[
              oneScan(
                totals,
                feasible.map((n) => n.node),
                fnvContinue(0x811c9dc5, `${inc.seed}/incoming/`),
              )
            ]!.node,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the explanation of the decision when more pods are placed before it is read', () => {
    const nodes = [node('a', 'z1'), node('b', 'z2'), node('c', 'z3')];
    const cache = SchedulerCache.from(nodes, []);
    const first = schedulePod(pod('p1', { containers: containers('500m') }, { uid: 'p1', ...rsRef('rs') }), {
      cache,
    });
    const fresh = schedulePod(pod('p1', { containers: containers('500m') }, { uid: 'p1', ...rsRef('rs') }), {
      cache,
    }).nodes;
    for (let i = 2; i < 8; i++) {
      const p = pod(`p${i}`, { containers: containers('500m') }, { uid: `p${i}`, ...rsRef('rs') });
      cache.setPod({ ...p, spec: { ...p.spec, nodeName: schedulePod(p, { cache }).nodeName } });
    }
    expect(first.nodes).toEqual(fresh);
    expect(first.nodes.map((n) => n.scores!.PodTopologySpread)).toEqual([100, 100, 100]);
  });
});

// ------------------------------------------------------------------ a pinned run

/**
 * 150 nodes (some small, some with a PreferNoSchedule taint, some cordoned, some with an `ssd`
 * label) and 900 pods of 6 ReplicaSets (a tenth without an owner), with varied requests,
 * tolerations and preferences, placed one by one.
 */
function pinnedRun(): { decisions: string; explanations: string; unschedulable: number } {
  const nodes = Array.from({ length: 150 }, (_, k) => {
    const i = k + 1;
    const o = node(`worker-${i}`, `zone-${'abc'[i % 3]}`, {
      cpu: i % 7 === 0 ? '4' : '16',
      memory: i % 5 === 0 ? '8Gi' : '32Gi',
      unschedulable: i % 17 === 0,
    });
    if (i % 11 === 0)
      o.spec = { ...o.spec, taints: [{ key: 'slow', value: 'yes', effect: 'PreferNoSchedule' }] };
    if (i % 13 === 0) o.metadata.labels!.disk = 'ssd';
    return o;
  });
  const cache = SchedulerCache.from(nodes, []);
  let decisions = '';
  let explanations = '';
  let unschedulable = 0;
  for (let i = 0; i < 900; i++) {
    const rs = `rs-${Math.floor(i / 150)}`;
    const spec: Record<string, unknown> = {
      containers:
        i % 3 === 0 ? containers(`${100 + (i % 5) * 450}m`, `${64 + (i % 4) * 900}Mi`) : containers(),
    };
    if (i % 97 === 0) spec.containers = containers('20');
    if (i % 9 === 2) spec.tolerations = [{ key: 'slow', operator: 'Exists' }];
    if (i % 4 === 1)
      spec.affinity = {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 10,
              preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
            },
          ],
        },
      };
    const p = pod(`p-${i}`, spec, { uid: `uid-${i}`, labels: { app: rs }, ...(i % 10 ? rsRef(rs) : {}) });
    const d = schedulePod(p, { cache, seed: 7 });
    if (i % 37 === 0) explanations += JSON.stringify(d.nodes);
    if (!d.nodeName) {
      unschedulable++;
      decisions += `${i}:${d.message}\n`;
      continue;
    }
    decisions += `${i}>${d.nodeName}\n`;
    cache.setPod({ ...p, spec: { ...p.spec, nodeName: d.nodeName } });
  }
  return {
    decisions: fnv1a32(decisions).toString(16),
    explanations: fnv1a32(explanations).toString(16),
    unschedulable,
  };
}

describe('a pinned run', () => {
  it('places 900 pods on 150 nodes exactly as before (digests of every decision and of sampled explanations)', () => {
    // Recorded with the scheduler that scored into one array per plugin and hashed every tying node.
    expect(pinnedRun()).toEqual({ decisions: '36eecce7', explanations: 'b90aea34', unschedulable: 10 });
  });
});

/**
 * Score plugins with kube-scheduler's default weights. Each gives every feasible node a score
 * from 0 to 100; the node with the highest weighted sum wins.
 */
import { type FilterContext, once } from './filters.js';
import { podRequestsForScoring } from './resources.js';
import {
  type PodAffinityTerm,
  type Toleration,
  nodeSelectorTermMatches,
  termSelects,
  tolerates,
} from './matching.js';
import type { NodeInfo } from './cache.js';
import { getControllerOf } from '../controllers/owners.js';

/** Scores per node, or one number when every node scores the same. */
type Scorer = (ctx: FilterContext, nodes: NodeInfo[]) => number[] | number;

/** The share of the node's CPU (`cpu`) or memory used once the pod is placed, at most 1. */
function fraction(alloc: number, used: number, req: number): number {
  return alloc ? Math.min(1, (used + req) / alloc) : 1;
}

function scoringRequests(ctx: FilterContext): { cpu: number; memory: number } {
  return once(ctx, 'scoringRequests', () => {
    const r = podRequestsForScoring(ctx.pod);
    return { cpu: r.cpu ?? 0, memory: r.memory ?? 0 };
  });
}

/** Prefer emptier nodes: the mean free share of CPU and memory after placing the pod. */
const leastAllocated: Scorer = (ctx, nodes) => {
  const req = scoringRequests(ctx);
  return nodes.map((n) => {
    const cpu = fraction(n.allocatableCpu, n.scoringCpu, req.cpu);
    const memory = fraction(n.allocatableMemory, n.scoringMemory, req.memory);
    return Math.floor(((1 - cpu) * 100 + (1 - memory) * 100) / 2);
  });
};

/** Prefer nodes whose CPU and memory use stay in step. */
const balancedAllocation: Scorer = (ctx, nodes) => {
  const req = scoringRequests(ctx);
  return nodes.map((n) => {
    const cpu = fraction(n.allocatableCpu, n.scoringCpu, req.cpu);
    const memory = fraction(n.allocatableMemory, n.scoringMemory, req.memory);
    return Math.floor((1 - Math.abs(cpu - memory) / 2) * 100);
  });
};

/** Maps raw values to 0..100, higher raw is better (or worse when `reverse`). */
function normalize(raw: number[], reverse = false): number[] | number {
  let max = 0;
  let min = 0;
  for (const v of raw) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (max === min) return reverse ? 100 : 0;
  return raw.map((v) => {
    const s = Math.floor(((v - min) * 100) / (max - min));
    return reverse ? 100 - s : s;
  });
}

/** Fewer untolerated PreferNoSchedule taints is better. */
const taintToleration: Scorer = (ctx, nodes) => {
  if (!nodes.some((n) => n.softTaints)) return 100;
  const tols = (ctx.pod.spec?.tolerations ?? []) as Toleration[];
  return normalize(
    nodes.map((n) =>
      n.softTaints
        ? n.taints.filter((t) => t.effect === 'PreferNoSchedule' && !tols.some((tol) => tolerates(tol, t)))
            .length
        : 0,
    ),
    true,
  );
};

/** Sum of the weights of preferred node-affinity terms the node matches. */
const nodeAffinity: Scorer = (ctx, nodes) => {
  const terms = (ctx.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ??
    []) as {
    weight: number;
    preference: Parameters<typeof nodeSelectorTermMatches>[0];
  }[];
  if (!terms.length) return 0;
  return normalize(
    nodes.map((n) =>
      terms.reduce((s, t) => s + (nodeSelectorTermMatches(t.preference, n.node!) ? t.weight : 0), 0),
    ),
  );
};

/** Preferred pod affinity adds its weight where matching pods run; preferred anti-affinity subtracts it. */
const interPodAffinity: Scorer = (ctx, nodes) => {
  const ns = ctx.pod.metadata.namespace ?? '';
  const aff = ctx.pod.spec?.affinity ?? {};
  const weighted = [
    ...(
      (aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as {
        weight: number;
        podAffinityTerm: PodAffinityTerm;
      }[]
    ).map((t) => ({ ...t, sign: 1 })),
    ...(
      (aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as {
        weight: number;
        podAffinityTerm: PodAffinityTerm;
      }[]
    ).map((t) => ({ ...t, sign: -1 })),
  ];
  if (!weighted.length) return 0;
  // Per term: the topology values of nodes that run a pod the term selects.
  const domains = weighted.map((t) => {
    const out = new Set<string>();
    for (const n of ctx.nodes) {
      const value = n.node!.metadata.labels?.[t.podAffinityTerm.topologyKey];
      if (value === undefined || out.has(value)) continue;
      if (ctx.cache.podsOn(n.name).some((p) => termSelects(t.podAffinityTerm, ns, p))) out.add(value);
    }
    return out;
  });
  const raw = nodes.map((info) => {
    let score = 0;
    weighted.forEach((t, i) => {
      const value = info.node!.metadata.labels?.[t.podAffinityTerm.topologyKey];
      if (value !== undefined && domains[i]!.has(value)) score += t.sign * t.weight;
    });
    return score;
  });
  let min = raw[0]!;
  let max = raw[0]!;
  for (const v of raw) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max === min) return 0;
  return raw.map((v) => Math.floor(((v - min) * 100) / (max - min)));
};

/**
 * Spreading: pods of the same owner (ReplicaSet, StatefulSet, ...) prefer nodes, then zones,
 * that run fewer of their siblings (the default spreading kube-scheduler applies without
 * explicit constraints, plus ScheduleAnyway topology constraints counted the same way).
 */
const spreading: Scorer = (ctx, nodes) => {
  const owner = getControllerOf(ctx.pod);
  if (!owner) return 0;
  const counts = ctx.cache.controllerPods.get(owner.uid);
  if (!counts) return 100;
  // Siblings per zone, kept by the cache (nodes without a zone label count in no zone).
  const perZone = ctx.cache.controllerZones.get(owner.uid);
  return normalize(
    nodes.map(
      (n) => (counts.get(n.name) ?? 0) * 2 + (n.zone === undefined ? 0 : (perZone?.get(n.zone) ?? 0)),
    ),
    true,
  );
};

/** Score plugins and weights (kube-scheduler's defaults; spreading stands in for PodTopologySpread's). */
export const SCORERS: readonly { name: string; weight: number; run: Scorer }[] = [
  { name: 'TaintToleration', weight: 3, run: taintToleration },
  { name: 'NodeAffinity', weight: 2, run: nodeAffinity },
  { name: 'PodTopologySpread', weight: 2, run: spreading },
  { name: 'InterPodAffinity', weight: 2, run: interPodAffinity },
  { name: 'NodeResourcesFit', weight: 1, run: leastAllocated },
  { name: 'NodeResourcesBalancedAllocation', weight: 1, run: balancedAllocation },
];

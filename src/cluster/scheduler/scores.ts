/**
 * Score plugins with kube-scheduler's default weights. Each gives every feasible node a score
 * from 0 to 100; the node with the highest weighted sum wins.
 */
import type { KubeObject } from '../types.js';
import { type FilterContext, nodeUsage } from './filters.js';
import { nodeAllocatable, podRequestsForScoring } from './resources.js';
import {
  type PodAffinityTerm,
  type Toleration,
  effectiveTaints,
  nodeSelectorTermMatches,
  termSelects,
  tolerates,
} from './matching.js';
import { getControllerOf } from '../controllers/owners.js';

type Scorer = (ctx: FilterContext, nodes: KubeObject[]) => number[];

function fractions(ctx: FilterContext, node: KubeObject): { cpu: number; memory: number } {
  const alloc = nodeAllocatable(node);
  const used = nodeUsage(ctx, node.metadata.name ?? '', true);
  const req = podRequestsForScoring(ctx.pod);
  const f = (r: 'cpu' | 'memory'): number =>
    alloc[r] ? Math.min(1, ((used[r] ?? 0) + (req[r] ?? 0)) / alloc[r]) : 1;
  return { cpu: f('cpu'), memory: f('memory') };
}

/** Prefer emptier nodes: the mean free share of CPU and memory after placing the pod. */
const leastAllocated: Scorer = (ctx, nodes) =>
  nodes.map((n) => {
    const f = fractions(ctx, n);
    return Math.floor(((1 - f.cpu) * 100 + (1 - f.memory) * 100) / 2);
  });

/** Prefer nodes whose CPU and memory use stay in step. */
const balancedAllocation: Scorer = (ctx, nodes) =>
  nodes.map((n) => {
    const f = fractions(ctx, n);
    return Math.floor((1 - Math.abs(f.cpu - f.memory) / 2) * 100);
  });

/** Maps raw values to 0..100, higher raw is better (or worse when `reverse`). */
function normalize(raw: number[], reverse = false): number[] {
  const max = Math.max(0, ...raw);
  const min = Math.min(0, ...raw);
  if (max === min) return raw.map(() => (reverse ? 100 : 0));
  return raw.map((v) => {
    const s = Math.floor(((v - min) * 100) / (max - min));
    return reverse ? 100 - s : s;
  });
}

/** Fewer untolerated PreferNoSchedule taints is better. */
const taintToleration: Scorer = (ctx, nodes) => {
  const tols = (ctx.pod.spec?.tolerations ?? []) as Toleration[];
  return normalize(
    nodes.map(
      (n) =>
        effectiveTaints(n).filter(
          (t) => t.effect === 'PreferNoSchedule' && !tols.some((tol) => tolerates(tol, t)),
        ).length,
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
  return normalize(
    nodes.map((n) =>
      terms.reduce((s, t) => s + (nodeSelectorTermMatches(t.preference, n) ? t.weight : 0), 0),
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
  if (!weighted.length) return nodes.map(() => 0);
  const raw = nodes.map((node) => {
    let score = 0;
    for (const t of weighted) {
      const value = node.metadata.labels?.[t.podAffinityTerm.topologyKey];
      if (value === undefined) continue;
      const near = ctx.nodes.some(
        (n) =>
          n.metadata.labels?.[t.podAffinityTerm.topologyKey] === value &&
          (ctx.podsByNode.get(n.metadata.name ?? '') ?? []).some((p) =>
            termSelects(t.podAffinityTerm, ns, p),
          ),
      );
      if (near) score += t.sign * t.weight;
    }
    return score;
  });
  const min = Math.min(...raw);
  const max = Math.max(...raw);
  return raw.map((v) => (max === min ? 0 : Math.floor(((v - min) * 100) / (max - min))));
};

/**
 * Spreading: pods of the same owner (ReplicaSet, StatefulSet, ...) prefer nodes, then zones,
 * that run fewer of their siblings (the default spreading kube-scheduler applies without
 * explicit constraints, plus ScheduleAnyway topology constraints counted the same way).
 */
const spreading: Scorer = (ctx, nodes) => {
  const owner = getControllerOf(ctx.pod);
  if (!owner) return nodes.map(() => 0);
  const siblings = (n: KubeObject): number =>
    (ctx.podsByNode.get(n.metadata.name ?? '') ?? []).filter((p) => getControllerOf(p)?.uid === owner.uid)
      .length;
  const zoneOf = (n: KubeObject): string | undefined => n.metadata.labels?.['topology.kubernetes.io/zone'];
  const perZone = new Map<string, number>();
  for (const n of ctx.nodes) {
    const z = zoneOf(n);
    if (z !== undefined) perZone.set(z, (perZone.get(z) ?? 0) + siblings(n));
  }
  return normalize(
    nodes.map((n) => siblings(n) * 2 + (perZone.get(zoneOf(n) ?? '') ?? 0)),
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

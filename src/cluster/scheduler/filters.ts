/**
 * Filter plugins, in kube-scheduler's default order. Each looks at one node and says why the
 * pod cannot go there, in kube-scheduler's words, or nothing when it can.
 */
import type { KubeObject } from '../types.js';
import { matchesSelector, type LabelSelector } from '../controllers/labels.js';
import { podRequests } from './resources.js';
import {
  type PodAffinityTerm,
  type Toleration,
  nodeMatchesPodAffinity,
  termSelects,
  tolerates,
} from './matching.js';
import type { NodeInfo, SchedulerCache } from './cache.js';

/** Unschedulable: preemption might help. UnschedulableAndUnresolvable: it cannot. */
export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A filter's verdict on one node. */
export interface FilterFailure {
  plugin: string;
  code: FilterCode;
  reasons: string[];
}

/** What filters see: the pod, the scheduler's cache and its nodes (sorted by name). */
export interface FilterContext {
  pod: KubeObject;
  cache: SchedulerCache;
  nodes: NodeInfo[];
  /** The pod's positive requests other than `pods`, as parallel arrays (see `podWants`). */
  wants: { names: string[]; amounts: number[] };
  /** Values computed once per scheduling attempt (spread counts, pods with anti-affinity). */
  memo?: Map<string, unknown>;
}

/** Computes `make()` once per scheduling attempt under `key`. */
export function once<T>(ctx: FilterContext, key: string, make: () => T): T {
  ctx.memo ??= new Map();
  if (!ctx.memo.has(key)) ctx.memo.set(key, make());
  return ctx.memo.get(key) as T;
}

/** One filter plugin: why the pod cannot go to the node, or undefined when it can. */
export type Filter = (ctx: FilterContext, info: NodeInfo) => FilterFailure | undefined;

const fail = (plugin: string, code: FilterCode, ...reasons: string[]): FilterFailure => ({
  plugin,
  code,
  reasons,
});

const nodeUnschedulable: Filter = (ctx, info) => {
  if (!info.unschedulable) return undefined;
  const tols = (ctx.pod.spec?.tolerations ?? []) as Toleration[];
  const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };
  if (tols.some((t) => tolerates(t, taint))) return undefined;
  return fail('NodeUnschedulable', 'UnschedulableAndUnresolvable', 'node(s) were unschedulable');
};

const taintToleration: Filter = (ctx, info) => {
  if (!info.hardTaints) return undefined;
  const tols = (ctx.pod.spec?.tolerations ?? []) as Toleration[];
  for (const taint of info.taints) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tols.some((t) => tolerates(t, taint))) {
      return fail(
        'TaintToleration',
        'UnschedulableAndUnresolvable',
        `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
      );
    }
  }
  return undefined;
};

const nodeAffinity: Filter = (ctx, info) =>
  nodeMatchesPodAffinity(ctx.pod, info.node!)
    ? undefined
    : fail(
        'NodeAffinity',
        'UnschedulableAndUnresolvable',
        "node(s) didn't match Pod's node affinity/selector",
      );

function hostPorts(pod: KubeObject): { port: number; protocol: string; ip: string }[] {
  const out: { port: number; protocol: string; ip: string }[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? [])
      if (p.hostPort)
        out.push({ port: p.hostPort, protocol: p.protocol ?? 'TCP', ip: p.hostIP || '0.0.0.0' });
  }
  return out;
}

const nodePorts: Filter = (ctx, info) => {
  if (!info.hostPortPods) return undefined;
  const wanted = once(ctx, 'hostPorts', () => hostPorts(ctx.pod));
  if (!wanted.length) return undefined;
  const used = ctx.cache.podsOn(info.name).flatMap(hostPorts);
  const clash = wanted.some((w) =>
    used.some(
      (u) =>
        u.port === w.port &&
        u.protocol === w.protocol &&
        (u.ip === w.ip || u.ip === '0.0.0.0' || w.ip === '0.0.0.0'),
    ),
  );
  return clash
    ? fail('NodePorts', 'Unschedulable', "node(s) didn't have free ports for the requested pod ports")
    : undefined;
};

/** The pod's positive requests other than `pods`, as parallel arrays. */
export function podWants(pod: KubeObject): { names: string[]; amounts: number[] } {
  const names: string[] = [];
  const amounts: number[] = [];
  for (const [resource, want] of Object.entries(podRequests(pod))) {
    if (want <= 0 || resource === 'pods') continue;
    names.push(resource);
    amounts.push(want);
  }
  return { names, amounts };
}

const nodeResourcesFit: Filter = (ctx, info) => {
  const req = ctx.wants;
  let reasons: string[] | undefined;
  if (info.podCount + 1 > info.allocatablePods) (reasons ??= []).push('Too many pods');
  for (let i = 0; i < req.names.length; i++) {
    const resource = req.names[i]!;
    const free =
      resource === 'cpu'
        ? info.allocatableCpu - info.requestedCpu
        : resource === 'memory'
          ? info.allocatableMemory - info.requestedMemory
          : (info.allocatable[resource] ?? 0) - (info.requested[resource] ?? 0);
    if (req.amounts[i]! > free) (reasons ??= []).push(`Insufficient ${resource}`);
  }
  return reasons ? { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons } : undefined;
};

interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
}

/** Matching pods per topology domain over the nodes the pod could use (its node affinity honoured). */
export function spreadCounts(ctx: FilterContext, c: SpreadConstraint, keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const info of ctx.nodes) {
    const n = info.node!;
    const labels = n.metadata.labels ?? {};
    if (!keys.every((k) => labels[k] !== undefined) || !nodeMatchesPodAffinity(ctx.pod, n)) continue;
    const domain = labels[c.topologyKey]!;
    const matching = ctx.cache
      .podsOn(info.name)
      .filter(
        (p) =>
          !p.metadata.deletionTimestamp &&
          p.metadata.namespace === ctx.pod.metadata.namespace &&
          matchesSelector(c.labelSelector, p.metadata.labels),
      ).length;
    counts.set(domain, (counts.get(domain) ?? 0) + matching);
  }
  return counts;
}

const podTopologySpread: Filter = (ctx, info) => {
  const constraints = ((ctx.pod.spec?.topologySpreadConstraints ?? []) as SpreadConstraint[]).filter(
    (c) => c.whenUnsatisfiable === 'DoNotSchedule',
  );
  if (!constraints.length) return undefined;
  const keys = constraints.map((c) => c.topologyKey);
  const labels = info.node!.metadata.labels ?? {};
  if (!keys.every((k) => labels[k] !== undefined)) {
    return fail(
      'PodTopologySpread',
      'UnschedulableAndUnresolvable',
      "node(s) didn't match pod topology spread constraints (missing required label)",
    );
  }
  for (const [i, c] of constraints.entries()) {
    const counts = once(ctx, `spread/${i}`, () => spreadCounts(ctx, c, keys));
    let min = Math.min(...counts.values());
    if (c.minDomains !== undefined && counts.size < c.minDomains) min = 0;
    const self = matchesSelector(c.labelSelector, ctx.pod.metadata.labels) ? 1 : 0;
    const skew = (counts.get(labels[c.topologyKey]!) ?? 0) + self - min;
    if (skew > c.maxSkew)
      return fail(
        'PodTopologySpread',
        'Unschedulable',
        "node(s) didn't match pod topology spread constraints",
      );
  }
  return undefined;
};

/** Topology values (of `term.topologyKey`) of nodes running a pod selected by `term`, once per attempt. */
function matchingDomains(ctx: FilterContext, term: PodAffinityTerm, ns: string): Set<string> {
  return once(ctx, `domains/${ns}/${JSON.stringify(term)}`, () => {
    const out = new Set<string>();
    for (const info of ctx.nodes) {
      const value = info.node!.metadata.labels?.[term.topologyKey];
      if (value === undefined || out.has(value)) continue;
      if (ctx.cache.podsOn(info.name).some((p) => termSelects(term, ns, p))) out.add(value);
    }
    return out;
  });
}

/** True when some pod selected by `term` runs on a node in the same `topologyKey` domain as `node`. */
function domainHas(ctx: FilterContext, node: KubeObject, term: PodAffinityTerm, ns: string): boolean {
  const value = node.metadata.labels?.[term.topologyKey];
  return value !== undefined && matchingDomains(ctx, term, ns).has(value);
}

const interPodAffinity: Filter = (ctx, info) => {
  const node = info.node!;
  const ns = ctx.pod.metadata.namespace ?? '';
  const affinity = (ctx.pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ??
    []) as PodAffinityTerm[];
  for (const term of affinity) {
    if (domainHas(ctx, node, term, ns)) continue;
    // The first pod of a group that selects itself may go anywhere (nothing to be near yet).
    const anyMatch = once(ctx, `anyMatch/${JSON.stringify(term)}`, () => {
      for (const p of ctx.cache.placedPods()) if (termSelects(term, ns, p)) return true;
      return false;
    });
    if (!anyMatch && termSelects(term, ns, ctx.pod) && node.metadata.labels?.[term.topologyKey] !== undefined)
      continue;
    return fail(
      'InterPodAffinity',
      'UnschedulableAndUnresolvable',
      "node(s) didn't match pod affinity rules",
    );
  }
  const anti = (ctx.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ??
    []) as PodAffinityTerm[];
  for (const term of anti) {
    if (domainHas(ctx, node, term, ns))
      return fail('InterPodAffinity', 'Unschedulable', "node(s) didn't match pod anti-affinity rules");
  }
  // Existing pods' anti-affinity against this pod (found once per attempt: usually there are none).
  const guards = once(ctx, 'antiAffinityPods', () => {
    const out: { labels: Record<string, string>; term: PodAffinityTerm }[] = [];
    for (const p of ctx.cache.antiAffinityPods.values()) {
      const n = ctx.cache.get(p.spec!.nodeName as string)?.node;
      if (!n) continue;
      const terms = p.spec!.affinity.podAntiAffinity
        .requiredDuringSchedulingIgnoredDuringExecution as PodAffinityTerm[];
      for (const term of terms) {
        if (termSelects(term, p.metadata.namespace ?? '', ctx.pod))
          out.push({ labels: n.metadata.labels ?? {}, term });
      }
    }
    return out;
  });
  for (const g of guards) {
    const v = node.metadata.labels?.[g.term.topologyKey];
    if (v !== undefined && g.labels[g.term.topologyKey] === v) {
      return fail(
        'InterPodAffinity',
        'Unschedulable',
        "node(s) didn't satisfy existing pods anti-affinity rules",
      );
    }
  }
  return undefined;
};

/**
 * The filters in kube-scheduler's default order; `active` says whether one can reject this pod at
 * all; `flagged` marks a filter that passes every node without a flag (see `isFlagged`).
 */
export const FILTERS: readonly {
  name: string;
  run: Filter;
  active?: (pod: KubeObject, cache: SchedulerCache) => boolean;
  flagged?: true;
}[] = [
  { name: 'NodeUnschedulable', run: nodeUnschedulable, flagged: true },
  { name: 'TaintToleration', run: taintToleration, flagged: true },
  {
    name: 'NodeAffinity',
    run: nodeAffinity,
    active: (pod) =>
      Object.keys(pod.spec?.nodeSelector ?? {}).length > 0 ||
      !!pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
  },
  { name: 'NodePorts', run: nodePorts, flagged: true },
  { name: 'NodeResourcesFit', run: nodeResourcesFit },
  {
    name: 'PodTopologySpread',
    run: podTopologySpread,
    active: (pod) =>
      ((pod.spec?.topologySpreadConstraints ?? []) as SpreadConstraint[]).some(
        (c) => c.whenUnsatisfiable === 'DoNotSchedule',
      ),
  },
  {
    name: 'InterPodAffinity',
    run: interPodAffinity,
    active: (pod, cache) =>
      cache.antiAffinityPods.size > 0 ||
      !!pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ||
      !!pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length,
  },
];

/**
 * Whether the node is cordoned, has a taint that forbids scheduling, or runs pods with host
 * ports: only such a node can fail NodeUnschedulable, TaintToleration or NodePorts (each returns
 * at once on a node without its flag). Most nodes have none, and skip those three filters.
 */
function isFlagged(info: NodeInfo): boolean {
  return info.unschedulable || info.hardTaints || info.hostPortPods !== 0;
}

/** The filters that can reject a pod, for every node and for nodes without a flag, in order. */
export interface ActiveFilters {
  all: readonly Filter[];
  unflagged: readonly Filter[];
}

/** The filters that can reject `pod` (the others pass every node), in order. */
export function activeFilters(pod: KubeObject, cache: SchedulerCache): ActiveFilters {
  const active = FILTERS.filter((f) => !f.active || f.active(pod, cache));
  return { all: active.map((f) => f.run), unflagged: active.filter((f) => !f.flagged).map((f) => f.run) };
}

/**
 * The first filter that rejects the node, as kube-scheduler stops at the first failure. On a
 * node without a flag the flagged filters would pass, so skipping them finds the same failure.
 */
export function runFilters(
  ctx: FilterContext,
  info: NodeInfo,
  filters: ActiveFilters,
): FilterFailure | undefined {
  for (const f of isFlagged(info) ? filters.all : filters.unflagged) {
    const r = f(ctx, info);
    if (r) return r;
  }
  return undefined;
}

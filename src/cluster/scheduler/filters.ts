/**
 * Filter plugins, in kube-scheduler's default order. Each looks at one node and says why the
 * pod cannot go there, in kube-scheduler's words, or nothing when it can.
 */
import type { KubeObject } from '../types.js';
import { matchesSelector, type LabelSelector } from '../controllers/labels.js';
import { nodeAllocatable, podRequests, usedOn } from './resources.js';
import {
  type PodAffinityTerm,
  type Toleration,
  effectiveTaints,
  nodeMatchesPodAffinity,
  termSelects,
  tolerates,
} from './matching.js';

/** Unschedulable: preemption might help. UnschedulableAndUnresolvable: it cannot. */
export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A filter's verdict on one node. */
export interface FilterFailure {
  plugin: string;
  code: FilterCode;
  reasons: string[];
}

/** What filters see: the pod, every node, every pod, and per-node pod lists. */
export interface FilterContext {
  pod: KubeObject;
  nodes: KubeObject[];
  pods: KubeObject[];
  podsByNode: Map<string, KubeObject[]>;
  /** Values computed once per scheduling attempt (spread counts, pods with anti-affinity, usage). */
  memo?: Map<string, unknown>;
}

/** Computes `make()` once per scheduling attempt under `key`. */
export function once<T>(ctx: FilterContext, key: string, make: () => T): T {
  ctx.memo ??= new Map();
  if (!ctx.memo.has(key)) ctx.memo.set(key, make());
  return ctx.memo.get(key) as T;
}

/** Requests of the pods on a node (scoring counts unset CPU/memory requests as 100m/200Mi). */
export function nodeUsage(ctx: FilterContext, nodeName: string, scoring = false): Record<string, number> {
  return once(ctx, `used/${scoring}/${nodeName}`, () => usedOn(ctx.podsByNode.get(nodeName) ?? [], scoring));
}

type Filter = (ctx: FilterContext, node: KubeObject) => FilterFailure | undefined;

const fail = (plugin: string, code: FilterCode, ...reasons: string[]): FilterFailure => ({
  plugin,
  code,
  reasons,
});

const nodeUnschedulable: Filter = (ctx, node) => {
  if (!node.spec?.unschedulable) return undefined;
  const tols = (ctx.pod.spec?.tolerations ?? []) as Toleration[];
  const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };
  if (tols.some((t) => tolerates(t, taint))) return undefined;
  return fail('NodeUnschedulable', 'UnschedulableAndUnresolvable', 'node(s) were unschedulable');
};

const taintToleration: Filter = (ctx, node) => {
  const tols = (ctx.pod.spec?.tolerations ?? []) as Toleration[];
  for (const taint of effectiveTaints(node)) {
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

const nodeAffinity: Filter = (ctx, node) =>
  nodeMatchesPodAffinity(ctx.pod, node)
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

const nodePorts: Filter = (ctx, node) => {
  const wanted = hostPorts(ctx.pod);
  if (!wanted.length) return undefined;
  const used = (ctx.podsByNode.get(node.metadata.name ?? '') ?? []).flatMap(hostPorts);
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

const nodeResourcesFit: Filter = (ctx, node) => {
  const onNode = ctx.podsByNode.get(node.metadata.name ?? '') ?? [];
  const alloc = nodeAllocatable(node);
  const reasons: string[] = [];
  if (alloc.pods !== undefined && onNode.length + 1 > alloc.pods) reasons.push('Too many pods');
  const req = podRequests(ctx.pod);
  const used = nodeUsage(ctx, node.metadata.name ?? '');
  for (const [resource, want] of Object.entries(req)) {
    if (want <= 0 || resource === 'pods') continue;
    if (want > (alloc[resource] ?? 0) - (used[resource] ?? 0)) reasons.push(`Insufficient ${resource}`);
  }
  return reasons.length ? { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons } : undefined;
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
  for (const n of ctx.nodes) {
    const labels = n.metadata.labels ?? {};
    if (!keys.every((k) => labels[k] !== undefined) || !nodeMatchesPodAffinity(ctx.pod, n)) continue;
    const domain = labels[c.topologyKey]!;
    const matching = (ctx.podsByNode.get(n.metadata.name ?? '') ?? []).filter(
      (p) =>
        !p.metadata.deletionTimestamp &&
        p.metadata.namespace === ctx.pod.metadata.namespace &&
        matchesSelector(c.labelSelector, p.metadata.labels),
    ).length;
    counts.set(domain, (counts.get(domain) ?? 0) + matching);
  }
  return counts;
}

const podTopologySpread: Filter = (ctx, node) => {
  const constraints = ((ctx.pod.spec?.topologySpreadConstraints ?? []) as SpreadConstraint[]).filter(
    (c) => c.whenUnsatisfiable === 'DoNotSchedule',
  );
  if (!constraints.length) return undefined;
  const keys = constraints.map((c) => c.topologyKey);
  const labels = node.metadata.labels ?? {};
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
    for (const n of ctx.nodes) {
      const value = n.metadata.labels?.[term.topologyKey];
      if (value === undefined || out.has(value)) continue;
      if ((ctx.podsByNode.get(n.metadata.name ?? '') ?? []).some((p) => termSelects(term, ns, p)))
        out.add(value);
    }
    return out;
  });
}

/** True when some pod selected by `term` runs on a node in the same `topologyKey` domain as `node`. */
function domainHas(ctx: FilterContext, node: KubeObject, term: PodAffinityTerm, ns: string): boolean {
  const value = node.metadata.labels?.[term.topologyKey];
  return value !== undefined && matchingDomains(ctx, term, ns).has(value);
}

const interPodAffinity: Filter = (ctx, node) => {
  const ns = ctx.pod.metadata.namespace ?? '';
  const affinity = (ctx.pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ??
    []) as PodAffinityTerm[];
  for (const term of affinity) {
    if (domainHas(ctx, node, term, ns)) continue;
    // The first pod of a group that selects itself may go anywhere (nothing to be near yet).
    const anyMatch = ctx.pods.some((p) => p.spec?.nodeName && termSelects(term, ns, p));
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
    for (const n of ctx.nodes) {
      for (const p of ctx.podsByNode.get(n.metadata.name ?? '') ?? []) {
        const terms = (p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ??
          []) as PodAffinityTerm[];
        for (const term of terms) {
          if (termSelects(term, p.metadata.namespace ?? '', ctx.pod))
            out.push({ labels: n.metadata.labels ?? {}, term });
        }
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

/** The filters in kube-scheduler's default order. */
export const FILTERS: readonly { name: string; run: Filter }[] = [
  { name: 'NodeUnschedulable', run: nodeUnschedulable },
  { name: 'TaintToleration', run: taintToleration },
  { name: 'NodeAffinity', run: nodeAffinity },
  { name: 'NodePorts', run: nodePorts },
  { name: 'NodeResourcesFit', run: nodeResourcesFit },
  { name: 'PodTopologySpread', run: podTopologySpread },
  { name: 'InterPodAffinity', run: interPodAffinity },
];

/** The first filter that rejects `node`, as kube-scheduler stops at the first failure. */
export function runFilters(ctx: FilterContext, node: KubeObject): FilterFailure | undefined {
  for (const f of FILTERS) {
    const r = f.run(ctx, node);
    if (r) return r;
  }
  return undefined;
}

/** Builds the per-node pod index filters use. */
export function indexPods(pods: KubeObject[]): Map<string, KubeObject[]> {
  const byNode = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (!n) continue;
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const list = byNode.get(n) ?? [];
    list.push(p);
    byNode.set(n, list);
  }
  return byNode;
}

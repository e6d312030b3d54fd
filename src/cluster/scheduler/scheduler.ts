/**
 * The scheduler: picks a node for each pending pod by filtering out nodes it cannot use and
 * scoring the rest, then binds it; or, when no node fits, marks the pod Unschedulable with
 * kube-scheduler's message. Every decision comes with a per-node explanation a UI can show
 * ("why is this pod Pending").
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from '../controllers/types.js';
import { podCondition } from '../controllers/pods.js';
import { toTimestamp } from '../controllers/time.js';
import {
  type ActiveFilters,
  type FilterCode,
  type FilterContext,
  type FilterFailure,
  activeFilters,
  podWants,
  runFilters,
} from './filters.js';
import { type NodeInfo, SchedulerCache } from './cache.js';
import { SCORERS, type ScoreTable, scoreNodes, totalScore } from './scores.js';
import { failedSchedulingMessage } from './explain.js';

export const SCHEDULER_NAME = 'default-scheduler';

/** Why one node was or was not chosen. */
export interface NodeExplanation {
  node: string;
  feasible: boolean;
  /** For a rejected node: the filter plugin that rejected it, its code and reasons. */
  plugin?: string;
  code?: FilterCode;
  reasons: string[];
  /** For a feasible node: each score plugin's 0..100 score, and the weighted total. */
  scores?: Record<string, number>;
  total?: number;
}

/** A scheduling decision. */
export interface SchedulingDecision {
  pod: string;
  nodeName?: string;
  /** The FailedScheduling message when no node fits. */
  message?: string;
  nodes: NodeExplanation[];
}

/**
 * What the scheduler observes: its cache (kept current from informer events by the runtime), or
 * plain lists of nodes and pods (a cache is built from them for this one decision).
 */
export type SchedulerObserved = (
  | { cache: SchedulerCache; nodes?: undefined; pods?: undefined }
  | { nodes: KubeObject[]; pods: KubeObject[]; cache?: undefined }
) & {
  /** Seed for breaking ties between equally good nodes. */
  seed?: number;
};

/** Below this many nodes every node is evaluated (kube-scheduler's minFeasibleNodesToFind). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;

/**
 * How many feasible nodes to find before scoring, as kube-scheduler's adaptive
 * percentageOfNodesToScore: every node below 100 nodes; otherwise 50% minus 1% per 125 nodes,
 * at least 5%, and at least 100 nodes (5,000 nodes: 10%, 500 nodes).
 */
export function feasibleNodesToFind(nodeCount: number): number {
  if (nodeCount < MIN_FEASIBLE_NODES_TO_FIND) return nodeCount;
  const percentage = Math.max(5, 50 - Math.trunc(nodeCount / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((nodeCount * percentage) / 100));
}

/** FNV-1a (32 bit) continued from state `h` over the UTF-8 bytes of `text` (same as fnv1a32 from scratch). */
export function fnvContinue(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return fnvContinueSlow(h, text.slice(i));
    h = Math.imul(h ^ c, 0x01000193) >>> 0;
  }
  return h;
}

function fnvContinueSlow(h: number, text: string): number {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const bytes =
      c < 0x80
        ? [c]
        : c < 0x800
          ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
          : c < 0x10000
            ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
            : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h;
}

/** Pods this scheduler should place: unbound, not terminating, for `default-scheduler`. */
export function needsScheduling(pod: KubeObject): boolean {
  return (
    !pod.spec?.nodeName &&
    !pod.metadata.deletionTimestamp &&
    (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed'
  );
}

/**
 * Filters nodes for `pod`, scores the feasible ones and picks the best. Pure and deterministic
 * for a given seed and cache content.
 *
 * In clusters of 100 nodes or more, like kube-scheduler, it stops filtering once it has found
 * `feasibleNodesToFind(n)` feasible nodes and scores only those; the explanation then lists the
 * nodes it looked at. kube-scheduler starts each search where the previous one stopped; Cadet
 * starts at a position hashed from the pod's uid, so the choice depends only on the pod and the
 * cluster's state (a restored snapshot schedules the same way). When too few nodes are feasible,
 * every node is filtered, so a FailedScheduling message always counts all nodes.
 */
export function schedulePod(pod: KubeObject, observed: SchedulerObserved): SchedulingDecision {
  const cache =
    observed.cache ??
    SchedulerCache.from(
      observed.nodes,
      observed.pods.filter(
        (p) => p.metadata.uid !== pod.metadata.uid || p.metadata.name !== pod.metadata.name,
      ),
    );
  const nodes = cache.nodes();
  const ctx: FilterContext = { pod, cache, nodes, wants: podWants(pod) };
  const filters = activeFilters(pod, cache);
  const podName = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
  const seed = observed.seed ?? 0;
  const tieState = fnvContinue(0x811c9dc5, `${seed}/${pod.metadata.uid ?? podName}/`);
  const want = feasibleNodesToFind(nodes.length);
  // A pod pinned to named nodes (a DaemonSet's pods) in a big cluster: only those are filtered,
  // as kube-scheduler's NodeAffinity PreFilter does. If none fits, every node is filtered, so the
  // FailedScheduling message still counts them all.
  const named = nodes.length >= MIN_FEASIBLE_NODES_TO_FIND ? pinnedNodes(pod, cache) : undefined;
  let looked = named ? filterNodes(ctx, filters, named, named.length, 0) : undefined;
  if (!looked?.feasible)
    looked = filterNodes(ctx, filters, nodes, want, want < nodes.length ? tieState % nodes.length : 0);
  if (!looked.feasible) {
    const message = failedSchedulingMessage(
      nodes.length,
      looked.failed.map((f) => f.failure),
      pod.spec?.preemptionPolicy,
    );
    return explain({ pod: podName, message }, looked, undefined);
  }
  // Its first `looked.feasible` entries are this attempt's feasible nodes.
  const feasible = feasibleBuffer as readonly NodeInfo[];
  const { table, ranks } = scoreNodes(ctx, feasible, looked.feasible);
  const nodeName = feasible[bestNode(ranks, feasible, looked.feasible, tieState)]!.name;
  // Let go of the records, so the buffer keeps no cluster's nodes alive after the attempt.
  feasibleBuffer.fill(undefined, 0, looked.feasible);
  return explain({ pod: podName, nodeName }, looked, table);
}

/**
 * The feasible nodes of the attempt under way, in the order found: the first `Looked.feasible`
 * entries. One buffer serves every attempt (an attempt runs to its end before the next starts,
 * and the decision keeps no reference to it).
 */
const feasibleBuffer: (NodeInfo | undefined)[] = [];

/**
 * Filters `wanted` feasible nodes out of `candidates`, from `start` on (wrapping round), or all
 * of them when fewer fit, into `feasibleBuffer`. Filter results are kept compact; the per-node
 * explanation is built when someone reads it.
 */
function filterNodes(
  ctx: FilterContext,
  filters: ActiveFilters,
  candidates: NodeInfo[],
  wanted: number,
  start: number,
): Looked {
  // The nodes looked at are `evaluated` candidates from `start` on.
  const failed: { at: number; failure: FilterFailure }[] = [];
  const n = candidates.length;
  let feasible = 0;
  let evaluated = 0;
  let at = start;
  while (evaluated < n && feasible < wanted) {
    const info = candidates[at]!;
    const failure = runFilters(ctx, info, filters);
    if (failure) failed.push({ at: evaluated, failure });
    else feasibleBuffer[feasible++] = info;
    evaluated++;
    if (++at === n) at = 0;
  }
  return { nodes: candidates, start, evaluated, failed, feasible };
}

/** Positions of the feasible nodes that share the highest total (one buffer for every attempt). */
let tiesBuffer = new Int32Array(1024);

/**
 * The position of the winning node among the first `count` of `feasible`, given their totals or
 * any `ranks` that differ from the totals by the same amount for every node: the highest total
 * wins; among nodes with that total, the smallest seeded hash of (seed, pod, node), like a seeded
 * random pick; on equal hashes, the earliest position.
 *
 * This is the node a single scan picks that keeps the best node so far and replaces it by a node
 * with a higher total, or with the same total and a smaller hash: once that scan reaches the
 * first node with the highest total, the kept node has the highest total for good (none is
 * higher), and from then on it is replaced only by a node with the highest total and a strictly
 * smaller hash; so it ends as the earliest node with the smallest hash among those with the
 * highest total. Finding the highest total first means only those nodes are hashed (test:
 * scheduler-scores.test.ts compares both on random totals).
 */
export function bestNode(
  ranks: ArrayLike<number>,
  feasible: readonly NodeInfo[],
  count: number,
  tieState: number,
): number {
  if (tiesBuffer.length < count) tiesBuffer = new Int32Array(count * 2);
  const ties = tiesBuffer;
  let ntie = 0;
  let max = -Infinity;
  for (let f = 0; f < count; f++) {
    const rank = ranks[f]!;
    if (rank > max) {
      max = rank;
      ntie = 0;
    }
    if (rank === max) ties[ntie++] = f;
  }
  let best = ties[0]!;
  if (ntie === 1) return best;
  let bestHash = fnvContinue(tieState, feasible[best]!.name);
  for (let k = 1; k < ntie; k++) {
    const f = ties[k]!;
    const h = fnvContinue(tieState, feasible[f]!.name);
    if (h < bestHash) {
      best = f;
      bestHash = h;
    }
  }
  return best;
}

/**
 * The nodes a pod's required node affinity names through `matchFields` `metadata.name In [...]`
 * in every term (sorted by name), or undefined when some term does not pin names.
 */
function pinnedNodes(pod: KubeObject, cache: SchedulerCache): NodeInfo[] | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms as
    { matchFields?: { key: string; operator: string; values?: string[] }[] }[] | undefined;
  if (!terms?.length) return undefined;
  const names = new Set<string>();
  for (const t of terms) {
    const pins = (t.matchFields ?? []).filter((r) => r.key === 'metadata.name' && r.operator === 'In');
    if (!pins.length) return undefined;
    // Several pins in one term: only names all of them list.
    for (const v of pins[0]!.values ?? []) if (pins.every((r) => r.values?.includes(v))) names.add(v);
  }
  return [...names]
    .map((name) => cache.get(name))
    .filter((i): i is NodeInfo => !!i?.node)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Which nodes one attempt filtered, the failures among them (`at`: position from `start`), and
 * how many were feasible.
 */
interface Looked {
  nodes: NodeInfo[];
  start: number;
  evaluated: number;
  failed: { at: number; failure: FilterFailure }[];
  feasible: number;
}

/**
 * The decision with a `nodes` property that builds the per-node explanations on first read, from
 * the filter results and the score table (undefined when no node fits).
 */
function explain(
  decision: Omit<SchedulingDecision, 'nodes'>,
  looked: Looked,
  table: ScoreTable | undefined,
): SchedulingDecision {
  let built: NodeExplanation[] | undefined;
  return {
    ...decision,
    get nodes(): NodeExplanation[] {
      if (built) return built;
      built = [];
      let f = 0;
      let next = 0;
      for (let k = 0; k < looked.evaluated; k++) {
        const info = looked.nodes[(looked.start + k) % looked.nodes.length]!;
        const failure = looked.failed[next]?.at === k ? looked.failed[next++]!.failure : undefined;
        if (failure) {
          built.push({
            node: info.name,
            feasible: false,
            plugin: failure.plugin,
            code: failure.code,
            reasons: failure.reasons,
          });
          continue;
        }
        const perPlugin: Record<string, number> = {};
        SCORERS.forEach((s, p) => {
          perPlugin[s.name] = table![f * SCORERS.length + p]!;
        });
        built.push({
          node: info.name,
          feasible: true,
          reasons: [],
          scores: perPlugin,
          total: totalScore(table!, f),
        });
        f++;
      }
      return built;
    },
  };
}

/**
 * Reconciles one pod: bind it (and record Scheduled), or set PodScheduled=False/Unschedulable
 * and record FailedScheduling. The event is recorded when the condition's message changes, so
 * reconciling an unchanged pending pod does nothing.
 */
export function reconcileScheduling(
  pod: KubeObject,
  observed: SchedulerObserved,
  now: number,
): ReconcileResult<SchedulingDecision> {
  if (!needsScheduling(pod)) return { actions: [] };
  const decision = schedulePod(pod, observed);
  const actions: Action[] = [];
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  if (decision.nodeName) {
    actions.push({ type: 'bind', namespace: ns, name, uid: pod.metadata.uid, nodeName: decision.nodeName });
    actions.push({
      type: 'event',
      event: {
        involvedObject: pod,
        type: 'Normal',
        reason: 'Scheduled',
        message: `Successfully assigned ${ns}/${name} to ${decision.nodeName}`,
        component: SCHEDULER_NAME,
      },
    });
    // Once bound, nothing is remembered (no later sync reads a memo, and a bound pod is not
    // scheduled again): an earlier attempt's explanation is dropped, and no record is kept per pod.
    return { actions, forgetMemo: true };
  }
  const current = podCondition(pod, 'PodScheduled');
  if (
    current?.status === 'False' &&
    current.reason === 'Unschedulable' &&
    current.message === decision.message
  )
    return { actions, memo: decision };
  const condition = {
    type: 'PodScheduled',
    status: 'False',
    lastProbeTime: null,
    lastTransitionTime:
      current?.status === 'False' && current.lastTransitionTime
        ? current.lastTransitionTime
        : toTimestamp(now),
    reason: 'Unschedulable',
    message: decision.message,
  };
  const conditions = [
    ...((pod.status?.conditions ?? []) as { type: string }[]).filter((c) => c.type !== 'PodScheduled'),
    condition,
  ];
  actions.push({
    type: 'updateStatus',
    resource: 'pods',
    object: { ...pod, status: { phase: 'Pending', ...(pod.status ?? {}), conditions } },
  });
  actions.push({
    type: 'event',
    event: {
      involvedObject: pod,
      type: 'Warning',
      reason: 'FailedScheduling',
      message: decision.message!,
      component: SCHEDULER_NAME,
    },
  });
  return { actions, memo: decision };
}

/**
 * The scheduler: picks a node for each pending pod by filtering out nodes it cannot use and
 * scoring the rest, then binds it; or, when no node fits, marks the pod Unschedulable with
 * kube-scheduler's message. Every decision comes with a per-node explanation a UI can show
 * ("why is this pod Pending").
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from '../controllers/types.js';
import { fnv1a32 } from '../controllers/deployment/hash.js';
import { podCondition } from '../controllers/pods.js';
import { toTimestamp } from '../controllers/time.js';
import { type FilterCode, type FilterContext, indexPods, runFilters } from './filters.js';
import { SCORERS } from './scores.js';
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

/** What the scheduler observes. */
export interface SchedulerObserved {
  nodes: KubeObject[];
  pods: KubeObject[];
  /** Seed for breaking ties between equally good nodes. */
  seed?: number;
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

/** Filters and scores every node for `pod`. Pure and deterministic for a given seed. */
export function schedulePod(pod: KubeObject, observed: SchedulerObserved): SchedulingDecision {
  const nodes = [...observed.nodes].sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  const others = observed.pods.filter(
    (p) => p.metadata.uid !== pod.metadata.uid || p.metadata.name !== pod.metadata.name,
  );
  const ctx: FilterContext = { pod, nodes, pods: others, podsByNode: indexPods(others) };
  const explanations: NodeExplanation[] = [];
  const feasible: KubeObject[] = [];
  const feasibleExplanations: NodeExplanation[] = [];
  for (const node of nodes) {
    const failure = runFilters(ctx, node);
    if (failure)
      explanations.push({
        node: node.metadata.name ?? '',
        feasible: false,
        plugin: failure.plugin,
        code: failure.code,
        reasons: failure.reasons,
      });
    else {
      feasible.push(node);
      const explanation: NodeExplanation = { node: node.metadata.name ?? '', feasible: true, reasons: [] };
      explanations.push(explanation);
      feasibleExplanations.push(explanation);
    }
  }
  const podName = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
  if (!feasible.length) {
    const failures = explanations.map((e) => ({ plugin: e.plugin!, code: e.code!, reasons: e.reasons }));
    return {
      pod: podName,
      message: failedSchedulingMessage(nodes.length, failures, pod.spec?.preemptionPolicy),
      nodes: explanations,
    };
  }
  const totals = feasible.map(() => 0);
  const perNode = feasible.map(() => ({}) as Record<string, number>);
  for (const s of SCORERS) {
    const scores = s.run(ctx, feasible);
    scores.forEach((v, i) => {
      perNode[i]![s.name] = v;
      totals[i]! += v * s.weight;
    });
  }
  // Highest total wins; ties break by a seeded hash of (seed, pod, node), like a seeded random pick.
  const seed = observed.seed ?? 0;
  let best = 0;
  const tie = (i: number): number =>
    fnv1a32(`${seed}/${pod.metadata.uid ?? podName}/${feasible[i]!.metadata.name}`);
  for (let i = 1; i < feasible.length; i++) {
    if (totals[i]! > totals[best]! || (totals[i] === totals[best] && tie(i) < tie(best))) best = i;
  }
  feasibleExplanations.forEach((e, i) => {
    e.scores = perNode[i];
    e.total = totals[i];
  });
  return { pod: podName, nodeName: feasible[best]!.metadata.name, nodes: explanations };
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
    return { actions, memo: decision };
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

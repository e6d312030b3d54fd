/**
 * The node lifecycle controller and the taint eviction controller, as one pure reconciler over
 * one Node. When the node's Lease has not been renewed for the 40 s grace period it marks every
 * condition Unknown ("Kubelet stopped posting node status."), marks the node's pods not Ready,
 * and taints the node `node.kubernetes.io/unreachable` (NoSchedule and NoExecute). Pods that do
 * not tolerate a NoExecute taint are deleted at once; pods that tolerate it for
 * `tolerationSeconds` (300 s by default, from admission) are deleted when that runs out, so their
 * controllers recreate them elsewhere. When the kubelet posts Ready again the taints go. A
 * cordoned node (`spec.unschedulable`) carries `node.kubernetes.io/unschedulable:NoSchedule`.
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from '../controllers/types.js';
import { fromTimestamp, toTimestamp } from '../controllers/time.js';
import { sameJson } from '../controllers/json.js';
import { fromMicroTime } from './micro-time.js';

/** `--node-monitor-grace-period`: how long a silent node keeps its status. */
export const NODE_MONITOR_GRACE_MS = 40_000;
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';
const NODE_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** What the lifecycle controller looks at. */
export interface NodeLifecycleObserved {
  lease?: KubeObject;
  /** Pods bound to this node. */
  pods: KubeObject[];
  /** Grace period override (tests); default 40 s. */
  graceMs?: number;
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

type Condition = Record<string, string>;

/** The last time the kubelet was heard from: the Lease's renewTime, else Ready's heartbeat, else creation. */
export function lastHeard(node: KubeObject, lease: KubeObject | undefined): number {
  const ready = ((node.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'Ready');
  const candidates = [
    fromMicroTime(lease?.spec?.renewTime),
    fromTimestamp(ready?.lastHeartbeatTime),
    fromTimestamp(node.metadata.creationTimestamp),
  ].filter((x): x is number => x !== undefined);
  return candidates.length ? Math.max(...candidates) : 0;
}

/** Whether `t` tolerates `taint` (Kubernetes' ToleratesTaint). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/**
 * When a pod must leave a node with these NoExecute taints: `now`-or-earlier when a taint is not
 * tolerated, the earliest end of a bounded toleration, or Infinity when it may stay.
 */
export function evictionTime(pod: KubeObject, taints: Taint[], now: number): number {
  const tolerations = (pod.spec?.tolerations ?? []) as Toleration[];
  let due = Infinity;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (!matching.length) return -Infinity;
    const bounded = matching.filter((t) => typeof t.tolerationSeconds === 'number');
    // Any unbounded matching toleration lets the pod stay forever for this taint.
    if (bounded.length < matching.length) continue;
    const seconds = Math.max(0, Math.min(...bounded.map((t) => t.tolerationSeconds!)));
    const added = fromTimestamp(taint.timeAdded) ?? now;
    due = Math.min(due, added + seconds * 1000);
  }
  return due;
}

function readyStatus(node: KubeObject): string | undefined {
  return ((node.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'Ready')?.status;
}

function unknownConditions(node: KubeObject, now: number): Condition[] {
  const ts = toTimestamp(now);
  const old = (node.status?.conditions ?? []) as Condition[];
  const out = old.map((c) =>
    NODE_CONDITIONS.includes(c.type ?? '') && c.status !== 'Unknown'
      ? {
          ...c,
          status: 'Unknown',
          lastTransitionTime: ts,
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
        }
      : c,
  );
  for (const type of NODE_CONDITIONS) {
    if (!out.some((c) => c.type === type))
      out.push({
        type,
        status: 'Unknown',
        lastHeartbeatTime: ts,
        lastTransitionTime: ts,
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
      });
  }
  return out;
}

/**
 * The taints the controller manages: unreachable for a Ready status of Unknown, not-ready for
 * False, and unschedulable (NoSchedule) while the node is cordoned (TaintNodesByCondition).
 */
function desiredTaints(node: KubeObject, ready: string | undefined, now: number): Taint[] {
  const current = (node.spec?.taints ?? []) as Taint[];
  const managed = (t: Taint): boolean =>
    t.key === UNREACHABLE_TAINT || t.key === NOT_READY_TAINT || t.key === UNSCHEDULABLE_TAINT;
  const out = current.filter((t) => !managed(t));
  const existing = (key: string, effect: string): Taint | undefined =>
    current.find((t) => t.key === key && t.effect === effect);
  if (node.spec?.unschedulable)
    out.push(
      existing(UNSCHEDULABLE_TAINT, 'NoSchedule') ?? {
        key: UNSCHEDULABLE_TAINT,
        effect: 'NoSchedule',
        timeAdded: toTimestamp(now),
      },
    );
  const key = ready === 'Unknown' ? UNREACHABLE_TAINT : ready === 'False' ? NOT_READY_TAINT : undefined;
  if (!key) return out;
  return [
    ...out,
    existing(key, 'NoSchedule') ?? { key, effect: 'NoSchedule' },
    existing(key, 'NoExecute') ?? { key, effect: 'NoExecute', timeAdded: toTimestamp(now) },
  ];
}

function podReady(pod: KubeObject): boolean {
  return ((pod.status?.conditions ?? []) as Condition[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );
}

/** Reconciles one node's health, taints and NoExecute evictions. */
export function reconcileNodeLifecycle(
  node: KubeObject,
  observed: NodeLifecycleObserved,
  now: number,
): ReconcileResult {
  const actions: Action[] = [];
  const grace = observed.graceMs ?? NODE_MONITOR_GRACE_MS;
  const heard = lastHeard(node, observed.lease);
  const silent = now - heard > grace;
  let ready = readyStatus(node);
  let working = node;

  if (silent && ready !== 'Unknown') {
    const wasReady = ready === 'True';
    working = { ...node, status: { ...node.status, conditions: unknownConditions(node, now) } };
    ready = 'Unknown';
    actions.push({ type: 'updateStatus', resource: 'nodes', object: working });
    if (wasReady) {
      actions.push({
        type: 'event',
        event: {
          involvedObject: node,
          type: 'Normal',
          reason: 'NodeNotReady',
          message: `Node ${node.metadata.name} status is now: NodeNotReady`,
          component: 'node-controller',
        },
      });
    }
  }

  const taints = desiredTaints(working, ready, now);
  if (!sameJson(taints, working.spec?.taints ?? [])) {
    const spec = { ...working.spec };
    if (taints.length) spec.taints = taints;
    else delete spec.taints;
    working = { ...working, spec };
    actions.push({ type: 'update', resource: 'nodes', object: working });
  }

  let next = silent ? Infinity : heard + grace + 1;
  // Pods matter only on a node that is Unknown (they lose Ready) or has a NoExecute taint (they
  // may be evicted); a healthy node's pods are not read at all.
  const podsMatter = ready === 'Unknown' || taints.some((t) => t.effect === 'NoExecute');
  for (const pod of podsMatter ? observed.pods : []) {
    if (pod.spec?.nodeName !== node.metadata.name || pod.metadata.deletionTimestamp) continue;
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    if (ready === 'Unknown' && podReady(pod)) {
      const conditions = ((pod.status?.conditions ?? []) as Condition[]).map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: toTimestamp(now) } : c,
      );
      actions.push({
        type: 'updateStatus',
        resource: 'pods',
        object: { ...pod, status: { ...pod.status, conditions } },
      });
      actions.push({
        type: 'event',
        event: {
          involvedObject: pod,
          type: 'Warning',
          reason: 'NodeNotReady',
          message: 'Node is not ready',
          component: 'node-controller',
        },
      });
    }
    const due = evictionTime(pod, taints, now);
    if (due <= now) {
      actions.push({
        type: 'delete',
        resource: 'pods',
        namespace: ns,
        name,
        event: {
          involvedObject: pod,
          type: 'Normal',
          reason: 'TaintManagerEviction',
          message: `Marking for deletion Pod ${ns}/${name}`,
          component: 'taint-eviction-controller',
        },
      });
    } else if (Number.isFinite(due)) next = Math.min(next, due);
  }
  return Number.isFinite(next) ? { actions, requeueAfterMs: Math.max(1, next - now) } : { actions };
}

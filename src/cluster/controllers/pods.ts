/** Pod facts that controllers share: active, ready, available, and Kubernetes' deletion ranking. */
import type { KubeObject } from '../types.js';
import { fromTimestamp } from './time.js';
import { compareStrings } from './json.js';

/** A pod condition as stored in status.conditions. */
export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

/** The condition of `type`, if present. */
export function podCondition(pod: KubeObject, type: string): PodCondition | undefined {
  return (pod.status?.conditions as PodCondition[] | undefined)?.find((c) => c.type === type);
}

/** Not terminal (Succeeded/Failed) and not being deleted: counts toward a controller's replicas. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Ready condition True. */
export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least `minReadySeconds` at `now`. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = fromTimestamp(ready.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** Milliseconds until a ready pod becomes available (0 when it already is or never will). */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, now: number): number {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True' || minReadySeconds <= 0) return 0;
  const since = fromTimestamp(ready.lastTransitionTime) ?? now;
  return Math.max(0, since + minReadySeconds * 1000 - now);
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: KubeObject): number {
  let max = 0;
  for (const c of (pod.status?.containerStatuses ?? []) as { restartCount?: number }[])
    max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/**
 * Sorts pods in the order a ReplicaSet deletes them (Kubernetes' ActivePodsWithRanks):
 * unassigned before assigned; Pending before Unknown before Running; not ready before ready;
 * more sibling pods on the same node first; ready for less time first; more restarts first;
 * newer first. Ties break on name so the order is total and deterministic.
 */
export function sortPodsForDeletion(pods: KubeObject[]): KubeObject[] {
  const perNode = new Map<string, number>();
  for (const p of pods) {
    const n = p.spec?.nodeName as string | undefined;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const rank = (p: KubeObject): number => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => {
    const aAssigned = a.spec?.nodeName ? 1 : 0;
    const bAssigned = b.spec?.nodeName ? 1 : 0;
    if (aAssigned !== bAssigned) return aAssigned - bAssigned;
    const ap = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
    const bp = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
    if (ap !== bp) return ap - bp;
    const ar = isPodReady(a) ? 1 : 0;
    const br = isPodReady(b) ? 1 : 0;
    if (ar !== br) return ar - br;
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    if (ar === 1 && br === 1) {
      const at = fromTimestamp(podCondition(a, 'Ready')?.lastTransitionTime) ?? 0;
      const bt = fromTimestamp(podCondition(b, 'Ready')?.lastTransitionTime) ?? 0;
      if (at !== bt) return bt - at;
    }
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ac = fromTimestamp(a.metadata.creationTimestamp) ?? 0;
    const bc = fromTimestamp(b.metadata.creationTimestamp) ?? 0;
    if (ac !== bc) return bc - ac;
    return compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
  });
}

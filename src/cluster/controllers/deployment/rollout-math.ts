/**
 * The rollout arithmetic of a Deployment: resolving maxSurge and maxUnavailable, and how far a
 * rolling update may scale the new ReplicaSet up and the old ones down at each step.
 */
import type { KubeObject } from '../../types.js';

/** An int-or-percent (`1`, `"25%"`). */
export type IntOrPercent = number | string | undefined;

/**
 * Resolves an int-or-percent against `total`. Percentages round up for maxSurge and down for
 * maxUnavailable. Worked numbers for 10 replicas and 25%: surge = ceil(2.5) = 3 extra pods,
 * unavailable = floor(2.5) = 2 pods may be down.
 */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * maxSurge and maxUnavailable for `replicas`. If both resolve to 0 (e.g. 25%/25% of 1 replica
 * gives surge ceil(0.25) = 1, unavailable floor(0.25) = 0, fine; but 0/0 of anything) the
 * rollout could never move, so maxUnavailable becomes 1, as Kubernetes' ResolveFenceposts does.
 */
export function resolveFenceposts(d: KubeObject, replicas: number): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? '25%', replicas, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** True for the RollingUpdate strategy (the default). */
export function isRollingUpdate(d: KubeObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** `spec.replicas` with the API default of 1. */
export function desiredReplicas(d: KubeObject): number {
  return Number(d.spec?.replicas ?? 1);
}

/** How many extra pods a rolling update may run (0 for Recreate). */
export function maxSurge(d: KubeObject): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d, desiredReplicas(d)).surge;
}

/** How many pods may be unavailable during a rolling update, never more than the replicas. */
export function maxUnavailable(d: KubeObject): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d, replicas).unavailable, replicas);
}

/** Sum of `spec.replicas` (what the ReplicaSets are asked to run). */
export function specReplicas(rss: KubeObject[]): number {
  return rss.reduce((n, rs) => n + Number(rs.spec?.replicas ?? 0), 0);
}

/** Sum of a status count. */
export function statusCount(
  rss: KubeObject[],
  field: 'replicas' | 'readyReplicas' | 'availableReplicas',
): number {
  return rss.reduce((n, rs) => n + Number(rs.status?.[field] ?? 0), 0);
}

/**
 * The size the new ReplicaSet may grow to now (Kubernetes' NewRSNewReplicas).
 * Worked numbers, 4 replicas at 25%/25% (surge 1): old RS 4, new RS 0 -> total may be 4 + 1 = 5,
 * so the new RS grows to 1. Once the old RS is scaled to 3 (total 4), the new RS grows to 2.
 */
export function newRSNewReplicas(d: KubeObject, allRSs: KubeObject[], newRS: KubeObject): number {
  const replicas = desiredReplicas(d);
  const current = Number(newRS.spec?.replicas ?? 0);
  if (!isRollingUpdate(d)) return replicas;
  const maxTotalPods = replicas + maxSurge(d);
  const currentPodCount = specReplicas(allRSs);
  if (currentPodCount >= maxTotalPods) return current; // cannot scale up yet
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas - current);
  return current + scaleUpCount;
}

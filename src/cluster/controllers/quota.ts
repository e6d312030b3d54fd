/** The ResourceQuota controller: writes `status.hard` and `status.used` from the namespace's objects. */
import type { KubeObject } from '../types.js';
import type { ReconcileResult } from './types.js';
import { clone, sameJson } from './json.js';
import { namespaceUsage } from './quota-usage.js';

/** What the quota controller observes: the namespace's objects by resource. */
export interface QuotaObserved {
  objects: Record<string, readonly KubeObject[]>;
}

/** Reconciles a core/v1 ResourceQuota. */
export function reconcileQuota(quota: KubeObject, observed: QuotaObserved): ReconcileResult {
  if (quota.metadata.deletionTimestamp) return { actions: [] };
  const hard = clone((quota.spec?.hard ?? {}) as Record<string, string>);
  const status = { hard, used: namespaceUsage(hard, observed.objects) };
  if (sameJson(status, quota.status ?? {})) return { actions: [] };
  return { actions: [{ type: 'updateStatus', resource: 'resourcequotas', object: { ...quota, status } }] };
}

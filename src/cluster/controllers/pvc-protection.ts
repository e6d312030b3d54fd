/**
 * The PVC protection controller: a claim being deleted keeps its `kubernetes.io/pvc-protection`
 * finalizer while a pod of its namespace that has not finished mounts it, and loses it (so the
 * API server removes the claim) once none does.
 */
import type { KubeObject } from '../types.js';
import type { ReconcileResult } from './types.js';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';

/** What the controller observes: the pods of the claim's namespace. */
export interface PvcProtectionObserved {
  pods: KubeObject[];
}

/** Whether `pod` (not finished) mounts the claim `name`. */
export function podUsesClaim(pod: KubeObject, name: string): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return ((pod.spec?.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string } }[]).some(
    (v) => v.persistentVolumeClaim?.claimName === name,
  );
}

/** Reconciles a claim: lifts the finalizer of a deleted claim no pod uses. */
export function reconcilePvcProtection(pvc: KubeObject, observed: PvcProtectionObserved): ReconcileResult {
  const finalizers = pvc.metadata.finalizers ?? [];
  if (!pvc.metadata.deletionTimestamp || !finalizers.includes(PVC_PROTECTION)) return { actions: [] };
  if (observed.pods.some((p) => podUsesClaim(p, pvc.metadata.name ?? ''))) return { actions: [] };
  const rest = finalizers.filter((f) => f !== PVC_PROTECTION);
  const metadata = { ...pvc.metadata };
  if (rest.length) metadata.finalizers = rest;
  else delete metadata.finalizers;
  return { actions: [{ type: 'update', resource: 'persistentvolumeclaims', object: { ...pvc, metadata } }] };
}

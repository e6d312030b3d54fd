/**
 * StorageObjectInUseProtection admission: a new PersistentVolumeClaim gets the
 * `kubernetes.io/pvc-protection` finalizer, so deleting a claim a pod still uses leaves it
 * Terminating until the pod is gone (`controllers/pvc-protection.ts` lifts the finalizer).
 */
import type { HookContext } from '../hooks.js';
import type { KubeObject } from '../../types.js';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';

/** Adds the finalizer to a claim being created. */
export function protectClaim(pvc: KubeObject, ctx: HookContext): KubeObject {
  if (ctx.operation !== 'CREATE' || ctx.subresource) return pvc;
  const finalizers = pvc.metadata.finalizers ?? [];
  if (finalizers.includes(PVC_PROTECTION)) return pvc;
  pvc.metadata = { ...pvc.metadata, finalizers: [...finalizers, PVC_PROTECTION] };
  return pvc;
}

/** DefaultStorageClass admission: a claim created without `storageClassName` gets the default class. */
import type { HookContext } from '../hooks.js';
import type { KubeObject } from '../../types.js';
import { findDefaultClass } from '../../controllers/storage.js';

/** Sets `spec.storageClassName` of a new claim that has none (an explicit `""` is kept). */
export function applyDefaultStorageClass(pvc: KubeObject, ctx: HookContext): KubeObject {
  if (ctx.operation !== 'CREATE' || ctx.subresource) return pvc;
  if (pvc.spec?.storageClassName !== undefined && pvc.spec?.storageClassName !== null) return pvc;
  const sc = findDefaultClass(ctx.list('storageclasses.storage.k8s.io').items);
  if (sc) pvc.spec = { ...(pvc.spec ?? {}), storageClassName: sc.metadata.name };
  return pvc;
}

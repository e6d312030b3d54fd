/**
 * Admission plug-ins on the API layer's hook points: `withAdmission(inner)` returns hooks that
 * run `inner` (validation's defaulting, its mutating admission and validation) and then, for
 * creates, LimitRange defaults, the default StorageClass, PVC protection, and as validating admission the
 * ServiceAccount check, LimitRange bounds and ResourceQuota, in the order the API server runs them.
 */
import type { HookAdmission, ObjectHooks } from '../hooks.js';
import type { KubeObject } from '../../types.js';
import { applyLimitRangeDefaults, validateLimitRange } from './limit-range.js';
import { applyDefaultStorageClass } from './default-storage-class.js';
import { requireServiceAccount } from './service-account.js';
import { admitQuota } from './resource-quota.js';
import { protectClaim } from './storage-protection.js';

export { admitQuota } from './resource-quota.js';
export { applyLimitRangeDefaults, validateLimitRange } from './limit-range.js';
export { requireServiceAccount } from './service-account.js';
export { applyDefaultStorageClass } from './default-storage-class.js';

/** Options of `withAdmission`. */
export interface AdmissionOptions {
  /** Refuse pods whose ServiceAccount does not exist (default true). */
  serviceAccounts?: boolean;
}

const isCore = (group: string, resource: string, want: string): boolean => group === '' && resource === want;

/** `inner` plus the admission plug-ins. */
export function withAdmission(inner: ObjectHooks = {}, options: AdmissionOptions = {}): ObjectHooks {
  return {
    ...inner,
    admit(object, old, ctx) {
      let obj = object;
      let warnings: string[] | undefined;
      if (inner.admit) {
        const out = inner.admit(object, old, ctx);
        if ('metadata' in out) obj = out as KubeObject;
        else {
          obj = (out as HookAdmission).object;
          warnings = (out as HookAdmission).warnings;
        }
      }
      const { group, resource } = ctx.resource;
      if (isCore(group, resource, 'pods')) obj = applyLimitRangeDefaults(obj, ctx);
      if (isCore(group, resource, 'persistentvolumeclaims'))
        obj = protectClaim(applyDefaultStorageClass(obj, ctx), ctx);
      return warnings ? { object: obj, warnings } : obj;
    },
    validateAdmission(object, old, ctx) {
      inner.validateAdmission?.(object, old, ctx);
      const { group, resource } = ctx.resource;
      if (isCore(group, resource, 'pods')) {
        if (options.serviceAccounts !== false) requireServiceAccount(object, ctx);
        validateLimitRange(object, ctx);
      }
      admitQuota(object, ctx);
    },
  };
}

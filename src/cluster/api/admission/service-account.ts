/**
 * ServiceAccount admission, validating half: a pod may only be created when its ServiceAccount
 * exists (mirror pods of static pods are exempt). The mutating half (serviceAccountName `default`,
 * the token volume) is validation's `admitPod`.
 */
import type { HookContext } from '../hooks.js';
import type { KubeObject } from '../../types.js';
import { forbidden } from '../../machinery/errors.js';

const MIRROR = 'kubernetes.io/config.mirror';

/** Throws 403 Forbidden when the pod's ServiceAccount does not exist. */
export function requireServiceAccount(pod: KubeObject, ctx: HookContext): void {
  if (ctx.operation !== 'CREATE' || ctx.subresource) return;
  if (pod.metadata.annotations?.[MIRROR] !== undefined) return;
  const name = (pod.spec?.serviceAccountName as string | undefined) || 'default';
  if (ctx.get('serviceaccounts', ctx.namespace, name)) return;
  throw forbidden(
    ctx.resource,
    ctx.name,
    `error looking up service account ${ctx.namespace}/${name}: serviceaccount "${name}" not found`,
  );
}

/**
 * ResourceQuota admission: a create that would take a namespace's usage past a quota's `hard`
 * limit is refused with 403 Forbidden in Kubernetes' words (`exceeded quota: compute, requested:
 * requests.cpu=500m, used: requests.cpu=1500m, limited: requests.cpu=2`), and a pod that leaves
 * out a compute resource a quota limits is refused (`failed quota: compute: must specify
 * requests.cpu`). Usage is read from the namespace's objects at admission time, as the quota
 * controller computes it for `status.used`.
 */
import type { HookContext } from '../hooks.js';
import type { KubeObject } from '../../types.js';
import { forbidden } from '../../machinery/errors.js';
import {
  addQuantity,
  compareQuantity,
  formatQuantity,
  parseQuantity,
  tryParseQuantity,
} from '../../machinery/quantity.js';
import { QUOTA_RESOURCES, namespaceUsage, usageOf } from '../../controllers/quota-usage.js';
import { compareStrings } from '../../controllers/json.js';

/** The `<resource>.<group>` name a quota counts this resource under. */
function quotaResource(ctx: HookContext): string {
  return ctx.resource.group ? `${ctx.resource.resource}.${ctx.resource.group}` : ctx.resource.resource;
}

const COMPUTE = /^(requests\.|limits\.)?(cpu|memory)$/;

/** Checks a create against the namespace's quotas; throws 403 Forbidden when one would be exceeded. */
export function admitQuota(object: KubeObject, ctx: HookContext): void {
  if (ctx.operation !== 'CREATE' || ctx.subresource || !ctx.resource.namespaced) return;
  const resource = quotaResource(ctx);
  const quotas = ctx.list('resourcequotas', { namespace: ctx.namespace }).items;
  if (!quotas.length) return;
  const requested = usageOf(resource, object);
  const objects: Record<string, readonly KubeObject[]> = {};
  const counted = (QUOTA_RESOURCES as readonly string[]).includes(resource)
    ? QUOTA_RESOURCES
    : [...QUOTA_RESOURCES, resource];
  for (const r of counted) objects[r] = ctx.list(r, { namespace: ctx.namespace }).items;

  for (const quota of [...quotas].sort((a, b) =>
    compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''),
  )) {
    const hard = (quota.spec?.hard ?? {}) as Record<string, string>;
    const names = Object.keys(hard).sort(compareStrings);
    if (resource === 'pods') {
      const missing = names.filter((n) => COMPUTE.test(n) && !requested.has(n));
      if (missing.length)
        throw forbidden(
          ctx.resource,
          ctx.name,
          `failed quota: ${quota.metadata.name}: must specify ${missing.join(',')}`,
        );
    }
    const used = namespaceUsage(hard, objects);
    const over = names.filter((n) => {
      const r = requested.get(n);
      if (!r) return false;
      const limit = tryParseQuantity(hard[n]);
      return !!limit && compareQuantity(addQuantity(parseQuantity(used[n]!), r), limit) > 0;
    });
    if (!over.length) continue;
    const list = (f: (n: string) => string) => over.map((n) => `${n}=${f(n)}`).join(',');
    throw forbidden(
      ctx.resource,
      ctx.name,
      `exceeded quota: ${quota.metadata.name}, requested: ${list((n) => formatQuantity(requested.get(n)!))}, used: ${list((n) => used[n]!)}, limited: ${list((n) => formatQuantity(parseQuantity(hard[n]!)))}`,
    );
  }
}

/**
 * LimitRange admission for pods: containers without requests or limits get the `Container`
 * limit's `defaultRequest` and `default` (recorded in the `kubernetes.io/limit-ranger`
 * annotation), and a container outside `min`/`max` or `maxLimitRequestRatio` is refused with 403
 * Forbidden in Kubernetes' words (`maximum cpu usage per Container is 1, but limit is 2`).
 */
import type { HookContext } from '../hooks.js';
import type { KubeObject } from '../../types.js';
import { forbidden } from '../../machinery/errors.js';
import { compareQuantity, formatQuantity, milliValue, tryParseQuantity } from '../../machinery/quantity.js';
import { compareStrings } from '../../controllers/json.js';

interface Limit {
  type: string;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  max?: Record<string, string>;
  min?: Record<string, string>;
  maxLimitRequestRatio?: Record<string, string>;
}

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

function containerLimits(ctx: HookContext): Limit[] {
  return ctx
    .list('limitranges', { namespace: ctx.namespace })
    .items.sort((a, b) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''))
    .flatMap((lr) => ((lr.spec?.limits ?? []) as Limit[]).filter((l) => l.type === 'Container'));
}

/** The effective defaults of a Container limit, as LimitRange defaulting fills them in. */
function defaults(l: Limit): { limits: Record<string, string>; requests: Record<string, string> } {
  const limits = { ...(l.max ?? {}), ...(l.default ?? {}) };
  const requests = { ...(l.min ?? {}), ...limits, ...(l.defaultRequest ?? {}) };
  return { limits, requests };
}

/** Fills in default requests and limits of a pod being created (mutating admission). */
export function applyLimitRangeDefaults(pod: KubeObject, ctx: HookContext): KubeObject {
  if (ctx.operation !== 'CREATE' || ctx.subresource) return pod;
  const limits = containerLimits(ctx);
  if (!limits.length) return pod;
  const notes: string[] = [];
  for (const c of [
    ...((pod.spec?.initContainers ?? []) as Container[]),
    ...((pod.spec?.containers ?? []) as Container[]),
  ]) {
    const setRequests = new Set<string>();
    const setLimits = new Set<string>();
    for (const l of limits) {
      const d = defaults(l);
      const res = (c.resources ??= {});
      for (const [k, v] of Object.entries(d.limits)) {
        if (res.limits?.[k] !== undefined) continue;
        res.limits = { ...(res.limits ?? {}), [k]: v };
        setLimits.add(k);
      }
      for (const [k, v] of Object.entries(d.requests)) {
        if (res.requests?.[k] !== undefined) continue;
        // A container with only a limit requests that limit.
        res.requests = {
          ...(res.requests ?? {}),
          [k]: res.limits?.[k] && !setLimits.has(k) ? res.limits[k]! : v,
        };
        setRequests.add(k);
      }
    }
    const parts: string[] = [];
    if (setRequests.size) parts.push(`${[...setRequests].sort(compareStrings).join(', ')} request`);
    if (setLimits.size) parts.push(`${[...setLimits].sort(compareStrings).join(', ')} limit`);
    if (parts.length) notes.push(`${parts.join(', ')} for container ${c.name}`);
  }
  if (notes.length) {
    pod.metadata.annotations = {
      ...(pod.metadata.annotations ?? {}),
      'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join('; ')}`,
    };
  }
  return pod;
}

/** Refuses a pod whose containers fall outside a Container limit (validating admission). */
export function validateLimitRange(pod: KubeObject, ctx: HookContext): void {
  if (ctx.operation !== 'CREATE' || ctx.subresource) return;
  const limits = containerLimits(ctx);
  const problems: string[] = [];
  for (const c of (pod.spec?.containers ?? []) as Container[]) {
    for (const l of limits) {
      for (const [k, v] of Object.entries(l.max ?? {})) {
        const max = tryParseQuantity(v)!;
        const limit = tryParseQuantity(c.resources?.limits?.[k]);
        if (!limit)
          problems.push(`maximum ${k} usage per Container is ${formatQuantity(max)}.  No limit is specified`);
        else if (compareQuantity(limit, max) > 0)
          problems.push(
            `maximum ${k} usage per Container is ${formatQuantity(max)}, but limit is ${formatQuantity(limit)}`,
          );
      }
      for (const [k, v] of Object.entries(l.min ?? {})) {
        const min = tryParseQuantity(v)!;
        const request = tryParseQuantity(c.resources?.requests?.[k]);
        if (!request)
          problems.push(
            `minimum ${k} usage per Container is ${formatQuantity(min)}.  No request is specified`,
          );
        else if (compareQuantity(request, min) < 0)
          problems.push(
            `minimum ${k} usage per Container is ${formatQuantity(min)}, but request is ${formatQuantity(request)}`,
          );
      }
      for (const [k, v] of Object.entries(l.maxLimitRequestRatio ?? {})) {
        const request = tryParseQuantity(c.resources?.requests?.[k]);
        const limit = tryParseQuantity(c.resources?.limits?.[k]);
        const ratio = tryParseQuantity(v)!;
        if (!request || !limit || milliValue(request) === 0) continue;
        const actual = milliValue(limit) / milliValue(request);
        if (actual > milliValue(ratio) / 1000)
          problems.push(
            `${k} max limit to request ratio per Container is ${formatQuantity(ratio)}, but provided ratio is ${actual.toFixed(6)}`,
          );
      }
    }
  }
  if (problems.length)
    throw forbidden(
      ctx.resource,
      ctx.name,
      problems.length === 1 ? problems[0]! : `[${problems.join(', ')}]`,
    );
}

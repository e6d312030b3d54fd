/**
 * Server-side apply and field ownership (`metadata.managedFields`), plugged into the API:
 *
 * - `serverSideApplyHandler()`: the `application/apply-patch+yaml` PatchHandler (upsert: an
 *   apply creates the object when it does not exist; 409 on conflicts unless `force=true`);
 * - `withFieldManagement(hooks)`: wraps the cluster's hooks so every other write records an
 *   `Update` entry for its field manager, after defaulting and before mutating admission, where
 *   Kubernetes records it; apply entries get the write's time there too;
 * - `patchHandlers()`: strategic merge patch and apply, by content type, for `createCluster`.
 */
import { parse } from 'yaml';
import type { KubeObject } from '../../types.js';
import type { HookContext, ObjectHooks, PatchContext, PatchHandler } from '../../api/hooks.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import { badRequest } from '../errors.js';
import { rfc3339 } from '../timestamps.js';
import {
  cursorFor,
  rootCursor,
  STRATEGIC_MERGE_PATCH_TYPE,
  strategicMergePatchHandler,
} from '../strategic-merge/index.js';
import type { TrackedPart } from './managed-fields.js';
import { applyConfiguration } from './apply.js';
import { recordUpdate } from './track.js';
import { ApplyError } from './walk.js';

export { FieldSet, pathString } from './field-set.js';
export { readManagers, writeManagers, type ManagedFieldsEntry, type Manager } from './managed-fields.js';
export { applyConfiguration, conflictError, describeManager, type ApplyRequest } from './apply.js';
export { recordUpdate, type WriteIdentity } from './track.js';
export { fieldsOf, changedFields, mergeConfig, ApplyError } from './walk.js';

/** Content type of a server-side apply patch. */
export const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

/** Which part of the object a write to `subresource` may change. */
export function trackedPart(resource: ResourceInfo, subresource: string | undefined): TrackedPart {
  if (subresource === 'status') return 'status';
  return resource.subresources.includes('status') ? 'spec' : 'all';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses an apply body (YAML, or JSON, which is YAML) and checks what apply requires of it. */
function parseConfig(text: string, ctx: PatchContext): KubeObject {
  let body: unknown;
  try {
    body = parse(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isObject(body))
    throw badRequest('apply patch must be an object: the body is not a YAML or JSON object');
  if (typeof body.kind !== 'string' || !body.kind)
    throw badRequest(`Object 'Kind' is missing in '${text.trim()}'`);
  if (typeof body.apiVersion !== 'string' || !body.apiVersion)
    throw badRequest(`Object 'apiVersion' is missing in '${text.trim()}'`);
  if (body.metadata !== undefined && !isObject(body.metadata)) throw badRequest('metadata must be an object');
  const config = body as unknown as KubeObject;
  config.metadata ??= {};
  if (config.metadata.managedFields != null) throw badRequest('metadata.managedFields must be nil');
  if (config.metadata.name !== undefined && config.metadata.name !== ctx.name)
    throw badRequest(
      `the name of the object (${String(config.metadata.name)}) does not match the name on the URL (${ctx.name})`,
    );
  return config;
}

/** The PatchHandler for `application/apply-patch+yaml`. */
export function serverSideApplyHandler(): PatchHandler {
  return {
    upsert: true,
    apply(current, patch, ctx) {
      if (!ctx.fieldManager) throw badRequest('PATCH with apply requires fieldManager to be set');
      if (ctx.subresource === 'scale')
        throw badRequest('server-side apply of the scale subresource is not supported');
      const config = parseConfig(patch, ctx);
      try {
        const applied = applyConfiguration({
          live: current,
          config,
          manager: ctx.fieldManager,
          apiVersion: apiVersionOf(ctx.resource),
          ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
          force: ctx.force,
          part: trackedPart(ctx.resource, ctx.subresource),
          cursor: cursorFor(ctx),
        });
        applied.metadata.name ??= ctx.name;
        return applied;
      } catch (e) {
        if (e instanceof ApplyError) throw badRequest(e.message);
        throw e;
      }
    },
  };
}

/** Stamps the write's time on managed-fields entries that an apply left without one. */
function stampApplyTime(object: KubeObject, time: string): void {
  const entries = object.metadata.managedFields;
  if (!Array.isArray(entries)) return;
  for (const e of entries) if (isObject(e) && e.time === undefined) e.time = time;
}

/** Records managed fields for the write described by `ctx` (see `withFieldManagement`). */
export function trackWrite(object: KubeObject, old: KubeObject | undefined, ctx: HookContext): KubeObject {
  if (ctx.operation !== 'CREATE' && ctx.operation !== 'UPDATE') return object;
  const time = rfc3339(ctx.now);
  if (ctx.patchType === APPLY_PATCH_TYPE) {
    stampApplyTime(object, time);
    return object;
  }
  const { group, version, kind } = ctx.resource;
  try {
    recordUpdate(object, old, {
      manager: ctx.fieldManager || 'unknown',
      apiVersion: apiVersionOf(ctx.resource),
      ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
      part: trackedPart(ctx.resource, ctx.subresource),
      time,
      cursor: rootCursor(group, version, kind),
    });
  } catch (e) {
    // a list item without its key: validation rejects the object right after
    if (!(e instanceof ApplyError)) throw e;
  }
  return object;
}

/**
 * The cluster's hooks with field management added: before the inner `admit` runs, the write's
 * manager is recorded in `metadata.managedFields` (Kubernetes records it after defaulting and
 * before mutating admission, so defaulted fields belong to the writer and allocated ones to no one).
 */
export function withFieldManagement(inner: ObjectHooks = {}): ObjectHooks {
  return {
    ...inner,
    admit(object, old, ctx) {
      const tracked = trackWrite(object, old, ctx);
      return inner.admit ? inner.admit(tracked, old, ctx) : tracked;
    },
  };
}

/** Strategic merge patch and server-side apply, by content type (`createCluster({ patchHandlers })`). */
export function patchHandlers(): Record<string, PatchHandler> {
  return {
    [STRATEGIC_MERGE_PATCH_TYPE]: strategicMergePatchHandler(),
    [APPLY_PATCH_TYPE]: serverSideApplyHandler(),
  };
}

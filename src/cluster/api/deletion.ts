/**
 * Deletion: graceful termination of pods on the clock, finalizers, the `orphan` and
 * `foregroundDeletion` finalizers that propagation policies add (worked off by gc.ts), namespace
 * termination, and the objects or Statuses a delete answers with.
 */
import type { KubeObject, ObjectKey } from '../types.js';
import { ApiError } from '../types.js';
import { conflict, invalid, notFound, success } from '../machinery/errors.js';
import { parseRfc3339, rfc3339 } from '../machinery/timestamps.js';
import { clone } from '../store/keys.js';
import { keyFor, type ResourceInfo } from './resources.js';
import type { ApiDeleteOptions, ApiListOptions, ApiServer, DeleteResult, WriteOptions } from './server.js';

/**
 * DELETE. Pods get a grace period (their `terminationGracePeriodSeconds`, or the request's);
 * objects with finalizers (including the `orphan` and `foregroundDeletion` ones that
 * propagation policies add) get `deletionTimestamp` and stay until the finalizers are gone.
 */
export function deleteObject(
  server: ApiServer,
  info: ResourceInfo,
  namespace: string,
  name: string,
  options: ApiDeleteOptions = {},
  write: WriteOptions = {},
): DeleteResult {
  server.requireVerb(info, 'delete');
  const key = keyFor(info, namespace, name);
  const old = server.store.get(key);
  if (!old) throw notFound(info, name);
  const pre = options.preconditions ?? {};
  if (pre.uid && pre.uid !== old.metadata.uid)
    throw conflict(
      info,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
    );
  if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
    throw conflict(
      info,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
    );
  if (
    options.gracePeriodSeconds !== undefined &&
    (!Number.isInteger(options.gracePeriodSeconds) || options.gracePeriodSeconds < 0)
  )
    throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${options.gracePeriodSeconds}: must be greater than or equal to 0`,
        field: 'gracePeriodSeconds',
      },
    ]);
  const policy = options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : 'Background');
  if (!['Background', 'Foreground', 'Orphan'].includes(policy))
    throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      {
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
        field: 'propagationPolicy',
      },
    ]);
  const now = server.clock.now();
  const grace = gracePeriod(info, old, options.gracePeriodSeconds);
  const finalizers = [...(old.metadata.finalizers ?? [])];
  const isNamespace = info.group === '' && info.resource === 'namespaces';

  if (old.metadata.deletionTimestamp) {
    // Already terminating: a shorter grace period may bring the end forward.
    const remaining = old.metadata.deletionGracePeriodSeconds ?? 0;
    if (grace < remaining && !write.dryRun) {
      const next = clone(old) as KubeObject;
      next.metadata.deletionGracePeriodSeconds = grace;
      next.metadata.deletionTimestamp = rfc3339(now + grace * 1000);
      const stored = server.store.update(key, next, { generation: info.generation });
      const gone = maybeFinalize(server, info, key, stored);
      return deleteResult(info, stored, gone);
    }
    return deleteResult(info, old, false);
  }

  if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
  if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
    finalizers.push('foregroundDeletion');
  const namespaceFinalizers: string[] = isNamespace ? (old.spec?.finalizers ?? []) : [];

  if (grace === 0 && finalizers.length === 0 && namespaceFinalizers.length === 0) {
    if (write.dryRun) return deleteResult(info, old, true);
    const last = server.store.delete(key);
    server.hooks.removed?.(last, { resource: info, now, random: server.store.random, clock: server.clock });
    return deleteResult(info, last, true);
  }
  const next = clone(old) as KubeObject;
  next.metadata.deletionTimestamp = rfc3339(now + grace * 1000);
  next.metadata.deletionGracePeriodSeconds = grace;
  if (finalizers.length > 0) next.metadata.finalizers = finalizers;
  if (isNamespace) next.status = { ...(next.status ?? {}), phase: 'Terminating' };
  if (write.dryRun) return deleteResult(info, next, false);
  const stored = server.store.update(key, next, { generation: info.generation });
  if (grace > 0 && server.podTermination === 'timer') scheduleGraceExpiry(server, info, key, stored);
  const gone = maybeFinalize(server, info, key, stored);
  return deleteResult(info, stored, gone);
}

/** DELETE on a collection: deletes every matching object; returns the results in order. */
export function deleteCollection(
  server: ApiServer,
  info: ResourceInfo,
  namespace: string,
  list: ApiListOptions,
  options: ApiDeleteOptions = {},
  write: WriteOptions = {},
): DeleteResult[] {
  server.requireVerb(info, 'deletecollection');
  const { items } = server.list(info, namespace, {
    labelSelector: list.labelSelector,
    fieldSelector: list.fieldSelector,
  });
  const out: DeleteResult[] = [];
  for (const o of items) {
    try {
      out.push(deleteObject(server, info, o.metadata.namespace ?? '', o.metadata.name!, options, write));
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
  return out;
}

/** Re-arms grace-period timers for terminating pods (after a snapshot import). */
export function rearmGraceTimers(server: ApiServer): void {
  if (server.podTermination !== 'timer') return;
  for (const info of server.registry.all) {
    if (info.virtual || info.group !== '' || info.resource !== 'pods') continue;
    for (const o of server.store.list({ group: info.group, resource: info.resource }).items) {
      if (o.metadata.deletionTimestamp)
        scheduleGraceExpiry(server, info, keyFor(info, o.metadata.namespace ?? '', o.metadata.name!), o);
    }
  }
}

/** Removes a terminating object once no finalizer holds it and its grace period is over. */
export function maybeFinalize(
  server: ApiServer,
  info: ResourceInfo,
  key: ObjectKey,
  obj: KubeObject,
): boolean {
  const meta = obj.metadata;
  if (!meta.deletionTimestamp || (meta.finalizers?.length ?? 0) > 0) return false;
  if (info.group === '' && info.resource === 'namespaces' && (obj.spec?.finalizers?.length ?? 0) > 0)
    return false;
  const due = parseRfc3339(meta.deletionTimestamp) ?? 0;
  const graceOver =
    (meta.deletionGracePeriodSeconds ?? 0) === 0 ||
    (server.podTermination === 'timer' && due <= server.clock.now());
  if (!graceOver) return false;
  const current = server.store.get(key);
  if (!current || current.metadata.uid !== meta.uid) return false;
  const last = server.store.delete(key);
  server.hooks.removed?.(last, {
    resource: info,
    now: server.clock.now(),
    random: server.store.random,
    clock: server.clock,
  });
  return true;
}

function scheduleGraceExpiry(server: ApiServer, info: ResourceInfo, key: ObjectKey, obj: KubeObject): void {
  const due = parseRfc3339(obj.metadata.deletionTimestamp) ?? server.clock.now();
  const uid = obj.metadata.uid;
  server.clock.at(due, () => {
    const current = server.store.get(key);
    if (!current || current.metadata.uid !== uid || !current.metadata.deletionTimestamp) return;
    if ((parseRfc3339(current.metadata.deletionTimestamp) ?? 0) > server.clock.now()) return; // a later timer handles it
    maybeFinalize(server, info, key, current);
  });
}

function gracePeriod(info: ResourceInfo, obj: KubeObject, requested: number | undefined): number {
  if (info.group !== '' || info.resource !== 'pods') return 0;
  if (!obj.spec?.nodeName) return 0; // never scheduled: nothing to stop
  const phase = obj.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  return requested ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
}

function deleteResult(info: ResourceInfo, object: KubeObject, deleted: boolean): DeleteResult {
  const body =
    deleted && !info.returnDeletedObject
      ? success(info, object.metadata.name ?? '', object.metadata.uid)
      : object;
  return { deleted, object, body };
}

/**
 * Field ownership of ordinary writes (POST, PUT, merge, JSON and strategic merge patches): the
 * writer's manager takes the fields it added or changed (operation `Update`), away from every
 * other manager, and fields that no longer exist leave every manager's set.
 */
import type { KubeObject } from '../../types.js';
import { jsonEqual } from '../../store/keys.js';
import { fieldCursor, itemCursor, listKind, type Cursor } from '../strategic-merge/index.js';
import { ALL, FieldSet, type PathElement } from './field-set.js';
import {
  readManagers,
  sameManager,
  trackedOnly,
  writeManagers,
  type Manager,
  type TrackedPart,
} from './managed-fields.js';
import { changedBelow, findItem } from './walk.js';

/** Who writes and what part of the object the write may change. */
export interface WriteIdentity {
  manager: string;
  apiVersion: string;
  subresource?: string;
  part: TrackedPart;
  /** RFC 3339 time of the write. */
  time: string;
  cursor: Cursor;
}

/**
 * Drops, from every manager, paths that no longer exist in `object` (only below the top-level
 * fields in `within`, when given: the others did not change).
 */
export function dropMissing(
  managers: Manager[],
  object: unknown,
  cursor: Cursor,
  within?: Set<string>,
): void {
  const root: Place = { value: object, cursor };
  for (const m of managers)
    m.fields = m.fields.retain(root, (pe, at) =>
      at === root && within && !within.has(pe) ? ALL : step(at, pe),
    );
}

/** A value in the object and its schema cursor. */
interface Place {
  value: unknown;
  cursor: Cursor;
}

/** The place one path element below `at`, or undefined when there is no such field or item. */
function step(at: Place, pe: PathElement): Place | undefined {
  const { value, cursor } = at;
  if (pe.startsWith('f:')) {
    const name = pe.slice(2);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const next = (value as Record<string, unknown>)[name];
    return next === undefined ? undefined : { value: next, cursor: fieldCursor(cursor, name) };
  }
  if (!Array.isArray(value)) return undefined;
  const at2 = findItem(value, pe, listKind(cursor, true));
  return at2 < 0 ? undefined : { value: value[at2], cursor: itemCursor(cursor) };
}

function withoutManagedFields(obj: KubeObject | undefined): unknown {
  if (!obj) return undefined;
  const meta: Record<string, unknown> = { ...obj.metadata };
  delete meta.managedFields;
  delete meta.resourceVersion;
  return { ...obj, metadata: meta };
}

/**
 * Records an Update by `who` on `object` (changed in place): `old` is the stored object
 * (undefined on create). Managed fields sent in the request replace the stored ones, as on a
 * real API server; a write that changes nothing keeps them as they are.
 */
export function recordUpdate(object: KubeObject, old: KubeObject | undefined, who: WriteIdentity): void {
  const requested = object.metadata.managedFields;
  const previous = old?.metadata.managedFields;
  const base = requested == null || jsonEqual(requested, previous) ? previous : requested;
  const before = withoutManagedFields(old) as Record<string, unknown> | undefined;
  const after = withoutManagedFields(object) as Record<string, unknown>;
  // only the top-level fields that differ are walked (a status update leaves the spec alone)
  const differing = new Set<string>();
  for (const k of new Set([...Object.keys(before ?? {}), ...Object.keys(after)]))
    if (!before || !jsonEqual(before[k], after[k])) differing.add(`f:${k}`);
  const changed = new FieldSet();
  const removal = { found: false };
  if (!before) changedBelow(undefined, after, who.cursor, changed, true);
  else
    for (const f of differing) {
      const k = f.slice(2);
      changedBelow(before[k], after[k], fieldCursor(who.cursor, k), changed.child(f), false, removal);
    }
  const tracked = trackedOnly(changed.prune(), who.part);
  const managers = readManagers(base);
  if (tracked.empty() && (old === undefined || differing.size === 0)) {
    setManagedFields(object, Array.isArray(base) ? base : undefined);
    return;
  }
  const self = {
    manager: who.manager,
    operation: 'Update' as const,
    apiVersion: who.apiVersion,
    subresource: who.subresource,
  };
  for (const m of managers) if (!sameManager(m, self)) m.fields = m.fields.difference(tracked);
  let mine = managers.find((m) => sameManager(m, self));
  if (!tracked.empty()) {
    if (!mine) {
      mine = { ...self, fields: new FieldSet() };
      if (!self.subresource) delete mine.subresource;
      managers.push(mine);
    }
    mine.fields = mine.fields.union(tracked);
    mine.time = who.time;
  }
  // fields that are gone leave every manager (only a write that removed something can do that)
  if (removal.found || base !== previous)
    dropMissing(managers, after, who.cursor, before ? differing : undefined);
  setManagedFields(object, writeManagers(managers));
}

function setManagedFields(object: KubeObject, entries: unknown[] | undefined): void {
  if (entries && entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
}

/**
 * Field ownership of ordinary writes (POST, PUT, merge, JSON and strategic merge patches): the
 * writer's manager takes the fields it added or changed (operation `Update`), away from every
 * other manager, and fields that no longer exist leave every manager's set.
 */
import type { KubeObject } from '../../types.js';
import { deepFreeze, jsonEqual } from '../../store/keys.js';
import { fieldCursor, itemCursor, listKind, type Cursor } from '../strategic-merge/index.js';
import { ALL, FieldSet, type PathElement } from './field-set.js';
import {
  readManagers,
  sameManager,
  trackedOnly,
  UNTRACKED_META,
  writeManagers,
  type Manager,
  type TrackedPart,
} from './managed-fields.js';
import { addedFieldsV1, changedBelow, DuplicateItems, fieldsV1Node, findItem } from './walk.js';

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

/** Metadata fields a write never owns and that change on every write: left out of comparisons. */
const SKIPPED_META = new Set(['managedFields', 'resourceVersion']);

function withoutManagedFields(obj: KubeObject): Record<string, unknown> {
  return { ...obj, metadata: strippedMetadata(obj.metadata) };
}

function strippedMetadata(meta: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(meta as Record<string, unknown>) };
  delete out.managedFields;
  delete out.resourceVersion;
  return out;
}

/** `jsonEqual` of two metadata objects without their managedFields and resourceVersion. */
function sameMetadata(a: unknown, b: unknown): boolean {
  if (!isPlainObject(a) || !isPlainObject(b)) return jsonEqual(strippedMetadata(a), strippedMetadata(b));
  let count = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined || SKIPPED_META.has(k)) continue;
    count++;
    const w = b[k];
    if (w === undefined || !Object.prototype.hasOwnProperty.call(b, k) || !jsonEqual(v, w)) return false;
  }
  for (const k in b) if (b[k] !== undefined && !SKIPPED_META.has(k)) count--;
  return count === 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The top-level fields (as `f:<name>`) in which `object` differs from `old`, managedFields and
 * resourceVersion aside: only those are walked (a status update leaves the spec alone).
 */
function differingFields(old: KubeObject, object: KubeObject): Set<string> {
  const before = old as unknown as Record<string, unknown>;
  const after = object as unknown as Record<string, unknown>;
  const differing = new Set<string>();
  const check = (k: string) => {
    const same = k === 'metadata' ? sameMetadata(before[k], after[k]) : jsonEqual(before[k], after[k]);
    if (!same) differing.add(`f:${k}`);
  };
  for (const k of Object.keys(before)) check(k);
  for (const k of Object.keys(after)) if (!Object.prototype.hasOwnProperty.call(before, k)) check(k);
  return differing;
}

/**
 * Records an Update by `who` on `object` (changed in place): `old` is the stored object
 * (undefined on create). Managed fields sent in the request replace the stored ones, as on a
 * real API server; a write that changes nothing keeps them as they are.
 */
export function recordUpdate(object: KubeObject, old: KubeObject | undefined, who: WriteIdentity): void {
  // a create without managedFields of its own: the writer's one entry, built directly
  if (!old && object.metadata.managedFields == null) {
    try {
      const fields = createdFields(object, who);
      if (!fields) delete object.metadata.managedFields;
      else
        object.metadata.managedFields = [
          {
            manager: who.manager,
            operation: 'Update',
            apiVersion: who.apiVersion,
            time: who.time,
            fieldsType: 'FieldsV1',
            fieldsV1: deepFreeze(fields),
            ...(who.subresource ? { subresource: who.subresource } : {}),
          },
        ];
      return;
    } catch (e) {
      if (!(e instanceof DuplicateItems)) throw e;
    }
  }
  recordByWalk(object, old, who);
}

/**
 * The FieldsV1 a create gives its writer: every field it sets, but apiVersion, kind, identity
 * metadata and the part the write does not own; undefined when none. What `recordByWalk` records
 * for the same create (a trie filled by `changedFields`, then `trackedOnly`), built directly.
 */
function createdFields(object: KubeObject, who: WriteIdentity): Record<string, unknown> | undefined {
  const after = withoutManagedFields(object);
  const children: [PathElement, Record<string, unknown>][] = [];
  for (const k in after) {
    const v = after[k];
    if (v === undefined) continue;
    // walked even where untracked: a list item without its key fails here as it does there
    const below = addedFieldsV1(v, fieldCursor(who.cursor, k), false);
    if (!below || k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata') {
      if (who.part === 'status') continue;
      const kept = Object.entries(below).filter(
        ([pe]) => pe !== '.' && !UNTRACKED_META.includes(pe.slice(2)),
      ) as [PathElement, Record<string, unknown>][];
      const meta = fieldsV1Node(false, kept);
      if (meta) children.push(['f:metadata', meta]);
      continue;
    }
    if (who.part === 'status' ? k !== 'status' : who.part === 'spec' && k === 'status') continue;
    children.push([`f:${k}`, below]);
  }
  return fieldsV1Node(false, children);
}

/**
 * `recordUpdate` by walking the object into field sets: every write but a plain create (exported
 * so tests can hold the create shortcut equal to it).
 */
export function recordByWalk(object: KubeObject, old: KubeObject | undefined, who: WriteIdentity): void {
  const requested = object.metadata.managedFields;
  const previous = old?.metadata.managedFields;
  const base = requested == null || jsonEqual(requested, previous) ? previous : requested;
  const differing = old ? differingFields(old, object) : undefined;
  const changed = new FieldSet();
  const removal = { found: false };
  if (!old) changedBelow(undefined, withoutManagedFields(object), who.cursor, changed, true);
  else
    for (const f of differing!) {
      const k = f.slice(2);
      const meta = k === 'metadata';
      const before = meta ? strippedMetadata(old.metadata) : (old as unknown as Record<string, unknown>)[k];
      const after = meta
        ? strippedMetadata(object.metadata)
        : (object as unknown as Record<string, unknown>)[k];
      changedBelow(before, after, fieldCursor(who.cursor, k), changed.child(f), false, removal);
    }
  const tracked = trackedOnly(changed.prune(), who.part);
  const managers = readManagers(base);
  if (tracked.empty() && (old === undefined || differing!.size === 0)) {
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
    dropMissing(managers, withoutManagedFields(object), who.cursor, differing);
  setManagedFields(object, writeManagers(managers));
}

function setManagedFields(object: KubeObject, entries: unknown[] | undefined): void {
  if (entries && entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
}

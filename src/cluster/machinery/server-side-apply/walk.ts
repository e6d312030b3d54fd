/**
 * Walks of objects along their schema for server-side apply: the fields an apply configuration
 * sets, the fields a write changed, merging a configuration into the live object, and removing
 * a field by its path.
 */
import { jsonEqual } from '../../store/keys.js';
import { fieldCursor, itemCursor, listKind, type Cursor, type ListKind } from '../strategic-merge/index.js';
import { FieldSet, type PathElement } from './field-set.js';

/** A configuration that cannot be applied (answered as 400 BadRequest). */
export class ApplyError extends Error {}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The `k:` element of an item of a keyed list (key fields sorted by name, defaults filled in). */
export function keyElement(item: unknown, kind: Extract<ListKind, { type: 'map' }>): PathElement {
  // items of stored objects are frozen and shared: their keys are computed once per list kind
  const frozen = isObject(item) && Object.isFrozen(item);
  if (frozen) {
    const known = keyCache.get(item)?.get(kind);
    if (known) return known;
  }
  const element = computeKey(item, kind);
  if (frozen) {
    let byKind = keyCache.get(item as Obj);
    if (!byKind) keyCache.set(item as Obj, (byKind = new Map()));
    byKind.set(kind, element);
  }
  return element;
}

const keyCache = new WeakMap<Obj, Map<ListKind, PathElement>>();

function computeKey(item: unknown, kind: Extract<ListKind, { type: 'map' }>): PathElement {
  if (!isObject(item)) throw new ApplyError(`a list keyed by ${kind.keys.join(', ')} must hold objects`);
  const key: Obj = {};
  for (const k of [...kind.keys].sort()) {
    const v = item[k] ?? kind.defaults[k];
    if (v !== undefined) key[k] = v;
  }
  if (Object.keys(key).length === 0)
    throw new ApplyError(
      `associative list with keys has an element that omits key field ${JSON.stringify(kind.mergeKey)}`,
    );
  return `k:${JSON.stringify(key)}`;
}

/** The `v:` element of a value of a set. */
export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

function safeKey(item: Obj, kind: Extract<ListKind, { type: 'map' }>): PathElement | undefined {
  try {
    return keyElement(item, kind);
  } catch {
    return undefined;
  }
}

/** The index of the item a `k:` or `v:` element names in a list, or -1. */
export function findItem(list: unknown[], element: PathElement, kind: ListKind): number {
  if (kind.type === 'map') return list.findIndex((x) => isObject(x) && safeKey(x, kind) === element);
  return list.findIndex((x) => valueElement(x) === element);
}

/** The fields a value sets (what an applier owns): leaves, atomic values, list items. */
export function fieldsOf(
  value: unknown,
  cursor: Cursor,
  path: PathElement[] = [],
  set = new FieldSet(),
): FieldSet {
  if (cursor.atomic || value === null || typeof value !== 'object') {
    set.insert(path);
  } else if (Array.isArray(value)) {
    const kind = listKind(cursor, true);
    if (kind.type === 'atomic' || value.length === 0) set.insert(path);
    else if (kind.type === 'set') for (const v of value) set.insert([...path, valueElement(v)]);
    else {
      const items = itemCursor(cursor);
      for (const item of value) {
        const itemPath = [...path, keyElement(item, kind)];
        set.insert(itemPath);
        fieldsOf(item, items, itemPath, set);
      }
    }
  } else {
    const entries = Object.entries(value);
    if (entries.length === 0) set.insert(path);
    for (const [k, v] of entries)
      if (v !== undefined) fieldsOf(v, fieldCursor(cursor, k), [...path, `f:${k}`], set);
  }
  return set;
}

/** Marks, below `node`, the paths of a value that did not exist before (maps and list items too). */
function added(value: unknown, cursor: Cursor, node: FieldSet, isRoot: boolean, item: boolean): void {
  const container = value !== null && typeof value === 'object';
  if (!container) {
    if (!isRoot) node.mark();
    return;
  }
  if (!isRoot && (cursor.atomic || item || (!Array.isArray(value) && !cursor.def) || isEmpty(value)))
    node.mark();
  if (cursor.atomic) return;
  if (Array.isArray(value)) {
    const kind = listKind(cursor, true);
    if (kind.type === 'atomic') {
      node.mark();
      return;
    }
    const items = itemCursor(cursor);
    for (const v of value) {
      if (kind.type === 'set') node.child(valueElement(v)).mark();
      else added(v, items, node.child(keyElement(v, kind)), false, true);
    }
    return;
  }
  const obj = value as Obj;
  for (const k in obj) {
    const v = obj[k];
    if (v !== undefined) added(v, fieldCursor(cursor, k), node.child(`f:${k}`), false, false);
  }
}

/** A list with two items of the same key or value: the created-fields shortcut gives way. */
export class DuplicateItems extends Error {}

/**
 * The FieldsV1 of the paths `added` marks below a node, built directly (children in sorted
 * order, `.` for a member with members below), or undefined when none: what a trie filled by
 * `added` writes once pruned. Throws `DuplicateItems` for a list with repeated items (a trie
 * merges those; the caller takes the general path) and `ApplyError` where `added` would.
 */
export function addedFieldsV1(
  value: unknown,
  cursor: Cursor,
  item: boolean,
): Record<string, unknown> | undefined {
  const container = value !== null && typeof value === 'object';
  if (!container) return {};
  let member = cursor.atomic || item || (!Array.isArray(value) && !cursor.def) || isEmpty(value);
  const children: [PathElement, Record<string, unknown>][] = [];
  if (!cursor.atomic) {
    if (Array.isArray(value)) {
      const kind = listKind(cursor, true);
      if (kind.type === 'atomic') member = true;
      else {
        const items = itemCursor(cursor);
        const seen = new Set<PathElement>();
        for (const v of value) {
          const element = kind.type === 'set' ? valueElement(v) : keyElement(v, kind);
          if (seen.has(element)) throw new DuplicateItems();
          seen.add(element);
          const below = kind.type === 'set' ? {} : addedFieldsV1(v, items, true);
          if (below) children.push([element, below]);
        }
      }
    } else {
      const obj = value as Obj;
      for (const k in obj) {
        const v = obj[k];
        if (v === undefined) continue;
        const below = addedFieldsV1(v, fieldCursor(cursor, k), false);
        if (below) children.push([`f:${k}`, below]);
      }
    }
  }
  return fieldsV1Node(member, children);
}

/** A FieldsV1 node from its membership and its non-empty children (sorted here). */
export function fieldsV1Node(
  member: boolean,
  children: [PathElement, Record<string, unknown>][],
): Record<string, unknown> | undefined {
  if (children.length === 0) return member ? {} : undefined;
  children.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Record<string, unknown> = {};
  if (member) out['.'] = {};
  for (const [pe, below] of children) out[pe] = below;
  return out;
}

function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (!isObject(v)) return false;
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return false;
  return true;
}

/** The fields `after` adds or changes relative to `before` (what an update takes ownership of). */
export function changedFields(
  before: unknown,
  after: unknown,
  cursor: Cursor,
  path: PathElement[] = [],
  set = new FieldSet(),
  removal?: { found: boolean },
): FieldSet {
  let node = set;
  for (const pe of path) node = node.child(pe);
  changedBelow(before, after, cursor, node, path.length === 0, removal);
  return set.prune();
}

/**
 * `changedFields` below one node of the set being built (`isRoot`: the path is empty). Nodes are
 * made as the walk goes down; the caller prunes those left without members.
 */
export function changedBelow(
  before: unknown,
  after: unknown,
  cursor: Cursor,
  node: FieldSet,
  isRoot: boolean,
  removal?: { found: boolean },
): void {
  if (after === undefined) {
    if (before !== undefined && removal) removal.found = true;
    return;
  }
  if (before === undefined) {
    added(after, cursor, node, isRoot, false);
    return;
  }
  const bothObjects = isObject(before) && isObject(after);
  const bothLists = Array.isArray(before) && Array.isArray(after);
  if (cursor.atomic || !(bothObjects || bothLists)) {
    if (!jsonEqual(before, after)) node.mark();
    return;
  }
  if (bothObjects) {
    const was = before as Obj;
    const now = after as Obj;
    for (const k in now)
      changedBelow(was[k], now[k], fieldCursor(cursor, k), node.child(`f:${k}`), false, removal);
    if (removal && !removal.found)
      for (const k of Object.keys(was)) if (now[k] === undefined) removal.found = true;
    return;
  }
  const was = before as unknown[];
  const now = after as unknown[];
  const kind = listKind(cursor, true);
  if (removal && kind.type !== 'atomic' && was.length > now.length) removal.found = true;
  if (kind.type === 'atomic') {
    if (!jsonEqual(was, now)) node.mark();
  } else if (kind.type === 'set') {
    for (const v of now) if (!was.some((x) => jsonEqual(x, v))) node.child(valueElement(v)).mark();
  } else {
    const items = itemCursor(cursor);
    for (const item of now) {
      const element = keyElement(item, kind);
      const at = findItem(was, element, kind);
      const child = node.child(element);
      changedBelow(at >= 0 ? was[at] : undefined, item, items, child, false, removal);
      if (at < 0) {
        child.mark();
        if (removal) removal.found = true; // an item replaced by another
      }
    }
  }
  if (removal && kind.type === 'set' && !was.every((x) => now.some((v) => jsonEqual(x, v))))
    removal.found = true;
}

/**
 * Merges an apply configuration into the live object: maps merge, keyed lists merge item by
 * item, sets take the union, atomic values are replaced, `null` removes a field.
 */
export function mergeConfig(live: unknown, config: unknown, cursor: Cursor): unknown {
  if (config === null) return undefined;
  if (cursor.atomic || typeof config !== 'object') return config;
  if (isObject(config)) {
    const out: Obj = isObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(config)) {
      const merged = mergeConfig(out[k], v, fieldCursor(cursor, k));
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  const list = config as unknown[];
  const kind = listKind(cursor, true);
  if (kind.type === 'atomic' || !Array.isArray(live)) return list;
  const out = [...live];
  if (kind.type === 'set') {
    for (const v of list) if (!out.some((x) => jsonEqual(x, v))) out.push(v);
    return out;
  }
  const items = itemCursor(cursor);
  for (const item of list) {
    const at = findItem(out, keyElement(item, kind), kind);
    if (at >= 0) out[at] = mergeConfig(out[at], item, items);
    else out.push(mergeConfig(undefined, item, items));
  }
  return out;
}

/** Removes the field at `path` from `root` (in place); false when it is not there. */
export function removePath(root: unknown, path: readonly PathElement[], cursor: Cursor): boolean {
  let value = root;
  let cur = cursor;
  for (let i = 0; i < path.length; i++) {
    const pe = path[i]!;
    const last = i === path.length - 1;
    if (pe.startsWith('f:')) {
      if (!isObject(value)) return false;
      const name = pe.slice(2);
      if (!(name in value)) return false;
      if (last) {
        delete value[name];
        return true;
      }
      value = value[name];
      cur = fieldCursor(cur, name);
    } else {
      if (!Array.isArray(value)) return false;
      const kind = listKind(cur, true);
      const at = findItem(value, pe, kind);
      if (at < 0) return false;
      if (last) {
        value.splice(at, 1);
        return true;
      }
      value = value[at];
      cur = itemCursor(cur);
    }
  }
  return false;
}

/** Whether the field at `path` exists in `root`. */
export function pathExists(root: unknown, path: readonly PathElement[], cursor: Cursor): boolean {
  let value = root;
  let cur = cursor;
  for (const pe of path) {
    if (pe.startsWith('f:')) {
      const name = pe.slice(2);
      if (!isObject(value) || value[name] === undefined) return false;
      value = value[name];
      cur = fieldCursor(cur, name);
    } else {
      if (!Array.isArray(value)) return false;
      const at = findItem(value, pe, listKind(cur, true));
      if (at < 0) return false;
      value = value[at];
      cur = itemCursor(cur);
    }
  }
  return true;
}

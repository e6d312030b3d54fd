/**
 * kubectl's client-side apply patch: the three-way strategic merge patch between the last applied
 * configuration (`original`), the new configuration (`modified`) and the live object (`current`).
 *
 * The patch is the difference from current to modified without deletions, merged with the
 * deletions from original to modified (fields the user removed from the file become `null`, list
 * items `{"$patch":"delete"}`, primitives `$deleteFromPrimitiveList`), with `$setElementOrder`
 * lists wherever a merged list changed and `$retainKeys` for structs that retain keys. Merge keys
 * and strategies come from the cluster's schema cursor (src/cluster/machinery/strategic-merge).
 */
import { jsonEqual } from '../../cluster/store/keys.js';
import {
  fieldCursor,
  itemCursor,
  listKind,
  rootCursor,
  UNKNOWN,
  type Cursor,
} from '../../cluster/machinery/strategic-merge/index.js';

type Obj = Record<string, unknown>;

interface DiffOptions {
  ignoreDeletions: boolean;
  ignoreChangesAndAdditions: boolean;
  setElementOrder: boolean;
  buildRetainKeys: boolean;
}

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const RETAIN_KEYS = '$retainKeys';

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Go's reflect kind of a decoded JSON value, for "types have changed" checks. */
function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'slice';
  return typeof v;
}

/** `fmt.Sprintf("%v", x)` for the scalars merge keys and primitive lists hold. */
function show(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function strategyOf(cursor: Cursor): string {
  return cursor.rule?.strategy ?? '';
}

function diffMaps(original: Obj, modified: Obj, cursor: Cursor, o: DiffOptions): Obj {
  const patch: Obj = {};
  const retain: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (o.buildRetainKeys && modifiedValue !== null) retain.push(key);
    if (!(key in original)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (typeOf(originalValue) !== typeOf(modifiedValue)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isObject(originalValue)) {
      const child = fieldCursor(cursor, key);
      const value = diffMaps(originalValue, modifiedValue as Obj, child, {
        ...o,
        buildRetainKeys: strategyOf(child).includes('retainKeys'),
      });
      if (Object.keys(value).length > 0) patch[key] = value;
    } else if (Array.isArray(originalValue)) {
      diffSlice(key, originalValue, modifiedValue as unknown[], patch, cursor, o);
    } else if (!o.ignoreChangesAndAdditions && !jsonEqual(originalValue, modifiedValue)) {
      patch[key] = modifiedValue;
    }
  }
  if (!o.ignoreDeletions) for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  if (retain.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified)))
    patch[RETAIN_KEYS] = retain.sort(compareStrings);
  return patch;
}

function hasAdditionalNewField(original: Obj, modified: Obj): boolean {
  for (const [k, v] of Object.entries(original)) if (v !== null && !(k in modified)) return true;
  return false;
}

function diffSlice(
  key: string,
  original: unknown[],
  modified: unknown[],
  patch: Obj,
  cursor: Cursor,
  o: DiffOptions,
) {
  const child = fieldCursor(cursor, key);
  const kind = listKind(child);
  if (kind.type === 'atomic') {
    if (!o.ignoreChangesAndAdditions && !jsonEqual(original, modified)) patch[key] = modified;
    return;
  }
  const mergeKey = kind.type === 'map' ? kind.mergeKey : '';
  const items = itemCursor(child);
  const itemOptions = { ...o, buildRetainKeys: strategyOf(child).includes('retainKeys') };
  const { add, del, order } = diffLists(original, modified, items, mergeKey, itemOptions);
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_PRIMITIVE}${key}`] = del;
  if (order.length > 0) patch[`${SET_ORDER}${key}`] = order;
}

function diffLists(
  original: unknown[],
  modified: unknown[],
  items: Cursor,
  mergeKey: string,
  o: DiffOptions,
): { add: unknown[]; del: unknown[]; order: unknown[] } {
  const none = { add: [], del: [], order: [] };
  if (original.length === 0) {
    if (modified.length === 0 || o.ignoreChangesAndAdditions) return none;
    return { add: modified, del: [], order: [] };
  }
  const sample = original[0] ?? modified[0];
  if (isObject(sample)) {
    const [patchList, deleteList] = diffListsOfMaps(original, modified, items, mergeKey, o);
    const sorted = sortByOrder(patchList, modified, mergeKey, true);
    const orderSame = sameOrder(original, modified, mergeKey);
    const add = [...sorted, ...deleteList];
    let order: unknown[] = [];
    if (
      o.setElementOrder &&
      ((!o.ignoreChangesAndAdditions && (add.length > 0 || !orderSame)) ||
        (!o.ignoreDeletions && add.length > 0))
    )
      order = modified.map((v) => ({ [mergeKey]: (v as Obj)[mergeKey] }));
    return { add, del: [], order };
  }
  if (Array.isArray(sample)) throw new Error('lists of lists are not supported');
  const [addList, deleteList] = diffListsOfScalars(original, modified, o);
  const add = sortByOrder(addList, modified, '', false);
  let order: unknown[] = [];
  if (
    o.setElementOrder &&
    ((!o.ignoreDeletions && deleteList.length > 0) ||
      (!o.ignoreChangesAndAdditions && !jsonEqual(original, modified)))
  )
    order = modified;
  return { add, del: deleteList, order };
}

function mergeKeyOf(item: unknown, mergeKey: string): unknown {
  if (!isObject(item)) throw new Error(`cannot merge a list of non-objects by ${mergeKey}`);
  if (!(mergeKey in item))
    throw new Error(`map: ${show(item)} does not contain declared merge key: ${mergeKey}`);
  return item[mergeKey];
}

function sortByMergeKey(list: unknown[], mergeKey: string): Obj[] {
  return [...list]
    .map((x) => x as Obj)
    .sort((a, b) => compareStrings(show(mergeKeyOf(a, mergeKey)), show(mergeKeyOf(b, mergeKey))));
}

function diffListsOfMaps(
  original: unknown[],
  modified: unknown[],
  items: Cursor,
  mergeKey: string,
  o: DiffOptions,
): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  const a = sortByMergeKey(original, mergeKey);
  const b = sortByMergeKey(modified, mergeKey);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const inA = i < a.length;
    const inB = j < b.length;
    const ka = inA ? show(a[i]![mergeKey]) : '';
    const kb = inB ? show(b[j]![mergeKey]) : '';
    if (inA && inB && ka === kb) {
      const value = diffMaps(a[i]!, b[j]!, items, o);
      if (Object.keys(value).length > 0) {
        value[mergeKey] = b[j]![mergeKey];
        patch.push(value);
      }
      i++;
      j++;
    } else if (!inA || (inB && ka > kb)) {
      if (!o.ignoreChangesAndAdditions) patch.push(b[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deletions.push({ $patch: 'delete', [mergeKey]: a[i]![mergeKey] });
      i++;
    }
  }
  return [patch, deletions];
}

function sortScalars(list: unknown[]): unknown[] {
  return [...list].sort((x, y) => compareStrings(show(x), show(y)));
}

function dedupeScalars(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of list) if (!out.some((y) => jsonEqual(x, y))) out.push(x);
  return out;
}

function diffListsOfScalars(
  original: unknown[],
  modified: unknown[],
  o: DiffOptions,
): [unknown[], unknown[]] {
  const a = sortScalars(original);
  const b = sortScalars(modified);
  const add: unknown[] = [];
  const del: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const inA = i < a.length;
    const inB = j < b.length;
    const sa = inA ? show(a[i]) : '';
    const sb = inB ? show(b[j]) : '';
    if (inA && inB && sa === sb) {
      i++;
      j++;
    } else if (!inA || (inB && sa > sb)) {
      if (!o.ignoreChangesAndAdditions) add.push(b[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) del.push(a[i]);
      i++;
    }
  }
  return [add, dedupeScalars(del)];
}

function indexIn(order: unknown[], item: unknown, mergeKey: string, maps: boolean): number {
  if (maps) {
    const key = (item as Obj)[mergeKey];
    return order.findIndex((x) => isObject(x) && jsonEqual(x[mergeKey], key));
  }
  return order.findIndex((x) => jsonEqual(x, item));
}

/** Go's normalizeSliceOrder: items in the order of `order`, `$patch: delete` items last. */
function sortByOrder(list: unknown[], order: unknown[], mergeKey: string, maps: boolean): unknown[] {
  let toSort = list;
  let toDelete: unknown[] = [];
  if (maps) {
    toSort = list.filter((x) => !(isObject(x) && x.$patch === 'delete'));
    toDelete = list.filter((x) => isObject(x) && x.$patch === 'delete');
  }
  const ranked = toSort.map((x, n) => ({ x, n, at: indexIn(order, x, mergeKey, maps) }));
  ranked.sort((p, q) => (p.at >= 0 && q.at >= 0 ? p.at - q.at : 0) || p.n - q.n);
  return [...ranked.map((r) => r.x), ...toDelete];
}

function sameOrder(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return original.every((x, n) => jsonEqual((x as Obj)[mergeKey], (modified[n] as Obj)[mergeKey]));
}

// ------------------------------------------------------------------ merging the two patches

/** Go's mergeMap(deletions, delta) with MergeParallelList off: the two partial patches as one. */
function mergePatches(a: Obj, b: Obj, cursor: Cursor): Obj {
  const result: Obj = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (key === RETAIN_KEYS || key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVE)) {
      if (!(key in result)) result[key] = value;
      continue;
    }
    if (value === null || !(key in result) || typeOf(result[key]) !== typeOf(value)) {
      result[key] = value;
      continue;
    }
    const current = result[key];
    if (isObject(current)) {
      result[key] = mergePatches(current, value as Obj, fieldCursor(cursor, key));
    } else if (Array.isArray(current)) {
      const child = fieldCursor(cursor, key);
      const kind = listKind(child);
      if (kind.type === 'atomic') result[key] = value;
      else
        mergeSliceInto(
          result,
          key,
          current,
          value as unknown[],
          child,
          kind.type === 'map' ? kind.mergeKey : '',
        );
    } else result[key] = value;
  }
  return result;
}

function mergeSliceInto(
  result: Obj,
  key: string,
  a: unknown[],
  b: unknown[],
  child: Cursor,
  mergeKey: string,
) {
  const maps = mergeKey !== '';
  let merged: unknown[];
  if (!maps) merged = dedupeScalars([...a, ...b]);
  else {
    merged = [...a];
    for (const item of b) {
      const at = indexIn(merged, item, mergeKey, true);
      if (at >= 0) merged[at] = mergePatches(merged[at] as Obj, item as Obj, itemCursor(child));
      else merged.push(item);
    }
  }
  const inPatch = merged.filter((x) => indexIn(b, x, mergeKey, maps) >= 0);
  const serverOnly = merged.filter((x) => indexIn(b, x, mergeKey, maps) < 0);
  const left = sortByOrder(serverOnly, a, mergeKey, maps);
  const right = sortByOrder(inPatch, b, mergeKey, maps);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(a, left[i], mergeKey, maps);
      const ri = indexIn(a, right[j], mergeKey, maps);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  result[key] = out;
}

/** Keys sorted at every level, as Go's json.Marshal prints a map. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const key of Object.keys(value).sort(compareStrings)) out[key] = sortKeysDeep(value[key]);
  return out;
}

/** The cursor of an object's kind, from its apiVersion and kind. */
export function cursorOf(obj: Obj): Cursor {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (!kind) return UNKNOWN;
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  return rootCursor(group, version, kind);
}

/**
 * The three-way strategic merge patch kubectl apply sends (keys sorted as kubectl sends them);
 * `{}` means nothing to change. `original` is the last-applied configuration (or undefined).
 */
export function threeWayMergePatch(
  original: Obj | undefined,
  modified: Obj,
  current: Obj,
  cursor: Cursor = cursorOf(modified),
): Obj {
  const delta = diffMaps(current, modified, cursor, {
    ignoreDeletions: true,
    ignoreChangesAndAdditions: false,
    setElementOrder: true,
    buildRetainKeys: false,
  });
  const deletions = diffMaps(original ?? {}, modified, cursor, {
    ignoreDeletions: false,
    ignoreChangesAndAdditions: true,
    setElementOrder: true,
    buildRetainKeys: false,
  });
  return sortKeysDeep(mergePatches(deletions, delta, cursor)) as Obj;
}

/**
 * The three-way JSON merge patch kubectl uses for kinds without a schema (custom resources):
 * additions and changes from current to modified, and `null` for fields removed since original.
 */
export function threeWayJsonMergePatch(original: Obj | undefined, modified: Obj, current: Obj): Obj {
  const patch: Obj = {};
  for (const [key, value] of Object.entries(modified)) {
    const cur = current[key];
    if (isObject(value) && isObject(cur)) {
      const orig = original && isObject(original[key]) ? (original[key] as Obj) : undefined;
      const sub = threeWayJsonMergePatch(orig, value, cur);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (!jsonEqual(value, cur)) patch[key] = value;
  }
  if (original)
    for (const key of Object.keys(original)) if (!(key in modified) && key in current) patch[key] = null;
  return sortKeysDeep(patch) as Obj;
}

/** The two-way strategic merge patch kubectl's `set`, `label`, `annotate` and `edit` send (from the object before to after the change). */
export function twoWayMergePatch(original: Obj, modified: Obj, cursor: Cursor = cursorOf(modified)): Obj {
  return sortKeysDeep(
    diffMaps(original, modified, cursor, {
      ignoreDeletions: false,
      ignoreChangesAndAdditions: false,
      setElementOrder: true,
      buildRetainKeys: false,
    }),
  ) as Obj;
}

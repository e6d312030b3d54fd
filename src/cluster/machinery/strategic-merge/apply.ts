/**
 * Applying a strategic merge patch (`application/strategic-merge-patch+json`): maps merge key by
 * key, `null` removes a field, lists merge by each field's merge key or as sets of primitives,
 * other lists are replaced, and the directives `$patch` (replace, merge, delete),
 * `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` are honoured.
 */
import { jsonEqual } from '../../store/keys.js';
import { fieldCursor, itemCursor, listKind, UNKNOWN, type Cursor, type ListKind } from './schema-cursor.js';

/** A patch that cannot be applied (answered as 400 BadRequest). */
export class StrategicMergeError extends Error {}

type Obj = Record<string, unknown>;

const DELETE = Symbol('delete');
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Applies `patch` to `target` and returns the result; neither input is changed. `cursor` places
 * the target in its kind's schema (see `rootCursor`), which supplies the merge keys.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, cursor: Cursor = UNKNOWN): Obj {
  if (!isObject(patch)) throw new StrategicMergeError('a strategic merge patch must be a JSON object');
  const merged = mergeMap(isObject(target) ? target : {}, patch, cursor);
  return merged === DELETE ? {} : merged;
}

function mergeMap(original: Obj, patch: Obj, cursor: Cursor): Obj | typeof DELETE {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') {
    const rest = { ...patch };
    delete rest.$patch;
    return mergeMap({}, rest, cursor) as Obj;
  }
  if (directive !== undefined && directive !== 'merge')
    throw new StrategicMergeError(`unknown patch type: ${JSON.stringify(directive)} in map`);
  const result: Obj = { ...original };
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new StrategicMergeError('$retainKeys must be a list of field names');
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  // deletions from primitive lists first, so a value can be deleted and added in one patch
  for (const [key, values] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_PRIMITIVE)) continue;
    const field = key.slice(DELETE_PRIMITIVE.length);
    if (!Array.isArray(values))
      throw new StrategicMergeError(`${key} must be a list of the values to delete`);
    const list = result[field];
    if (Array.isArray(list)) result[field] = list.filter((x) => !values.some((v) => jsonEqual(v, x)));
  }
  const orders: [string, unknown[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(DELETE_PRIMITIVE)) continue;
    if (key.startsWith(SET_ORDER)) {
      if (!Array.isArray(value)) throw new StrategicMergeError(`${key} must be a list`);
      orders.push([key.slice(SET_ORDER.length), value]);
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const child = fieldCursor(cursor, key);
    if (isObject(value)) {
      const merged = mergeMap(isObject(result[key]) ? (result[key] as Obj) : {}, value, child);
      if (merged === DELETE) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      const kind = listKind(child);
      const current = Array.isArray(result[key]) ? (result[key] as unknown[]) : [];
      result[key] = kind.type === 'atomic' ? cleanList(value, child) : mergeList(current, value, child, kind);
    } else result[key] = value;
  }
  for (const [field, order] of orders) {
    const list = result[field];
    const before = original[field];
    if (Array.isArray(list))
      result[field] = orderList(
        list,
        order,
        Array.isArray(before) ? before : [],
        listKind(fieldCursor(cursor, field)),
      );
  }
  return result;
}

/** A list from a patch with no original: directives removed from its maps. */
function cleanList(list: unknown[], cursor: Cursor): unknown[] {
  const items = itemCursor(cursor);
  return list
    .filter((x) => !(isObject(x) && x.$patch !== undefined && Object.keys(x).length === 1))
    .map((x) => (isObject(x) ? (mergeMap({}, x, items) as Obj) : x));
}

function mergeList(original: unknown[], patch: unknown[], cursor: Cursor, kind: ListKind): unknown[] {
  if (patch.some((x) => isObject(x) && x.$patch === 'replace'))
    return cleanList(
      patch.filter((x) => !(isObject(x) && x.$patch === 'replace')),
      cursor,
    );
  if (kind.type === 'set') {
    const result = [...original];
    for (const value of patch) if (!result.some((x) => jsonEqual(x, value))) result.push(value);
    return result;
  }
  if (kind.type !== 'map') return cleanList(patch, cursor);
  const key = kind.mergeKey;
  const items = itemCursor(cursor);
  const result = [...original];
  for (const item of patch) {
    if (!isObject(item)) throw new StrategicMergeError(`a list merged by ${key} must hold objects`);
    const value = item[key];
    if (value === undefined)
      throw new StrategicMergeError(
        `map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`,
      );
    const matches = (x: unknown) => isObject(x) && jsonEqual(x[key], value);
    if (item.$patch === 'delete') {
      for (let i = result.length - 1; i >= 0; i--) if (matches(result[i])) result.splice(i, 1);
      continue;
    }
    const at = result.findIndex(matches);
    if (at >= 0) result[at] = mergeMap(result[at] as Obj, item, items) as Obj;
    else result.push(mergeMap({}, item, items));
  }
  return result;
}

/**
 * `$setElementOrder`: the items the order names come in that order, the others keep their
 * server order, and the two sequences interleave by the server order as Kubernetes does.
 */
function orderList(list: unknown[], order: unknown[], server: unknown[], kind: ListKind): unknown[] {
  const idOf = (x: unknown): unknown => (kind.type === 'map' && isObject(x) ? x[kind.mergeKey] : x);
  const indexIn = (ids: unknown[], x: unknown) => ids.findIndex((id) => jsonEqual(id, idOf(x)));
  const orderIds = order.map(idOf);
  const serverIds = server.map(idOf);
  const named = list.filter((x) => indexIn(orderIds, x) >= 0);
  named.sort((a, b) => indexIn(orderIds, a) - indexIn(orderIds, b));
  const serverOnly = list.filter((x) => indexIn(orderIds, x) < 0);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < named.length || j < serverOnly.length) {
    if (i >= named.length) out.push(serverOnly[j++]);
    else if (j >= serverOnly.length) out.push(named[i++]);
    else {
      const li = indexIn(serverIds, named[i]);
      const ri = indexIn(serverIds, serverOnly[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(named[i++]);
      else out.push(serverOnly[j++]);
    }
  }
  return out;
}

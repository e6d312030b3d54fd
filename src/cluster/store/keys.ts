/** Store keys: one string per object, ordered like etcd's `/registry/<resource>/<ns>/<name>`. */
import type { ObjectKey } from '../types.js';

/** `apps/deployments` or `/pods` for the core group. */
export function groupResourceKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

/** `<namespace>/<name>` inside one resource (namespace '' for cluster-scoped). */
export function itemKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** The full key of an object. */
export function objectKeyString(key: ObjectKey): string {
  return `${key.group}/${key.resource}/${key.namespace}/${key.name}`;
}

/**
 * Constructors of plain objects (prototype `Object.prototype`, as `{}`), one per field count.
 * An object built from `{}` has room for four fields in itself, used or not (56 bytes even when
 * empty), and V8 keeps any further fields in a separate array (about 16 bytes more plus unused
 * slots: a stored Event of 13 fields, its metadata and its involved object each carried one). An
 * instance of `SHAPES[n]` is laid out
 * for the fields its constructor's instances get (the never-run assignments below make V8 start
 * from room for 32; after a few instances it shrinks to the `n` every instance gets), so a copy
 * that knows its field count holds every field in itself. Same keys, order and JSON as `{}`.
 */
const SHAPES: (new () => Record<string, unknown>)[] = [];
const MAX_SHAPE = 32;
for (let n = 0; n <= MAX_SHAPE; n++) SHAPES.push(shapeConstructor());

function shapeConstructor(): new () => Record<string, unknown> {
  const Shape = function (this: Record<string, unknown>, fill?: boolean): void {
    if (fill) {
      this.a = this.b = this.c = this.d = this.e = this.f = this.g = this.h = 0;
      this.i = this.j = this.k = this.l = this.m = this.n = this.o = this.p = 0;
      this.q = this.r = this.s = this.t = this.u = this.v = this.w = this.x = 0;
    }
  } as unknown as new () => Record<string, unknown>;
  Shape.prototype = Object.prototype;
  return Shape;
}

/**
 * An empty plain object for `count` fields: equal to `{}` in every way JSON and
 * `Object.getPrototypeOf` see, smaller once the fields are added (an empty one 24 bytes, one
 * field 32, where `{}` takes 56; 13 fields 128 where `{}` took 48 and a 112-byte array).
 */
export function objectFor(count: number): Record<string, unknown> {
  return count > MAX_SHAPE ? {} : new SHAPES[count]!();
}

/** An empty plain object laid out for the fields a copy of `src` keeps (see `objectFor`). */
export function objectForCopyOf(src: Record<string, unknown>): Record<string, unknown> {
  return objectFor(fieldCount(src));
}

/** The number of fields a copy of `src` keeps (not undefined, not functions), without a key list. */
function fieldCount(src: Record<string, unknown>): number {
  let n = 0;
  for (const k in src) {
    const v = src[k];
    if (v !== undefined && typeof v !== 'function') n++;
  }
  return n;
}

/** Deep-freezes a JSON value in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // indexes and for-in rather than Object.values: no array of values per object frozen
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    else for (const k in value) deepFreeze((value as Record<string, unknown>)[k]);
  }
  return value;
}

/**
 * Whether a value is plain JSON as `JSON.parse` makes it: null, booleans, finite numbers,
 * strings, arrays without holes or undefined elements, and objects of `Object.prototype` without
 * undefined or function fields. Such a value can be frozen and stored as it is: a copy by `clone`
 * would be equal to it, key order included.
 */
export function isPlainJson(v: unknown): boolean {
  if (v === null) return true;
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return true;
  if (t === 'number') return Number.isFinite(v);
  if (t !== 'object') return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (!(i in v) || !isPlainJson(v[i])) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  const src = v as Record<string, unknown>;
  for (const k in src) {
    if (!Object.prototype.hasOwnProperty.call(src, k) || !isPlainJson(src[k])) return false;
  }
  return true;
}

/**
 * A copy of a JSON value that shares its frozen parts (stored objects, e.g. the unchanged spec of
 * a pod whose status is written) instead of copying them. Like `deepFreeze`, it takes a frozen
 * object to be deeply frozen, as everything the store froze is. For the store's writes: they
 * replace the top level and `metadata` only, then freeze.
 */
export function copySharing<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return copyShared(value) as T;
  // The top level is always new (the store assigns to it), even for an object read from the store.
  const src = value as Record<string, unknown>;
  const out = objectFor(fieldCount(src));
  for (const k in src) {
    const x = src[k];
    if (x !== undefined && typeof x !== 'function') out[k] = copyShared(x);
  }
  return out as T;
}

/** `copySharing` of any JSON value: frozen parts shared, the rest copied. */
export function copyShared(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x === undefined ? null : copyShared(x);
    }
    return out;
  }
  const src = v as Record<string, unknown>;
  const out = objectFor(fieldCount(src));
  for (const k in src) {
    const x = src[k];
    if (x !== undefined && typeof x !== 'function') out[k] = copyShared(x);
  }
  return out;
}

/**
 * Small objects of plain values (at most four fields, each a string, number, boolean or null)
 * that the store keeps once for every stored object holding an equal one (same keys, order and
 * values): the store hands it the small top-level fields a write adds (an Event's `source`), and
 * gets back a frozen object seen before or the given one, frozen. Bounded: emptied when it holds
 * `limit` objects.
 */
export class LeafPool {
  private readonly byJson = new Map<string, object>();
  constructor(private readonly limit = 16_384) {}

  share(v: unknown): unknown {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    let n = 0;
    for (const k in o) {
      const x = o[k];
      if (++n > 4 || (x !== null && typeof x === 'object') || x === undefined || typeof x === 'function')
        return v;
    }
    if (Object.getPrototypeOf(o) !== Object.prototype) return v;
    const key = JSON.stringify(o);
    const known = this.byJson.get(key);
    if (known !== undefined) return known;
    if (this.byJson.size >= this.limit) this.byJson.clear();
    this.byJson.set(key, Object.freeze(o));
    return o;
  }
}

/**
 * Puts the stored (frozen) parts of `previous` in place of the identical parts of `value`: the
 * same keys in the same order with the same values, so that the object serializes exactly as
 * before. `value` must belong to the caller (it is changed in place; its frozen parts are left as
 * they are). Returns `previous` when all of `value` is identical to it, else `value`. A write
 * that keeps most of an object (a status update keeps the spec) then stores, freezes and compares
 * only what changed.
 */
export function shareIdentical(value: unknown, previous: unknown): unknown {
  if (value === previous) return value;
  if (
    value === null ||
    previous === null ||
    typeof value !== 'object' ||
    typeof previous !== 'object' ||
    !Object.isFrozen(previous) ||
    Object.isFrozen(value)
  )
    return value;
  if (Array.isArray(value)) {
    if (!Array.isArray(previous)) return value;
    let same = value.length === previous.length;
    const n = Math.min(value.length, previous.length);
    for (let i = 0; i < n; i++) {
      const v: unknown = value[i];
      const p: unknown = previous[i];
      const s = shareIdentical(v, p);
      if (s !== v) value[i] = s;
      if (s !== p) same = false;
    }
    return same ? previous : value;
  }
  if (Array.isArray(previous) || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const src = value as Record<string, unknown>;
  const prev = previous as Record<string, unknown>;
  const order = Object.keys(prev);
  let same = true;
  let i = 0;
  for (const k in src) {
    const v = src[k];
    if (v === undefined || typeof v === 'function' || order[i++] !== k) {
      same = false;
      if (v === undefined || typeof v === 'function') continue;
    }
    if (!Object.prototype.hasOwnProperty.call(prev, k)) {
      same = false;
      continue;
    }
    const p = prev[k];
    const s = shareIdentical(v, p);
    if (s !== v) src[k] = s;
    if (s !== p) same = false;
  }
  return same && i === order.length ? previous : value;
}

/**
 * `copyShared` for a value its caller gives away: the same result (frozen), but the caller's own
 * plain parts are frozen in place instead of copied, after the changes a copy would make
 * (undefined fields dropped, undefined or missing array items made null). Parts of another
 * prototype are copied, as `copyShared` copies them.
 */
export function adoptShared(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x === undefined) v[i] = null;
      else {
        const a = adoptShared(x);
        if (a !== x) v[i] = a;
      }
    }
    return Object.freeze(v);
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return deepFreeze(copyShared(v));
  const src = v as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    const x = src[k];
    if (x === undefined || typeof x === 'function') delete src[k];
    else {
      const a = adoptShared(x);
      if (a !== x) src[k] = a;
    }
  }
  return Object.freeze(v);
}

/**
 * A mutable deep copy of a JSON value (undefined fields dropped, as JSON would). A hand-written
 * walk: several times faster than a JSON round trip, and reads copy every object they return.
 */
export function clone<T>(value: T): T {
  return copyJson(value) as T;
}

function copyJson(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x === undefined ? null : copyJson(x);
    }
    return out;
  }
  const src = v as Record<string, unknown>;
  const out = objectFor(fieldCount(src));
  for (const k in src) {
    const x = src[k];
    if (x !== undefined && typeof x !== 'function') out[k] = copyJson(x);
  }
  return out;
}

/** Structural equality of JSON values (key order ignored, undefined fields absent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(x[i], y[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Without building key lists: every defined field of `a` equals `b`'s, and `b` has no more.
  let count = 0;
  for (const k in ra) {
    const v = ra[k];
    if (v === undefined) continue;
    count++;
    const w = rb[k];
    if (w === undefined || !Object.prototype.hasOwnProperty.call(rb, k) || !jsonEqual(v, w)) return false;
  }
  for (const k in rb) if (rb[k] !== undefined) count--;
  return count === 0;
}

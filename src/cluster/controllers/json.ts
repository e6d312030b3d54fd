/** Deterministic JSON helpers: stable stringify (sorted keys), deep equality and cloning. */
import { clone as copyJson } from '../store/keys.js';

/** JSON with object keys sorted, so equal values give equal text. `undefined` fields are dropped. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(compareStrings);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/**
 * Deep equality of JSON values (key order ignored): true exactly when `stableStringify` gives
 * the same text for both (undefined fields absent, undefined or non-finite array items and
 * non-finite numbers as null), without building the text.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return a === b || equalJson(asJson(a), asJson(b));
}

/** How JSON.stringify would see a top-level or array value: undefined, NaN and Infinity become null. */
function asJson(v: unknown): unknown {
  if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return null;
  return v;
}

function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // 0 and -0 are the same text; anything else that is not identical differs.
    return false;
  }
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equalJson(asJson(x[i]), asJson(y[i]))) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k)) continue;
    const v = x[k];
    if (v === undefined) continue;
    count++;
    const w = y[k];
    if (w === undefined || !Object.prototype.hasOwnProperty.call(y, k)) return false;
    if (!equalJson(fieldJson(v), fieldJson(w))) return false;
  }
  for (const k in y) if (Object.prototype.hasOwnProperty.call(y, k) && y[k] !== undefined) count--;
  return count === 0;
}

/** How JSON.stringify would see an object field's (defined) value: non-finite numbers become null. */
function fieldJson(v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/** A deep copy of a JSON value (the store's copier: as a JSON round trip, several times faster). */
export function clone<T>(value: T): T {
  return value === undefined ? value : copyJson(value);
}

/** Code-unit string order (locale-independent, so results never depend on the host). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

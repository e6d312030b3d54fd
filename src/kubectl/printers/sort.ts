/**
 * `--sort-by`: kubectl's ordering of objects or Table rows by a JSONPath field: numbers by
 * value, strings byte by byte (as measured against kubectl 1.32: "10.105.x" before "10.96.x"),
 * objects without the field first; ties end where Go's (unstable) sort.Sort leaves them, as in
 * kubectl (describe/go-sort.ts).
 */
import { KubectlError } from '../errors.js';
import { evaluate, parsePath } from './jsonpath.js';
import { goSort } from '../describe/go-sort.js';

/** The path of a `--sort-by` value (`.metadata.name` or `{.metadata.name}`). */
export function sortPath(field: string): ReturnType<typeof parsePath> {
  let expr = field.trim();
  if (expr.startsWith('{') && expr.endsWith('}')) expr = expr.slice(1, -1);
  if (!expr.startsWith('.') && !expr.startsWith('$')) expr = `.${expr}`;
  return parsePath(expr);
}

function less(a: unknown, b: unknown): boolean {
  if (a === undefined) return b !== undefined;
  if (b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b;
  const x = String(a);
  const y = String(b);
  return x < y;
}

/**
 * Sorts `items` by the field at `field` of `objectOf(item)`. When no item has the field,
 * kubectl fails for objects (`-o name|yaml|json`) and prints nothing for Table rows: `missing`
 * picks which.
 */
export function sortByField<T>(
  items: T[],
  field: string,
  objectOf: (item: T) => unknown,
  missing: 'error' | 'empty' = 'error',
): T[] {
  const path = sortPath(field);
  const keyed = items.map((item, index) => ({ item, index, key: evaluate(path, objectOf(item))[0] }));
  if (items.length > 0 && keyed.every((k) => k.key === undefined) && missing === 'empty') return [];
  if (items.length > 0 && keyed.every((k) => k.key === undefined))
    throw new KubectlError(
      `couldn't find any field with path "{${field.replace(/^\{|\}$/g, '')}}" in the list of objects`,
    );
  // kubectl sorts with Go's sort.Sort, which is not stable: ties end where its swaps leave them
  goSort(keyed, (x, y) => less(x.key, y.key));
  return keyed.map((k) => k.item);
}

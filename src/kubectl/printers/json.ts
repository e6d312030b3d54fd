/**
 * JSON as kubectl prints it (Go's json.MarshalIndent with four spaces over unstructured maps):
 * keys sorted by byte order, `<`, `>`, `&`, U+2028 and U+2029 escaped, a final newline.
 */

function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Go's json.Marshal/MarshalIndent of a JSON value (`indent` '' for compact). Keys are sorted, as
 * for Go maps, unless `sort` is false (typed Go structs keep their field order: build the object
 * in that order).
 */
export function goJson(value: unknown, indent = '    ', level = 0, sort = true): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  const pad = indent ? `\n${indent.repeat(level + 1)}` : '';
  const end = indent ? `\n${indent.repeat(level)}` : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${value.map((v) => pad + goJson(v, indent, level + 1, sort)).join(',')}${end}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (sort) keys.sort(byteOrder);
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => pad + goString(k) + sep + goJson(obj[k], indent, level + 1, sort)).join(',')}${end}}`;
}

/** `-o json` output of one object or List. */
export function toJson(value: unknown): string {
  return `${goJson(value)}\n`;
}

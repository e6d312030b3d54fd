/** Go's `%v` formatting of JSON values (custom-columns cells, go-template output). */

/** Go's `%v` of a JSON value, as kubectl prints custom-column cells: `map[a:1 b:[x y]]`. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${keys.map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number' && !Number.isInteger(v)) {
    const abs = Math.abs(v);
    if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
      const [m, e] = v.toExponential().split('e');
      return `${m}e${e!.startsWith('-') ? '-' : '+'}${e!.replace(/^[-+]/, '').padStart(2, '0')}`;
    }
  }
  return String(v);
}

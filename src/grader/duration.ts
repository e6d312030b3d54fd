/** Durations in lab.yaml: seconds as a number, or `500ms`, `30s`, `2m`. Returns milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return Math.round(value * 1000);
  const m = /^(\d+)(ms|s|m)$/.exec(value);
  if (!m) throw new Error(`invalid duration "${value}" (use 500ms, 30s or 2m)`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

/**
 * The `kubectl.kubernetes.io/last-applied-configuration` annotation: the configuration as the user
 * applied it, encoded as kubectl encodes it (Go's encoding/json: keys sorted, `<`, `>` and `&`
 * escaped, a trailing newline), without the annotation itself but with `annotations: {}` kept.
 */
type Obj = Record<string, unknown>;

/** The annotation's key. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function goString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Go's `json.Marshal` of a decoded JSON value (map keys sorted, HTML characters escaped). */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? goNumber(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const obj = value as Obj;
  const keys = Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${goString(k)}:${goJson(obj[k])}`).join(',')}}`;
}

/** Go formats float64 with 'f' below 1e21 and 'e' (with `e+NN`) above; integers print as integers. */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

/** The last-applied configuration recorded on a live object, parsed; undefined when absent. */
export function lastAppliedOf(obj: Obj): Obj | undefined {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const text = annotations[LAST_APPLIED];
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The configuration with its last-applied annotation set, as kubectl sends it: `annotate` false
 * gives the annotation's own text (the object without the annotation, `annotations: {}` kept).
 */
export function withLastApplied(config: Obj): { object: Obj; annotation: string } {
  const object = structuredClone(config);
  const metadata = (isObject(object.metadata) ? object.metadata : (object.metadata = {})) as Obj;
  const annotations = { ...((isObject(metadata.annotations) ? metadata.annotations : {}) as Obj) };
  delete annotations[LAST_APPLIED];
  metadata.annotations = annotations;
  const annotation = `${goJson(object)}\n`;
  metadata.annotations = { ...annotations, [LAST_APPLIED]: annotation };
  return { object, annotation };
}

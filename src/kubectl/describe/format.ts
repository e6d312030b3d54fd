/**
 * Formatting shared by the describers: times as kubectl prints them (RFC 1123 with a numeric
 * zone, ages), label, annotation and toleration lists, and the small helpers kubectl's describe
 * uses (`<none>` placeholders, booleans, controller references).
 */
import { humanDuration } from '../../cluster/printers/duration.js';
import { parseRfc3339 } from '../../cluster/machinery/timestamps.js';
import type { KubeObject } from '../../cluster/types.js';
import { L0, type DescribeWriter } from './writer.js';

/** A loose JSON object, as describers read it. */
export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Days since 1970-01-01 as [year, month, day] (proleptic Gregorian). */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/**
 * A timestamp in Go's RFC1123Z layout (`Fri, 04 Dec 2026 21:10:14 +0000`), in UTC. A missing or
 * unreadable timestamp prints as Go's zero time, as kubectl does for an unset field.
 */
export function rfc1123z(timestamp: unknown): string {
  const ms = typeof timestamp === 'string' ? parseRfc3339(timestamp) : undefined;
  if (ms === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  const rest = secs - days * 86400;
  const [y, m, d] = civil(days);
  const weekday = DAYS[((days % 7) + 7) % 7]!;
  const time = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor(rest / 60) % 60)}:${pad(rest % 60)}`;
  return `${weekday}, ${pad(d)} ${MONTHS[m - 1]} ${pad(y, 4)} ${time} +0000`;
}

/** How long ago (kubectl's translateTimestampSince): `<unknown>` for a missing time. */
export function since(timestamp: unknown, now: number): string {
  const at = typeof timestamp === 'string' ? parseRfc3339(timestamp) : undefined;
  return at === undefined ? '<unknown>' : humanDuration(now - at);
}

/** How long until (translateTimestampUntil). */
export function until(timestamp: unknown, now: number): string {
  const at = typeof timestamp === 'string' ? parseRfc3339(timestamp) : undefined;
  return at === undefined ? '<unknown>' : humanDuration(at - now);
}

/** `<none>` for an empty string (stringOrNone). */
export function orNone(s: string | undefined): string {
  return s ? s : '<none>';
}

/** Go's `%v` of an optional bool pointer: `<nil>` when unset. */
export function boolPtr(b: unknown): string {
  return typeof b === 'boolean' ? String(b) : '<nil>';
}

/** kubectl's printBool: `True` / `False`. */
export function printBool(b: unknown): string {
  return b === true ? 'True' : 'False';
}

export function arr<T = Obj>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function rec(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** Go's `%d` of a number that may be absent (zero value). */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** Go's `%s` of a string that may be absent (zero value). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** An int-or-string as Go's IntOrString.String() prints it. */
export function intOrString(v: unknown): string {
  return v === undefined || v === null ? '0' : String(v);
}

/** Go's byte-wise string order (sort.Strings). */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Kind/name` of the controller owner reference, or '' (printController). */
export function controllerOf(o: KubeObject): string {
  const ref = arr(o.metadata.ownerReferences).find((r) => r.controller === true);
  return ref ? `${str(ref.kind)}/${str(ref.name)}` : '';
}

/** Writes `Title:<indent>k=v` lines, sorted, `<none>` when empty (printLabelsMultilineWithIndent). */
export function labelsMultiline(
  w: DescribeWriter,
  title: string,
  labels: unknown,
  initialIndent = '',
  innerIndent = '\t',
  skip: ReadonlySet<string> = new Set(),
): void {
  w.write(L0, `${initialIndent}${title}:${innerIndent}`);
  const map = rec(labels);
  const keys = Object.keys(map)
    .filter((k) => !skip.has(k))
    .sort(byString);
  if (keys.length === 0) {
    w.line('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(L0, `${initialIndent}${innerIndent}`);
    w.write(L0, `${key}=${str(map[key])}\n`);
  });
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** Writes `Title:\tk: v` lines, long or multi-line values folded (printAnnotationsMultiline). */
export function annotationsMultiline(w: DescribeWriter, title: string, annotations: unknown): void {
  w.write(L0, `${title}:\t`);
  const map = rec(annotations);
  const keys = Object.keys(map)
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort(byString);
  if (keys.length === 0) {
    w.line('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(L0, indent);
    let value = str(map[key]);
    if (value.endsWith('\n')) value = value.slice(0, -1);
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(L0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(L0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(L0, `${key}: ${value}\n`);
    }
  });
}

/** Writes tolerations as kubectl does (`key=value:Effect op=Exists for 300s`), sorted by key. */
export function tolerationsMultiline(
  w: DescribeWriter,
  title: string,
  tolerations: unknown,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(L0, `${initialIndent}${title}:${innerIndent}`);
  const list = arr(tolerations)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => byString(str(a.t.key), str(b.t.key)) || a.i - b.i)
    .map((x) => x.t);
  if (list.length === 0) {
    w.line('<none>');
    return;
  }
  list.forEach((t, i) => {
    if (i !== 0) w.write(L0, `${initialIndent}${innerIndent}`);
    let text = str(t.key);
    if (str(t.value)) text += `=${str(t.value)}`;
    if (str(t.effect)) text += `:${str(t.effect)}`;
    if (t.operator === 'Exists' && !str(t.value))
      text += str(t.key) || str(t.effect) ? ' op=Exists' : 'op=Exists';
    if (typeof t.tolerationSeconds === 'number') text += ` for ${t.tolerationSeconds}s`;
    w.write(L0, `${text}\n`);
  });
}

/** Taints (`key=value:Effect`) under `Taints:`, sorted by effect then key, as kubectl prints them. */
export function taintsMultiline(w: DescribeWriter, title: string, taints: unknown): void {
  w.write(L0, `${title}:\t`);
  const list = arr(taints)
    .map((t, i) => ({ t, i, k: `${str(t.effect)},${str(t.key)}` }))
    .sort((a, b) => byString(a.k, b.k) || a.i - b.i)
    .map((x) => x.t);
  if (list.length === 0) {
    w.line('<none>');
    return;
  }
  list.forEach((t, i) => {
    if (i !== 0) w.write(L0, '\t');
    w.write(L0, `${str(t.key)}${str(t.value) ? `=${str(t.value)}` : ''}:${str(t.effect)}\n`);
  });
}

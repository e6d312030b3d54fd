/**
 * The describer for kinds without their own (kubectl's generic describer): name, namespace, labels,
 * annotations, then every other field of the object, sorted, with labels made from the field names
 * (`creationTimestamp` -> `Creation Timestamp`, `apiVersion` -> `API Version`).
 */
import type { KubeObject } from '../../cluster/types.js';
import { describeEvents } from './events.js';
import { annotationsMultiline, byString, labelsMultiline, str, type Obj } from './format.js';
import { fetchEvents, type DescribeContext } from './source.js';
import { L0, tabbedString, type DescribeWriter } from './writer.js';

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

type RuneClass = 0 | 1 | 2 | 3; // lower, upper, digit, other

function classOf(ch: string): RuneClass {
  if (/\p{Ll}/u.test(ch)) return 0;
  if (/\p{Lu}/u.test(ch)) return 1;
  if (/\p{Nd}/u.test(ch)) return 2;
  return 3;
}

/** Splits camelCase words as the camelcase package kubectl uses does (`APIVersion` -> `API`, `Version`). */
export function splitCamel(s: string): string[] {
  const runs: string[][] = [];
  let last: RuneClass | undefined;
  for (const ch of s) {
    const c = classOf(ch);
    if (c === last) runs[runs.length - 1]!.push(ch);
    else runs.push([ch]);
    last = c;
  }
  // An upper-case run followed by a lower-case run gives its last letter to the lower-case run.
  for (let i = 0; i < runs.length - 1; i++) {
    const a = runs[i]!;
    const b = runs[i + 1]!;
    if (classOf(a[0]!) === 1 && classOf(b[0]!) === 0) {
      b.unshift(a.pop()!);
      if (a.length === 0) {
        runs.splice(i, 1);
        i--;
      }
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** kubectl's smartLabelFor. */
export function smartLabel(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== '-')) return field;
  return splitCamel(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/**
 * Go's `%v` of a JSON value that is not a map or a list. Kubernetes decodes JSON integers as
 * int64 (printed in full) and other numbers as float64 (`%v`: shortest form, exponent from 1e+06).
 */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : goFloat(v);
  return String(v);
}

/** Go's `%v` of a float64: `0.5`, `123456.5`, `1.2345675e+06`, `1e-05`. */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return '0';
  const [mantissa, e] = n.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${exp < 0 ? '-' : '+'}${digits}`;
  }
  return String(n);
}

function printContent(
  w: DescribeWriter,
  level: number,
  content: Obj,
  prefix: string,
  skip: Set<string>,
): void {
  for (const field of Object.keys(content).sort(byString)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skip.has(path)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value as Obj, path, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child))
          printContent(w, level + 1, child as Obj, path, skip);
        else
          w.write(
            level + 1,
            `${Array.isArray(child) ? `[${child.map(goValue).join(' ')}]` : goValue(child)}\n`,
          );
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
    }
  }
}

const SKIP = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

export function renderGeneric(obj: KubeObject, events: Obj[] | undefined, now: number): string {
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(obj.metadata.name)}\n`);
    w.write(L0, `Namespace:\t${str(obj.metadata.namespace)}\n`);
    labelsMultiline(w, 'Labels', obj.metadata.labels);
    annotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printContent(w, L0, obj as unknown as Obj, '', SKIP);
    describeEvents(events, w, now);
  });
}

export async function describeGeneric(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  return renderGeneric(obj, await fetchEvents(ctx, obj), ctx.now);
}

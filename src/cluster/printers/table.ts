/**
 * The Table shape (meta.k8s.io/v1) and the helpers every printer shares: column definitions,
 * label and selector formatting as Kubernetes prints them, container name and image cells.
 */
import type { KubeObject } from '../types.js';

/** One column of a Table. */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** What a printer is given besides the object. */
export interface PrintContext {
  /** The cluster clock's time (ms since the epoch), for ages. */
  now: number;
}

/** How one kind prints: its columns and one row's cells per object (wide cells included). */
export interface Printer {
  columns: TableColumn[];
  cells(object: KubeObject, ctx: PrintContext): unknown[];
}

/** A column; `wide` gives it priority 1 (shown only with `-o wide`). */
export function column(
  name: string,
  description: string,
  options: { type?: TableColumn['type']; wide?: boolean; format?: string } = {},
): TableColumn {
  return {
    name,
    type: options.type ?? 'string',
    format: options.format ?? '',
    description,
    priority: options.wide ? 1 : 0,
  };
}

/** The Name column (format `name`, so kubectl prefixes `pod/` in multi-type output). */
export const NAME_COLUMN = column(
  'Name',
  'Name must be unique within a namespace. It is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.',
  { format: 'name' },
);

/** The Age column. */
export const AGE_COLUMN = column(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created, shown as the time since then.',
);

/** Reads a nested field; undefined when a step is missing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function at(obj: unknown, ...path: (string | number)[]): any {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** An array field, or [] when absent. */
export function list<T = Record<string, unknown>>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** A number field, or 0 when absent (Go's zero value). */
export function int(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** `a=1,b=2` with keys sorted, or `<none>` (labels.FormatLabels). */
export function formatLabels(labels: unknown): string {
  if (!labels || typeof labels !== 'object') return '<none>';
  const keys = Object.keys(labels as object).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${String((labels as Record<string, unknown>)[k])}`).join(',');
}

/** A LabelSelector as a selector string (`app=web,tier in (a,b)`), or `<none>` (FormatLabelSelector). */
export function formatLabelSelector(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return '<none>';
  const requirements: { key: string; text: string }[] = [];
  const matchLabels = at(selector, 'matchLabels') as Record<string, string> | undefined;
  for (const [key, value] of Object.entries(matchLabels ?? {}))
    requirements.push({ key, text: `${key}=${value}` });
  for (const e of list(at(selector, 'matchExpressions'))) {
    const key = String(e.key ?? '');
    const values = list<string>(e.values).slice().sort();
    switch (e.operator) {
      case 'In':
        requirements.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        requirements.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        requirements.push({ key, text: key });
        break;
      case 'DoesNotExist':
        requirements.push({ key, text: `!${key}` });
        break;
      default:
        return '<error>';
    }
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const text = requirements.map((r) => r.text).join(',');
  return text || '<none>';
}

/** The Containers and Images cells of a pod template's spec. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = list(at(podSpec, 'containers'));
  return [
    containers.map((c) => String(c.name ?? '')).join(','),
    containers.map((c) => String(c.image ?? '')).join(','),
  ];
}

/** The Containers, Images (and Selector) columns of workloads, wide. */
export function containerColumns(selector: boolean): TableColumn[] {
  const cols = [
    column('Containers', 'Names of each container in the template.', { wide: true }),
    column('Images', 'Images referenced by each container in the template.', { wide: true }),
  ];
  if (selector) cols.push(column('Selector', 'Label selector for the pods.', { wide: true }));
  return cols;
}

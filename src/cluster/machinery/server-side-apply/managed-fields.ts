/**
 * `metadata.managedFields`: reading and writing its entries, and which fields of an object are
 * never tracked (identity and server-owned metadata, and the status or the spec depending on
 * which part of the object a write may change).
 */
import { FieldSet } from './field-set.js';

/** One `managedFields` entry as it is stored (Go field order). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** An entry with its fields as a set. */
export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: FieldSet;
}

/** Whether two entries belong to the same manager (appliers are one manager across versions). */
export function sameManager(a: Omit<Manager, 'fields'>, b: Omit<Manager, 'fields'>): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? '') === (b.subresource ?? '') &&
    (a.operation === 'Apply' || a.apiVersion === b.apiVersion)
  );
}

/** Reads `managedFields`; entries that are not well formed are dropped. */
export function readManagers(managedFields: unknown): Manager[] {
  if (!Array.isArray(managedFields)) return [];
  const out: Manager[] = [];
  for (const e of managedFields) {
    if (e === null || typeof e !== 'object') continue;
    const entry = e as Partial<ManagedFieldsEntry>;
    if (typeof entry.manager !== 'string') continue;
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') continue;
    const m: Manager = {
      manager: entry.manager,
      operation: entry.operation,
      apiVersion: typeof entry.apiVersion === 'string' ? entry.apiVersion : '',
      fields: FieldSet.fromFieldsV1(entry.fieldsV1),
    };
    if (typeof entry.time === 'string') m.time = entry.time;
    if (typeof entry.subresource === 'string' && entry.subresource) m.subresource = entry.subresource;
    out.push(m);
  }
  return out;
}

/**
 * Writes managers back as `managedFields`: empty ones dropped, sorted as Kubernetes sorts them
 * (Apply before Update, then by time, manager, apiVersion and subresource).
 */
export function writeManagers(managers: Manager[]): ManagedFieldsEntry[] {
  const kept = managers.filter((m) => !m.fields.empty());
  kept.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      cmp(p.time ?? NOT_YET, q.time ?? NOT_YET) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return kept.map((m) => {
    const entry: ManagedFieldsEntry = {
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time !== undefined ? { time: m.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: m.fields.toFieldsV1(),
    };
    if (m.subresource) entry.subresource = m.subresource;
    return entry;
  });
}

/** Sorts after every time: an entry without a time is stamped with the write's time later. */
const NOT_YET = '\uffff';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Metadata fields no manager owns. */
export const UNTRACKED_META = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
];

/**
 * Which part of an object a write tracks: everything but the status on the main resource of a
 * kind with a status subresource, only the status through `/status`.
 */
export type TrackedPart = 'all' | 'spec' | 'status';

/** Removes the paths no manager owns: apiVersion, kind, identity metadata, and the untracked part. */
export function trackedOnly(set: FieldSet, part: TrackedPart): FieldSet {
  return set.select(
    (first) => {
      if (first === 'f:apiVersion' || first === 'f:kind') return false;
      if (first === 'f:metadata') return part === 'status' ? false : 'children';
      if (part === 'status') return first === 'f:status';
      if (part === 'spec') return first !== 'f:status';
      return true;
    },
    (second) => !UNTRACKED_META.includes(second.slice(2)),
  );
}

/**
 * Server-side apply of one configuration: merge it into the live object, remove the fields the
 * applier set before and no longer sets (unless another manager owns them), refuse with 409 when
 * a changed field belongs to another manager (unless forced, which takes the field over), and
 * record the applier's fields (operation `Apply`).
 */
import type { KubeObject } from '../../types.js';
import { ApiError } from '../../types.js';
import { clone, jsonEqual } from '../../store/keys.js';
import type { Cursor } from '../strategic-merge/index.js';
import { FieldSet, pathString, type PathElement } from './field-set.js';
import {
  readManagers,
  sameManager,
  trackedOnly,
  writeManagers,
  type Manager,
  type TrackedPart,
} from './managed-fields.js';
import { dropMissing } from './track.js';
import { changedFields, fieldsOf, mergeConfig, removePath } from './walk.js';

/** One apply request. */
export interface ApplyRequest {
  /** The stored object (a copy), or undefined when the apply creates it. */
  live: KubeObject | undefined;
  /** The configuration (already parsed). */
  config: KubeObject;
  manager: string;
  apiVersion: string;
  subresource?: string;
  force: boolean;
  part: TrackedPart;
  cursor: Cursor;
}

/** A field owned by another manager that the apply would change. */
export interface Conflict {
  manager: Manager;
  path: PathElement[];
}

/**
 * The applied object, its `managedFields` updated. The applier's entry has no `time` when the
 * apply changed something: the write pipeline stamps it (see `withFieldManagement`).
 */
export function applyConfiguration(req: ApplyRequest): KubeObject {
  const { cursor, part } = req;
  const live: KubeObject = req.live
    ? clone(req.live)
    : { apiVersion: req.config.apiVersion, kind: req.config.kind, metadata: {} };
  const managers = readManagers(live.metadata.managedFields);
  delete live.metadata.managedFields;
  const config = clone(req.config);
  if (part === 'spec') delete config.status;
  const configSet = trackedOnly(fieldsOf(config, cursor), part);
  const self = {
    manager: req.manager,
    operation: 'Apply' as const,
    apiVersion: req.apiVersion,
    subresource: req.subresource,
  };
  const previous = managers.find((m) => sameManager(m, self));
  const others = managers.filter((m) => m !== previous);

  const merged = mergeConfig(live, config, cursor) as KubeObject;
  if (previous) {
    // parents before children: a removed list item takes its fields with it
    const removed: PathElement[][] = [];
    for (const path of previous.fields.difference(configSet).paths()) {
      if (removed.some((r) => r.every((pe, i) => path[i] === pe))) continue;
      // still configured below (a map the applier owned as a whole and still sets keys of)
      if (configSet.hasWithin(path)) continue;
      if (others.some((m) => m.fields.hasWithin(path))) continue;
      if (removePath(merged, path, cursor)) removed.push(path);
    }
  }
  const changed = trackedOnly(changedFields(live, merged, cursor), part);
  const conflicts: Conflict[] = [];
  for (const m of others)
    for (const path of m.fields.intersection(changed).paths()) conflicts.push({ manager: m, path });
  if (conflicts.length > 0) {
    if (!req.force) throw conflictError(conflicts);
    for (const m of others) m.fields = m.fields.difference(changed);
  }
  const mine: Manager = previous ?? { ...self, fields: new FieldSet() };
  if (!req.subresource) delete mine.subresource;
  const unchanged = !!previous && previous.fields.equals(configSet) && jsonEqual(live, merged);
  mine.fields = configSet;
  if (!unchanged) delete mine.time;
  const all = previous ? managers : [...managers, mine];
  dropMissing(all, merged, cursor);
  const entries = writeManagers(all);
  if (entries.length > 0) merged.metadata.managedFields = entries;
  return merged;
}

/** How Kubernetes names a manager in a conflict. */
export function describeManager(
  m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  let text = JSON.stringify(m.manager);
  if (m.subresource) text += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') text += ` using ${m.apiVersion}`;
  return text;
}

/** 409 Conflict worded as Kubernetes words apply conflicts, one cause per field. */
export function conflictError(conflicts: Conflict[]): ApiError {
  const sorted = [...conflicts].sort((a, b) => cmpPath(a.path, b.path));
  let message: string;
  if (sorted.length === 1) {
    const c = sorted[0]!;
    message = `Apply failed with 1 conflict: conflict with ${describeManager(c.manager)}: ${pathString(c.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of sorted) {
      const name = describeManager(c.manager);
      byManager.set(name, [...(byManager.get(name) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const name of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${name}:`);
      for (const p of byManager.get(name)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Conflict',
    details: {
      causes: sorted.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${describeManager(c.manager)}`,
        field: pathString(c.path),
      })),
    },
    code: 409,
  });
}

function cmpPath(a: PathElement[], b: PathElement[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}

/**
 * What a list or watch selects: one resource, optionally one namespace, label and field
 * selectors; and how a stored change looks through that filter (the watch cache's rules: an
 * object that starts matching arrives as ADDED, one that stops matching as DELETED).
 */
import type { KubeObject, WatchEventType } from '../types.js';
import {
  fieldValue,
  matchesLabels,
  type FieldSelectorExpr,
  type LabelSelectorExpr,
} from '../machinery/selectors.js';

/** Selects objects of one resource. */
export interface StoreFilter {
  group: string;
  resource: string;
  /** Only this namespace ('' or undefined: all). */
  namespace?: string;
  label?: LabelSelectorExpr;
  field?: FieldSelectorExpr;
  /** How a field label reads an object (default: the dotted path). Per-kind fields plug in here. */
  fieldGetter?: (object: KubeObject, field: string) => string;
}

/** True when `object` passes the filter's namespace, label and field parts. */
export function passes(filter: StoreFilter, object: KubeObject): boolean {
  if (filter.namespace && (object.metadata.namespace ?? '') !== filter.namespace) return false;
  if (filter.label && !matchesLabels(filter.label, object.metadata.labels)) return false;
  if (filter.field) {
    const get = filter.fieldGetter ?? fieldValue;
    for (const r of filter.field.requirements) {
      const v = get(object, r.field);
      if (r.operator === '!=' ? v === r.value : v !== r.value) return false;
    }
  }
  return true;
}

/** One committed change, as the store's history keeps it. */
export interface StoredChange {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  group: string;
  resource: string;
  /** The object after the change (for DELETED: its last state, carrying the deletion's rv). */
  object: KubeObject;
  /** The object before the change (MODIFIED and DELETED). */
  prev?: KubeObject;
  /** Clock time of the commit. */
  time: number;
}

/** How `change` looks to a watcher with `filter` (the watch event), or undefined when it sees nothing. */
export function project(
  filter: StoreFilter,
  change: StoredChange,
): { type: WatchEventType; object: KubeObject; rv: number } | undefined {
  if (change.group !== filter.group || change.resource !== filter.resource) return undefined;
  const now = passes(filter, change.object);
  if (change.type === 'ADDED')
    return now ? { type: 'ADDED', object: change.object, rv: change.rv } : undefined;
  if (change.type === 'DELETED')
    return now ? { type: 'DELETED', object: change.object, rv: change.rv } : undefined;
  const before = change.prev ? passes(filter, change.prev) : false;
  if (now && before) return { type: 'MODIFIED', object: change.object, rv: change.rv };
  if (now) return { type: 'ADDED', object: change.object, rv: change.rv };
  if (before) {
    // The watch cache sends the old state, stamped with the change's resourceVersion.
    const prev = change.prev!;
    return {
      type: 'DELETED',
      object: { ...prev, metadata: { ...prev.metadata, resourceVersion: String(change.rv) } },
      rv: change.rv,
    };
  }
  return undefined;
}

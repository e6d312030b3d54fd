/**
 * A position in a kind's schema while a patch or an apply configuration is walked: which
 * definition the value has, and how the field that holds it merges (`field-rules.ts`).
 * Values outside the schema (unknown fields, custom kinds) get an empty cursor: maps merge key
 * by key and lists are atomic, as JSON merge patch would do.
 */
import { allDefinitions, type SchemaNode } from '../../validation/schemas.js';
import { findKind } from '../../validation/kinds.js';
import { ATOMIC_MAPS, ATOMIC_STRUCTS, FIELD_RULES, type FieldRule } from './field-rules.js';

/** Where a value sits in the schema. */
export interface Cursor {
  /** The schema node of the value (`$ref`s resolved), when known. */
  node?: SchemaNode;
  /** The definition name when the value is a named struct. */
  def?: string;
  /** How the field holding the value merges (lists and retained-key structs). */
  rule?: FieldRule;
  /** The value is owned and applied as a whole by server-side apply. */
  atomic?: boolean;
}

/** The cursor of a value nothing is known about. */
export const UNKNOWN: Cursor = Object.freeze({});

function refName(node: SchemaNode | undefined): string | undefined {
  const ref = node?.$ref;
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
}

function at(node: SchemaNode | undefined, rule?: FieldRule, atomicMap = false): Cursor {
  const defs = allDefinitions();
  let n = node;
  let def: string | undefined;
  for (let i = 0; i < 20 && n?.$ref; i++) {
    def = refName(n);
    n = def ? defs[def] : undefined;
  }
  if (!n) return rule ? { rule } : UNKNOWN;
  const cursor: Cursor = { node: n };
  if (def) cursor.def = def;
  if (rule) cursor.rule = rule;
  if (atomicMap || (def && ATOMIC_STRUCTS.has(def))) cursor.atomic = true;
  return cursor;
}

// Cursors are immutable and walked often (every write records its fields): they are cached.
const roots = new Map<string, Cursor>();
const fields = new WeakMap<Cursor, Map<string, Cursor>>();
const items = new WeakMap<Cursor, Cursor>();

/** The cursor at the root of a kind (`apps`, `v1`, `Deployment`); UNKNOWN for kinds without a schema. */
export function rootCursor(group: string, version: string, kind: string): Cursor {
  const id = `${group}/${version}/${kind}`;
  let cursor = roots.get(id);
  if (!cursor) {
    const info = findKind({ group, version, kind });
    cursor = info ? at({ $ref: `#/definitions/${info.definition}` }) : UNKNOWN;
    roots.set(id, cursor);
  }
  return cursor;
}

/** The cursor of field `name` of an object value. */
export function fieldCursor(cursor: Cursor, name: string): Cursor {
  if (!cursor.node) return UNKNOWN;
  let byName = fields.get(cursor);
  if (!byName) {
    byName = new Map();
    fields.set(cursor, byName);
  }
  let child = byName.get(name);
  if (!child) {
    child = childCursor(cursor, name);
    byName.set(name, child);
  }
  return child;
}

function childCursor(cursor: Cursor, name: string): Cursor {
  const node = cursor.node;
  if (!node) return UNKNOWN;
  const prop = node.properties?.[name];
  if (prop) {
    const def = cursor.def;
    const rule = def ? FIELD_RULES[def]?.[name] : undefined;
    const atomicMap = !!def && !!ATOMIC_MAPS[def]?.includes(name);
    return at(prop, rule, atomicMap);
  }
  const extra = node.additionalProperties;
  if (extra && typeof extra === 'object') return at(extra);
  return UNKNOWN;
}

/** The cursor of the items of a list value. */
export function itemCursor(cursor: Cursor): Cursor {
  let item = items.get(cursor);
  if (!item) {
    const node = cursor.node?.items;
    item = node ? at(node) : UNKNOWN;
    items.set(cursor, item);
  }
  return item;
}

/** How a list merges: by key, as a set of primitives, or atomic (replaced whole). */
export type ListKind =
  | { type: 'map'; mergeKey: string; keys: string[]; defaults: Record<string, string | number> }
  | { type: 'set' }
  | { type: 'atomic' };

/** The list kind for a strategic merge patch (`forApply` false) or server-side apply. */
export function listKind(cursor: Cursor, forApply = false): ListKind {
  const cache = forApply ? applyKinds : patchKinds;
  let kind = cache.get(cursor);
  if (!kind) {
    kind = computeListKind(cursor, forApply);
    cache.set(cursor, kind);
  }
  return kind;
}

const ATOMIC: ListKind = Object.freeze({ type: 'atomic' });
const SET: ListKind = Object.freeze({ type: 'set' });
const patchKinds = new WeakMap<Cursor, ListKind>();
const applyKinds = new WeakMap<Cursor, ListKind>();

function computeListKind(cursor: Cursor, forApply: boolean): ListKind {
  const rule = cursor.rule;
  if (!rule || !rule.strategy.includes('merge') || (forApply && rule.applyAtomic)) return ATOMIC;
  if (!rule.key) return SET;
  return Object.freeze({
    type: 'map',
    mergeKey: rule.key,
    keys: forApply ? (rule.mapKeys ?? [rule.key]) : [rule.key],
    defaults: rule.keyDefaults ?? {},
  });
}

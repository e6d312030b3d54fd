/**
 * Stored specs the schema was seen to accept, so a later write that keeps one (a `/status` write
 * keeps the stored spec, frozen and shared) validates the rest of the object only.
 *
 * Why the result is the same: the kind's root schema is a plain struct (`type: object`,
 * `properties`, `required`, `additionalProperties`, annotations), with `spec` not required, so
 * every error the validator reports lies either under `/spec` or outside it, and the part outside
 * does not depend on the spec. A frozen spec cannot change, and it is marked only after a
 * validation of the whole object that reported no error at all (so none under `/spec`, with
 * `allErrors` on). Validating the object without its `spec` key then reports exactly the errors a
 * whole validation would, in the same order (the validator walks the remaining keys as before).
 */
import type { KindInfo } from './kinds';
import { allDefinitions, resolve, type SchemaNode } from './schemas';

/** Root keywords that constrain properties one by one (or not at all). */
const PLAIN_ROOT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'description',
]);

const clean = new Map<KindInfo, WeakSet<object>>();
const eligible = new Map<KindInfo, boolean>();

/** Whether the kind's root schema lets its `spec` be validated apart from the rest. */
function specSeparable(info: KindInfo): boolean {
  let known = eligible.get(info);
  if (known === undefined) {
    const root = allDefinitions()[info.definition];
    known =
      root !== undefined &&
      root.type === 'object' &&
      root.properties?.spec !== undefined &&
      !(root.required ?? []).includes('spec') &&
      Object.keys(root).every((k) => PLAIN_ROOT_KEYWORDS.has(k) || k.startsWith('x-kubernetes-'));
    eligible.set(info, known);
  }
  return known;
}

/** The frozen spec of `data` (already null-pruned) when the schema accepted it before. */
export function knownCleanSpec(info: KindInfo, data: unknown): boolean {
  const spec = specOf(data);
  return spec !== undefined && clean.get(info)?.has(spec) === true;
}

/**
 * Specs not frozen yet that passed the schema inside an object without a single error: a write's
 * own spec, before the store freezes it in place (`acceptStoredSpec`).
 */
const passed = new WeakSet<object>();

/** Records that the whole of `data` passed the schema without a single error. */
export function rememberCleanSpec(info: KindInfo, data: unknown): void {
  const spec = specOf(data, false);
  if (spec === undefined || !specSeparable(info)) return;
  if (!Object.isFrozen(spec)) {
    passed.add(spec);
    return;
  }
  let set = clean.get(info);
  if (!set) clean.set(info, (set = new WeakSet()));
  set.add(spec);
}

/**
 * After a write: `storedSpec` is the very object that passed validation (the store froze it in
 * place) and nothing wrote to it since (what runs between validation and the store only reads),
 * so it is a clean stored spec from now on.
 */
export function acceptStoredSpec(info: KindInfo, storedSpec: unknown, validatedSpec: unknown): void {
  if (storedSpec !== validatedSpec || !isFrozenObject(storedSpec) || !passed.has(storedSpec)) return;
  passed.delete(storedSpec);
  let set = clean.get(info);
  if (!set) clean.set(info, (set = new WeakSet()));
  set.add(storedSpec);
}

/** `data` without its `spec` key (the other keys in their order). */
export function withoutSpec(data: object): object {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(data)) if (k !== 'spec') out[k] = (data as Record<string, unknown>)[k];
  return out;
}

function specOf(data: unknown, frozenOnly = true): object | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const spec = (data as Record<string, unknown>).spec;
  return spec !== null &&
    typeof spec === 'object' &&
    !Array.isArray(spec) &&
    (!frozenOnly || Object.isFrozen(spec))
    ? spec
    : undefined;
}

/**
 * Carries the memo from `oldSpec` to `newSpec` when the new one keeps every field of the old
 * (the same values, `===`) and adds or changes only `fields`, each a plain string in the schema
 * and a string in the new spec (a binding's `nodeName`). The spec's schema is a plain struct,
 * so such a field can add no error of its own and takes none from the others.
 */
export function carryCleanSpec(
  info: KindInfo,
  newSpec: unknown,
  oldSpec: unknown,
  fields: readonly string[],
): void {
  const set = clean.get(info);
  if (!set || !isFrozenObject(oldSpec) || !set.has(oldSpec) || !isFrozenObject(newSpec)) return;
  const specSchema = resolve(allDefinitions()[info.definition]?.properties?.spec);
  if (!specSchema || !isPlainStruct(specSchema)) return;
  if (!onlyChanged(newSpec, oldSpec, fields)) return;
  for (const f of fields) {
    if (!Object.prototype.hasOwnProperty.call(newSpec, f)) continue;
    const field = specSchema.properties?.[f];
    const plainString =
      field !== undefined &&
      field.type === 'string' &&
      Object.keys(field).every((k) => k === 'type' || k === 'description');
    if (!plainString || typeof (newSpec as Record<string, unknown>)[f] !== 'string') return;
  }
  set.add(newSpec);
}

/**
 * Whether `next` holds every field of `prev` with the very same value, and other fields only
 * among `fields` (which may also differ).
 */
export function onlyChanged(next: object, prev: object, fields: readonly string[]): boolean {
  const n = next as Record<string, unknown>;
  const p = prev as Record<string, unknown>;
  for (const k of Object.keys(p)) {
    if (fields.includes(k)) continue;
    if (!Object.prototype.hasOwnProperty.call(n, k) || n[k] !== p[k]) return false;
  }
  for (const k of Object.keys(n))
    if (!fields.includes(k) && !Object.prototype.hasOwnProperty.call(p, k)) return false;
  return true;
}

function isPlainStruct(node: SchemaNode): boolean {
  return (
    node.type === 'object' &&
    node.additionalProperties === false &&
    Object.keys(node).every((k) => PLAIN_ROOT_KEYWORDS.has(k) || k.startsWith('x-kubernetes-'))
  );
}

function isFrozenObject(v: unknown): v is object {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.isFrozen(v);
}

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
import { allDefinitions } from './schemas';

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

/** Records that the whole of `data` passed the schema without a single error. */
export function rememberCleanSpec(info: KindInfo, data: unknown): void {
  const spec = specOf(data);
  if (spec === undefined || !specSeparable(info)) return;
  let set = clean.get(info);
  if (!set) clean.set(info, (set = new WeakSet()));
  set.add(spec);
}

/** `data` without its `spec` key (the other keys in their order). */
export function withoutSpec(data: object): object {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(data)) if (k !== 'spec') out[k] = (data as Record<string, unknown>)[k];
  return out;
}

function specOf(data: unknown): object | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const spec = (data as Record<string, unknown>).spec;
  return spec !== null && typeof spec === 'object' && !Array.isArray(spec) && Object.isFrozen(spec)
    ? spec
    : undefined;
}

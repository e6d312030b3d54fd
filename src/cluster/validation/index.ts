/**
 * Validation and defaulting like the Kubernetes API server, for every kind in `KINDS`.
 *
 * The API layer calls, for each write: `defaultObject` (on create and update), then
 * `validateObject` (with `oldObject` on update), then turns a failed result into a Status with
 * `statusFor`. See README.md beside this file.
 */
import type { Status } from '../types';
import { type Cause, causeLine } from './field-errors';
import {
  apiVersionOf,
  findKind,
  type GroupVersionKind,
  KINDS as ALL_KINDS,
  parseApiVersion,
  qualifiedKind,
} from './kinds';
import { DEFAULTERS } from './defaults/index';
import { clone as copyJson } from '../store/keys';
import { readsOldObject, semanticCauses } from './rules/index';
import type { Obj } from './rules/meta';
import { rootNode, validatorFor } from './schemas';
import { mapErrors } from './structural';
import { knownCleanSpec, rememberCleanSpec, withoutSpec } from './clean-specs';

export type { Cause } from './field-errors';
export { KINDS, findKind, apiVersionOf, parseApiVersion, qualifiedKind } from './kinds';
export type { GroupVersionKind, KindInfo, NameRule } from './kinds';
export { schemaFor, listSchemas, allDefinitions } from './schemas';
export { admitPod, defaultTolerations, initialPodStatus, qosClass } from './defaults/admission';
export {
  allocateServiceAddresses,
  carryOverServiceAllocations,
  type ServiceAllocators,
} from './defaults/service';
export { prepareJobForCreate } from './defaults/workloads';
export { defaultPullPolicy } from './defaults/pod';
export { NODE_PORT_RANGE } from './rules/service';
export { selectorMatches } from './rules/meta';

/** How unknown fields are treated, as the `fieldValidation` query parameter says. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options for `validateObject`. */
export interface ValidateOptions {
  /** The stored object, on update: immutable-field rules compare against it. */
  oldObject?: Obj;
  fieldValidation: FieldValidation;
  /** `status`, `scale`, ...: writes to a subresource skip the spec and metadata rules. */
  subresource?: string;
}

/** The outcome of validation. Valid when `causes` and `decodeErrors` are both empty. */
export interface ValidationResult {
  /** 422 Invalid causes: required fields, unsupported values, semantic rules. */
  causes: Cause[];
  /** `Warning` headers to send: unknown fields under `Warn`. */
  warnings: string[];
  /**
   * Problems the API server finds while decoding (a 400 BadRequest): wrong JSON types, bad
   * quantities or base64, and unknown fields under `Strict` (`unknown field "spec.foo"`).
   */
  decodeErrors: Cause[];
}

/**
 * Drops null-valued fields, as Go's decoder treats `null` as absent (`creationTimestamp: null`).
 * Parts without nulls are returned as they are (not copied): the result is only read.
 */
export function pruneNulls<T>(value: T): T {
  return prune(value, '') as T;
}

/**
 * Frozen (stored) parts found to hold no null: a spec and the FieldsV1 of managedFields stay the
 * same across many versions of an object, so each is walked once.
 */
const nullFree = new WeakSet<object>();

function prune(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  const memo = (key === 'spec' || key === 'fieldsV1') && Object.isFrozen(value);
  if (memo && nullFree.has(value)) return value;
  let result: unknown;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const p = prune(v, '');
      if (p !== v) (out ??= value.slice())[i] = p;
    }
    result = out ?? value;
  } else {
    const src = value as Record<string, unknown>;
    // for-in, not Object.keys: no key array per object walked (plain JSON has no inherited keys)
    let out: Record<string, unknown> | undefined;
    for (const k in src) {
      const v = src[k];
      const p = v === null ? undefined : prune(v, k);
      if (!out) {
        if (p === v) continue;
        out = {};
        for (const j in src) {
          if (j === k) break;
          out[j] = src[j];
        }
      }
      if (v !== null) out[k] = p;
    }
    result = out ?? value;
  }
  if (memo && result === value) nullFree.add(value);
  return result;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (copyJson(value) as T);
}

/**
 * The object with the API server's defaults filled in (a new object; the input is untouched).
 * Kinds without defaults come back as a plain copy.
 */
export function defaultObject<T = Obj>(kind: GroupVersionKind, obj: object): T {
  const copy = clone(obj) as Obj;
  DEFAULTERS[`${kind.group}/${kind.version}/${kind.kind}`]?.(copy);
  return copy as T;
}

/** Validates an object of `kind` (schema, then semantic rules), as the API server does on a write. */
export function validateObject(kind: GroupVersionKind, obj: Obj, options: ValidateOptions): ValidationResult {
  const info = findKind(kind);
  if (!info) {
    return {
      causes: [],
      warnings: [],
      decodeErrors: [
        {
          reason: 'FieldValueNotSupported',
          field: 'kind',
          message: `no kind "${kind.kind}" is registered for version "${apiVersionOf(kind)}"`,
        },
      ],
    };
  }
  const data = pruneNulls(obj);
  const validate = validatorFor(info);
  // a stored spec the schema accepted before is not walked again (see clean-specs.ts)
  const specKnownClean = knownCleanSpec(info, data);
  validate(specKnownClean ? withoutSpec(data) : data);
  const errors = validate.errors ?? [];
  if (!specKnownClean && errors.length === 0) rememberCleanSpec(info, data);
  const structural = mapErrors(errors, data, rootNode(info));
  const result: ValidationResult = {
    causes: structural.causes,
    warnings: [],
    decodeErrors: structural.decodeErrors,
  };
  if (options.fieldValidation === 'Strict') {
    for (const field of structural.unknownFields)
      result.decodeErrors.push({ reason: 'FieldValueUnknown', field, message: `unknown field "${field}"` });
  } else if (options.fieldValidation === 'Warn') {
    for (const field of structural.unknownFields) result.warnings.push(`unknown field "${field}"`);
  }
  // Semantic rules assume well-typed input; the server never gets there after a decode error.
  if (result.decodeErrors.length === 0) {
    const semantic = semanticCauses(
      info,
      data,
      // the stored object without its nulls, when a rule reads it (immutable fields on update)
      options.oldObject && readsOldObject(info, options.subresource)
        ? pruneNulls(options.oldObject)
        : undefined,
      options.subresource,
    );
    if (semantic.length > 0) {
      // Where a hand-written rule and the schema flag the same field the same way, keep the
      // rule's message (it carries Kubernetes' detail, e.g. "Required value: pathType must be specified").
      const semanticKeys = new Set(semantic.map(causeKey));
      result.causes = result.causes.filter((c) => !semanticKeys.has(causeKey(c)));
      const seen = new Set(result.causes.map(causeLine));
      for (const c of semantic) {
        if (seen.has(causeLine(c))) continue;
        seen.add(causeLine(c));
        result.causes.push(c);
      }
    }
  }
  // The API server reports metadata problems first, then the rest in field order.
  if (result.causes.length > 1)
    result.causes = [
      ...result.causes.filter(isMetadataCause),
      ...result.causes.filter((c) => !isMetadataCause(c)),
    ];
  return result;
}

function causeKey(c: Cause): string {
  return `${c.reason}|${c.field}`;
}

function isMetadataCause(c: Cause): boolean {
  return c.field.startsWith('metadata');
}

/** True when the result has nothing that fails the request. */
export function isValid(result: ValidationResult): boolean {
  return result.causes.length === 0 && result.decodeErrors.length === 0;
}

/**
 * The Status the API server returns for a failed result: 400 BadRequest for decode errors
 * (`Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown
 * field "spec.foo"`), else 422 Invalid (`Deployment.apps "web" is invalid: spec.replicas: ...`).
 * Undefined when the result is valid.
 */
export function statusFor(
  kind: GroupVersionKind,
  name: string,
  result: ValidationResult,
): Status | undefined {
  if (result.decodeErrors.length > 0) {
    const unknown = result.decodeErrors.filter((c) => c.reason === 'FieldValueUnknown');
    const other = result.decodeErrors.filter((c) => c.reason !== 'FieldValueUnknown');
    const detail =
      other.length > 0
        ? other[0]!.message
        : `strict decoding error: ${unknown.map((c) => c.message).join(', ')}`;
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: ${detail}`,
      reason: 'BadRequest',
      code: 400,
    };
  }
  if (result.causes.length === 0) return undefined;
  const lines = result.causes.map(causeLine);
  const qualified = qualifiedKind(kind);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${qualified} ${JSON.stringify(name)} is invalid: ${lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`}`,
    reason: 'Invalid',
    details: { name, group: kind.group, kind: kind.kind, causes: result.causes.map((c) => ({ ...c })) },
    code: 422,
  };
}

/** What `validateManifest` reports for one document. */
export interface ManifestResult extends ValidationResult {
  /** The kind, when the document names one the cluster knows. */
  kind?: GroupVersionKind;
}

/**
 * Validates a manifest as `kubectl apply --validate=strict` would see it on a fresh cluster:
 * the kind must be known, then the object is defaulted (namespace `default` for namespaced kinds
 * when omitted) and validated under `Strict`. Used by the content tests and the editor.
 */
export function validateManifest(obj: unknown): ManifestResult {
  const fail = (field: string, message: string): ManifestResult => ({
    causes: [],
    warnings: [],
    decodeErrors: [{ reason: 'FieldValueRequired', field, message }],
  });
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    return fail('', 'a manifest must be a YAML mapping (an object)');
  const o = obj as Obj;
  if (typeof o.apiVersion !== 'string' || !o.apiVersion)
    return fail('apiVersion', "Object 'apiVersion' is missing");
  if (typeof o.kind !== 'string' || !o.kind) return fail('kind', "Object 'Kind' is missing");
  const gv = parseApiVersion(o.apiVersion);
  const gvk = { ...gv, kind: o.kind };
  const info = findKind(gvk);
  if (!info) {
    const served = KINDS_BY_KIND.get(o.kind);
    const hint = served ? ` (${o.kind} is served as ${served.join(', ')})` : '';
    return fail('kind', `no matches for kind "${o.kind}" in version "${o.apiVersion}"${hint}`);
  }
  const withNamespace =
    info.namespaced && !o.metadata?.namespace
      ? { ...o, metadata: { ...(o.metadata ?? {}), namespace: 'default' } }
      : o;
  const defaulted = defaultObject(gvk, withNamespace);
  return { ...validateObject(gvk, defaulted, { fieldValidation: 'Strict' }), kind: gvk };
}

/** apiVersions serving each kind name, for hints on unknown apiVersion/kind pairs. */
const KINDS_BY_KIND = new Map<string, string[]>();
for (const k of ALL_KINDS) KINDS_BY_KIND.set(k.kind, [...(KINDS_BY_KIND.get(k.kind) ?? []), apiVersionOf(k)]);

/**
 * Metadata and selector rules shared by every kind: names, namespaces, labels, annotations,
 * label selectors, and the "selector matches template labels" check of workload controllers.
 */
import {
  type Cause,
  FieldPath,
  forbidden,
  goStringMap,
  invalid,
  invalidRendered,
  goLabelSelector,
  notSupported,
  required,
  tooLong,
} from '../field-errors';
import type { KindInfo, NameRule } from '../kinds';
import {
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  labelValue,
  pathSegmentName,
  qualifiedName,
} from '../names';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = any;

const NAME_CHECKS: Record<NameRule, ((v: string) => string[]) | undefined> = {
  subdomain: dns1123Subdomain,
  label: dns1123Label,
  dns1035: dns1035Label,
  path: pathSegmentName,
  none: undefined,
};

/** Names may end with '-' when they are a generateName prefix. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** Labels: keys are qualified names, values label values. */
export function validateLabels(labels: Record<string, unknown> | undefined, path: FieldPath): Cause[] {
  const causes: Cause[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of qualifiedName(key)) causes.push(invalid(path, key, msg));
    for (const msg of labelValue(String(value))) causes.push(invalid(path, String(value), msg));
  }
  return causes;
}

const ANNOTATIONS_LIMIT = 256 * 1024;

/** Annotations: keys are qualified names (case-insensitive), total size at most 256 KiB. */
export function validateAnnotations(
  annotations: Record<string, unknown> | undefined,
  path: FieldPath,
): Cause[] {
  const causes: Cause[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const msg of qualifiedName(key.toLowerCase())) causes.push(invalid(path, key, msg));
    size += key.length + String(value).length;
  }
  if (size > ANNOTATIONS_LIMIT) causes.push(tooLong(path, `may not be more than ${ANNOTATIONS_LIMIT} bytes`));
  return causes;
}

/** `metadata` of a top-level object: name (or generateName), namespace, labels, annotations. */
export function validateObjectMeta(
  meta: Obj,
  info: KindInfo,
  options: { nameRule?: NameRule; maxNameLength?: number } = {},
): Cause[] {
  const causes: Cause[] = [];
  const path = FieldPath.root('metadata');
  const m = meta ?? {};
  const check = NAME_CHECKS[options.nameRule ?? info.nameRule];
  if (check && info.nameRule !== 'none') {
    if (!m.name && !m.generateName)
      causes.push(required(path.child('name'), 'name or generateName is required'));
    if (m.generateName && !m.name) {
      for (const msg of check(maskTrailingDash(String(m.generateName))))
        causes.push(invalid(path.child('generateName'), m.generateName, msg));
    }
    if (m.name) {
      for (const msg of check(String(m.name))) causes.push(invalid(path.child('name'), m.name, msg));
      if (options.maxNameLength && String(m.name).length > options.maxNameLength) {
        causes.push(
          invalid(path.child('name'), m.name, `must be no more than ${options.maxNameLength} characters`),
        );
      }
    }
  }
  if (info.namespaced) {
    if (!m.namespace) causes.push(required(path.child('namespace')));
    else
      for (const msg of dns1123Label(String(m.namespace)))
        causes.push(invalid(path.child('namespace'), m.namespace, msg));
  } else if (m.namespace) {
    causes.push(forbidden(path.child('namespace'), 'not allowed on this type'));
  }
  causes.push(...validateLabels(m.labels, path.child('labels')));
  causes.push(...validateAnnotations(m.annotations, path.child('annotations')));
  return causes;
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A LabelSelector's syntax: label keys and values, operators and their values. */
export function validateLabelSelector(selector: Obj, path: FieldPath): Cause[] {
  if (!selector) return [];
  const causes = validateLabels(selector.matchLabels, path.child('matchLabels'));
  (selector.matchExpressions ?? []).forEach((e: Obj, i: number) => {
    const p = path.child('matchExpressions').index(i);
    const values: unknown[] = e?.values ?? [];
    if (e?.operator === 'In' || e?.operator === 'NotIn') {
      if (values.length === 0)
        causes.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e?.operator === 'Exists' || e?.operator === 'DoesNotExist') {
      if (values.length > 0)
        causes.push(
          forbidden(p.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
    } else causes.push(notSupported(p.child('operator'), e?.operator, OPERATORS));
    for (const msg of qualifiedName(String(e?.key ?? '')))
      causes.push(invalid(p.child('key'), e?.key ?? '', msg));
  });
  return causes;
}

/** True when `labels` satisfy the selector (matchLabels and matchExpressions). */
export function selectorMatches(selector: Obj, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals: string[] = e.values ?? [];
    if (e.operator === 'In' && !(has && vals.includes(l[e.key]!))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(l[e.key]!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** True for a selector that selects nothing in particular (no labels, no expressions). */
export function isEmptySelector(selector: Obj): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
  );
}

/**
 * The workload rules of apps/v1 and batch/v1: a selector is required and non-empty, and must
 * match the pod template's labels.
 */
export function validateSelectorAndTemplate(
  spec: Obj,
  resourceName: string,
  options: { selectorRequired?: boolean } = {},
): Cause[] {
  const causes: Cause[] = [];
  const specPath = FieldPath.root('spec');
  const selector = spec?.selector;
  if (!selector) {
    if (options.selectorRequired !== false) causes.push(required(specPath.child('selector')));
  } else {
    causes.push(...validateLabelSelector(selector, specPath.child('selector')));
    if (isEmptySelector(selector)) {
      causes.push(
        invalidRendered(
          specPath.child('selector'),
          goLabelSelector(selector),
          `empty selector is invalid for ${resourceName}`,
        ),
      );
    }
  }
  const labels = spec?.template?.metadata?.labels;
  // A missing selector selects nothing (so nothing matches); an empty one selects everything.
  const mismatch = selector
    ? !isEmptySelector(selector) && !selectorMatches(selector, labels)
    : options.selectorRequired !== false;
  if (mismatch) {
    causes.push(
      invalidRendered(
        specPath.child('template').child('metadata').child('labels'),
        goStringMap(labels ?? {}),
        '`selector` does not match template `labels`',
      ),
    );
  }
  return causes;
}

/** JSON with object keys sorted at every level, for comparing objects regardless of key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

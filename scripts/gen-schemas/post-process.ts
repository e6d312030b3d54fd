/**
 * Turns the generator's raw draft-07 output into Kubernetes-shaped definitions: OpenAPI-style
 * names, integer formats, int-or-string, quantities, date-times, base64 data and the
 * `x-kubernetes-group-version-kind` extension on each top-level kind.
 *
 * The type declarations say `number` for every numeric field and carry no OpenAPI `format`.
 * Kubernetes has no floating-point fields in the kinds generated here, so every number becomes an
 * integer: `int64` for the fields Kubernetes declares as int64 (listed below), `int32` otherwise.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Property names whose Kubernetes type is int64 (every other integer field is int32). */
export const INT64_FIELDS = new Set([
  'activeDeadlineSeconds',
  'deletionGracePeriodSeconds',
  'expirationSeconds',
  'fsGroup',
  'generation',
  'observedGeneration',
  'revision',
  'runAsGroup',
  'runAsUser',
  'sizeBytes',
  'startingDeadlineSeconds',
  'supplementalGroups',
  'templateGeneration',
  'terminationGracePeriodSeconds',
  'tolerationSeconds',
  'seconds',
  'capacity',
  'gid',
  'uid',
]);

const SPECIAL: Record<string, Json> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    type: ['integer', 'string'],
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], format: 'quantity' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
};

function renameRefs(node: Json, rename: (name: string) => string): Json {
  if (Array.isArray(node)) return node.map((n) => renameRefs(n, rename));
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
        out[key] = `#/definitions/${rename(decodeURIComponent(value.slice('#/definitions/'.length)))}`;
      } else out[key] = renameRefs(value, rename);
    }
    return out;
  }
  return node;
}

function integerFormats(node: Json, property?: string): void {
  if (Array.isArray(node)) {
    node.forEach((n) => integerFormats(n, property));
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (node.type === 'number') {
    node.type = 'integer';
    node.format = property && INT64_FIELDS.has(property) ? 'int64' : 'int32';
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [prop, sub] of Object.entries(value)) integerFormats(sub, prop);
    } else if (key === 'items' || key === 'additionalProperties' || key === 'anyOf') {
      integerFormats(value, property);
    } else if (typeof value === 'object') integerFormats(value);
  }
}

/** Kinds to mark with `x-kubernetes-group-version-kind`. */
export interface RootKind {
  group: string;
  version: string;
  kind: string;
  definition: string;
}

/**
 * Renames, refines and annotates the raw definitions. `names` maps the generator's names
 * (the long aliases) to OpenAPI names; names not in it (helper types such as `TypeMeta`) are kept.
 */
export function postProcess(
  raw: Record<string, Json>,
  names: Map<string, string>,
  roots: RootKind[],
): Record<string, Json> {
  const rename = (name: string) => names.get(name) ?? name;
  const out: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(raw)) {
    const target = rename(name);
    // Drop the entry file's `export type Pod = ...` aliases: the kinds are reached by OpenAPI name.
    if (!names.has(name) && schema && schema.$ref && Object.keys(schema).length === 1) continue;
    out[target] = renameRefs(schema, rename);
  }
  for (const schema of Object.values(out)) integerFormats(schema);
  for (const [name, special] of Object.entries(SPECIAL)) {
    if (!out[name]) continue;
    const description = out[name].description;
    out[name] = { ...special, ...(description ? { description } : {}) };
  }
  const byteMap = (def: string, prop: string) => {
    const p = out[def]?.properties?.[prop];
    if (p?.additionalProperties?.type === 'string') p.additionalProperties.format = 'byte';
  };
  byteMap('io.k8s.api.core.v1.Secret', 'data');
  byteMap('io.k8s.api.core.v1.ConfigMap', 'binaryData');
  for (const root of roots) {
    const def = out[root.definition];
    if (!def) throw new Error(`no definition generated for ${root.definition}`);
    def['x-kubernetes-group-version-kind'] = [{ group: root.group, version: root.version, kind: root.kind }];
  }
  // Keep only what the kinds reach (the generator also emits the package's model classes).
  const keep = new Set(roots.flatMap((root) => reachable(out, root.definition)));
  const pruned: Record<string, Json> = {};
  for (const name of [...keep].sort()) pruned[name] = restoreEnumLists(out[name]);
  return pruned;
}

/** The doc comments list enum values as bullets; the generator folds them onto one line. */
function restoreEnumLists(node: Json): Json {
  if (Array.isArray(node)) return node.map(restoreEnumLists);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === 'description' && typeof value === 'string'
        ? value.replace(/ {2}- `/g, '\n - `')
        : restoreEnumLists(value);
  }
  return out;
}

/** The definitions reachable from `root`, for a self-contained per-kind schema. */
export function reachable(defs: Record<string, Json>, root: string): string[] {
  const seen = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const name = value.slice('#/definitions/'.length);
          if (!seen.has(name)) {
            seen.add(name);
            visit(defs[name]);
          }
        } else visit(value);
      }
    }
  };
  seen.add(root);
  visit(defs[root]);
  return [...seen].sort();
}

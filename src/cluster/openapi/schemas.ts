/**
 * The validator's draft-07 definitions as OpenAPI v3 component schemas, the way Kubernetes
 * publishes them: references as `allOf: [{$ref: "#/components/schemas/..."}]` (so `kubectl
 * explain` follows them and descriptions stay beside them), no `additionalProperties: false`, no
 * `const`, `apiVersion`/`kind` not required, int-or-string and quantity as `type: string` with
 * their formats, and each list field's strategic merge data (`x-kubernetes-patch-strategy`,
 * `x-kubernetes-patch-merge-key`, `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`) from
 * the strategic merge patch's field table.
 */
import { allDefinitions, type SchemaNode } from '../validation/schemas.js';
import { FIELD_RULES } from '../machinery/strategic-merge/field-rules.js';

type Json = Record<string, unknown>;

const PREFIX = '#/components/schemas/';

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** One schema node converted (recursively). */
function convertNode(node: SchemaNode): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' || key === 'const' || key === '$schema' || key === '$id') continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'type' && Array.isArray(value)) {
      out.type = value.includes('string') ? 'string' : value[0];
      if (value.includes('integer') && value.includes('string')) out['x-kubernetes-int-or-string'] = true;
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, SchemaNode>).map(([k, v]) => [k, convertNode(v)]),
      );
      continue;
    }
    if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
      out[key] = convertNode(value as SchemaNode);
      continue;
    }
    out[key] = value;
  }
  if (typeof node.$ref === 'string') out.allOf = [{ $ref: `${PREFIX}${refName(node.$ref)}` }];
  return out;
}

/** A definition as an OpenAPI v3 component schema, annotated with its fields' merge data. */
export function componentSchema(name: string, definition: SchemaNode): Json {
  const out = convertNode(definition);
  if (Array.isArray(out.required)) {
    const required = (out.required as string[]).filter((r) => r !== 'apiVersion' && r !== 'kind');
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  const rules = FIELD_RULES[name];
  const props = out.properties as Record<string, Json> | undefined;
  if (rules && props) {
    for (const [field, rule] of Object.entries(rules)) {
      const prop = props[field];
      if (!prop) continue;
      prop['x-kubernetes-patch-strategy'] = rule.strategy;
      if (rule.key) prop['x-kubernetes-patch-merge-key'] = rule.key;
      if (prop.type === 'array') {
        if (rule.key) {
          prop['x-kubernetes-list-type'] = 'map';
          prop['x-kubernetes-list-map-keys'] = rule.mapKeys ?? [rule.key];
        } else if (rule.strategy.includes('merge')) prop['x-kubernetes-list-type'] = 'set';
      }
    }
  }
  return out;
}

/** Names of the definitions reachable from `roots` (roots included), sorted. */
export function reachableDefinitions(roots: string[]): string[] {
  const defs = allDefinitions();
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') add(refName(value));
        else visit(value);
      }
  };
  const add = (name: string): void => {
    if (seen.has(name) || !defs[name]) return;
    seen.add(name);
    visit(defs[name]);
  };
  roots.forEach(add);
  return [...seen].sort();
}

/** Component schemas for the given roots and everything they reference. */
export function componentSchemas(roots: string[]): Record<string, Json> {
  const defs = allDefinitions();
  const out: Record<string, Json> = {};
  for (const name of reachableDefinitions(roots)) out[name] = componentSchema(name, defs[name]!);
  return out;
}

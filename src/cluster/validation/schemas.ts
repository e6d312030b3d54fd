/**
 * Access to the generated Kubernetes schemas: a kind's self-contained JSON Schema (for the
 * OpenAPI endpoint, editor completion and tests), walking a schema along a field path, and the
 * kind's precompiled validator.
 */
import { k8sDefinitions } from '../generated/k8s-definitions.js';
import * as validators from '../generated/k8s-validators.js';
import type { StandaloneValidator } from '../generated/k8s-validators.js';
import { findKind, KINDS, type GroupVersionKind, type KindInfo } from './kinds';

/** The parts of a JSON Schema node the validator reads. */
export interface SchemaNode {
  $ref?: string;
  $id?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  [keyword: string]: unknown;
}

const DEFS = k8sDefinitions.definitions as Record<string, SchemaNode>;

/** Every definition, keyed by OpenAPI name (`io.k8s.api.core.v1.Container`). */
export function allDefinitions(): Readonly<Record<string, SchemaNode>> {
  return DEFS;
}

/** Follows `$ref`s to the definition they name. */
export function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let i = 0; n?.$ref && i < 20; i++) n = DEFS[n.$ref.slice(n.$ref.lastIndexOf('/') + 1)];
  return n;
}

/**
 * The schema at `segments` below `node` (property names and list indices). With `keepRef`, the
 * last step is returned unresolved so a caller can see which definition it names.
 */
export function schemaAtPath(
  node: SchemaNode,
  segments: (string | number)[],
  keepRef = false,
): SchemaNode | undefined {
  let n: SchemaNode | undefined = node;
  for (const seg of segments) {
    const r = resolve(n);
    if (!r) return undefined;
    if (typeof seg === 'number' || (r.type === 'array' && r.items)) n = r.items;
    else if (r.properties?.[seg]) n = r.properties[seg];
    else if (r.additionalProperties && typeof r.additionalProperties === 'object') n = r.additionalProperties;
    else return undefined;
  }
  return keepRef ? n : resolve(n);
}

/** Names of the definitions reachable from `root`, itself included. */
function reachable(root: string): string[] {
  const seen = new Set<string>([root]);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const name = value.slice(value.lastIndexOf('/') + 1);
          if (!seen.has(name)) {
            seen.add(name);
            visit(DEFS[name]);
          }
        } else visit(value);
      }
    }
  };
  visit(DEFS[root]);
  return [...seen].sort();
}

/** A self-contained draft-07 JSON Schema for one kind, or undefined for a kind without a schema. */
export function schemaFor(gvk: GroupVersionKind): Record<string, unknown> | undefined {
  const info = findKind(gvk);
  if (!info) return undefined;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $ref: `#/definitions/${info.definition}`,
    definitions: Object.fromEntries(reachable(info.definition).map((n) => [n, DEFS[n]])),
  };
}

/** Every kind with its schema: for the OpenAPI v3 endpoint, editors and the lessons' manifest test. */
export function listSchemas(): { kind: KindInfo; schema: Record<string, unknown> }[] {
  return KINDS.map((kind) => ({ kind, schema: schemaFor(kind)! }));
}

/** The kind's root schema node (a `$ref` to its definition). */
export function rootNode(info: KindInfo): SchemaNode {
  return { $ref: `#/definitions/${info.definition}` };
}

const validatorsByKind = new Map<KindInfo, StandaloneValidator>();

/** The precompiled (ajv standalone) validator of a kind. */
export function validatorFor(info: KindInfo): StandaloneValidator {
  const known = validatorsByKind.get(info);
  if (known) return known;
  const name = `v_${(info.group || 'core').replace(/[^A-Za-z0-9]/g, '_')}_${info.version}_${info.kind}`;
  const fn = (validators as Record<string, StandaloneValidator>)[name];
  if (!fn) throw new Error(`no generated validator ${name}: run npm run gen:schemas`);
  validatorsByKind.set(info, fn);
  return fn;
}

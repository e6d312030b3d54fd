/**
 * Which JSON Schema the editor validates a YAML file with. The schemas are the cluster's own
 * (`src/cluster/generated/schemas/<group>_<version>_<Kind>.json`, one self-contained draft-07
 * schema per kind); each document of a file is matched to its schema by `apiVersion` and
 * `kind`. A file with one kind gets that schema; a file with several gets one schema that
 * applies each kind's schema to the documents of that kind (`if`/`then` on apiVersion and kind,
 * the definitions merged). Pure.
 */
import { parseAllDocuments } from 'yaml';

/** `apps/v1` + `Deployment` -> `apps_v1_Deployment`; `v1` + `Pod` -> `core_v1_Pod`. */
export function schemaKey(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['core', apiVersion];
  return `${group}_${version}_${kind}`;
}

/** The schema keys of a YAML text's documents, in order of first appearance (unparseable documents skipped). */
export function kindsOf(text: string): string[] {
  const keys: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 100 });
    } catch {
      continue;
    }
    if (!js || typeof js !== 'object') continue;
    const { apiVersion, kind } = js as { apiVersion?: unknown; kind?: unknown };
    if (typeof apiVersion === 'string' && typeof kind === 'string' && apiVersion && kind) {
      const key = schemaKey(apiVersion, kind);
      if (!keys.includes(key)) keys.push(key);
    }
  }
  return keys;
}

interface KindSchema {
  $ref?: string;
  definitions?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `apps_v1_Deployment` -> { apiVersion: 'apps/v1', kind: 'Deployment' } */
export function keyParts(key: string): { apiVersion: string; kind: string } {
  const [group, version, kind] = key.split('_') as [string, string, string];
  return { apiVersion: group === 'core' ? version : `${group}/${version}`, kind };
}

/** One schema for a file whose documents have the given kinds' schemas. */
export function combineSchemas(schemas: Record<string, KindSchema>): KindSchema | undefined {
  const keys = Object.keys(schemas);
  if (!keys.length) return undefined;
  if (keys.length === 1) return schemas[keys[0]!];
  const definitions: Record<string, unknown> = {};
  const allOf: unknown[] = [];
  for (const key of keys) {
    const schema = schemas[key]!;
    Object.assign(definitions, schema.definitions);
    const { apiVersion, kind } = keyParts(key);
    allOf.push({
      if: {
        properties: { apiVersion: { const: apiVersion }, kind: { const: kind } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: schema.$ref },
    });
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', definitions, allOf };
}

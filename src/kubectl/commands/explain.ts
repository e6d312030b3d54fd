/**
 * `kubectl explain TYPE[.FIELD...]` from the OpenAPI v3 document the cluster serves, in kubectl
 * 1.32's plaintext layout: GROUP/KIND/VERSION, the FIELD line with its type (and ENUM values),
 * DESCRIPTION (the field's and its type's, word-wrapped at 76 columns) and FIELDS (sorted, each
 * with its type, `-required-`, up to four enum values and its wrapped description), or a tree
 * of names and types with `--recursive`.
 */
import { register } from '../command-list.js';
import { KubectlError, NoResourceMatchError } from '../errors.js';
import type { ApiResource } from '../resources.js';
import type { ApiClient } from '../client.js';

type Schema = Record<string, unknown> & {
  $ref?: string;
  description?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  enum?: unknown[];
  required?: string[];
  externalDocs?: { description?: string; url?: string };
};
type Document = {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
};
interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** Word-wraps as kubectl's explain does (go-wordwrap: breaks at spaces, keeps line breaks, long words overflow). */
export function wordWrap(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  for (const ch of s) {
    if (ch === '\n') {
      if (word.length === 0) {
        if (current + space.length > lim) current = 0;
        else {
          current += space.length;
          out += space;
        }
      } else {
        current += space.length + word.length;
        out += space + word;
        word = '';
      }
      space = '';
      out += ch;
      current = 0;
    } else if (/\s/.test(ch) && ch !== '\u00a0') {
      if (space.length === 0 || word.length > 0) {
        current += space.length + [...word].length;
        out += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      const wordLen = [...word].length;
      if (current + space.length + wordLen > lim && wordLen < lim) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word.length === 0) {
    if (current + space.length <= lim) out += space;
  } else out += space + word;
  return out;
}

function indent(amount: number, text: string): string {
  const pad = ' '.repeat(amount);
  return pad + text.replace(/\n/g, `\n${pad}`);
}

function resolveRef(ref: unknown, doc: Document): Schema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let cur: unknown = doc;
  for (const part of ref.slice(1).split('/')) {
    if (part === '') continue;
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'object' && cur !== null ? (cur as Schema) : undefined;
}

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const sortedKeys = (o: Record<string, unknown>) =>
  Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function typeGuess(schema: Schema, doc: Document): string {
  if (schema.items) return `[]${typeGuess(schema.items, doc)}`;
  if (isSchema(schema.additionalProperties))
    return `map[string]${typeGuess(schema.additionalProperties, doc)}`;
  if (schema.allOf && !schema.properties && schema.allOf.length === 1)
    return typeGuess(schema.allOf[0]!, doc);
  if (schema.$ref) {
    const target = resolveRef(schema.$ref, doc);
    if (!target || !target.type || target.type === 'object')
      return schema.$ref.split('/').pop()!.split('.').pop() || 'Object';
    return target.type;
  }
  return schema.type === 'object' ? 'Object' : schema.type || 'Object';
}

function enumText(value: unknown): string {
  if (value === '') return '""';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function extractEnum(schema: Schema, long: boolean, limit: number, indentAmount = 0): string {
  if (!Array.isArray(schema.enum) || schema.enum.length === 0) return '';
  let out = long ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
  schema.enum.some((value, i) => {
    if (limit > -1 && i >= limit) {
      out += ', ....';
      return true;
    }
    if (i > 0 && !long) out += ', ';
    else if (long) out += '\n    ';
    out += enumText(value);
    return false;
  });
  return out;
}

function description(schema: Schema, doc: Document): string {
  const s = resolveRef(schema.$ref, doc) ?? schema;
  let out = s.description ? `${s.description}\n` : '';
  for (const sub of s.allOf ?? []) out += description(sub, doc);
  if (s.items) out += description(s.items, doc);
  if (isSchema(s.additionalProperties)) out += description(s.additionalProperties, doc);
  return out;
}

function externalDocs(schema: Schema, amount = 0): string {
  const docs = schema.externalDocs;
  if (!docs) return '';
  let out = `${indent(amount, 'EXTERNAL DOCS:')}\n`;
  if (docs.description) out += `${indent(amount + 4, wordWrap(docs.description, 76 - amount))}\n`;
  if (docs.url) out += `${indent(amount + 4, `URL: ${docs.url}`)}\n`;
  return out;
}

function fieldDetail(name: string, parent: Schema, short: boolean, level: number, doc: Document): string {
  const amount = level * 2;
  const field = parent.properties![name]!;
  let out = `${indent(amount, name)}\t<${typeGuess(field, doc)}>`;
  if (parent.required?.includes(name)) out += ' -required-';
  out += `${extractEnum(field, false, 4, amount)}\n`;
  if (!short) {
    out += `${indent(amount + 2, wordWrap(field.description || '<no description>', 78 - amount))}\n`;
    if (field.externalDocs) {
      out += `\n${indent(amount + 2, 'EXTERNAL DOCS:')}\n`;
      if (field.externalDocs.description)
        out += `${indent(amount + 4, wordWrap(field.externalDocs.description, 76 - amount))}\n`;
      if (field.externalDocs.url) out += `${indent(amount + 4, `URL: ${field.externalDocs.url}`)}\n`;
    }
    out += '\n';
  }
  return out;
}

function fieldList(
  schema: Schema,
  level: number,
  history: Set<string>,
  recursive: boolean,
  doc: Document,
): string {
  const ref = schema.$ref ?? '';
  if (ref && history.has(ref)) return '';
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref, doc) ?? schema;
  let out = '';
  for (const name of sortedKeys(resolved.properties ?? {})) {
    out += fieldDetail(name, resolved, recursive, level, doc);
    if (recursive) out += fieldList(resolved.properties![name]!, level + 1, next, recursive, doc);
  }
  for (const sub of resolved.allOf ?? []) out += fieldList(sub, level, next, recursive, doc);
  if (resolved.items) out += fieldList(resolved.items, level, next, recursive, doc);
  if (isSchema(resolved.additionalProperties))
    out += fieldList(resolved.additionalProperties, level, next, recursive, doc);
  return out;
}

function output(
  schema: Schema,
  path: string[],
  history: Set<string>,
  recursive: boolean,
  doc: Document,
): string {
  const ref = schema.$ref ?? '';
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref, doc) ?? schema;
  if (path.length === 0) {
    let out = `DESCRIPTION:\n${indent(4, wordWrap(description(resolved, doc) || '<empty>', 76))}\n`;
    const ext = externalDocs(resolved);
    if (ext) out += `\n${ext}`;
    const fields = fieldList(resolved, 1, new Set(), recursive, doc);
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  if (ref && history.has(ref)) return '';
  const sub = resolved.properties?.[path[0]!];
  if (sub) {
    let out = '';
    if (path.length === 1)
      out += `FIELD: ${path[0]} <${typeGuess(sub, doc)}>\n${extractEnum(sub, true, -1)}\n\n`;
    return out + output(sub, path.slice(1), new Set(), recursive, doc);
  }
  if (resolved.items) return output(resolved.items, path, next, recursive, doc);
  if (isSchema(resolved.additionalProperties))
    return output(resolved.additionalProperties, path, next, recursive, doc);
  for (const alt of resolved.allOf ?? []) {
    const out = output(alt, path, next, recursive, doc);
    if (out) return out;
  }
  return '';
}

/** The GVK of a resource, from the operations of its paths in the document. */
function gvkOf(type: ApiResource, doc: Document): Gvk | undefined {
  const prefix = type.group ? `/apis/${type.group}` : '/api';
  const base = `${prefix}/${type.version}`;
  const paths = [
    `${base}/${type.resource}`,
    `${base}/${type.resource}/{name}`,
    `${base}/namespaces/{namespace}/${type.resource}`,
    `${base}/namespaces/{namespace}/${type.resource}/{name}`,
  ];
  for (const p of paths) {
    const item = doc.paths?.[p];
    if (!item) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method] as { 'x-kubernetes-group-version-kind'?: Gvk } | undefined;
      const gvk = op?.['x-kubernetes-group-version-kind'];
      if (gvk) return gvk;
    }
  }
  return undefined;
}

register({
  name: 'explain',
  short: 'Get documentation for a resource',
  long: 'Describe fields and structure of various resources.\n\n This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n        <type>.<fieldName>[.<fieldName>]\n        \n Information about each field is retrieved from the server in OpenAPI format.\n\nUse "kubectl api-resources" for a complete list of supported resources.',
  examples:
    '  # Get the documentation of the resource and its fields\n  kubectl explain pods\n  \n  # Get all the fields in the resource\n  kubectl explain pods --recursive\n  \n  # Get the explanation for deployment in supported api versions\n  kubectl explain deployments --api-version=apps/v1\n  \n  # Get the documentation of a specific field of a resource\n  kubectl explain pods.spec.containers\n  \n  # Get the documentation of resources in different format\n  kubectl explain deployment --output=plaintext-openapiv2',
  usage:
    'explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]',
  flags: [
    {
      name: 'api-version',
      type: 'string',
      usage: 'Use given api-version (group/version) of the resource.',
    },
    {
      name: 'output',
      short: 'o',
      type: 'string',
      default: 'plaintext',
      usage: 'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).',
    },
    {
      name: 'recursive',
      type: 'bool',
      usage:
        'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.',
    },
  ],
  async run(ctx) {
    if (ctx.args.length === 0)
      throw new KubectlError(
        'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
      );
    if (ctx.args.length > 1) throw new KubectlError(`We accept only this format: explain RESOURCE`);
    const output = ctx.flags.string('output');
    if (output !== 'plaintext' && output !== 'plaintext-openapiv2')
      throw new KubectlError(`unrecognized format: ${output}`);
    const [resourceArg, ...path] = ctx.args[0]!.split('.');
    const resolver = await ctx.client.resources();
    let type: ApiResource;
    try {
      const apiVersion = ctx.flags.string('api-version');
      if (apiVersion) {
        const [g, v] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
        type = resolver.resolve(`${resourceArg}.${v}.${g}`.replace(/\.$/, ''));
      } else type = resolver.resolve(resourceArg!);
    } catch (e) {
      if (e instanceof NoResourceMatchError) throw new KubectlError(e.message, 1, true);
      throw e;
    }
    const index = await ctx.client.get<{ paths?: Record<string, { serverRelativeURL: string }> }>(
      '/openapi/v3',
      'application/json, */*',
    );
    const key = type.group ? `apis/${type.group}/${type.version}` : `api/${type.version}`;
    const entry = index.paths?.[key];
    if (!entry) throw new KubectlError(`couldn't find resource for "${key}"`);
    const doc = await ctx.client.get<Document>(entry.serverRelativeURL, 'application/json');
    const gvk = gvkOf(type, doc);
    if (!gvk)
      throw new KubectlError(
        `GVR (${type.group}/${type.version}, Resource=${type.resource}) not found in OpenAPI schema`,
      );
    let text = gvk.group ? `GROUP:      ${gvk.group}\n` : '';
    text += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
    const schemas = doc.components?.schemas ?? {};
    const name = sortedKeys(schemas).find((k) =>
      ((schemas[k]!['x-kubernetes-group-version-kind'] as Gvk[] | undefined) ?? []).some(
        (g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind,
      ),
    );
    if (!name) {
      ctx.out(text);
      throw new KubectlError(`GVK ${JSON.stringify(gvk)} not found in OpenAPI schema`);
    }
    const body =
      output === 'plaintext' ? explainSchema(schemas[name]!, path, ctx.flags.bool('recursive'), doc) : '';
    if (!body) {
      ctx.out(text);
      throw new KubectlError(`field "${path[path.length - 1]}" does not exist`);
    }
    ctx.out(`${text}${body}\n`);
    return 0;
  },
});

/** The plaintext explanation of `path` inside a schema ('' when the field does not exist). */
export function explainSchema(
  schema: Record<string, unknown>,
  path: string[],
  recursive: boolean,
  doc: unknown,
): string {
  return output(schema as Schema, path, new Set(), recursive, doc as Document);
}

/** The properties of a schema (following $ref, allOf, items and map values); undefined at a leaf. */
function propertiesOf(
  schema: Schema,
  doc: Document,
  seen = new Set<string>(),
): Record<string, Schema> | undefined {
  const ref = schema.$ref;
  if (ref && seen.has(ref)) return undefined;
  const next = ref ? new Set(seen).add(ref) : seen;
  const resolved = resolveRef(ref, doc) ?? schema;
  if (resolved.properties) return resolved.properties;
  for (const sub of resolved.allOf ?? []) {
    const found = propertiesOf(sub, doc, next);
    if (found) return found;
  }
  if (resolved.items) return propertiesOf(resolved.items, doc, next);
  if (isSchema(resolved.additionalProperties)) return propertiesOf(resolved.additionalProperties, doc, next);
  return undefined;
}

/**
 * Completion of `kubectl explain TYPE.FIELD...`: `pods.sp` gives `pods.spec`, `deploy.spec.` the
 * fields of a DeploymentSpec. Resolves [] when the type or the path is unknown.
 */
export async function explainCandidates(client: ApiClient, word: string): Promise<string[]> {
  const parts = word.split('.');
  const partial = parts.pop()!;
  const [resourceArg, ...path] = parts;
  if (!resourceArg) return [];
  const type = (await client.resources()).resolve(resourceArg);
  const index = await client.get<{ paths?: Record<string, { serverRelativeURL: string }> }>(
    '/openapi/v3',
    'application/json, */*',
  );
  const entry = index.paths?.[type.group ? `apis/${type.group}/${type.version}` : `api/${type.version}`];
  if (!entry) return [];
  const doc = await client.get<Document>(entry.serverRelativeURL, 'application/json');
  const gvk = gvkOf(type, doc);
  const schemas = doc.components?.schemas ?? {};
  let schema: Schema | undefined = Object.values(schemas).find((sc) =>
    ((sc['x-kubernetes-group-version-kind'] as Gvk[] | undefined) ?? []).some(
      (g) => gvk && g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind,
    ),
  );
  for (const name of path) {
    schema = schema ? propertiesOf(schema, doc)?.[name] : undefined;
    if (!schema) return [];
  }
  const props = schema ? propertiesOf(schema, doc) : undefined;
  return sortedKeys(props ?? {})
    .filter((k) => k.startsWith(partial))
    .map((k) => [resourceArg, ...path, k].join('.'));
}

/**
 * Reading manifests as kubectl's resource builder does: `-f file|dir|-`, `-R`, YAML streams split
 * on `---` lines, JSON streams, `kind: List` expanded, and kubectl's error texts (`the path "x"
 * does not exist`, `error parsing x.yaml: error converting YAML to JSON: yaml: line 3: ...`).
 */
import { parseDocument } from 'yaml';
import { KubectlError } from '../errors.js';
import type { KubectlEnv } from '../types.js';
import { goJsonSyntaxError } from './json-errors.js';

type Obj = Record<string, unknown>;

/** One object read from a manifest. */
export interface Manifest {
  /** The source as kubectl names it in messages: the path, or `STDIN`. */
  source: string;
  object: Obj;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The YAML documents of a stream: chunks between lines that are `---` (plus spaces). */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let current: string[] = [];
  for (const line of text.split(/(?<=\n)/)) {
    if (line.startsWith('---') && line.slice(3).trim() === '') {
      if (current.length > 0) docs.push(current.join(''));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length > 0) docs.push(current.join(''));
  return docs;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** go-yaml's text for a YAML error, with its line (parser errors name the line before). */
function goYamlError(doc: string, code: string, message: string, offset: number): string {
  const at = lineOf(doc, offset);
  const withLine = (line: number, text: string) =>
    line > 0 ? `yaml: line ${line}: ${text}` : `yaml: ${text}`;
  switch (code) {
    case 'TAB_AS_INDENT':
      return withLine(at, 'found a tab character that violates indentation');
    case 'MISSING_CHAR':
      return withLine(lineOf(doc, doc.length), 'found unexpected end of stream');
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const colon = doc.slice(offset).search(/:(\s|$)/);
      const line = colon >= 0 ? lineOf(doc, offset + colon) : at;
      return withLine(line === 1 ? 0 : line, 'mapping values are not allowed in this context');
    }
    default: {
      if (message.startsWith('Flow sequence')) return withLine(at - 1, "did not find expected ',' or ']'");
      if (message.startsWith('Flow mapping')) return withLine(at - 1, "did not find expected ',' or '}'");
      const lines = doc.split('\n');
      const before = lines
        .slice(0, at - 1)
        .reverse()
        .find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      if (before?.trim().startsWith('- ') || before?.trim() === '-')
        return withLine(at - 1, "did not find expected '-' indicator");
      return withLine(at - 1, 'did not find expected key');
    }
  }
}

/** One YAML document as JSON-compatible data (YAML 1.1 like go-yaml: `yes` is true); null when empty. */
export function parseYamlDocument(doc: string, source: string): unknown {
  const parsed = parseDocument(doc, {
    version: '1.1',
    uniqueKeys: false,
    customTags: (tags) =>
      tags.filter((t) => typeof t === 'object' && t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const error = parsed.errors[0];
  if (error) {
    throw new KubectlError(
      `error parsing ${source}: error converting YAML to JSON: ${goYamlError(doc, error.code, error.message, error.pos[0])}`,
    );
  }
  return parsed.toJS({ maxAliasCount: 100 }) as unknown;
}

/** The values of a JSON stream (objects one after another). */
function parseJsonStream(text: string, source: string): unknown[] {
  const values: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const end = jsonValueEnd(text, i);
    const syntax = goJsonSyntaxError(text, i);
    if (syntax) throw new KubectlError(`error parsing ${source}: ${syntax}`);
    values.push(JSON.parse(text.slice(i, end)));
    i = end;
  }
  return values;
}

/** Where the JSON value starting at `start` ends (bracket matching outside strings). */
function jsonValueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** The objects of one manifest text (`kind: List` expanded, empty documents skipped). */
export function parseManifests(text: string, source: string): Manifest[] {
  const trimmed = text.trimStart();
  const values = trimmed.startsWith('{')
    ? parseJsonStream(text, source)
    : splitYamlDocuments(text).map((doc) => parseYamlDocument(doc, source));
  const out: Manifest[] = [];
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (!isObject(value))
      throw new KubectlError(
        `error parsing ${source}: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value} into Go value of type map[string]interface {}`,
      );
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      for (const item of value.items) if (isObject(item)) out.push({ source, object: item });
      continue;
    }
    out.push({ source, object: value });
  }
  return out;
}

/**
 * The manifests `-f` names, in kubectl's order: each argument in turn; a directory's `.json`,
 * `.yaml` and `.yml` files by name (sub-directories with `-R`); `-` reads stdin.
 */
export async function readManifests(
  env: KubectlEnv,
  files: string[],
  recursive: boolean,
): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const file of files) {
    if (file === '-') {
      const text = env.stdin ? await env.stdin() : '';
      out.push(...parseManifests(text, 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(file))
      throw new KubectlError(`unable to read URL "${file}": URLs are not supported here`);
    const kind = env.fs ? await env.fs.stat(file) : undefined;
    if (kind === undefined) throw new KubectlError(`the path "${file}" does not exist`);
    if (kind === 'file') {
      out.push(...parseManifests((await env.fs!.readFile(file)) ?? '', file));
      continue;
    }
    for (const path of await listDir(env, file, recursive, true))
      out.push(...parseManifests((await env.fs!.readFile(path)) ?? '', path));
  }
  return out;
}

async function listDir(env: KubectlEnv, dir: string, recursive: boolean, top: boolean): Promise<string[]> {
  const fs = env.fs!;
  const names = (await fs.readDir(dir)).sort();
  const out: string[] = [];
  for (const name of names) {
    const path = `${dir.replace(/\/+$/, '')}/${name}`;
    const kind = await fs.stat(path);
    if (kind === 'dir') {
      if (recursive) out.push(...(await listDir(env, path, recursive, false)));
      continue;
    }
    if (EXTENSIONS.some((ext) => name.endsWith(ext))) out.push(path);
  }
  void top;
  return out;
}

/** kubectl's client-side check that each object names its apiVersion and kind (`--validate`). */
export function checkTypeFields(m: Manifest): void {
  const missing: string[] = [];
  if (typeof m.object.apiVersion !== 'string' || m.object.apiVersion === '')
    missing.push('apiVersion not set');
  if (typeof m.object.kind !== 'string' || m.object.kind === '') missing.push('kind not set');
  if (missing.length === 0) return;
  const what = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
  throw new KubectlError(
    `error validating "${m.source}": error validating data: ${what}; if you choose to ignore these errors, turn validation off with --validate=false`,
  );
}

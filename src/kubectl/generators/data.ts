/**
 * ConfigMaps and Secrets from literals, files and env files (`kubectl create configmap|secret
 * generic|tls|docker-registry`), with kubectl's key rules and error texts.
 */
import { KubectlError, UsageError } from '../errors.js';
import { meta, sortedMap } from './workloads.js';

type Obj = Record<string, unknown>;

/** Reads a file for `--from-file`/`--from-env-file`; `stat` tells files from directories. */
export interface DataSourceReader {
  readFile(path: string): Promise<string | undefined>;
  stat(path: string): Promise<'file' | 'dir' | undefined>;
  readDir(path: string): Promise<string[]>;
}

/** Where the keys come from. */
export interface DataSources {
  literals?: string[];
  files?: string[];
  envFiles?: string[];
}

const KEY_RE = /^[-._a-zA-Z0-9]+$/;

function validKey(key: string): string | undefined {
  if (key.length === 0 || key.length > 253) return 'must be no more than 253 characters';
  if (!KEY_RE.test(key))
    return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
  if (key === '.' || key === '..') return "must not be '.'";
  return undefined;
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Text of an env file as key/value pairs (comments and blank lines skipped). */
export function parseEnvFile(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/\r$/, '');
    if (i === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (line.length === 0 || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq >= 0 ? line.slice(0, eq) : line;
    const value = eq >= 0 ? line.slice(eq + 1) : '';
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key))
      throw new KubectlError(
        `"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
      );
    pairs.push([key, value]);
  }
  return pairs;
}

/**
 * The key/value pairs of the sources in kubectl's order: files, then literals (env files alone).
 * `kind` and `name` go into the duplicate-key error.
 */
export async function collectData(
  sources: DataSources,
  reader: DataSourceReader | undefined,
  kind: 'ConfigMap' | 'Secret',
  name: string,
): Promise<[string, string][]> {
  const literals = sources.literals ?? [];
  const files = sources.files ?? [];
  const envFiles = sources.envFiles ?? [];
  if (envFiles.length > 0 && (files.length > 0 || literals.length > 0))
    throw new UsageError('from-env-file cannot be combined with from-file or from-literal');
  const pairs: [string, string][] = [];
  const seen = new Set<string>();
  const add = (key: string, value: string) => {
    const bad = validKey(key);
    if (bad) throw new KubectlError(`"${key}" is not a valid key name for a ${kind}: ${bad}`);
    if (seen.has(key))
      throw new KubectlError(
        `cannot add key "${key}", another key by that name already exists in ${kind === 'ConfigMap' ? 'Data' : 'data'} for ${kind} "${name}"`,
      );
    seen.add(key);
    pairs.push([key, value]);
  };
  const read = async (path: string): Promise<string> => {
    const text = reader ? await reader.readFile(path) : undefined;
    if (text === undefined) throw new KubectlError(`error reading ${path}: no such file or directory`);
    return text;
  };
  for (const spec of files) {
    const eq = spec.indexOf('=');
    const key = eq >= 0 ? spec.slice(0, eq) : undefined;
    const path = eq >= 0 ? spec.slice(eq + 1) : spec;
    if (key === '') throw new KubectlError(`key names or file paths cannot be empty`);
    const kind2 = reader ? await reader.stat(path) : undefined;
    if (kind2 === undefined) throw new KubectlError(`error reading ${path}: no such file or directory`);
    if (kind2 === 'dir') {
      if (key !== undefined) throw new KubectlError('cannot give a key name for a directory path');
      for (const entry of (await reader!.readDir(path)).sort()) {
        const full = `${path.replace(/\/+$/, '')}/${entry}`;
        if ((await reader!.stat(full)) !== 'file') continue;
        add(entry, await read(full));
      }
    } else add(key ?? baseName(path), await read(path));
  }
  for (const literal of literals) {
    const eq = literal.indexOf('=');
    if (eq <= 0) throw new KubectlError(`invalid literal source ${literal}, expected key=value`);
    add(literal.slice(0, eq), literal.slice(eq + 1));
  }
  for (const path of envFiles) {
    for (const [k, v] of parseEnvFile(await read(path))) add(k, v);
  }
  return pairs;
}

/** Base64 of a UTF-8 string (no Buffer: this runs in browsers). */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** `kubectl create configmap NAME [--from-literal] [--from-file] [--from-env-file]`. */
export async function configMapObject(
  name: string,
  sources: DataSources,
  reader?: DataSourceReader,
): Promise<Obj> {
  const pairs = await collectData(sources, reader, 'ConfigMap', name);
  const obj: Obj = { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(name) };
  if (pairs.length > 0) obj.data = sortedMap(Object.fromEntries(pairs));
  return obj;
}

/** `kubectl create secret generic NAME [--type] [--from-literal] [--from-file] [--from-env-file]`. */
export async function genericSecretObject(
  name: string,
  sources: DataSources,
  type: string | undefined,
  reader?: DataSourceReader,
): Promise<Obj> {
  const pairs = await collectData(sources, reader, 'Secret', name);
  const obj: Obj = { kind: 'Secret', apiVersion: 'v1', metadata: meta(name) };
  if (pairs.length > 0) obj.data = sortedMap(Object.fromEntries(pairs.map(([k, v]) => [k, base64(v)])));
  if (type) obj.type = type;
  return obj;
}

/** `kubectl create secret tls NAME --cert=... --key=...` from the two files' text. */
export function tlsSecretObject(name: string, cert: string, key: string): Obj {
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: meta(name),
    data: { 'tls.crt': base64(cert), 'tls.key': base64(key) },
    type: 'kubernetes.io/tls',
  };
}

/** Options of `kubectl create secret docker-registry`. */
export interface DockerRegistryOptions {
  server?: string;
  username: string;
  password: string;
  email?: string;
}

/** `kubectl create secret docker-registry NAME --docker-username --docker-password [...]`. */
export function dockerRegistrySecretObject(name: string, o: DockerRegistryOptions): Obj {
  const server = o.server ?? 'https://index.docker.io/v1/';
  const entry: Obj = { username: o.username, password: o.password };
  if (o.email) entry.email = o.email;
  entry.auth = base64(`${o.username}:${o.password}`);
  const config = JSON.stringify({ auths: { [server]: entry } });
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: meta(name),
    data: { '.dockerconfigjson': base64(config) },
    type: 'kubernetes.io/dockerconfigjson',
  };
}

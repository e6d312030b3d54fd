/** What every check evaluator gets: the reader, the learner's files, and helpers to point at lines. */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { positionOf } from '../content/diagnostics.js';
import type { KubeObject } from '../cluster/types.js';
import type { ClusterReader } from './reader.js';
import type { Check, CheckResult, FileLocation, ObjectId, ObjectRef, SourceMap } from './types.js';
import { formatPath, show, type PathStep } from './match.js';
import { resourceOf } from './kinds.js';

export interface ParsedFile {
  docs: Document.Parsed[];
  lines: LineCounter;
}

export class GradeContext {
  private readonly parsed = new Map<string, ParsedFile>();

  constructor(
    readonly reader: ClusterReader,
    readonly files: Record<string, string>,
    readonly sources: SourceMap,
    readonly noChaos: boolean,
  ) {}

  /** A learner's file parsed into YAML documents (cached). */
  parse(file: string): ParsedFile | undefined {
    const text = this.files[file];
    if (text === undefined) return undefined;
    let p = this.parsed.get(file);
    if (!p) {
      const lines = new LineCounter();
      const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
      p = { docs: Array.isArray(docs) ? docs : [], lines };
      this.parsed.set(file, p);
    }
    return p;
  }

  /** Line and column of `path` in document `doc` of `file` (or its nearest existing parent). */
  locate(file: string, doc: number, path: readonly PathStep[], atKey = false): FileLocation | undefined {
    const p = this.parse(file);
    const d = p?.docs[doc];
    if (!p || !d) return undefined;
    const clean: (string | number)[] = [];
    for (const s of path) {
      if (typeof s === 'string' && s.startsWith('(')) break;
      clean.push(s);
    }
    const pos = positionOf({ doc: d, lines: p.lines, lineOffset: 0 }, clean, atKey);
    return { file, line: pos.line, col: pos.col, path: formatPath(path) };
  }

  /**
   * Where a field of a live object was written: the object's own document, or, for a pod made
   * by a ReplicaSet or Deployment from the learner's files, the pod template in that document.
   */
  async locateObject(obj: KubeObject, path: readonly PathStep[]): Promise<FileLocation | undefined> {
    const own = this.sources[sourceKey(obj)];
    if (own) return this.locate(own.file, own.doc, path);
    let cur: KubeObject | undefined = obj;
    let prefix: PathStep[] = [];
    for (let hops = 0; cur && hops < 2; hops++) {
      const owner: { kind: string; apiVersion: string; name: string } | undefined =
        cur.metadata.ownerReferences?.find((o) => o.controller);
      if (!owner) return undefined;
      const info = resourceOf(owner.kind);
      if (!info) return undefined;
      const list = await this.reader.list({
        apiVersion: owner.apiVersion,
        kind: owner.kind,
        namespace: obj.metadata.namespace ?? '',
      });
      const parent: KubeObject | undefined = list.find((o) => o.metadata.name === owner.name);
      if (!parent) return undefined;
      if (hops === 0) prefix = ['spec', 'template'];
      const src = this.sources[sourceKey(parent)];
      if (src) {
        const inTemplate =
          path[0] === 'spec' ||
          (path[0] === 'metadata' && (path[1] === 'labels' || path[1] === 'annotations'));
        return this.locate(src.file, src.doc, inTemplate ? [...prefix, ...path] : []);
      }
      cur = parent;
    }
    return undefined;
  }
}

/** `Kind/namespace/name`, the key of a SourceMap. */
export function sourceKey(obj: { kind: string; metadata: { namespace?: string; name?: string } }): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export function objectId(obj: KubeObject): ObjectId {
  return {
    kind: obj.kind,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    name: obj.metadata.name ?? '',
  };
}

/** `Pod default/web` or `Node worker-1`. */
export function objectName(obj: KubeObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name ?? ''}`;
}

const plural = (kind: string): string => (/(s|x|ch|sh)$/.test(kind) ? `${kind}es` : `${kind}s`);

/** Says which objects a reference selects: `a Pod named "web" in namespace "default"`, `Pods with app=web in namespace "default"`. */
export function describeRef(ref: ObjectRef, many = false): string {
  const ns = ref.namespace === '*' ? ' in any namespace' : ` in namespace "${ref.namespace ?? 'default'}"`;
  const scoped = resourceOf(ref.kind, ref.apiVersion)?.namespaced === false ? '' : ns;
  const a = /^[AEIOU]/.test(ref.kind) ? 'an' : 'a';
  if (ref.name)
    return `${many ? '' : `${a} `}${ref.kind} named "${ref.name}"${ref.selector ? ` with ${ref.selector}` : ''}${scoped}`;
  return `${many ? plural(ref.kind) : `${a} ${ref.kind}`}${ref.selector ? ` with ${ref.selector}` : ''}${scoped}`;
}

/** The namespace to list for a reference ('' = all). */
export function refNamespace(ref: ObjectRef): string {
  return ref.namespace === '*' ? '' : (ref.namespace ?? 'default');
}

/** Objects a reference selects, sorted by namespace and name. */
export async function listRef(ctx: GradeContext, ref: ObjectRef): Promise<KubeObject[]> {
  const info = resourceOf(ref.kind, ref.apiVersion);
  if (!info) return [];
  const all = await ctx.reader.list({
    apiVersion: ref.apiVersion ?? (info.group ? `${info.group}/${info.version}` : info.version),
    kind: ref.kind,
    namespace: info.namespaced ? refNamespace(ref) : '',
    ...(ref.selector ? { labelSelector: ref.selector } : {}),
  });
  return ref.name ? all.filter((o) => o.metadata.name === ref.name) : all;
}

/** What an evaluator returns before points and feedback are applied. */
export interface Outcome {
  passed: boolean;
  message: string;
  found?: string;
  expected?: string;
  object?: ObjectId;
  path?: string;
  location?: FileLocation;
  children?: CheckResult[];
  /** The check could not be evaluated (its error is the message; feedback does not apply). */
  error?: boolean;
  /** Nothing the check looks for exists at all: the message says so, feedback does not apply. */
  missing?: boolean;
}

/** Fills `{found}`, `{expected}`, `{object}`, `{path}` and `{file}` in a feedback text. */
export function fill(template: string, o: Outcome): string {
  const obj = o.object
    ? `${o.object.kind} ${o.object.namespace ? `${o.object.namespace}/` : ''}${o.object.name}`
    : '';
  const file = o.location ? `${o.location.file}:${o.location.line}` : '';
  return template
    .replace(/\{found\}/g, o.found ?? 'nothing')
    .replace(/\{expected\}/g, o.expected ?? '')
    .replace(/\{object\}/g, obj)
    .replace(/\{path\}/g, o.path ?? '')
    .replace(/\{file\}/g, file);
}

/** A check's result from its outcome: points, the feedback filled in on failure. */
export function toResult(check: Check, o: Outcome): CheckResult {
  return {
    id: check.id,
    title: check.title,
    type: check.type,
    passed: o.passed,
    points: o.passed ? check.points : 0,
    maxPoints: check.points,
    message: !o.passed && !o.error && !o.missing && check.feedback ? fill(check.feedback, o) : o.message,
    ...(o.found !== undefined ? { found: o.found } : {}),
    ...(o.expected !== undefined ? { expected: o.expected } : {}),
    ...(o.object ? { object: o.object } : {}),
    ...(o.path ? { path: o.path } : {}),
    ...(o.location ? { location: o.location } : {}),
    ...(!o.passed && check.hint ? { hint: check.hint } : {}),
    ...(o.children ? { children: o.children } : {}),
  };
}

export { show, formatPath };

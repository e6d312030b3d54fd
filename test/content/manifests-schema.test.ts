/**
 * Every ```yaml block in the lessons (unless its fence says `not-manifest`) must be a manifest a
 * Kubernetes 1.32 API server accepts under `fieldValidation=Strict`: a known kind, the generated
 * schema, and the server's semantic rules. Failures name the file, the line and the cause.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { codeBlocks } from '../../src/content/markdown';
import { validateManifest } from '../../src/cluster/validation';

const root = join(import.meta.dirname, '..', '..');
const lessonsDir = join(root, 'lessons');

function mdxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return mdxFiles(full);
    return entry.endsWith('.mdx') ? [full] : [];
  });
}

/** `spec.containers[0].image` or `data[key]` -> ['spec', 'containers', 0, 'image'] / ['data', 'key']. */
function pathSegments(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!);
  }
  return out;
}

/**
 * The 1-based line (within the block) of the field: its key when it exists, else the deepest
 * enclosing node that does (a missing required field points at its parent).
 */
function lineOf(doc: Document, code: string, field: string): number {
  const segs = pathSegments(field);
  const lineAt = (offset: number) => code.slice(0, offset).split('\n').length;
  for (let n = segs.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(segs.slice(0, n - 1), true);
    const seg = segs[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair && isScalar(pair.key) && pair.key.range) return lineAt(pair.key.range[0]);
    } else if (isSeq(parent) && typeof seg === 'number') {
      const item = parent.items[seg] as { range?: [number, number] } | undefined;
      if (item?.range) return lineAt(item.range[0]);
    }
  }
  return lineAt(doc.range?.[0] ?? 0);
}

interface Finding {
  where: string;
  problem: string;
}

function checkFile(file: string): { documents: number; findings: Finding[] } {
  const text = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  const findings: Finding[] = [];
  let documents = 0;
  for (const block of codeBlocks(text)) {
    if (block.lang !== 'yaml' && block.lang !== 'yml') continue;
    if (/\bnot-manifest\b/.test(block.meta)) continue;
    for (const doc of parseAllDocuments(block.code, { uniqueKeys: true })) {
      if (!('errors' in doc)) continue;
      const docLine = block.line + block.code.slice(0, doc.range[0]).split('\n').length - 1;
      if (doc.errors.length) {
        findings.push({
          where: `${rel}:${docLine}`,
          problem: `YAML: ${doc.errors[0]!.message.split('\n')[0]}`,
        });
        continue;
      }
      const obj = doc.toJS({ maxAliasCount: 100 });
      if (obj === null || obj === undefined) continue;
      documents++;
      const result = validateManifest(obj);
      for (const c of [...result.decodeErrors, ...result.causes]) {
        const line = block.line + lineOf(doc, block.code, c.field) - 1;
        findings.push({
          where: `${rel}:${line}`,
          problem: `${obj.kind ?? '?'} ${obj.metadata?.name ?? ''}: ${c.field ? `${c.field}: ` : ''}${c.message}`,
        });
      }
    }
  }
  return { documents, findings };
}

const files = mdxFiles(lessonsDir).sort();

describe('lesson manifests validate against Kubernetes 1.32 (Strict)', () => {
  it('finds lessons to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [relative(root, f), f] as const))('%s', (_rel, file) => {
    const { findings } = checkFile(file);
    expect(findings.map((f) => `${f.where}: ${f.problem}`)).toEqual([]);
  });
});

describe('the manifest check itself', () => {
  it('reports file:line and the cause for a bad manifest', () => {
    const code = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  selector:',
      '    matchLabels: {app: web}',
      '  template:',
      '    metadata:',
      '      labels: {app: web}',
      '    spec:',
      '      containers:',
      '      - name: web',
      '        imagePullPolcy: Always',
    ].join('\n');
    const [doc] = parseAllDocuments(code);
    const result = validateManifest((doc as Document).toJS());
    expect(result.decodeErrors.map((c) => c.message)).toEqual([
      'unknown field "spec.template.spec.containers[0].imagePullPolcy"',
    ]);
    expect(lineOf(doc as Document, code, 'spec.template.spec.containers[0].imagePullPolcy')).toBe(14);
    expect(lineOf(doc as Document, code, 'spec.template.spec.containers[0].image')).toBe(13);
  });
});

/**
 * Turns what `kubectl apply|create|replace -f` printed on stderr into problems at lines of the
 * learner's files, for editor markers. Kubectl's messages name the file (`"pod.yaml"`), and
 * either a YAML line (`yaml: line 7: ...`) or a field path (`spec.replicas: Invalid value`,
 * `unknown field "spec.replica"`); the path is looked up in the file's YAML documents (the one of
 * the named kind and name first). Pure.
 */
import { isMap, isSeq, parseAllDocuments, LineCounter, type Document } from 'yaml';
import type { FileProblem } from './types.js';
import { normalizePath } from '../shell/builtins.js';

/** `spec.template.spec.containers[0].image` -> ['spec', 'template', 'spec', 'containers', 0, 'image'] */
export function splitFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** The 1-based line of the deepest node on `path` in the document (the document's first line when none). */
function lineOfPath(doc: Document.Parsed, counter: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let best = doc.contents?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      best = (pair.key as { range?: [number, number, number] }).range?.[0] ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  return counter.linePos(best).line;
}

function documents(text: string): { docs: Document.Parsed[]; counter: LineCounter } {
  const counter = new LineCounter();
  return { docs: parseAllDocuments(text, { lineCounter: counter }) as Document.Parsed[], counter };
}

/** Which document a message is about: by `Kind "name"` when the message says, else the first. */
function pickDocument(docs: Document.Parsed[], kind?: string, name?: string): Document.Parsed | undefined {
  if (kind || name) {
    const found = docs.find((d) => {
      const js = d.toJS() as { kind?: string; metadata?: { name?: string } } | null;
      return (!kind || js?.kind === kind) && (!name || js?.metadata?.name === name);
    });
    if (found) return found;
  }
  return docs[0];
}

/** The problems in `stderr`, for files that exist in `files`. */
export function problemsFromOutput(stderr: string, files: Record<string, string>): FileProblem[] {
  const out: FileProblem[] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const fileMatch =
      /"([^"]+\.(?:ya?ml|json))"/.exec(line) ?? /(?:parsing|reading) ([^\s:]+\.(?:ya?ml|json))/.exec(line);
    if (!fileMatch) continue;
    const file = normalizePath(fileMatch[1]!);
    const text = files[file];
    if (text === undefined) continue;
    const message = line.replace(/^(error: |Error from server \([A-Za-z]+\): )/, '');
    const yamlLine = /\byaml: line (\d+):/.exec(line);
    if (yamlLine) {
      out.push({ file, line: Number(yamlLine[1]), message });
      continue;
    }
    const { docs, counter } = documents(text);
    const subject = /\b(?:The )?([A-Z][A-Za-z]+) "([^"]+)" is invalid/.exec(line);
    const doc = pickDocument(docs, subject?.[1], subject?.[2]);
    if (!doc) continue;
    // Field paths: after "is invalid: ", in "unknown field \"...\"", or in ValidationError(Kind.path).
    const paths: string[] = [];
    const invalid = /is invalid: (.*)$/.exec(line);
    if (invalid) {
      for (const cause of invalid[1]!.replace(/^\[|\]$/g, '').split(/, (?=[a-z][\w.[\]]*: )/)) {
        const p = /^([a-zA-Z][\w.[\]]*): /.exec(cause);
        if (p) paths.push(p[1]!);
      }
    }
    for (const m of line.matchAll(/unknown field "([^"]+)"/g)) paths.push(m[1]!);
    for (const m of line.matchAll(/ValidationError\([A-Za-z]+\.([^)]+)\)/g)) paths.push(m[1]!);
    if (!paths.length) {
      out.push({ file, line: counter.linePos(doc.contents?.range?.[0] ?? 0).line, message });
      continue;
    }
    for (const p of paths) out.push({ file, line: lineOfPath(doc, counter, splitFieldPath(p)), message });
  }
  return out;
}

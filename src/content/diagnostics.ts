import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** A problem found in content, with where it is. Printed as `file:line:col code severity message`. */
export interface Diagnostic {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Stable kebab-case id of the kind of problem, e.g. `frontmatter-invalid`. */
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col} ${d.code} ${d.severity} ${d.message}`;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code),
  );
}

/** A parsed YAML text that can say where each value is. */
export interface YamlSource {
  doc: Document.Parsed;
  lines: LineCounter;
  /** Added to every reported line (for YAML embedded in a larger file, such as frontmatter). */
  lineOffset: number;
}

export function parseYaml(text: string, lineOffset = 0): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  return { doc, lines, lineOffset };
}

/** Syntax errors of a parsed YAML text as diagnostics. */
export function yamlErrors(src: YamlSource, file: string, code = 'yaml-syntax'): Diagnostic[] {
  return src.doc.errors.map((e) => {
    const pos = src.lines.linePos(e.pos[0]);
    return {
      file,
      line: pos.line + src.lineOffset,
      col: pos.col,
      code,
      severity: 'error' as const,
      message: e.message.split('\n')[0]!,
    };
  });
}

/**
 * Line and column of the value at `path` (keys and indexes), or of the nearest parent that
 * exists (a missing field is reported where its parent is). `atKey` points at the key instead.
 */
export function positionOf(
  src: YamlSource,
  path: (string | number)[],
  atKey = false,
): { line: number; col: number } {
  let node: Node | null | undefined = src.doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      const value = pair.value as Node | null;
      offset = (atKey || !value?.range ? keyNode?.range?.[0] : value.range[0]) ?? offset;
      node = value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const pos = src.lines.linePos(offset);
  return { line: pos.line + src.lineOffset, col: pos.col };
}

/** `['questions', 0, 'choices']` -> `questions[0].choices` */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (out, step) => (typeof step === 'number' ? `${out}[${step}]` : out ? `${out}.${step}` : step),
    '',
  );
}

/** JSON pointer (ajv's instancePath) to path steps: `/questions/0/choices` -> ['questions', 0, 'choices']. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Small helpers to read MDX lessons without a full MDX parser. */

export interface Frontmatter {
  /** The YAML between the `---` fences. */
  yaml: string;
  /** 1-based line of the first YAML line in the file. */
  firstLine: number;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

export function splitFrontmatter(text: string): Frontmatter | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return undefined;
  return { yaml: m[1]!, firstLine: 2, bodyLine: m[0].split('\n').length };
}

export interface CodeBlock {
  lang: string;
  meta: string;
  code: string;
  /** 1-based line of the first line of code (after the opening fence). */
  line: number;
}

/** Fenced code blocks (``` or ~~~, any indentation) with where their code starts. */
export function codeBlocks(text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang, meta] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trim().startsWith(fence!) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent!) ? line.slice(indent!.length) : line.trimStart());
    }
    blocks.push({ lang: lang!.toLowerCase(), meta: meta!.trim(), code: body.join('\n'), line: i + 2 });
    i = j;
  }
  return blocks;
}

/** `<Term id="...">` uses with their line and column. */
export function termUsesWithPosition(text: string): { id: string; line: number; col: number }[] {
  const out: { id: string; line: number; col: number }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const m of line.matchAll(/<Term\s+id=["']([^"']*)["']/g)) {
      out.push({ id: m[1]!, line: i + 1, col: (m.index ?? 0) + 1 });
    }
  });
  return out;
}

/**
 * A lab's instructions (a small Markdown subset: paragraphs, `-` and `1.` lists, fenced code blocks,
 * inline code, bold, emphasis) as HTML, with a "Type into terminal" button for every command line
 * of a `sh`/`bash`/`shell`/unlabelled code block. Pure; the lab page renders it at build time.
 */
import { inlineMarkdown } from '../lib/inline-markdown.js';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SHELL = new Set(['', 'sh', 'bash', 'shell', 'console']);

export function instructionsHtml(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  let ordered = false;
  const flush = (): void => {
    if (paragraph.length) out.push(`<p>${inlineMarkdown(paragraph.join(' '))}</p>`);
    const tag = ordered ? 'ol' : 'ul';
    if (list.length)
      out.push(`<${tag}>${list.map((l) => `<li>${inlineMarkdown(l)}</li>`).join('')}</${tag}>`);
    paragraph = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*```(\w*)\s*$/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !/^\s*```\s*$/.test(lines[i]!)) code.push(lines[i]!);
      const lang = fence[1] ?? '';
      if (SHELL.has(lang)) {
        out.push(
          `<div class="ws-snippets">${code
            .filter((c) => c.trim())
            .map((c) => {
              const cmd = c.trim().replace(/^\$\s*/, '');
              return `<div class="ws-snippet"><code>${escape(cmd)}</code><button type="button" class="ws-type" data-command="${escape(cmd)}" aria-label="Type into the terminal: ${escape(cmd)}">Type it</button></div>`;
            })
            .join('')}</div>`,
        );
      } else out.push(`<pre><code>${escape(code.join('\n'))}</code></pre>`);
      continue;
    }
    const item = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      const isOrdered = /\d/.test(item[1]!);
      if (paragraph.length || (list.length && isOrdered !== ordered)) flush();
      ordered = isOrdered;
      list.push(item[2]!);
    } else if (!line.trim()) flush();
    else if (list.length && /^\s+/.test(line)) list[list.length - 1] += ` ${line.trim()}`;
    else {
      if (list.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}

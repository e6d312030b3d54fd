/**
 * Column alignment as kubectl's describers do it: Go's text/tabwriter with minwidth 0, padding 2,
 * pad character ' ' and no flags (`tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`).
 *
 * The rules that matter for byte-identical output:
 * - A cell is text terminated by a tab; the text after the last tab of a line is not a cell of any
 *   column and never widens one.
 * - A column block is a run of consecutive lines that all have a cell in that column; its width is
 *   the widest cell of the block plus the padding. Blocks are found recursively, column by column.
 * - A line without any tab ends every block (the writer flushes there), as does an explicit flush.
 * - Widths count characters (runes), not bytes.
 */

/** Options of the writer: Go's `minwidth` and `padding` (pad character is always a space). */
export interface TabOptions {
  minWidth: number;
  padding: number;
}

const DESCRIBE: TabOptions = { minWidth: 0, padding: 2 };

interface Cell {
  text: string;
  width: number;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A tabwriter: `write` text (with tabs and newlines), then `flush`, then read `output`. */
export class TabWriter {
  private out = '';
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];

  constructor(private readonly options: TabOptions = DESCRIBE) {}

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\n') continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const line = this.lines[this.lines.length - 1]!;
      line.push({ text: this.cell, width: runeCount(this.cell) });
      this.cell = '';
      if (ch === '\n') {
        const cells = line.length;
        this.lines.push([]);
        // A line with one cell cannot affect the alignment of what follows: flush.
        if (cells === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Formats everything buffered (a trailing partial cell is written as it is). */
  flush(): void {
    if (this.cell !== '') {
      const line = this.lines[this.lines.length - 1]!;
      line.push({ text: this.cell, width: runeCount(this.cell) });
      this.cell = '';
    }
    this.format(0, this.lines.length);
    this.lines = [[]];
  }

  /** Everything formatted so far (call `flush` first). */
  output(): string {
    return this.out;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      const line = this.lines[row]!;
      if (column >= line.length - 1) continue;
      // A cell in this column: print the lines before the block, then size the block.
      this.writeLines(line0, row);
      line0 = row;
      let width = this.options.minWidth;
      for (; row < line1; row++) {
        const l = this.lines[row]!;
        if (column >= l.length - 1) break;
        width = Math.max(width, l[column]!.width + this.options.padding);
      }
      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let row = line0; row < line1; row++) {
      const line = this.lines[row]!;
      line.forEach((c, j) => {
        this.out += c.text;
        if (j < this.widths.length) this.out += ' '.repeat(Math.max(0, this.widths[j]! - c.width));
      });
      // The last buffered line is the unterminated one.
      if (row + 1 < this.lines.length) this.out += '\n';
    }
  }
}

/** Aligns `text` as one tabwriter pass (describe's `tabbedString`). */
export function tabbed(text: string, options?: TabOptions): string {
  const w = new TabWriter(options);
  w.write(text);
  w.flush();
  return w.output();
}

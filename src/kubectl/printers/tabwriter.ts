/**
 * Go's text/tabwriter as kubectl configures it (min width 6, tab width 4, padding 3, spaces,
 * no flags), with the "remember widths" extension kubectl's watch printing relies on: widths
 * only grow across flushes. Cells are separated by `\t`, lines by `\n`; the text after a line's
 * last tab is not aligned (it is not a column).
 */

/** kubectl's tabwriter settings. */
export const TABWRITER = { minWidth: 6, padding: 3 };

/** Display width of a cell (code points, as Go counts runes). */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A tabwriter: `write` text, then `flush` returns the aligned text. */
export class TabWriter {
  private buffer = '';
  /** Column widths kept across flushes (watch output). */
  private remembered: number[] = [];

  constructor(
    private readonly options: { minWidth: number; padding: number; rememberWidths?: boolean } = TABWRITER,
  ) {}

  write(text: string): void {
    this.buffer += text;
  }

  /** Forgets remembered widths (kubectl does this between resource types). */
  resetWidths(): void {
    this.remembered = [];
  }

  /** Aligns everything written since the last flush. A final line without `\n` is kept as is. */
  flush(): string {
    const text = this.buffer;
    this.buffer = '';
    if (text === '') return '';
    const endsWithNewline = text.endsWith('\n');
    const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
    const out: string[] = [];
    const widths: number[] = [];
    const format = (line0: number, line1: number): void => {
      const column = widths.length;
      for (let i = line0; i < line1; i++) {
        if (column >= lines[i]!.length - 1) continue;
        emit(line0, i);
        line0 = i;
        let w = this.options.minWidth;
        let j = i;
        for (; j < line1; j++) {
          const line = lines[j]!;
          if (column >= line.length - 1) break;
          const cw = width(line[column]!) + this.options.padding;
          if (cw > w) w = cw;
        }
        if (this.options.rememberWidths) {
          const r = this.remembered[column] ?? 0;
          if (r > w) w = r;
          this.remembered[column] = w;
        }
        widths.push(w);
        format(line0, j);
        widths.pop();
        line0 = j;
        i = j - 1;
      }
      emit(line0, line1);
    };
    const emitted = new Set<number>();
    const emit = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        if (emitted.has(i)) continue;
        emitted.add(i);
        const cells = lines[i]!;
        let s = '';
        cells.forEach((cell, j) => {
          if (j < widths.length && j < cells.length - 1)
            s += cell + ' '.repeat(Math.max(0, widths[j]! - width(cell)));
          else s += cell;
        });
        out[i] = s;
      }
    };
    format(0, lines.length);
    return out.join('\n') + (endsWithNewline ? '\n' : '');
  }
}

/** Aligns a whole text at once (a fresh tabwriter). */
export function tabwrite(text: string): string {
  const w = new TabWriter();
  w.write(text);
  return w.flush();
}

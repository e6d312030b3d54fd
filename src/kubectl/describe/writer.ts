/**
 * The writer every describer prints through: kubectl's PrefixWriter (two spaces per level) over
 * one tabwriter pass (see tabwriter.ts), so `describe` output aligns as real kubectl's does.
 */
import { TabWriter } from './tabwriter.js';

/** Indent levels of kubectl's PrefixWriter. */
export const L0 = 0;
export const L1 = 1;
export const L2 = 2;
export const L3 = 3;
export const L4 = 4;

/** Writes describe text at an indent level; `text()` returns the aligned result. */
export class DescribeWriter {
  private readonly tw = new TabWriter();

  /** Writes `text` after `level` indents (kubectl writes the indent once per call, not per line). */
  write(level: number, text: string): void {
    this.tw.write('  '.repeat(level) + text);
  }

  /** Writes the words separated by spaces and a newline (kubectl's WriteLine). */
  line(...words: string[]): void {
    this.tw.write(`${words.join(' ')}\n`);
  }

  /** Ends the current column blocks (kubectl flushes before an event table). */
  flush(): void {
    this.tw.flush();
  }

  text(): string {
    this.tw.flush();
    return this.tw.output();
  }
}

/** Runs `fn` with a fresh writer and returns the aligned text (kubectl's `tabbedString`). */
export function tabbedString(fn: (w: DescribeWriter) => void): string {
  const w = new DescribeWriter();
  fn(w);
  return w.text();
}

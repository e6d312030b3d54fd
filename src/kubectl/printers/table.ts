/**
 * Printing server-side Tables as kubectl's human-readable printer does: upper-case headers,
 * priority-1 columns only with `-o wide`, a NAMESPACE column first with `-A`, LABELS last with
 * `--show-labels`, label columns with `-L`, `kind.group/` name prefixes in multi-type output,
 * headers once per column set, aligned by kubectl's tabwriter.
 */
import type { Table } from '../client.js';
import { TabWriter } from './tabwriter.js';

/** Options of the human-readable printer (kubectl's PrintOptions). */
export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  withNamespace?: boolean;
  showLabels?: boolean;
  /** `-L` label keys. */
  labelColumns?: string[];
  /** `pod` / `deployment.apps`: prefixes the name column (multi-type output, --show-kind). */
  kind?: string;
  /** `--output-watch-events`: an EVENT column first, with this event type in every row. */
  event?: string;
}

/** Labels as kubectl prints them: `a=b,c=d` sorted by key, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '<none>';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

/** kubectl's table printer over one output stream; keeps the last columns to print headers once. */
export class TablePrinter {
  private lastColumns = '';
  private printedHeaders = false;
  readonly writer: TabWriter;

  constructor(
    private readonly options: TableOptions,
    rememberWidths = false,
  ) {
    this.writer = new TabWriter({ minWidth: 6, padding: 3, rememberWidths });
  }

  /** Writes one Table's header (when due) and rows into the tabwriter (call `flush` to get text). */
  print(table: Table, options: TableOptions = this.options): void {
    let columns = table.columnDefinitions ?? [];
    const key = JSON.stringify(columns);
    let noHeaders = options.noHeaders ?? false;
    if (this.printedHeaders && (columns.length === 0 || key === this.lastColumns)) noHeaders = true;
    if (columns.length === 0) columns = JSON.parse(this.lastColumns || '[]') as Table['columnDefinitions'];
    else if (key !== this.lastColumns) {
      this.lastColumns = key;
      this.printedHeaders = false;
    }
    if (table.rows.length > 0) this.printedHeaders = true;
    const shown = columns.map((c, i) => ({ c, i })).filter(({ c }) => options.wide || c.priority === 0);
    const labelKeys = options.labelColumns ?? [];
    if (!noHeaders && table.rows.length > 0) {
      const headers: string[] = [];
      if (options.event) headers.push('EVENT');
      if (options.withNamespace) headers.push('NAMESPACE');
      for (const { c } of shown) headers.push(c.name.toUpperCase());
      for (const l of labelKeys) headers.push(l.split('/').pop()!.toUpperCase());
      if (options.showLabels) headers.push('LABELS');
      this.writer.write(`${headers.join('\t')}\n`);
    }
    for (const row of table.rows) {
      const meta = row.object?.metadata;
      const cells: string[] = [];
      // kubectl's EVENT column is always as wide as the longest event type (MODIFIED)
      if (options.event) cells.push(options.event.padEnd(8));
      if (options.withNamespace) cells.push(meta?.namespace ?? '');
      for (const { c, i } of shown) {
        let text = cellText(row.cells[i]);
        if (c.format === 'name' && options.kind) text = `${options.kind}/${text}`;
        cells.push(text);
      }
      for (const l of labelKeys) cells.push(meta?.labels?.[l] ?? '');
      if (options.showLabels) cells.push(formatLabels(meta?.labels));
      this.writer.write(`${cells.join('\t')}\n`);
    }
  }

  /** The aligned text written so far. */
  flush(): string {
    return this.writer.flush();
  }
}

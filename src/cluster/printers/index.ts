/**
 * Server-side printing (Tables) for `kubectl get`: the presenter, the per-kind printers and the
 * formatting helpers they share. `wireExtensions` (in ../openapi/wire.ts) combines it with the
 * OpenAPI endpoint for `createCluster({ extensions })`.
 */
export { tablePresenter, tableVersion, buildTable, type Table } from './presenter.js';
export { printerFor, hasOwnPrinter } from './registry.js';
export { humanDuration, since } from './duration.js';
export { podSummary, POD_PRINTER } from './pod.js';
export type { Printer, TableColumn, PrintContext } from './table.js';
export { formatLabels, formatLabelSelector } from './table.js';

/**
 * Server-side printing: a `Presenter` that answers `Accept: application/json;as=Table;v=v1;
 * g=meta.k8s.io` with a `meta.k8s.io` Table for lists, single objects and watch events (one row
 * each; column definitions in the stream's first event only), rows carrying
 * `PartialObjectMetadata` (or the object, or nothing, per `includeObject`).
 */
import type { ApiRequest, KubeObject, WatchEvent } from '../types.js';
import type { Presenter } from '../api/handler.js';
import type { ResourceInfo } from '../api/resources.js';
import { splitUrl } from '../api/paths.js';
import { printerFor } from './registry.js';
import type { Printer, TableColumn } from './table.js';

/** The Table version an Accept header asks for (`v1` or `v1beta1`), or undefined. */
export function tableVersion(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (!params.includes('as=Table') || !params.includes('g=meta.k8s.io')) continue;
    if (params.includes('v=v1')) return 'v1';
    if (params.includes('v=v1beta1')) return 'v1beta1';
  }
  return undefined;
}

/** A Table object. */
export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: Record<string, unknown>;
  columnDefinitions: TableColumn[];
  rows: { cells: unknown[]; object?: unknown }[];
}

type IncludeObject = 'None' | 'Metadata' | 'Object';

function includeObjectOf(request: ApiRequest): IncludeObject {
  const value = splitUrl(request.url).query.includeObject;
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function rowObject(info: ResourceInfo, obj: KubeObject, include: IncludeObject, version: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') {
    const gv = info.group ? `${info.group}/${info.version}` : info.version;
    return { ...obj, apiVersion: gv, kind: info.kind };
  }
  const { managedFields: _m, ...metadata } = obj.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata };
}

/** Builds a Table of `objects` with `printer`, the clock's `now` giving ages. */
export function buildTable(
  info: ResourceInfo,
  printer: Printer,
  objects: KubeObject[],
  options: {
    now: number;
    version: 'v1' | 'v1beta1';
    include: IncludeObject;
    metadata: Record<string, unknown>;
  },
): Table {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.metadata,
    columnDefinitions: printer.columns,
    rows: objects.map((o) => {
      const row: { cells: unknown[]; object?: unknown } = { cells: printer.cells(o, { now: options.now }) };
      const object = rowObject(info, o, options.include, options.version);
      if (object !== undefined) row.object = object;
      return row;
    }),
  };
}

/** The Table presenter; `now` reads the cluster clock (ages are relative to cluster time). */
export function tablePresenter(now: () => number): Presenter {
  const table = (
    info: ResourceInfo,
    objects: KubeObject[],
    request: ApiRequest,
    metadata: Record<string, unknown>,
  ): Table | undefined => {
    const version = tableVersion(request.headers.accept);
    if (!version) return undefined;
    return buildTable(info, printerFor(info), objects, {
      now: now(),
      version,
      include: includeObjectOf(request),
      metadata,
    });
  };
  return {
    object: (info, object, request) =>
      table(info, [object], request, { resourceVersion: object.metadata.resourceVersion ?? '' }),
    list: (info, list, request) => table(info, list.items, request, list.metadata),
    watchObject: (info, event: WatchEvent, request, first) => {
      const t = table(info, [event.object], request, {
        resourceVersion: event.object.metadata.resourceVersion ?? '',
      });
      if (t && !first) t.columnDefinitions = [];
      return t;
    },
  };
}

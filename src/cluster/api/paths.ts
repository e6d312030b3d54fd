/**
 * Kubernetes request paths: `/api/v1/namespaces/default/pods/web/log?container=app` into the
 * resource, namespace, name, subresource and query it addresses.
 */
import { resourceNotFound } from '../machinery/errors.js';
import type { ResourceInfo, ResourceRegistry } from './resources.js';

/** Query parameters (last value wins, as the API server reads single-valued options). */
export type Query = Record<string, string>;

/** Splits `path?query` and decodes the query (`+` is a space). */
export function splitUrl(url: string): { path: string; query: Query } {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query: Query = {};
  if (q >= 0) {
    for (const part of url.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const rawKey = eq < 0 ? part : part.slice(0, eq);
      const rawValue = eq < 0 ? '' : part.slice(eq + 1);
      query[decode(rawKey)] = decode(rawValue);
    }
  }
  return { path, query };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** A request for a resource. */
export interface ResourceRoute {
  resource: ResourceInfo;
  /** The namespace in the path ('' when absent). */
  namespace: string;
  /** The object name ('' for collections). */
  name: string;
  subresource?: string;
  /** The legacy `/watch/` path prefix was used. */
  watchPrefix: boolean;
  query: Query;
}

/**
 * Routes a resource path. Returns undefined for paths outside `/api/v1` and `/apis/<g>/<v>`
 * (discovery, `/version`, OpenAPI); throws 404 for an unknown resource or shape.
 */
export function routeResource(registry: ResourceRegistry, url: string): ResourceRoute | undefined {
  const { path, query } = splitUrl(url);
  const segs = path
    .split('/')
    .filter((s) => s !== '')
    .map(decode);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 2) {
    group = '';
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 3) {
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return undefined;
  if (rest.length === 0) return undefined; // group-version discovery document
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace = '';
  // `/namespaces/<ns>/<resource>...` addresses a namespaced resource; `/namespaces[/<name>[/<sub>]]` the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !isNamespaceSub(registry, group, version, rest)) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const info = registry.get(group, version, rest[0]!);
  if (!info || rest.length > 3) throw resourceNotFound();
  if (namespace && !info.namespaced) throw resourceNotFound();
  const name = rest[1] ?? '';
  const subresource = rest[2];
  if (subresource !== undefined && !info.subresources.includes(subresource)) throw resourceNotFound();
  return { resource: info, namespace, name, subresource, watchPrefix, query };
}

function isNamespaceSub(registry: ResourceRegistry, group: string, version: string, rest: string[]): boolean {
  const ns = registry.get(group, version, 'namespaces');
  return (
    rest.length === 3 && !!ns && ns.subresources.includes(rest[2]!) && !registry.get(group, version, rest[2]!)
  );
}

/** The collection path of a resource: `/apis/apps/v1/namespaces/default/deployments`. */
export function collectionPath(info: ResourceInfo, namespace: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  return info.namespaced && namespace
    ? `${base}/namespaces/${namespace}/${info.resource}`
    : `${base}/${info.resource}`;
}

/**
 * Discovery documents from the registry: aggregated (`/api`, `/apis` with the apidiscovery v2
 * content type, what kubectl 1.32 asks for) and legacy (`APIVersions`, `APIGroupList`,
 * `APIResourceList`), plus `/version`.
 */
import { apiVersionOf, type ResourceInfo, type ResourceRegistry } from './resources.js';

/** The Content-Type of aggregated discovery responses. */
export const AGGREGATED_DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/**
 * What `/version` reports: the same release the simulated nodes' kubelets report, so `kubectl
 * version` prints `Server Version: v1.32.2` as a real 1.32 cluster does (no skew warning).
 */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.2',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  binding: ['create'],
  eviction: ['create'],
  log: ['get'],
  exec: ['create', 'get'],
  attach: ['create', 'get'],
  portforward: ['create', 'get'],
  finalize: ['update'],
  token: ['create'],
  ephemeralcontainers: ['get', 'patch', 'update'],
};

function subresourceKind(info: ResourceInfo, sub: string): { group: string; version: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  if (sub === 'binding') return { group: '', version: 'v1', kind: 'Binding' };
  if (sub === 'eviction') return { group: 'policy', version: 'v1', kind: 'Eviction' };
  if (sub === 'token') return { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };
  if (sub === 'log' || sub === 'exec' || sub === 'attach' || sub === 'portforward')
    return {
      group: '',
      version: 'v1',
      kind: sub === 'log' ? 'Pod' : `Pod${sub[0]!.toUpperCase()}${sub.slice(1)}Options`,
    };
  return { group: info.group, version: info.version, kind: info.kind };
}

function aggregatedResource(info: ResourceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: info.resource,
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: [...info.verbs].sort(),
  };
  if (info.shortNames.length) out.shortNames = info.shortNames;
  if (info.categories.length) out.categories = info.categories;
  if (info.subresources.length)
    out.subresources = info.subresources.map((s) => ({
      subresource: s,
      responseKind: subresourceKind(info, s),
      verbs: SUBRESOURCE_VERBS[s] ?? ['get'],
    }));
  return out;
}

/** The aggregated discovery list for `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean): unknown {
  const groups = new Map<string, Map<string, ResourceInfo[]>>();
  for (const info of registry.all) {
    if ((info.group === '') !== core) continue;
    const versions = groups.get(info.group) ?? new Map<string, ResourceInfo[]>();
    groups.set(info.group, versions);
    versions.set(info.version, [...(versions.get(info.version) ?? []), info]);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...groups].map(([group, versions]) => ({
      metadata: core ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
      versions: [...versions].map(([version, infos]) => ({
        version,
        resources: infos.map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}

/** Legacy `APIVersions` for `/api`. */
export function legacyCoreVersions(): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
  };
}

/** Legacy `APIGroupList` for `/apis`. */
export function legacyGroupList(registry: ResourceRegistry): unknown {
  const groups = new Map<string, string[]>();
  for (const gv of registry.groupVersions())
    if (gv.group) groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv.version]);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
      return { name, versions: vs, preferredVersion: vs[0] };
    }),
  };
}

/** Legacy `APIResourceList` for `/api/v1` or `/apis/<group>/<version>`; undefined when not served. */
export function resourceList(registry: ResourceRegistry, group: string, version: string): unknown {
  const infos = registry.all.filter((i) => i.group === group && i.version === version);
  if (infos.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const info of infos) {
    const entry: Record<string, unknown> = {
      name: info.resource,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: [...info.verbs].sort(),
    };
    if (info.shortNames.length) entry.shortNames = info.shortNames;
    if (info.categories.length) entry.categories = info.categories;
    resources.push(entry);
    for (const s of info.subresources) {
      const k = subresourceKind(info, s);
      const sub: Record<string, unknown> = {
        name: `${info.resource}/${s}`,
        singularName: '',
        namespaced: info.namespaced,
        kind: k.kind,
        verbs: SUBRESOURCE_VERBS[s] ?? ['get'],
      };
      if (k.group !== info.group || k.version !== info.version)
        Object.assign(sub, { group: k.group, version: k.version });
      resources.push(sub);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

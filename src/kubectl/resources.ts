/**
 * kubectl's view of the server's resource types, built from aggregated discovery (`/api`,
 * `/apis`), and the resolver that turns what a user types (`po`, `pods`, `pod`, `Pod`,
 * `deployments.apps`, `deploy.v1.apps`, `all`) into resource types, with kubectl's
 * `the server doesn't have a resource type "foo"` error.
 */
import { NoResourceMatchError } from './errors.js';

/** One resource type (a discovery entry) in one group-version. */
export interface ApiResource {
  group: string;
  version: string;
  /** Plural name, e.g. `deployments`. */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories: string[];
  /** Whether this version is the group's preferred (first) one. */
  preferred: boolean;
}

/** `apps/v1` or `v1`. */
export function groupVersion(r: Pick<ApiResource, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `deployment.apps` / `pod`: how kubectl prefixes names in multi-type output (`kind.group/name`). */
export function kindPrefix(r: Pick<ApiResource, 'group' | 'kind'>): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** `deployments.apps` / `pods`: the resource.group form used in messages. */
export function resourceGroup(r: Pick<ApiResource, 'group' | 'resource'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** The collection URL (no trailing slash), e.g. `/apis/apps/v1/namespaces/default/deployments`. */
export function collectionUrl(r: ApiResource, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.resource}`
    : `${base}/${r.resource}`;
}

/** The URL of one object (optionally a subresource of it). */
export function objectUrl(
  r: ApiResource,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  return `${collectionUrl(r, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

interface DiscoveryResource {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}
interface DiscoveryGroup {
  metadata?: { name?: string };
  versions?: { version: string; resources?: DiscoveryResource[] }[];
}

/** Reads aggregated discovery lists (`/api` first, then `/apis`) into resource types, in discovery order. */
export function resourcesFromDiscovery(lists: unknown[]): ApiResource[] {
  const out: ApiResource[] = [];
  for (const list of lists) {
    const items = ((list as { items?: DiscoveryGroup[] }).items ?? []) as DiscoveryGroup[];
    for (const group of items) {
      const name = group.metadata?.name ?? '';
      (group.versions ?? []).forEach((v, index) => {
        for (const r of v.resources ?? []) {
          if (r.resource.includes('/')) continue;
          const kind = r.responseKind?.kind ?? '';
          out.push({
            group: name,
            version: v.version,
            resource: r.resource,
            kind,
            singular: r.singularResource || kind.toLowerCase(),
            namespaced: r.scope === 'Namespaced',
            shortNames: r.shortNames ?? [],
            verbs: r.verbs ?? [],
            categories: r.categories ?? [],
            preferred: index === 0,
          });
        }
      });
    }
  }
  return out;
}

/** Resolves resource type arguments against the server's resource types. */
export class ResourceResolver {
  constructor(readonly all: ApiResource[]) {}

  /** The preferred version of each resource, in discovery order (what `api-resources` lists). */
  get preferred(): ApiResource[] {
    return this.all.filter((r) => r.preferred);
  }

  /** Every resource in category `name` (e.g. `all`), preferred versions, discovery order. */
  category(name: string): ApiResource[] {
    const seen = new Set<string>();
    return this.preferred.filter((r) => {
      if (!r.categories.includes(name) || seen.has(`${r.group}/${r.resource}`)) return false;
      seen.add(`${r.group}/${r.resource}`);
      return true;
    });
  }

  /** Finds a resource by name within the candidates, preferred version first. */
  private match(name: string, group?: string, version?: string): ApiResource | undefined {
    const lower = name.toLowerCase();
    const inScope = this.all.filter(
      (r) => (group === undefined || r.group === group) && (version === undefined || r.version === version),
    );
    const ordered = [...inScope.filter((r) => r.preferred), ...inScope.filter((r) => !r.preferred)];
    return (
      ordered.find((r) => r.resource === lower) ??
      ordered.find((r) => r.singular === lower) ??
      ordered.find((r) => r.shortNames.includes(lower)) ??
      ordered.find((r) => r.kind.toLowerCase() === lower)
    );
  }

  /**
   * One resource type from what the user typed: `pods`, `pod`, `po`, `Pod`, `deployments.apps`,
   * `deployments.v1.apps`, `deploy.apps`. Throws kubectl's NoResourceMatch error.
   */
  resolve(arg: string): ApiResource {
    const parts = arg.split('.');
    if (parts.length >= 3) {
      const [res, version, ...rest] = parts;
      const found = this.match(res!, rest.join('.'), version);
      if (found) return found;
    }
    if (parts.length >= 2) {
      const [res, ...rest] = parts;
      const found = this.match(res!, rest.join('.'));
      if (found) return found;
      throw new NoResourceMatchError(res!.toLowerCase());
    }
    const found = this.match(arg);
    if (found) return found;
    throw new NoResourceMatchError(arg.toLowerCase());
  }

  /** `deploy,svc` or `all`: a comma list with categories expanded, duplicates removed, order kept. */
  resolveList(arg: string): ApiResource[] {
    const out: ApiResource[] = [];
    const add = (r: ApiResource) => {
      if (!out.some((o) => o.group === r.group && o.resource === r.resource)) out.push(r);
    };
    for (const part of arg.split(',')) {
      if (part === '') continue;
      const cat = this.category(part.toLowerCase());
      if (cat.length > 0 && !this.all.some((r) => r.resource === part.toLowerCase())) cat.forEach(add);
      else add(this.resolve(part));
    }
    return out;
  }
}

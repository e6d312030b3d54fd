/**
 * What the writing commands share: the objects a command line names (`TYPE NAME...`,
 * `TYPE/NAME`, `-f`, `-l`, `--all`), `--dry-run` parsing, and printing a changed object as kubectl
 * does (`deployment.apps/web scaled`, `-o yaml|json|name`, the ` (dry run)` suffixes).
 */
import type { KubeObject } from '../../cluster/types.js';
import { KubectlError, UsageError } from '../errors.js';
import { parseOutput, printObjects } from '../printers/index.js';
import {
  collectionUrl,
  kindPrefix,
  objectUrl,
  type ApiResource,
  type ResourceResolver,
} from '../resources.js';
import type { CommandContext } from '../types.js';
import { rfc3339 } from '../../cluster/machinery/timestamps.js';
import { checkTypeFields, readManifests, type Manifest } from './manifests.js';

/** `--dry-run` as kubectl reads it. */
export type DryRun = 'none' | 'client' | 'server';

/** Parses `--dry-run`; a bare `--dry-run` means client, with kubectl's deprecation warning (a klog line). */
export function dryRunOf(ctx: CommandContext): DryRun {
  if (!ctx.flags.has('dry-run')) return 'none';
  const v = ctx.flags.string('dry-run');
  if (v === 'client' || v === 'server' || v === 'none') return v;
  if (v === 'unchanged') {
    warnDeprecatedDryRun(ctx);
    return 'client';
  }
  throw new KubectlError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

const warned = new WeakSet<object>();

function warnDeprecatedDryRun(ctx: CommandContext): void {
  if (warned.has(ctx)) return;
  warned.add(ctx);
  const stamp = rfc3339(ctx.env.now()); // 2026-12-04T22:41:31Z
  const ms = String(((ctx.env.now() % 1000) + 1000) % 1000).padStart(3, '0');
  const klogTime = `${stamp.slice(5, 7)}${stamp.slice(8, 10)} ${stamp.slice(11, 19)}.${ms}000`;
  ctx.err(
    `W${klogTime}       1 helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.\n`,
  );
}

/** The suffix after a verb: ` (dry run)` or ` (server dry run)`. */
export function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

/** Appends `dryRun=All` (server dry run) and other query parameters to a URL. */
export function withQuery(url: string, params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  if (parts.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

/** One object a command acts on. */
export interface Target {
  resource: ApiResource;
  name: string;
  /** The namespace (undefined for cluster-scoped resources). */
  namespace?: string;
  /** The object from the manifest (for `-f`). */
  manifest?: Manifest;
  /** The object when it was listed (selectors, --all). */
  object?: KubeObject;
}

/** `deployment.apps/web`. */
export function targetName(t: Pick<Target, 'resource' | 'name'>): string {
  return `${kindPrefix(t.resource)}/${t.name}`;
}

/** The URL of a target (optionally a subresource). */
export function targetUrl(t: Target, subresource?: string): string {
  return objectUrl(t.resource, t.namespace, t.name, subresource);
}

/** The resource type of an object from a manifest (by apiVersion and kind). */
export function resourceForObject(resolver: ResourceResolver, obj: Record<string, unknown>): ApiResource {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  const found = resolver.all.find((r) => r.group === group && r.version === version && r.kind === kind);
  if (!found)
    throw new KubectlError(
      `resource mapping not found for name: "${String((obj.metadata as { name?: unknown } | undefined)?.name ?? '')}" namespace: "${String((obj.metadata as { namespace?: unknown } | undefined)?.namespace ?? '')}" from "": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
    );
  return found;
}

/**
 * The objects `-f` names, with the namespace kubectl gives each: the manifest's, else `-n`/the
 * context's; a manifest namespace that contradicts an explicit `-n` is kubectl's error.
 */
export async function manifestTargets(
  ctx: CommandContext,
  options: { validate?: boolean } = {},
): Promise<Target[]> {
  const files = ctx.flags.list('filename');
  const manifests = await readManifests(
    ctx.env,
    files,
    ctx.flags.has('recursive') && ctx.flags.bool('recursive'),
  );
  const resolver = await ctx.client.resources();
  const out: Target[] = [];
  for (const m of manifests) {
    if (options.validate !== false) checkTypeFields(m);
    const resource = resourceForObject(resolver, m.object);
    const metadata = (m.object.metadata ?? {}) as Record<string, unknown>;
    for (const field of ['name', 'namespace'] as const) {
      const v = metadata[field];
      if (v !== undefined && v !== null && typeof v !== 'string')
        throw new KubectlError(
          `unable to decode "${m.source}": json: cannot unmarshal ${typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : Array.isArray(v) ? 'array' : 'object'} into Go struct field ObjectMeta.metadata.${field} of type string`,
        );
    }
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    let namespace: string | undefined;
    if (resource.namespaced) {
      const own =
        typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
      if (own && ctx.namespaceExplicit && own !== ctx.namespace)
        throw new KubectlError(
          `the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
        );
      namespace = own ?? ctx.namespace;
      metadata.namespace = namespace;
      m.object.metadata = metadata;
    }
    out.push({ resource, name, ...(namespace !== undefined ? { namespace } : {}), manifest: m });
  }
  return out;
}

/**
 * The objects named by positional arguments: `TYPE NAME...`, `TYPE/NAME...`, `TYPE1,TYPE2 NAME`
 * is refused as kubectl refuses it. Names are not checked against the server here.
 */
export async function argTargets(ctx: CommandContext, args: string[]): Promise<Target[]> {
  const resolver = await ctx.client.resources();
  const out: Target[] = [];
  const ns = (r: ApiResource) => (r.namespaced ? ctx.namespace : undefined);
  const push = (r: ApiResource, name: string) => {
    const namespace = ns(r);
    out.push({ resource: r, name, ...(namespace !== undefined ? { namespace } : {}) });
  };
  if (args.length === 0) return out;
  if (args.every((a) => a.includes('/'))) {
    for (const a of args) {
      const slash = a.indexOf('/');
      const name = a.slice(slash + 1);
      if (name === '')
        throw new KubectlError(`arguments in resource/name form must have a single resource and name`);
      push(resolver.resolve(a.slice(0, slash)), name);
    }
    return out;
  }
  if (args.slice(1).some((a) => a.includes('/')))
    throw new KubectlError(
      `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
    );
  const types = resolver.resolveList(args[0]!);
  for (const r of types) for (const name of args.slice(1)) push(r, name);
  return out;
}

/** Lists the objects of `types` matching a label selector (or all, for `--all`). */
export async function selectorTargets(
  ctx: CommandContext,
  typesArg: string,
  selector: string | undefined,
  allNamespaces = false,
): Promise<Target[]> {
  const resolver = await ctx.client.resources();
  const out: Target[] = [];
  for (const r of resolver.resolveList(typesArg)) {
    const base = collectionUrl(r, allNamespaces ? undefined : ctx.namespace);
    const url = withQuery(base, { labelSelector: selector || undefined, limit: '500' });
    const list = await ctx.client.get<{ items: KubeObject[] }>(url);
    for (const obj of list.items ?? []) {
      obj.kind ??= r.kind;
      obj.apiVersion ??= r.group ? `${r.group}/${r.version}` : r.version;
      const namespace = r.namespaced ? (obj.metadata.namespace ?? ctx.namespace) : undefined;
      out.push({
        resource: r,
        name: obj.metadata.name ?? '',
        ...(namespace !== undefined ? { namespace } : {}),
        object: obj,
      });
    }
  }
  return out;
}

/** A usage error unless exactly one of `-f`, arguments is given. */
export function requireTargets(ctx: CommandContext, usage: string): void {
  if (ctx.flags.list('filename').length === 0 && ctx.args.length === 0) throw new UsageError(usage);
}

/** Prints a changed object: `-o yaml|json|name|jsonpath` or `<kind.group/name> <verb>`. */
export function printChanged(
  ctx: CommandContext,
  obj: KubeObject,
  name: string,
  verb: string,
  dryRun: DryRun,
): void {
  const output = ctx.flags.has('output') ? ctx.flags.string('output') : '';
  if (output === '') {
    ctx.out(`${name} ${verb}${dryRunSuffix(dryRun)}\n`);
    return;
  }
  if (output === 'name') {
    ctx.out(`${name}\n`);
    return;
  }
  const format = parseOutput(output, ctx.flags.has('template') ? ctx.flags.string('template') : '');
  ctx.out(
    printObjects(format, [obj], { single: true, showManagedFields: flagBool(ctx, 'show-managed-fields') }),
  );
}

/** A bool flag that may not be defined for this command. */
export function flagBool(ctx: CommandContext, name: string): boolean {
  try {
    return ctx.flags.bool(name);
  } catch {
    return false;
  }
}

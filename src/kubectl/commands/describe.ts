/**
 * `kubectl describe`: `TYPE NAME...`, `TYPE/NAME`, `TYPE` (all of a type), `-l`, `-A`, `-f`, name
 * prefixes (`describe pod web` describes every pod whose name starts with `web` when there is no
 * pod `web`), objects separated by a blank line, errors after the output. The text itself comes
 * from the describers in ../describe/.
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { describerFor, type DescribeSource, type ListQuery } from '../describe/index.js';
import { KubectlError, formatStatus } from '../errors.js';
import { ALL_NAMESPACES, FILENAME, RECURSIVE, SELECTOR } from '../flags.js';
import type { ObjectList } from '../client.js';
import { manifestTargets } from '../apply/targets.js';
import { collectionUrl, groupVersion, objectUrl, type ApiResource } from '../resources.js';
import type { CommandContext } from '../types.js';

/** Reads what describers ask for through the command's API client. */
export function clientSource(ctx: CommandContext): DescribeSource {
  const resolve = async (resource: string): Promise<ApiResource> =>
    (await ctx.client.resources()).resolve(resource);
  const query = (q: ListQuery): string => {
    const params = new URLSearchParams();
    if (q.labelSelector) params.set('labelSelector', q.labelSelector);
    if (q.fieldSelector) params.set('fieldSelector', q.fieldSelector);
    params.set('limit', '500');
    return `?${params.toString()}`;
  };
  return {
    async get(resource, namespace, name) {
      try {
        return await ctx.client.get<KubeObject>(objectUrl(await resolve(resource), namespace, name));
      } catch (e) {
        if (e instanceof ApiError && e.status.code === 404) return undefined;
        throw e;
      }
    },
    async list(resource, q) {
      const type = await resolve(resource);
      const list = await ctx.client.get<ObjectList>(collectionUrl(type, q.namespace) + query(q));
      return list.items ?? [];
    },
  };
}

interface Found {
  type: ApiResource;
  obj: KubeObject;
}

function withType(obj: KubeObject, type: ApiResource): KubeObject {
  return { ...obj, apiVersion: obj.apiVersion ?? groupVersion(type), kind: obj.kind ?? type.kind };
}

async function listOf(
  ctx: CommandContext,
  type: ApiResource,
  ns: string | undefined,
  selector: string,
): Promise<KubeObject[]> {
  const params = new URLSearchParams();
  if (selector) params.set('labelSelector', selector);
  params.set('limit', '500');
  const list = await ctx.client.get<ObjectList>(`${collectionUrl(type, ns)}?${params.toString()}`);
  return (list.items ?? []).map((o) => withType(o, type));
}

async function describeAll(ctx: CommandContext, found: Found[], errors: unknown[]): Promise<string[]> {
  const source = clientSource(ctx);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { type, obj } of found) {
    try {
      const describe = describerFor(type.group, obj.kind ?? type.kind);
      out.push(
        await describe(obj, { source, now: ctx.env.now(), showEvents: ctx.flags.bool('show-events') }),
      );
    } catch (e) {
      const key = e instanceof Error ? e.message : String(e);
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(e);
    }
  }
  return out;
}

function printErrors(ctx: CommandContext, errors: unknown[]): void {
  for (const e of errors) {
    if (e instanceof ApiError) ctx.err(formatStatus(e.status));
    else throw e;
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const args = ctx.args;
  const files = ctx.flags.list('filename');
  if (args.length === 0 && files.length === 0)
    throw new KubectlError(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
  const allNs = ctx.flags.bool('all-namespaces');
  const selector = ctx.flags.string('selector');
  const resolver = await ctx.client.resources();
  const nsOf = (type: ApiResource): string | undefined =>
    type.namespaced ? (allNs ? undefined : ctx.namespace) : undefined;
  const found: Found[] = [];
  const errors: unknown[] = [];

  const getOne = async (type: ApiResource, ns: string | undefined, name: string): Promise<void> => {
    try {
      found.push({ type, obj: withType(await ctx.client.get<KubeObject>(objectUrl(type, ns, name)), type) });
    } catch (e) {
      errors.push(e);
    }
  };

  if (files.length > 0) {
    for (const t of await manifestTargets(ctx, { validate: false }))
      await getOne(t.resource, t.namespace, t.name);
  } else if (args.some((a) => a.includes('/'))) {
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0)
        throw new KubectlError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      const type = resolver.resolve(a.slice(0, slash));
      await getOne(type, type.namespaced ? ctx.namespace : undefined, a.slice(slash + 1));
    }
  } else {
    const types = resolver.resolveList(args[0]!);
    const names = args.slice(1);
    if (names.length > 0 && selector)
      throw new KubectlError('name cannot be provided when a selector is specified');
    if (names.length === 0) {
      for (const type of types) {
        try {
          for (const obj of await listOf(ctx, type, nsOf(type), selector)) found.push({ type, obj });
        } catch (e) {
          errors.push(e);
        }
      }
    } else {
      for (const type of types)
        for (const name of names) await getOne(type, type.namespaced ? ctx.namespace : undefined, name);
    }
  }

  // Exactly two arguments and something not found: kubectl describes every object of the type
  // (first argument) whose name starts with the second, or reports the original errors.
  const notFound = errors.some((e) => e instanceof ApiError && e.status.code === 404);
  if (notFound && files.length === 0 && args.length === 2) {
    const original = (): number => {
      printErrors(ctx, errors);
      return 1;
    };
    const [first, prefix] = args as [string, string];
    let candidates: Found[];
    if (first.includes('/')) {
      const type = resolver.resolve(first.slice(0, first.indexOf('/')));
      try {
        const obj = await ctx.client.get<KubeObject>(
          objectUrl(type, type.namespaced ? ctx.namespace : undefined, first.slice(first.indexOf('/') + 1)),
        );
        candidates = [{ type, obj: withType(obj, type) }];
      } catch (e) {
        printErrors(ctx, [e]);
        return 1;
      }
    } else {
      const types = resolver.resolveList(first);
      if (types.length !== 1) return original();
      const type = types[0]!;
      candidates = (await listOf(ctx, type, type.namespaced ? ctx.namespace : undefined, '')).map((obj) => ({
        type,
        obj,
      }));
    }
    const matches = candidates.filter((c) => (c.obj.metadata.name ?? '').startsWith(prefix));
    if (matches.length === 0) return original();
    for (const t of await describeAll(ctx, matches, [])) ctx.out(`${t}\n`);
    return 0;
  }

  const texts = await describeAll(ctx, found, errors);
  texts.forEach((t, i) => ctx.out(i === 0 ? t : `\n\n${t}`));
  if (found.length === 0 && errors.length === 0) {
    ctx.err(allNs ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
  }
  printErrors(ctx, errors);
  return errors.length > 0 ? 1 : 0;
}

register({
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  group: 'Troubleshooting and Debugging Commands',
  usage: 'describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]',
  long: `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:

        $ kubectl describe TYPE NAME_PREFIX

 will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.

Use "kubectl api-resources" for a complete list of supported resources.`,
  examples: `  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal

  # Describe a pod
  kubectl describe pods/nginx

  # Describe a pod identified by type and name in "pod.json"
  kubectl describe -f pod.json

  # Describe all pods
  kubectl describe pods

  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel

  # Describe all pods managed by the 'frontend' replication controller
  # (rc-created pods get the name of the rc as a prefix in the pod name)
  kubectl describe pods frontend`,
  flags: [
    ALL_NAMESPACES,
    FILENAME('Filename, directory, or URL to files containing the resource to describe'),
    RECURSIVE,
    SELECTOR,
    {
      name: 'show-events',
      type: 'bool',
      default: 'true',
      usage: 'If true, display events related to the described object.',
    },
    {
      name: 'chunk-size',
      type: 'int',
      default: '500',
      usage:
        'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.',
    },
    {
      name: 'kustomize',
      short: 'k',
      type: 'string',
      usage: "Process the kustomization directory. This flag can't be used together with -f or -R.",
    },
  ],
  run,
});

/**
 * `kubectl wait --for=condition=X|delete|create|jsonpath='{...}'=value`: checks each named or
 * selected object, then watches it until the condition holds (`deployment.apps/web condition met`)
 * or `--timeout` passes (`error: timed out waiting for the condition on deployments/web`).
 * Pure: the wait is bounded by the watch's `timeoutSeconds`, which the server enforces on its own
 * clock, so no timers are needed here (and tests on a virtual clock are deterministic).
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { parseDuration } from '../args.js';
import type { ObjectList } from '../client.js';
import { register } from '../command-list.js';
import { goValue } from '../describe/generic.js';
import { KubectlError } from '../errors.js';
import { ALL_NAMESPACES, FILENAME, RECURSIVE, SELECTOR } from '../flags.js';
import { manifestTargets } from '../apply/targets.js';
import { evaluate, parsePath } from '../printers/jsonpath.js';
import { collectionUrl, kindPrefix, objectUrl, type ApiResource } from '../resources.js';
import type { CommandContext } from '../types.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A parsed `--for`: whether an object (undefined = absent) satisfies it. */
interface Condition {
  kind: 'delete' | 'create' | 'condition' | 'jsonpath';
  met(obj: KubeObject | undefined): boolean;
}

function conditionMet(obj: KubeObject, name: string, value: string): boolean {
  const status = (obj.status ?? {}) as Obj;
  const conditions = status.conditions;
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions as Obj[]) {
    if (typeof c.type !== 'string' || c.type.toLowerCase() !== name.toLowerCase()) continue;
    if (typeof c.status !== 'string') continue;
    const generation = obj.metadata.generation;
    if (typeof generation === 'number') {
      const observed =
        typeof c.observedGeneration === 'number' ? c.observedGeneration : status.observedGeneration;
      if (typeof observed === 'number' && observed < generation) return false;
    }
    return c.status.toLowerCase() === value.toLowerCase();
  }
  return false;
}

/** `{.status.readyReplicas}` or `.status.readyReplicas` as a path. */
function relaxedPath(expr: string): string {
  let e = expr.trim();
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1);
  if (!e.startsWith('.') && !e.startsWith('$')) e = `.${e}`;
  return e;
}

function primitiveText(v: unknown): string {
  return goValue(v);
}

/** Parses `--for` as kubectl does; throws its error for anything else. */
export function parseCondition(text: string): Condition {
  if (text.toLowerCase() === 'delete') return { kind: 'delete', met: (o) => o === undefined };
  if (text.toLowerCase() === 'create') return { kind: 'create', met: (o) => o !== undefined };
  if (text.startsWith('condition=')) {
    let name = text.slice('condition='.length);
    let value = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return { kind: 'condition', met: (o) => o !== undefined && conditionMet(o, name, value) };
  }
  if (text.startsWith('jsonpath=')) {
    const input = text.slice('jsonpath='.length);
    const parts = input.split('=');
    if (parts.length > 2)
      throw new KubectlError(
        "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'",
      );
    const [expr, rawValue] = parts as [string, string | undefined];
    if (rawValue !== undefined && rawValue === '')
      throw new KubectlError(
        "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
      );
    const steps = parsePath(relaxedPath(expr));
    return {
      kind: 'jsonpath',
      met: (o) => {
        if (o === undefined) return false;
        const found = evaluate(steps, o);
        if (found.length === 0) return false;
        if (found.length > 1) throw new KubectlError('given jsonpath expression matches more than one value');
        const v = found[0];
        if (rawValue === undefined) return true;
        if (v !== null && typeof v === 'object')
          throw new KubectlError('jsonpath leads to a nested object or list which is not supported');
        return primitiveText(v) === rawValue.replace(/^['"]|['"]$/g, '');
      },
    };
  }
  throw new KubectlError(`unrecognized condition: ${JSON.stringify(text)}`);
}

interface Target {
  type: ApiResource;
  namespace: string | undefined;
  name: string;
  obj: KubeObject | undefined;
}

/** Why a wait ended without the condition. */
class NotMet extends Error {}

/** Watches one object until `cond` holds, the deadline passes, or the user aborts. */
async function waitOne(ctx: CommandContext, t: Target, cond: Condition, timeoutMs: number): Promise<void> {
  const objectName = `${t.type.resource}/${t.name}`;
  let current = t.obj;
  if (cond.met(current)) return;
  if (timeoutMs <= 0) throw new NotMet(`condition not met for ${objectName}`);
  const deadline = ctx.env.now() + timeoutMs;
  const signal = ctx.env.signal;
  // List, then watch from the list's resourceVersion (an object's own may be older than the watch history).
  let rv: string | undefined;
  let idle = 0;
  while (ctx.env.now() < deadline && !signal?.aborted) {
    if (rv === undefined) {
      const list = await ctx.client.get<ObjectList>(
        `${collectionUrl(t.type, t.namespace)}?${new URLSearchParams({ fieldSelector: `metadata.name=${t.name}` }).toString()}`,
      );
      current = list.items?.[0];
      if (cond.met(current)) return;
      rv = list.metadata.resourceVersion ?? current?.metadata.resourceVersion ?? '0';
    }
    const seconds = Math.max(1, Math.ceil((deadline - ctx.env.now()) / 1000));
    const query = new URLSearchParams({
      fieldSelector: `metadata.name=${t.name}`,
      resourceVersion: rv,
      timeoutSeconds: String(seconds),
      watch: 'true',
    });
    const before = ctx.env.now();
    let events = 0;
    for await (const ev of ctx.client.watch<{ type: string; object: KubeObject }>(
      `${collectionUrl(t.type, t.namespace)}?${query.toString()}`,
      'application/json',
      signal,
    )) {
      events++;
      if (ev.type === 'ERROR') {
        rv = undefined;
        break;
      }
      if (ev.type === 'BOOKMARK') {
        rv = ev.object.metadata.resourceVersion ?? rv;
        continue;
      }
      current = ev.type === 'DELETED' ? undefined : ev.object;
      rv = ev.object.metadata.resourceVersion ?? rv;
      if (cond.met(current)) return;
    }
    // A server that ends watches at once without time passing would spin: give up after a few.
    idle = ctx.env.now() === before && (events === 0 || rv === undefined) ? idle + 1 : 0;
    if (idle >= 3) break;
  }
  throw new NotMet(`timed out waiting for the condition on ${objectName}`);
}

async function targets(ctx: CommandContext, cond: Condition): Promise<{ list: Target[]; errors: unknown[] }> {
  const resolver = await ctx.client.resources();
  const allNs = ctx.flags.bool('all-namespaces');
  const selector = ctx.flags.string('selector');
  const list: Target[] = [];
  const errors: unknown[] = [];
  const fetch = async (type: ApiResource, namespace: string | undefined, name: string): Promise<void> => {
    try {
      const obj = await ctx.client.get<KubeObject>(objectUrl(type, namespace, name));
      list.push({ type, namespace, name, obj });
    } catch (e) {
      if (e instanceof ApiError && e.status.code === 404) {
        if (cond.kind === 'delete') return;
        if (cond.kind === 'create') {
          list.push({ type, namespace, name, obj: undefined });
          return;
        }
      }
      errors.push(e);
    }
  };
  const nsFor = (type: ApiResource) => (type.namespaced ? ctx.namespace : undefined);
  if (ctx.flags.list('filename').length > 0) {
    for (const t of await manifestTargets(ctx, { validate: false }))
      await fetch(t.resource, t.namespace, t.name);
    return { list, errors };
  }
  const args = ctx.args;
  if (args.length === 0)
    throw new KubectlError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  if (args.some((a) => a.includes('/'))) {
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0)
        throw new KubectlError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      const type = resolver.resolve(a.slice(0, slash));
      await fetch(type, nsFor(type), a.slice(slash + 1));
    }
    return { list, errors };
  }
  const types = resolver.resolveList(args[0]!);
  const names = args.slice(1);
  if (names.length > 0) {
    for (const type of types) for (const name of names) await fetch(type, nsFor(type), name);
    return { list, errors };
  }
  if (!selector && !ctx.flags.bool('all'))
    throw new KubectlError(`resource(s) were provided, but no name was specified`);
  for (const type of types) {
    const ns = type.namespaced ? (allNs ? undefined : ctx.namespace) : undefined;
    const params = new URLSearchParams();
    if (selector) params.set('labelSelector', selector);
    const q = params.toString();
    const result = await ctx.client.get<ObjectList>(`${collectionUrl(type, ns)}${q ? `?${q}` : ''}`);
    for (const obj of result.items ?? [])
      list.push({ type, namespace: obj.metadata.namespace ?? ns, name: obj.metadata.name ?? '', obj });
  }
  return { list, errors };
}

async function run(ctx: CommandContext): Promise<number> {
  const cond = parseCondition(ctx.flags.string('for'));
  const timeoutText = ctx.flags.string('timeout') || '30s';
  let timeoutMs = parseDuration(timeoutText) ?? 30_000;
  // kubectl: a negative timeout means a week.
  if (timeoutMs < 0) timeoutMs = 7 * 24 * 3_600_000;
  const { list, errors } = await targets(ctx, cond);
  const messages: string[] = [];
  // The objects that could not be read fail the command before anything is waited for.
  if (errors.length > 0) throw errors[0];
  if (list.length === 0 && cond.kind !== 'delete') throw new KubectlError('no matching resources found');
  for (const t of list) {
    try {
      await waitOne(ctx, t, cond, timeoutMs);
      ctx.out(`${kindPrefix(t.type)}/${t.name} condition met\n`);
    } catch (e) {
      if (e instanceof NotMet) messages.push(e.message);
      else throw e;
    }
  }
  if (messages.length === 1) throw new KubectlError(messages[0]!);
  if (messages.length > 1) {
    for (const m of messages) ctx.err(`${m}\n`);
    return 1;
  }
  return 0;
}

register({
  name: 'wait',
  short: 'Experimental: Wait for a specific condition on one or many resources',
  group: 'Advanced Commands',
  usage:
    "wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
  long: `Experimental: Wait for a specific condition on one or many resources.

 The command takes multiple resources and waits until the specified condition is seen in the Status field of every given resource.

 Alternatively, the command can wait for the given set of resources to be created or deleted by providing the "create" or "delete" keyword as the value to the --for flag.

 A successful message will be printed to stdout indicating when the specified condition has been met. You can use -o option to change to output destination.`,
  examples: `  # Wait for the pod "busybox1" to contain the status condition of type "Ready"
  kubectl wait --for=condition=Ready pod/busybox1

  # The default value of status condition is true; you can wait for other targets after an equal delimiter (compared after Unicode simple case folding, which is a more general form of case-insensitivity)
  kubectl wait --for=condition=Ready=false pod/busybox1

  # Wait for the pod "busybox1" to contain the status phase to be "Running"
  kubectl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1

  # Wait for pod "busybox1" to be Ready
  kubectl wait --for='jsonpath={.status.conditions[?(@.type=="Ready")].status}=True' pod/busybox1

  # Wait for the service "loadbalancer" to have ingress
  kubectl wait --for=jsonpath='{.status.loadBalancer.ingress}' service/loadbalancer

  # Wait for the secret "busybox1" to be created, with a timeout of 30 seconds
  kubectl create secret generic busybox1
  kubectl wait --for=create secret/busybox1 --timeout=30s

  # Wait for the pod "busybox1" to be deleted, with a timeout of 60s, after having issued the "delete" command
  kubectl delete pod/busybox1
  kubectl wait --for=delete pod/busybox1 --timeout=60s`,
  flags: [
    {
      name: 'all',
      type: 'bool',
      usage: 'Select all resources in the namespace of the specified resource types',
    },
    ALL_NAMESPACES,
    FILENAME('identifying the resource.'),
    {
      name: 'for',
      type: 'string',
      usage:
        "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true.  Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.",
    },
    {
      name: 'local',
      type: 'bool',
      usage: 'If true, annotation will NOT contact api-server but run locally.',
    },
    RECURSIVE,
    SELECTOR,
    {
      name: 'timeout',
      type: 'duration',
      default: '30s',
      usage:
        "The length of time to wait before giving up.  Zero means check once and don't wait, negative means wait for a week.",
    },
  ],
  run,
});

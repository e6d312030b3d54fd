/**
 * `kubectl logs`: a pod (`POD`, `pod/POD`) or a pod picked from a workload or Service
 * (`deploy/web`: the best pod for logging, with `Found 2 pods, using pod/...`), `-l`, `-c`,
 * `--all-containers`, `--prefix`, `--tail`, `--previous`, `--timestamps`, `--since`,
 * `--since-time`, `--limit-bytes`, and `-f` streamed through `env.out` until the container stops
 * or the AbortSignal fires. Container choice and error texts are kubectl's.
 */
import { ApiError, isStream, type KubeObject } from '../../cluster/types.js';
import { parseRfc3339 } from '../../cluster/machinery/timestamps.js';
import { parseDuration } from '../args.js';
import type { ObjectList } from '../client.js';
import { errorFromResponse } from '../client.js';
import { register } from '../command-list.js';
import { KubectlError, UsageError } from '../errors.js';
import { SELECTOR } from '../flags.js';
import { collectionUrl, objectUrl, resourceGroup, type ApiResource } from '../resources.js';
import type { CommandContext } from '../types.js';
import { goSort } from '../describe/go-sort.js';
import { selectorText } from '../describe/workloads.js';
import { formatLabels } from '../../cluster/printers/table.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const USAGE_ERROR =
  "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

const decoder = new TextDecoder();

/** kubectl's ByLogging order: the pod whose logs are most useful first. */
export function byLogging(a: KubeObject, b: KubeObject): number {
  const spec = (p: KubeObject) => (p.spec ?? {}) as Obj;
  const status = (p: KubeObject) => (p.status ?? {}) as Obj;
  const nodeA = String(spec(a).nodeName ?? '');
  const nodeB = String(spec(b).nodeName ?? '');
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA ? -1 : 1;
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const ra = rank[String(status(a).phase)] ?? 0;
  const rb = rank[String(status(b).phase)] ?? 0;
  // Go's map lookup of a missing phase gives 0, like Running.
  if (ra !== rb) return ra - rb;
  const readyCondition = (p: KubeObject) =>
    ((status(p).conditions ?? []) as Obj[]).find((c) => c.type === 'Ready' && c.status === 'True');
  const readyA = readyCondition(a);
  const readyB = readyCondition(b);
  if (!!readyA !== !!readyB) return readyA ? -1 : 1;
  if (readyA && readyB) {
    const ta = parseRfc3339(readyA.lastTransitionTime);
    const tb = parseRfc3339(readyB.lastTransitionTime);
    if (ta !== tb) {
      if (ta === undefined || tb === undefined) return ta === undefined ? 1 : -1;
      return ta - tb;
    }
  }
  const restarts = (p: KubeObject) =>
    Math.max(0, ...((status(p).containerStatuses ?? []) as Obj[]).map((c) => Number(c.restartCount ?? 0)));
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ca = parseRfc3339(a.metadata.creationTimestamp);
  const cb = parseRfc3339(b.metadata.creationTimestamp);
  if (ca !== cb) {
    if (ca === undefined || cb === undefined) return ca === undefined ? 1 : -1;
    return ca - cb;
  }
  return 0;
}

/** The label selector of a workload or Service, as kubectl uses it to find its pods. */
function podSelector(obj: KubeObject): string {
  const spec = (obj.spec ?? {}) as Obj;
  if (obj.kind === 'Service' || obj.kind === 'ReplicationController') return formatLabels(spec.selector);
  return selectorText(spec.selector);
}

interface Options {
  container: string;
  allContainers: boolean;
  prefix: boolean;
  query: URLSearchParams;
  follow: boolean;
}

async function notFoundText(
  ctx: CommandContext,
  type: ApiResource,
  name: string,
  e: unknown,
): Promise<never> {
  if (e instanceof ApiError && e.status.code === 404)
    throw new KubectlError(
      `error from server (NotFound): ${resourceGroup(type)} "${name}" not found in namespace "${ctx.namespace}"`,
    );
  throw e;
}

/** The containers `--all-containers` covers, in kubectl's order. */
function allContainers(pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as Obj;
  return [
    ...((spec.initContainers ?? []) as Obj[]),
    ...((spec.containers ?? []) as Obj[]),
    ...((spec.ephemeralContainers ?? []) as Obj[]),
  ].map((c) => String(c.name));
}

/** The container to show: `-c`, the default-container annotation, or the first (with kubectl's notice). */
function pickContainer(ctx: CommandContext, pod: KubeObject, requested: string): string {
  const spec = (pod.spec ?? {}) as Obj;
  const containers = ((spec.containers ?? []) as Obj[]).map((c) => String(c.name));
  const all = allContainers(pod);
  const name = pod.metadata.name ?? '';
  if (requested) {
    if (!all.includes(requested))
      throw new KubectlError(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const annotated = (pod.metadata.annotations ?? {})['kubectl.kubernetes.io/default-container'];
  if (annotated && all.includes(annotated)) return annotated;
  if (containers.length === 1 && all.length === 1) return containers[0]!;
  const names = [
    ...containers,
    ...((spec.initContainers ?? []) as Obj[]).map((c) => `${String(c.name)} (init)`),
    ...((spec.ephemeralContainers ?? []) as Obj[]).map((c) => `${String(c.name)} (ephem)`),
  ];
  ctx.err(`Defaulted container "${containers[0]}" out of: ${names.join(', ')}\n`);
  return containers[0]!;
}

/** Streams one container's log to stdout (line by line with a prefix when asked). */
async function streamLog(ctx: CommandContext, pod: KubeObject, container: string, o: Options): Promise<void> {
  const query = new URLSearchParams(o.query);
  query.set('container', container);
  const url = `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? ctx.namespace)}/pods/${encodeURIComponent(pod.metadata.name ?? '')}/log?${query.toString()}`;
  const res = await ctx.client.send('GET', url, { accept: 'application/json, */*' });
  const prefix = o.prefix ? `[pod/${pod.metadata.name}/${container}] ` : '';
  let pending = '';
  const emit = (chunk: string, end: boolean) => {
    if (!prefix) {
      if (chunk) ctx.out(chunk);
      return;
    }
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) ctx.out(`${prefix}${line}\n`);
    if (end && pending) {
      ctx.out(`${prefix}${pending}\n`);
      pending = '';
    }
  };
  if (!isStream(res)) {
    const text = typeof res.body === 'string' ? res.body : decoder.decode(res.body);
    if (res.status >= 400) throw errorFromResponse(res.status, text, 'GET', url);
    emit(text, true);
    return;
  }
  if (res.status >= 400) {
    let text = '';
    for await (const chunk of res.stream) text += chunk;
    throw errorFromResponse(res.status, text, 'GET', url);
  }
  const signal = ctx.env.signal;
  const onAbort = () => res.close();
  signal?.addEventListener('abort', onAbort);
  try {
    if (!signal?.aborted)
      for await (const chunk of res.stream) {
        emit(chunk, false);
        if (signal?.aborted) break;
      }
    emit('', true);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    res.close();
  }
}

async function logsOfPod(ctx: CommandContext, pod: KubeObject, o: Options): Promise<void> {
  const containers = o.allContainers ? allContainers(pod) : [pickContainer(ctx, pod, o.container)];
  for (const c of containers) await streamLog(ctx, pod, c, o);
}

async function run(ctx: CommandContext): Promise<number> {
  const args = ctx.args;
  const selector = ctx.flags.string('selector');
  let container = ctx.flags.string('container');
  let target: string | undefined;
  if (args.length === 0) {
    if (!selector) throw new UsageError(USAGE_ERROR);
  } else if (args.length === 1) {
    target = args[0];
  } else if (args.length === 2) {
    target = args[0];
    container = args[1]!;
  } else {
    throw new UsageError(USAGE_ERROR);
  }
  if (target !== undefined && selector)
    throw new KubectlError('only one of selector or resource name may be specified');

  const query = new URLSearchParams();
  const follow = ctx.flags.bool('follow');
  if (follow) query.set('follow', 'true');
  if (ctx.flags.has('since') && ctx.flags.has('since-time'))
    throw new KubectlError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (ctx.flags.bool('previous')) query.set('previous', 'true');
  if (ctx.flags.has('since')) {
    const ms = parseDuration(ctx.flags.string('since')) ?? 0;
    query.set('sinceSeconds', String(Math.ceil(ms / 1000)));
  }
  if (ctx.flags.has('since-time')) {
    const text = ctx.flags.string('since-time');
    if (parseRfc3339(text) === undefined)
      throw new KubectlError(
        `invalid argument "${text}" for "--since-time" flag: parsing time "${text}" as "2006-01-02T15:04:05Z07:00": cannot parse "${text}" as "2006"`,
      );
    query.set('sinceTime', text);
  }
  let tail = ctx.flags.has('tail') ? ctx.flags.int('tail') : -1;
  if (selector && !ctx.flags.has('tail')) tail = 10;
  if (tail >= 0) query.set('tailLines', String(tail));
  if (ctx.flags.bool('timestamps')) query.set('timestamps', 'true');
  if (ctx.flags.has('limit-bytes') && ctx.flags.int('limit-bytes') > 0)
    query.set('limitBytes', String(ctx.flags.int('limit-bytes')));
  const options: Options = {
    container,
    allContainers: ctx.flags.bool('all-containers'),
    prefix: ctx.flags.bool('prefix'),
    query,
    follow,
  };
  if (options.allContainers && container)
    throw new KubectlError('--container cannot be used with --all-containers');

  const resolver = await ctx.client.resources();
  const podType = resolver.resolve('pods');

  if (target === undefined) {
    const params = new URLSearchParams({ labelSelector: selector });
    const list = await ctx.client.get<ObjectList>(
      `${collectionUrl(podType, ctx.namespace)}?${params.toString()}`,
    );
    const pods = list.items ?? [];
    if (pods.length === 0) {
      ctx.err(`No resources found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    for (const pod of pods) await logsOfPod(ctx, pod, options);
    return 0;
  }

  const slash = target.indexOf('/');
  const type = slash >= 0 ? resolver.resolve(target.slice(0, slash)) : podType;
  const name = slash >= 0 ? target.slice(slash + 1) : target;
  let obj: KubeObject;
  try {
    obj = await ctx.client.get<KubeObject>(
      objectUrl(type, type.namespaced ? ctx.namespace : undefined, name),
    );
  } catch (e) {
    return notFoundText(ctx, type, name, e);
  }
  let pod = obj;
  if (type.kind !== 'Pod') {
    const sel = podSelector({ ...obj, kind: obj.kind ?? type.kind });
    if (!sel) throw new KubectlError(`cannot get the logs from ${resourceGroup(type)}`);
    const params = new URLSearchParams({ labelSelector: sel });
    const list = await ctx.client.get<ObjectList>(
      `${collectionUrl(podType, ctx.namespace)}?${params.toString()}`,
    );
    const pods = goSort([...(list.items ?? [])], (a, b) => byLogging(a, b) < 0);
    if (pods.length === 0) throw new KubectlError(`timed out waiting for the condition`);
    pod = pods[0]!;
    if (pods.length > 1) ctx.err(`Found ${pods.length} pods, using pod/${pod.metadata.name}\n`);
  }
  await logsOfPod(ctx, pod, options);
  return 0;
}

register({
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  group: 'Troubleshooting and Debugging Commands',
  usage: 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]',
  long: `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.`,
  examples: `  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx

  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
  kubectl logs nginx --prefix

  # Return snapshot logs from pod nginx with multi containers
  kubectl logs nginx --all-containers=true

  # Return snapshot logs from all containers in pods defined by label app=nginx
  kubectl logs -l app=nginx --all-containers=true

  # Return snapshot of previous terminated ruby container logs from pod web-1
  kubectl logs -p -c ruby web-1

  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1

  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx

  # Show all logs from pod nginx written in the last hour
  kubectl logs --since=1h nginx

  # Return snapshot logs from first container of a job named hello
  kubectl logs job/hello`,
  flags: [
    { name: 'all-containers', type: 'bool', usage: "Get all containers' logs in the pod(s)." },
    { name: 'container', short: 'c', type: 'string', usage: 'Print the logs of this container' },
    { name: 'follow', short: 'f', type: 'bool', usage: 'Specify if the logs should be streamed.' },
    {
      name: 'ignore-errors',
      type: 'bool',
      usage: 'If watching / following pod logs, allow for any errors that occur to be non-fatal',
    },
    {
      name: 'insecure-skip-tls-verify-backend',
      type: 'bool',
      usage: 'Skip verifying the identity of the kubelet that logs are requested from.',
    },
    {
      name: 'limit-bytes',
      type: 'int',
      default: '0',
      usage: 'Maximum bytes of logs to return. Defaults to no limit.',
    },
    {
      name: 'max-log-requests',
      type: 'int',
      default: '5',
      usage: 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.',
    },
    {
      name: 'pod-running-timeout',
      type: 'duration',
      default: '20s',
      usage:
        'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    },
    {
      name: 'prefix',
      type: 'bool',
      usage: 'Prefix each log line with the log source (pod name and container name)',
    },
    {
      name: 'previous',
      short: 'p',
      type: 'bool',
      usage: 'If true, print the logs for the previous instance of the container in a pod if it exists.',
    },
    SELECTOR,
    {
      name: 'since',
      type: 'duration',
      default: '0s',
      usage:
        'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.',
    },
    {
      name: 'since-time',
      type: 'string',
      usage:
        'Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.',
    },
    {
      name: 'tail',
      type: 'int',
      default: '-1',
      usage:
        'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.',
    },
    { name: 'timestamps', type: 'bool', usage: 'Include timestamps on each line in the log output' },
  ],
  run,
});

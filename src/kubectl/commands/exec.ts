/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`: kubectl's
 * argument rules and messages, the pod's GET, its client-side checks (a completed pod, the
 * defaulted container and its notice), the checks the API server and kubelet make before a
 * stream opens, then the host's `exec` hook runs the command. `inProcessExec(cluster, io)` is
 * the hook for a cluster in the same process or worker (src/cluster/exec); `webSocketExec` the
 * one for a server URL (the v5.channel.k8s.io stream `cadet serve` speaks).
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import {
  checkTarget,
  execInPod,
  ExecSession,
  isRefusal,
  openExec,
  type ExecCluster,
} from '../../cluster/exec/index.js';
import type { ObjectList } from '../client.js';
import { register } from '../command-list.js';
import { KubectlError, UsageError } from '../errors.js';
import { collectionUrl, objectUrl } from '../resources.js';
import type { CommandContext, ExecHook } from '../types.js';
import { byLogging } from './logs.js';
import { selectorText } from '../describe/workloads.js';
import { formatLabels } from '../../cluster/printers/table.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Where an exec hook writes, and where it reads stdin from. */
export interface ExecIO {
  out(chunk: string): void;
  err(chunk: string): void;
  /** Standard input, read whole (for `-i`). */
  stdin?(): Promise<string>;
  /**
   * Standard input as it is typed (a terminal): with it, `-i` sessions are live (`-it -- sh`
   * echoes keys and runs each line as it comes) and end when the command exits or input ends.
   */
  input?: AsyncIterable<string>;
}

/** The error kubectl prints for a stream that could not be opened. */
function refusalError(r: { status?: import('../../cluster/types.js').Status; text?: string }): Error {
  if (r.status) return new ApiError(r.status);
  return new KubectlError(`unable to upgrade connection: ${r.text ?? ''}`);
}

/** The exec hook for a cluster in this process (or worker): runs the simulated command at once. */
export function inProcessExec(cluster: ExecCluster, io: ExecIO): ExecHook {
  return async (request) => {
    if (request.stdin && io.input) return liveExec(cluster, io, io.input, request);
    const input = request.stdin ? await (io.stdin?.() ?? Promise.resolve('')) : undefined;
    const r = execInPod(cluster, {
      namespace: request.namespace,
      pod: request.pod,
      container: request.container,
      command: request.command,
      stdin: request.stdin,
      stdout: true,
      stderr: !request.tty,
      tty: request.tty,
      ...(input !== undefined ? { input } : {}),
    });
    if (r.refused) throw refusalError(r.refused);
    if (r.stdout) io.out(r.stdout);
    if (r.stderr) io.err(r.stderr);
    return r.exitCode;
  };
}

/** A live session: output as it is written, each input chunk as it arrives. */
async function liveExec(
  cluster: ExecCluster,
  io: ExecIO,
  input: AsyncIterable<string>,
  request: Parameters<ExecHook>[0],
): Promise<number> {
  const session = openExec(
    cluster,
    {
      namespace: request.namespace,
      pod: request.pod,
      container: request.container,
      command: request.command,
      stdin: true,
      stdout: true,
      stderr: !request.tty,
      tty: request.tty,
    },
    { stdout: io.out, stderr: io.err },
  );
  if (!(session instanceof ExecSession)) throw refusalError(session);
  const exited = new Promise<number>((resolve) => session.onExit((code) => resolve(code)));
  const iterator = input[Symbol.asyncIterator]();
  for (;;) {
    if (session.exited !== undefined) break;
    const next = await Promise.race([iterator.next(), exited.then(() => undefined)]);
    if (!next) break;
    if (next.done) {
      session.end();
      break;
    }
    session.write(next.value);
  }
  if (session.exited !== undefined) void iterator.return?.();
  return exited;
}

/** The parts of the WebSocket API (browsers, workers, Node 22) the stream client uses. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number): void;
}

export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

/** The exec URL of a request (`command` repeated, as kubectl sends it). */
export function execUrl(request: Parameters<ExecHook>[0]): string {
  const q = new URLSearchParams();
  for (const c of request.command) q.append('command', c);
  q.set('container', request.container);
  q.set('stdin', String(request.stdin));
  q.set('stdout', 'true');
  q.set('stderr', String(!request.tty));
  q.set('tty', String(request.tty));
  return `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/exec?${q.toString()}`;
}

/**
 * The exec hook for an API server at `server` (`http://127.0.0.1:6443`): a WebSocket with the
 * `v5.channel.k8s.io` channel protocol. Stdin (with `-i`) is sent whole, then closed.
 */
export function webSocketExec(server: string, connect: WebSocketFactory, io: ExecIO): ExecHook {
  return (request) =>
    new Promise<number>((resolve, reject) => {
      const url = server.replace(/^http/, 'ws').replace(/\/+$/, '') + execUrl(request);
      const ws = connect(url, ['v5.channel.k8s.io']);
      ws.binaryType = 'arraybuffer';
      const decoders = [new TextDecoder(), new TextDecoder(), new TextDecoder()];
      let status:
        | { status?: string; message?: string; details?: { causes?: { reason: string; message: string }[] } }
        | undefined;
      let opened = false;
      let endSession: () => void = () => undefined;
      const ended = new Promise<void>((r) => (endSession = r));
      const send = (text: string): void => {
        const bytes = new TextEncoder().encode(text);
        const frame = new Uint8Array(bytes.length + 1);
        frame[0] = 0;
        frame.set(bytes, 1);
        if (bytes.length) ws.send(frame);
      };
      let closed = false;
      ws.onopen = () => {
        opened = true;
        if (!request.stdin) return;
        if (io.input) {
          // Live input: each chunk as it is typed, then the close of stdin.
          const iterator = io.input[Symbol.asyncIterator]();
          void (async () => {
            for (;;) {
              const next = await Promise.race([iterator.next(), ended.then(() => undefined)]);
              if (!next || closed) break;
              if (next.done) {
                ws.send(new Uint8Array([255, 0]));
                break;
              }
              send(next.value);
            }
            if (closed) void iterator.return?.();
          })();
          return;
        }
        void (io.stdin?.() ?? Promise.resolve('')).then((text) => {
          send(text);
          ws.send(new Uint8Array([255, 0]));
        });
      };
      ws.onmessage = (ev) => {
        const data = new Uint8Array(ev.data as ArrayBuffer);
        if (!data.length) return;
        const channel = data[0]!;
        const body = data.subarray(1);
        if (channel === 1) io.out(decoders[1]!.decode(body, { stream: true }));
        else if (channel === 2) io.err(decoders[2]!.decode(body, { stream: true }));
        else if (channel === 3) status = JSON.parse(new TextDecoder().decode(body)) as typeof status;
      };
      ws.onerror = () => {
        if (!opened)
          reject(new KubectlError('unable to upgrade connection: the server refused the exec stream'));
      };
      ws.onclose = () => {
        closed = true;
        endSession();
        if (!opened) return;
        if (!status || status.status === 'Success') return resolve(0);
        const exit = status.details?.causes?.find((c) => c.reason === 'ExitCode');
        if (exit) return resolve(Number(exit.message));
        reject(new KubectlError(status.message ?? 'exec failed'));
      };
    });
}

/** The pod `kubectl exec` reaches for `TYPE/NAME` (a pod of a workload or Service). */
async function podFor(ctx: CommandContext, target: string): Promise<KubeObject> {
  const resolver = await ctx.client.resources();
  const podType = resolver.resolve('pods');
  const slash = target.indexOf('/');
  const type = slash >= 0 ? resolver.resolve(target.slice(0, slash)) : podType;
  const name = slash >= 0 ? target.slice(slash + 1) : target;
  const obj = await ctx.client.get<KubeObject>(
    objectUrl(type, type.namespaced ? ctx.namespace : undefined, name),
  );
  if (type.kind === 'Pod') return obj;
  const spec = (obj.spec ?? {}) as Obj;
  const selector =
    type.kind === 'Service' || type.kind === 'ReplicationController'
      ? formatLabels(spec.selector)
      : selectorText(spec.selector);
  if (!selector)
    throw new KubectlError(`cannot attach to ${type.kind}: selector for ${type.kind} not implemented`);
  const params = new URLSearchParams({ labelSelector: selector });
  const list = await ctx.client.get<ObjectList>(
    `${collectionUrl(podType, ctx.namespace)}?${params.toString()}`,
  );
  const pods = (list.items ?? []).map((p, i) => ({ p, i }));
  if (!pods.length) throw new KubectlError('timed out waiting for the condition');
  pods.sort((a, b) => byLogging(a.p, b.p) || a.i - b.i);
  return pods[0]!.p;
}

/** The container kubectl picks without `-c`, and the notice it prints when there was a choice. */
function defaultContainer(pod: KubeObject): { name: string; notice?: string } {
  const containers = ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && containers.includes(annotated)) return { name: annotated };
  const name = containers[0] ?? '';
  if (containers.length <= 1) return { name };
  const all = [
    ...containers,
    ...((pod.spec?.initContainers ?? []) as { name: string }[]).map((c) => `${c.name} (init)`),
    ...((pod.spec?.ephemeralContainers ?? []) as { name: string }[]).map((c) => `${c.name} (ephem)`),
  ];
  return { name, notice: `Defaulted container "${name}" out of: ${all.join(', ')}\n` };
}

async function run(ctx: CommandContext): Promise<number> {
  const target = ctx.args[0];
  if (target === undefined) throw new KubectlError('pod, type/name or --filename must be specified');
  if (ctx.args.length > 1)
    throw new UsageError(
      'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead',
    );
  const command = ctx.dashArgs;
  if (!command.length) throw new KubectlError('you must specify at least one command for the container');
  const pod = await podFor(ctx, target);
  const phase = pod.status?.phase as string | undefined;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw new KubectlError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  let container = ctx.flags.string('container');
  if (!container) {
    const picked = defaultContainer(pod);
    container = picked.name;
    if (picked.notice && !ctx.flags.bool('quiet')) ctx.err(picked.notice);
  }
  // What the API server and the kubelet would refuse, from the pod kubectl just read.
  const checked = checkTarget(pod, container);
  if (isRefusal(checked)) throw refusalError(checked);
  const exec = ctx.env.exec;
  if (!exec)
    throw new KubectlError('exec is not available here: this host gives kubectl no way to reach containers');
  const code = await exec({
    namespace: pod.metadata.namespace ?? ctx.namespace,
    pod: pod.metadata.name ?? '',
    container,
    command,
    stdin: ctx.flags.bool('stdin'),
    tty: ctx.flags.bool('tty'),
  });
  if (code !== 0) {
    ctx.err(`command terminated with exit code ${code}\n`);
    return code;
  }
  return 0;
}

register({
  name: 'exec',
  short: 'Execute a command in a container',
  group: 'Troubleshooting and Debugging Commands',
  usage: 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]',
  long: 'Execute a command in a container.',
  examples: `  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl exec mypod -- date

  # Get output from running the 'date' command in ruby-container from pod mypod
  kubectl exec mypod -c ruby-container -- date

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl exec mypod -c ruby-container -i -t -- bash -il

  # Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default
  kubectl exec deploy/mydeployment -- date

  # Get output from running 'date' command from the first pod of the service myservice, using the first container by default
  kubectl exec svc/myservice -- date`,
  flags: [
    {
      name: 'container',
      short: 'c',
      type: 'string',
      default: '',
      usage:
        'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen',
    },
    {
      name: 'filename',
      short: 'f',
      type: 'stringSlice',
      default: '[]',
      usage: 'to use to exec into the resource',
    },
    {
      name: 'pod-running-timeout',
      type: 'duration',
      default: '1m0s',
      usage:
        'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    },
    {
      name: 'quiet',
      short: 'q',
      type: 'bool',
      default: 'false',
      usage: 'Only print output from the remote session',
    },
    { name: 'stdin', short: 'i', type: 'bool', default: 'false', usage: 'Pass stdin to the container' },
    { name: 'tty', short: 't', type: 'bool', default: 'false', usage: 'Stdin is a TTY' },
  ],
  run,
});

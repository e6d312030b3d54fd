/**
 * Cadet's `kubectl exec`: kubectl's argument rules and messages, the client-side and server-side
 * refusals, and the simulated commands through both hooks: in process (`inProcessExec`) and over
 * the WebSocket stream of a served cluster (`webSocketExec` with the Node client).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock, type Cluster } from '../../src/cluster/index';
import { createCompleteCluster } from '../../src/cluster/complete';
import { inProcessTransport, runKubectl, type KubectlEnv } from '../../src/kubectl/index';
import { inProcessExec, webSocketExec } from '../../src/kubectl/commands/exec';
import { listen, type RunningServer } from '../../src/hosts/node-server';
import { nodeWebSocket } from '../../src/hosts/exec-stream';

let clock: VirtualClock;
let cluster: Cluster;
let server: RunningServer;

beforeAll(async () => {
  clock = new VirtualClock();
  cluster = createCompleteCluster({ clock, topology: 'default', seed: 4 });
  clock.advance(10_000);
  const c = cluster.client;
  c.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default' },
    data: { greeting: 'hello' },
  });
  c.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    },
  });
  c.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'box', namespace: 'default' },
    spec: {
      containers: [
        {
          name: 'box',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          env: [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } }],
          volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }],
        },
        { name: 'side', image: 'nginx:1.27' },
      ],
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
    },
  });
  c.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'done', namespace: 'default' },
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'done', image: 'busybox:1.36', command: ['true'] }],
    },
  });
  c.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'stuck', namespace: 'default' },
    spec: { containers: [{ name: 'stuck', image: 'nginx:no-such-tag' }] },
  });
  clock.advance(60_000);
  server = await listen(cluster.handle, 0, '127.0.0.1', { exec: cluster });
});

afterAll(async () => {
  await server?.close();
  cluster.world?.runtime.stop();
});

type Via = 'in-process' | 'websocket';

async function kubectl(argv: string[], options: { stdin?: string; via?: Via } = {}) {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (s: string) => (stdout += s),
    err: (s: string) => (stderr += s),
    stdin: async () => options.stdin ?? '',
  };
  const env: KubectlEnv = {
    transport: inProcessTransport(cluster),
    kubeconfig: {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'cadet', cluster: { server: server.url } }],
      users: [{ name: 'cadet', user: {} }],
      contexts: [{ name: 'cadet', context: { cluster: 'cadet', user: 'cadet', namespace: 'default' } }],
      'current-context': 'cadet',
    },
    now: () => clock.now(),
    out: io.out,
    err: io.err,
    stdin: io.stdin,
    exec:
      options.via === 'websocket' ? webSocketExec(server.url, nodeWebSocket, io) : inProcessExec(cluster, io),
  };
  const code = await runKubectl(argv, env);
  return { stdout, stderr, code };
}

describe.each<Via>(['in-process', 'websocket'])('kubectl exec (%s)', (via) => {
  const run = (argv: string[], stdin?: string) =>
    kubectl(argv, { via, ...(stdin !== undefined ? { stdin } : {}) });

  it("runs a command in the pod's container", async () => {
    expect(await run(['exec', 'box', '-c', 'box', '--', 'hostname'])).toEqual({
      stdout: 'box\n',
      stderr: '',
      code: 0,
    });
    expect(await run(['exec', 'box', '-c', 'box', '--', 'printenv', 'GREETING'])).toEqual({
      stdout: 'hello\n',
      stderr: '',
      code: 0,
    });
    expect(await run(['exec', 'box', '-c', 'box', '--', 'cat', '/etc/cfg/greeting'])).toEqual({
      stdout: 'hello',
      stderr: '',
      code: 0,
    });
  });

  it('defaults to the first container and says so (not with -q)', async () => {
    expect(await run(['exec', 'box', '--', 'hostname'])).toEqual({
      stdout: 'box\n',
      stderr: 'Defaulted container "box" out of: box, side\n',
      code: 0,
    });
    expect(await run(['exec', '-q', 'box', '--', 'hostname'])).toEqual({
      stdout: 'box\n',
      stderr: '',
      code: 0,
    });
  });

  it("a non-zero exit: stdout and stderr kept apart, kubectl's line, the same exit code", async () => {
    expect(
      await run(['exec', 'box', '-c', 'box', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']),
    ).toEqual({
      stdout: 'out\n',
      stderr: 'err\ncommand terminated with exit code 3\n',
      code: 3,
    });
  });

  it('-i passes stdin', async () => {
    expect(await run(['exec', '-i', 'box', '-c', 'box', '--', 'cat'], 'one\ntwo\n')).toEqual({
      stdout: 'one\ntwo\n',
      stderr: '',
      code: 0,
    });
  });

  it('TYPE/NAME reaches a pod of the workload', async () => {
    const names = cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.map((p) => `${p.metadata.name}\n`);
    const r = await run(['exec', 'deploy/web', '--', 'hostname']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(names).toContain(r.stdout);
  });
});

describe.each<Via>(['in-process', 'websocket'])('kubectl exec -it with a live terminal (%s)', (via) => {
  it('echoes keys, prints the prompt, runs each line and ends on exit', async () => {
    let stdout = '';
    const keys = ['hostn', 'ame\r', 'exit 4\r'];
    async function* typed() {
      for (const k of keys) {
        await new Promise((r) => setTimeout(r, 5));
        yield k;
      }
      // A terminal that stays open: the session must end on `exit` (or this test times out).
      await new Promise(() => {});
    }
    const io = {
      out: (s: string) => (stdout += s),
      err: (s: string) => (stdout += `[err]${s}`),
      input: typed(),
    };
    const code = await runKubectl(['exec', '-it', 'box', '-c', 'box', '--', 'sh'], {
      transport: inProcessTransport(cluster),
      kubeconfig: {
        clusters: [{ name: 'c', cluster: { server: 'http://x' } }],
        users: [{ name: 'u', user: {} }],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'c',
      },
      now: () => clock.now(),
      out: io.out,
      err: io.err,
      exec: via === 'websocket' ? webSocketExec(server.url, nodeWebSocket, io) : inProcessExec(cluster, io),
    });
    expect(stdout).toBe('/ # hostname\r\nbox\r\n/ # exit 4\r\n[err]command terminated with exit code 4\n');
    expect(code).toBe(4);
  });
});

describe('kubectl exec: errors as real kubectl prints them', () => {
  it('arguments', async () => {
    expect(await kubectl(['exec'])).toEqual({
      stdout: '',
      stderr: 'error: pod, type/name or --filename must be specified\n',
      code: 1,
    });
    expect(await kubectl(['exec', 'box'])).toEqual({
      stdout: '',
      stderr: 'error: you must specify at least one command for the container\n',
      code: 1,
    });
    expect(await kubectl(['exec', 'box', 'ls'])).toEqual({
      stdout: '',
      stderr:
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
      code: 1,
    });
  });

  it('refusals of kubectl, the API server and the kubelet', async () => {
    expect(await kubectl(['exec', 'nope', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      code: 1,
    });
    expect(await kubectl(['exec', 'box', '-c', 'x', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): container x is not valid for pod box\n',
      code: 1,
    });
    expect(await kubectl(['exec', 'done', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n',
      code: 1,
    });
    expect(await kubectl(['exec', 'stuck', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'error: unable to upgrade connection: container not found ("stuck")\n',
      code: 1,
    });
    expect(await kubectl(['exec', 'deploy/nope', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      code: 1,
    });
  });

  it("an unknown program: the runtime's message and 126", async () => {
    expect(await kubectl(['exec', 'box', '-c', 'box', '--', 'foo'])).toEqual({
      stdout:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown\n',
      stderr: 'command terminated with exit code 126\n',
      code: 126,
    });
  });
});

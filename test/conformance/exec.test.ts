/**
 * `kubectl exec` judged by real kubectl 1.32 against `cadet serve`: the WebSocket stream
 * (v5.channel.k8s.io), each simulated command, stdin with `-i`, `-c`, exit codes, and the errors
 * of the API server, the kubelet and kubectl itself. The cluster runs on a virtual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete';
import { VirtualClock, type Cluster } from '../../src/cluster/index';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { httpTransport, runKubectl, type FetchLike, type Kubeconfig } from '../../src/kubectl/index';
import '../../src/kubectl/commands/index';
import { webSocketExec } from '../../src/kubectl/commands/exec';
import { nodeWebSocket } from '../../src/hosts/exec-stream';
import { nodeKubectlEnv } from '../../src/hosts/kubectl';
import { startServe, type KubectlResult, type ServeHarness } from './support/serve';

let clock: VirtualClock;
let cluster: Cluster;
let h: ServeHarness;
let webPods: string[];

const NGINX_PAGE =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n';

beforeAll(async () => {
  clock = new VirtualClock();
  cluster = createCompleteCluster({ clock, topology: 'default', seed: 7 });
  const c = cluster.client;
  clock.advance(10_000);
  c.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'app', namespace: 'default' },
    data: { 'app.properties': 'color=blue\nsize=3\n', MODE: 'production' },
  });
  c.create('secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'default' },
    type: 'Opaque',
    data: { password: 'aHVudGVyMg==' },
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
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  });
  c.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
  });
  c.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'hello' } },
      template: {
        metadata: { labels: { app: 'hello' } },
        spec: { containers: [{ name: 'hello', image: 'cadet/hello:1.0', ports: [{ containerPort: 8080 }] }] },
      },
    },
  });
  c.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace: 'default' },
    spec: { selector: { app: 'hello' }, ports: [{ port: 80, targetPort: 8080 }] },
  });
  clock.advance(5_000);
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
          env: [
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app', key: 'MODE' } } },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          ],
          volumeMounts: [
            { name: 'config', mountPath: '/etc/app' },
            { name: 'secret', mountPath: '/etc/db', readOnly: true },
          ],
        },
        { name: 'side', image: 'nginx:1.27' },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'app' } },
        { name: 'secret', secret: { secretName: 'db' } },
      ],
    },
  });
  c.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'once', namespace: 'default' },
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'once', image: 'busybox:1.36', command: ['true'] }],
    },
  });
  c.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'stuck', namespace: 'default' },
    spec: { containers: [{ name: 'stuck', image: 'nginx:no-such-tag' }] },
  });
  clock.advance(60_000);
  webPods = c
    .list('pods', { namespace: 'default', labelSelector: 'app=web' })
    .items.map((p) => p.metadata.name!)
    .sort();
  h = await startServe({ cluster });
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

const exec = (args: string[], stdin?: string) =>
  h.kubectl(['exec', ...args], stdin === undefined ? {} : { stdin });

describe('kubectl exec: the simulated commands', () => {
  it('env: the image, ConfigMap and Secret values, service links', async () => {
    const ip = cluster.client.get('services', 'default', 'web')!.spec.clusterIP as string;
    const hello = cluster.client.get('services', 'default', 'hello')!.spec.clusterIP as string;
    const r = await exec(['box', '-c', 'box', '--', 'env']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'HOSTNAME=box',
        'MODE=production',
        'DB_PASSWORD=hunter2',
        'KUBERNETES_SERVICE_HOST=10.96.0.1',
        'KUBERNETES_SERVICE_PORT=443',
        'KUBERNETES_SERVICE_PORT_HTTPS=443',
        'KUBERNETES_PORT=tcp://10.96.0.1:443',
        'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443',
        'KUBERNETES_PORT_443_TCP_PROTO=tcp',
        'KUBERNETES_PORT_443_TCP_PORT=443',
        'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1',
        `HELLO_SERVICE_HOST=${hello}`,
        'HELLO_SERVICE_PORT=80',
        `HELLO_PORT=tcp://${hello}:80`,
        `HELLO_PORT_80_TCP=tcp://${hello}:80`,
        'HELLO_PORT_80_TCP_PROTO=tcp',
        'HELLO_PORT_80_TCP_PORT=80',
        `HELLO_PORT_80_TCP_ADDR=${hello}`,
        `WEB_SERVICE_HOST=${ip}`,
        'WEB_SERVICE_PORT=80',
        `WEB_PORT=tcp://${ip}:80`,
        `WEB_PORT_80_TCP=tcp://${ip}:80`,
        'WEB_PORT_80_TCP_PROTO=tcp',
        'WEB_PORT_80_TCP_PORT=80',
        `WEB_PORT_80_TCP_ADDR=${ip}`,
        'HOME=/root',
        '',
      ].join('\n'),
    });
  });

  it('cat and ls of mounted ConfigMap and Secret files', async () => {
    expect(await exec(['box', '-c', 'box', '--', 'cat', '/etc/app/app.properties'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'color=blue\nsize=3\n',
    });
    expect(await exec(['box', '-c', 'box', '--', 'ls', '/etc/app'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'MODE\napp.properties\n',
    });
    expect(await exec(['box', '-c', 'box', '--', 'cat', '/etc/db/password'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'hunter2',
    });
  });

  it('hostname, /etc/hostname and /etc/resolv.conf', async () => {
    expect(await exec(['box', '-c', 'box', '--', 'hostname'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'box\n',
    });
    expect(await exec(['box', '-c', 'box', '--', 'cat', '/etc/hostname'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'box\n',
    });
    expect(await exec(['box', '-c', 'box', '--', 'cat', '/etc/resolv.conf'])).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    });
  });

  it('nslookup: a Service by short name; NXDOMAIN exits 1', async () => {
    const ip = cluster.client.get('services', 'default', 'web')!.spec.clusterIP as string;
    expect(await exec(['box', '-c', 'box', '--', 'nslookup', 'web'])).toEqual({
      code: 0,
      stderr: '',
      stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n`,
    });
    expect(await exec(['box', '-c', 'box', '--', 'nslookup', 'nope'])).toEqual({
      code: 1,
      stderr: 'command terminated with exit code 1\n',
      stdout: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope: NXDOMAIN\n\n",
    });
  });

  it('wget -qO- and curl -s of the Service get nginx, and nginx logs the request', async () => {
    expect(await exec(['box', '-c', 'box', '--', 'wget', '-qO-', 'http://web'])).toEqual({
      code: 0,
      stderr: '',
      stdout: NGINX_PAGE,
    });
    expect(await exec([webPods[0]!, '--', 'curl', '-s', 'web.default.svc.cluster.local'])).toEqual({
      code: 0,
      stderr: '',
      stdout: NGINX_PAGE,
    });
    const logs = await Promise.all(webPods.map((p) => h.kubectl(['logs', p])));
    const access = logs.flatMap((l) =>
      l.stdout.split('\n').filter((x) => x.includes('"GET / HTTP/1.1" 200')),
    );
    expect(access).toHaveLength(2);
  });

  it('curl of an unknown host: exit 6 with curl words', async () => {
    expect(await exec([webPods[0]!, '--', 'curl', '-sS', 'http://nope'])).toEqual({
      code: 6,
      stderr: 'curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n',
      stdout: '',
    });
  });

  it("sh -c: stdout and stderr apart, the exit code is kubectl's", async () => {
    expect(await exec(['box', '-c', 'box', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({
      code: 3,
      stderr: 'err\ncommand terminated with exit code 3\n',
      stdout: 'out\n',
    });
  });

  it('a page written into nginx by one exec is what the Service serves to the next', async () => {
    for (const pod of webPods)
      expect(
        await exec([
          pod,
          '--',
          'sh',
          '-c',
          'echo "<h1>edited in $HOSTNAME</h1>" > /usr/share/nginx/html/index.html',
        ]),
      ).toEqual({ code: 0, stderr: '', stdout: '' });
    const r = await exec(['box', '-c', 'box', '--', 'wget', '-qO-', 'web']);
    expect(r.code).toBe(0);
    expect(webPods.map((p) => `<h1>edited in ${p}</h1>\n`)).toContain(r.stdout);
    expect(await exec(['box', '-c', 'box', '--', 'sh', '-c', 'echo x > /etc/app/new'])).toEqual({
      code: 1,
      stderr: "sh: can't create /etc/app/new: Read-only file system\ncommand terminated with exit code 1\n",
      stdout: '',
    });
  });

  it("a loop of requests to a Service is spread over its pods (kube-proxy's random choice)", async () => {
    const pods = cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=hello' })
      .items.map((p) => p.metadata.name!);
    expect(pods).toHaveLength(3);
    const r = await exec([
      'box',
      '-c',
      'box',
      '--',
      'sh',
      '-c',
      'for i in $(seq 1 12); do wget -qO- hello; done',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    for (const l of lines) expect(pods.map((p) => `Hello from ${p} (version 1.0)`)).toContain(l);
    expect(new Set(lines).size).toBeGreaterThan(1);
  });

  it('echo', async () => {
    expect(await exec(['box', '-c', 'box', '--', 'echo', 'hello', 'world'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'hello world\n',
    });
  });
});

describe('kubectl exec: streams and containers', () => {
  it('-i passes stdin: cat echoes it', async () => {
    expect(await exec(['-i', 'box', '-c', 'box', '--', 'cat'], 'line one\nline two\n')).toEqual({
      code: 0,
      stderr: '',
      stdout: 'line one\nline two\n',
    });
  });

  it('-i with sh runs a script from stdin', async () => {
    expect(
      await exec(
        ['-i', 'box', '-c', 'box', '--', 'sh'],
        'echo $HOSTNAME\ncat /etc/app/app.properties | grep color\n',
      ),
    ).toEqual({
      code: 0,
      stderr: '',
      stdout: 'box\ncolor=blue\n',
    });
  });

  it('-t without a terminal: kubectl warns and runs without a TTY', async () => {
    expect(await exec(['-it', 'box', '-c', 'box', '--', 'hostname'], '')).toEqual({
      code: 0,
      stderr: 'Unable to use a TTY - input is not a terminal or the right kind of file\n',
      stdout: 'box\n',
    });
  });

  it('without -c: kubectl defaults to the first container and says so', async () => {
    expect(await exec(['box', '--', 'hostname'])).toEqual({
      code: 0,
      stderr: 'Defaulted container "box" out of: box, side\n',
      stdout: 'box\n',
    });
  });

  it('TYPE/NAME: a pod of the Deployment', async () => {
    const r = await exec(['deploy/web', '--', 'hostname']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(webPods.map((p) => `${p}\n`)).toContain(r.stdout);
  });

  it('-c picks the container: nginx (Debian) has curl, not nslookup', async () => {
    expect(await exec(['box', '-c', 'side', '--', 'nslookup', 'web'])).toEqual({
      code: 126,
      stderr: 'command terminated with exit code 126\n',
      stdout:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in $PATH: unknown\n',
    });
  });
});

describe('kubectl exec: errors', () => {
  it('an unknown program', async () => {
    expect(await exec(['box', '-c', 'box', '--', 'foo'])).toEqual({
      code: 126,
      stderr: 'command terminated with exit code 126\n',
      stdout:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown\n',
    });
  });

  it('an unknown program inside sh: exit 127', async () => {
    expect(await exec(['box', '-c', 'box', '--', 'sh', '-c', 'foo'])).toEqual({
      code: 127,
      stderr: 'sh: foo: not found\ncommand terminated with exit code 127\n',
      stdout: '',
    });
  });

  it('an unknown container', async () => {
    expect(await exec(['box', '-c', 'nope', '--', 'env'])).toEqual({
      code: 1,
      stderr: 'Error from server (BadRequest): container nope is not valid for pod box\n',
      stdout: '',
    });
  });

  it('an unknown pod', async () => {
    expect(await exec(['nope', '--', 'env'])).toEqual({
      code: 1,
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      stdout: '',
    });
  });

  it('a container that is not running', async () => {
    expect(await exec(['stuck', '--', 'env'])).toEqual({
      code: 1,
      stderr: 'error: unable to upgrade connection: container not found ("stuck")\n',
      stdout: '',
    });
  });

  it('a completed pod', async () => {
    expect(cluster.client.get('pods', 'default', 'once')!.status.phase).toBe('Succeeded');
    expect(await exec(['once', '--', 'env'])).toEqual({
      code: 1,
      stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n',
      stdout: '',
    });
  });

  it('kubectl with WebSockets switched off (SPDY only) is told what the server speaks', async () => {
    expect(
      await h.kubectl(['exec', 'box', '-c', 'box', '--', 'hostname'], {
        env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' },
      }),
    ).toEqual({
      code: 1,
      stderr:
        "Error from server (BadRequest): Cadet's simulated cluster streams exec over WebSocket (v5.channel.k8s.io) only, as kubectl 1.30 and later use by default; this request asked for an SPDY/3.1 upgrade\n",
      stdout: '',
    });
  });

  it('attach is refused with a clear message', async () => {
    const r = await h.kubectl(['attach', 'box', '-c', 'box']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "attach is not supported by Cadet's simulated cluster: its containers run no real processes (use kubectl exec or kubectl logs -f)",
    );
  });
});

/** Cadet's kubectl over HTTP, exec over the same WebSocket stream real kubectl uses. */
async function cadet(args: string[], stdin = ''): Promise<KubectlResult> {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (c: string) => (stdout += c),
    err: (c: string) => (stderr += c),
    stdin: async () => stdin,
  };
  const code = await runKubectl(args, {
    transport: httpTransport(h.url, fetch as unknown as FetchLike),
    kubeconfig: (parse(readFileSync(h.kubeconfigPath, 'utf8')) as Kubeconfig) ?? {},
    now: () => clock.now(),
    out: io.out,
    err: io.err,
    stdin: io.stdin,
    exec: webSocketExec(h.url, nodeWebSocket, io),
  });
  return { stdout, stderr, code };
}

describe("Cadet's kubectl exec prints what real kubectl prints", () => {
  const cases: { args: string[]; stdin?: string }[] = [
    { args: ['exec', 'box', '-c', 'box', '--', 'env'] },
    { args: ['exec', 'box', '-c', 'box', '--', 'cat', '/etc/app/app.properties'] },
    { args: ['exec', 'box', '-c', 'box', '--', 'ls', '/etc/db'] },
    { args: ['exec', 'box', '--', 'hostname'] },
    { args: ['exec', 'box', '-c', 'box', '--', 'nslookup', 'web'] },
    { args: ['exec', 'box', '-c', 'box', '--', 'nslookup', 'nope'] },
    { args: ['exec', 'box', '-c', 'box', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'] },
    { args: ['exec', '-i', 'box', '-c', 'box', '--', 'cat'], stdin: 'one\ntwo\n' },
    { args: ['exec', 'box', '-c', 'box', '--', 'foo'] },
    { args: ['exec', 'box', '-c', 'nope', '--', 'env'] },
    { args: ['exec', 'nope', '--', 'env'] },
    { args: ['exec', 'stuck', '--', 'env'] },
    { args: ['exec', 'once', '--', 'env'] },
    { args: ['exec', 'box'] },
    { args: ['exec', 'box', 'ls'] },
    { args: ['exec'] },
  ];
  for (const c of cases)
    it(c.args.join(' '), async () => {
      const real = await h.kubectl(c.args, c.stdin === undefined ? {} : { stdin: c.stdin });
      expect(await cadet(c.args, c.stdin)).toEqual(real);
    });
});

describe('`cadet kubectl` (the Node host) runs exec over the stream', () => {
  it('prints what real kubectl prints, exit code included', async () => {
    const args = ['exec', 'box', '-c', 'box', '--', 'sh', '-c', 'hostname; exit 4'];
    let stdout = '';
    let stderr = '';
    const env = nodeKubectlEnv(args, {
      cwd: h.dir,
      vars: { KUBECONFIG: h.kubeconfigPath },
      out: (c) => (stdout += c),
      err: (c) => (stderr += c),
      stdin: async () => '',
      now: () => clock.now(),
    });
    if ('error' in env) throw new Error(env.error);
    const code = await runKubectl(args, env);
    const real = await h.kubectl(args);
    expect({ stdout, stderr, code }).toEqual(real);
    expect(code).toBe(4);
    expect(stdout).toBe('box\n');
  });
});

/** The simulated exec command set, in process (src/cluster/exec). */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import { VirtualClock } from '../../src/cluster/clock.js';
import type { Cluster } from '../../src/cluster/index.js';
import { execInPod, openExec, type ExecRequest } from '../../src/cluster/exec/index.js';

let cluster: Cluster;
let clock: VirtualClock;
let webPod: string;

function run(pod: string, command: string[], extra: Partial<ExecRequest> & { input?: string } = {}) {
  const r = execInPod(cluster, { namespace: 'default', pod, command, stdout: true, stderr: true, ...extra });
  if (r.refused) throw new Error(`refused: ${JSON.stringify(r.refused)}`);
  return { out: r.stdout, err: r.stderr, code: r.exitCode };
}

beforeAll(() => {
  clock = new VirtualClock();
  cluster = createCompleteCluster({ clock, topology: 'default', seed: 1 });
  const c = cluster.client;
  clock.advance(5000);
  c.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default' },
    data: { 'app.conf': 'port=8080\n', MODE: 'prod' },
  });
  c.create('secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'sec', namespace: 'default' },
    data: { password: 'czNjcjN0' },
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
    spec: { selector: { app: 'web' }, ports: [{ port: 80, name: 'http' }] },
  });
  c.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'empty', namespace: 'default' },
    spec: { selector: { app: 'none' }, ports: [{ port: 80 }] },
  });
  clock.advance(2000);
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
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } },
            { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
            { name: 'GREETING', value: 'hi $(MODE)' },
            { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          ],
          volumeMounts: [
            { name: 'c', mountPath: '/etc/cfg' },
            { name: 's', mountPath: '/etc/sec', readOnly: true },
            { name: 'c', mountPath: '/app/app.conf', subPath: 'app.conf' },
          ],
        },
        { name: 'side', image: 'nginx:1.27' },
      ],
      volumes: [
        { name: 'c', configMap: { name: 'cfg' } },
        { name: 's', secret: { secretName: 'sec' } },
      ],
    },
  });
  clock.advance(30_000);
  webPod = c.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items[0]!.metadata.name!;
});

describe('env', () => {
  it('prints PATH, HOSTNAME, the container env (ConfigMap, Secret, $(VAR), fieldRef), service links, HOME', () => {
    const r = run('box', ['env'], { container: 'box' });
    const node = cluster.client.get('pods', 'default', 'box')!.spec.nodeName as string;
    const web = cluster.client.get('services', 'default', 'web')!.spec.clusterIP as string;
    const empty = cluster.client.get('services', 'default', 'empty')!.spec.clusterIP as string;
    const lines = r.out.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'HOSTNAME=box',
      'MODE=prod',
      'PW=s3cr3t',
      'GREETING=hi prod',
      `NODE=${node}`,
    ]);
    expect(lines).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
    expect(lines).toContain('KUBERNETES_SERVICE_PORT_HTTPS=443');
    expect(lines).toContain(`WEB_SERVICE_HOST=${web}`);
    expect(lines).toContain('WEB_SERVICE_PORT_HTTP=80');
    expect(lines).toContain(`WEB_PORT_80_TCP=tcp://${web}:80`);
    expect(lines).toContain(`EMPTY_PORT_80_TCP_ADDR=${empty}`);
    expect(lines.at(-2)).toBe('HOME=/root');
    expect(r.code).toBe(0);
  });

  it('leaves out Services created after the pod', () => {
    cluster.client.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'later', namespace: 'default' },
      spec: { selector: { app: 'x' }, ports: [{ port: 90 }] },
    });
    clock.advance(1000);
    expect(run('box', ['env'], { container: 'box' }).out).not.toContain('LATER_');
    cluster.client.delete('services', 'default', 'later');
  });

  it('printenv NAME prints one value; an unknown name exits 1', () => {
    expect(run('box', ['printenv', 'MODE'], { container: 'box' })).toEqual({
      out: 'prod\n',
      err: '',
      code: 0,
    });
    expect(run('box', ['printenv', 'NOPE'], { container: 'box' })).toEqual({ out: '', err: '', code: 1 });
  });
});

describe('files', () => {
  it('cat and ls of ConfigMap and Secret volumes, subPath, /etc/hostname, /etc/resolv.conf', () => {
    expect(run('box', ['cat', '/etc/cfg/app.conf'], { container: 'box' }).out).toBe('port=8080\n');
    expect(run('box', ['ls', '/etc/cfg'], { container: 'box' }).out).toBe('MODE\napp.conf\n');
    expect(run('box', ['cat', '/etc/sec/password'], { container: 'box' }).out).toBe('s3cr3t');
    expect(run('box', ['cat', '/app/app.conf'], { container: 'box' }).out).toBe('port=8080\n');
    expect(run('box', ['cat', '/etc/hostname'], { container: 'box' }).out).toBe('box\n');
    expect(run('box', ['cat', '/etc/resolv.conf'], { container: 'box' }).out).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  it('missing files in busybox and GNU words', () => {
    expect(run('box', ['cat', '/nope'], { container: 'box' })).toEqual({
      out: '',
      err: "cat: can't open '/nope': No such file or directory\n",
      code: 1,
    });
    expect(run(webPod, ['cat', '/nope'])).toEqual({
      out: '',
      err: 'cat: /nope: No such file or directory\n',
      code: 1,
    });
    expect(run(webPod, ['ls', '/nope'])).toEqual({
      out: '',
      err: "ls: cannot access '/nope': No such file or directory\n",
      code: 2,
    });
    expect(run('box', ['ls', '/nope'], { container: 'box' })).toEqual({
      out: '',
      err: 'ls: /nope: No such file or directory\n',
      code: 1,
    });
  });
});

describe('network', () => {
  it('hostname and nslookup of a Service, NXDOMAIN for an unknown name', () => {
    const web = cluster.client.get('services', 'default', 'web')!.spec.clusterIP as string;
    expect(run('box', ['hostname'], { container: 'box' }).out).toBe('box\n');
    expect(run('box', ['nslookup', 'web'], { container: 'box' })).toEqual({
      out: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${web}\n\n`,
      err: '',
      code: 0,
    });
    expect(run('box', ['nslookup', 'nope'], { container: 'box' })).toEqual({
      out: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope: NXDOMAIN\n\n",
      err: '',
      code: 1,
    });
  });

  it('wget -qO- and curl -s of a Service answer with nginx; the request lands in an access log', () => {
    const page =
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n';
    expect(run('box', ['wget', '-qO-', 'web'], { container: 'box' })).toEqual({
      out: page,
      err: '',
      code: 0,
    });
    expect(run(webPod, ['curl', '-s', 'http://web'])).toEqual({ out: page, err: '', code: 0 });
    const logs = cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.map((p) => cluster.world!.podLogs(p, { container: 'nginx' }))
      .join('');
    expect(logs.match(/"GET \/ HTTP\/1.1" 200 615/g)?.length).toBe(2);
  });

  it('a Service without endpoints refuses; an unknown host does not resolve', () => {
    const empty = cluster.client.get('services', 'default', 'empty')!.spec.clusterIP as string;
    expect(run('box', ['wget', '-qO-', 'empty'], { container: 'box' })).toEqual({
      out: '',
      err: `wget: can't connect to remote host (${empty}): Connection refused\n`,
      code: 1,
    });
    expect(run(webPod, ['curl', '-sS', 'empty'])).toEqual({
      out: '',
      err: "curl: (7) Failed to connect to empty port 80 after 0 ms: Couldn't connect to server\n",
      code: 7,
    });
    expect(run('box', ['wget', '-qO-', 'nope'], { container: 'box' })).toEqual({
      out: '',
      err: "wget: bad address 'nope'\n",
      code: 1,
    });
    expect(run(webPod, ['curl', '-s', 'nope'])).toEqual({ out: '', err: '', code: 6 });
  });

  it('nginx (Debian) has no nslookup: the runtime cannot start it', () => {
    expect(run(webPod, ['nslookup', 'web'])).toEqual({
      out: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in $PATH: unknown\n',
      err: '',
      code: 126,
    });
  });
});

describe('sh, stdin and exit codes', () => {
  it('sh -c runs lists, pipes, variables, substitutions and exit', () => {
    expect(
      run('box', ['sh', '-c', 'echo $HOSTNAME && env | grep MODE; exit 3'], { container: 'box' }),
    ).toEqual({
      out: 'box\nMODE=prod\n',
      err: '',
      code: 3,
    });
    expect(run('box', ['sh', '-c', 'A=1; echo "$A $(hostname)" \'$A\''], { container: 'box' }).out).toBe(
      '1 box $A\n',
    );
    expect(run('box', ['sh', '-c', 'false || echo fallback'], { container: 'box' }).out).toBe('fallback\n');
    expect(
      run('box', ['sh', '-c', 'N=4; echo $((N * (2 + 1) - 10 / 3)) $((7 % 4))'], { container: 'box' }).out,
    ).toBe('9 3\n');
    expect(run('box', ['sh', '-c', 'cat /nope 2>&1 | wc -l'], { container: 'box' }).out).toBe('1\n');
  });

  it('for loops and seq: several requests to a Service reach its pods', () => {
    expect(
      run('box', ['sh', '-c', 'for i in $(seq 1 3); do echo "n=$i"; done; echo end'], { container: 'box' })
        .out,
    ).toBe('n=1\nn=2\nn=3\nend\n');
    expect(
      run('box', ['sh', '-c', 'for w in a b; do for x in 1 2; do echo $w$x; done; done'], {
        container: 'box',
      }).out,
    ).toBe('a1\na2\nb1\nb2\n');
    const r = run('box', ['sh', '-c', 'for i in 1 2 3 4 5 6; do wget -qO- web >/dev/null && echo ok; done'], {
      container: 'box',
    });
    expect(r).toEqual({ out: 'ok\n'.repeat(6), err: '', code: 0 });
    expect(
      run('box', ['sh', '-c', 'while true; do wget -qO- web; sleep 1; done'], { container: 'box' }),
    ).toEqual({
      out: '',
      err: "sh: while: not supported by Cadet's simulated shell (exec runs each command to its end; loop a fixed number of times with: for i in $(seq 1 10); do ...; done)\n",
      code: 2,
    });
    expect(run('box', ['sh', '-c', 'for i in 1 2; do echo $i'], { container: 'box' })).toEqual({
      out: '',
      err: 'sh: syntax error: unexpected end of file (expecting "done")\n',
      code: 2,
    });
  });

  it('an unknown program inside sh is "not found", exit 127 (busybox and dash words)', () => {
    expect(run('box', ['sh', '-c', 'foo'], { container: 'box' })).toEqual({
      out: '',
      err: 'sh: foo: not found\n',
      code: 127,
    });
    expect(run(webPod, ['sh', '-c', 'foo'])).toEqual({ out: '', err: 'sh: 1: foo: not found\n', code: 127 });
  });

  it('cat echoes stdin; sh reads a script from stdin; grep filters stdin', () => {
    expect(run('box', ['cat'], { container: 'box', stdin: true, input: 'hello\nworld\n' }).out).toBe(
      'hello\nworld\n',
    );
    expect(
      run('box', ['sh'], {
        container: 'box',
        stdin: true,
        input: 'echo one\nhostname\nexit 4\necho never\n',
      }),
    ).toEqual({
      out: 'one\nbox\n',
      err: '',
      code: 4,
    });
    expect(run('box', ['grep', 'b'], { container: 'box', stdin: true, input: 'a\nb\nab\n' }).out).toBe(
      'b\nab\n',
    );
  });

  it('with a TTY, lines end in CRLF and stderr joins stdout', () => {
    expect(
      run('box', ['sh', '-c', 'echo a; cat /nope'], { container: 'box', tty: true, stderr: false }),
    ).toEqual({
      out: "a\r\ncat: can't open '/nope': No such file or directory\r\n",
      err: '',
      code: 1,
    });
  });

  it('an interactive shell with a TTY echoes keys, shows the prompt and runs each line', () => {
    let out = '';
    const s = openExec(
      cluster,
      {
        namespace: 'default',
        pod: 'box',
        container: 'box',
        command: ['sh'],
        stdin: true,
        stdout: true,
        tty: true,
      },
      { stdout: (t) => (out += t), stderr: (t) => (out += `[err]${t}`) },
    );
    if (!('write' in s)) throw new Error('refused');
    let exit: number | undefined;
    s.onExit((code) => (exit = code));
    expect(out).toBe('/ # ');
    s.write('hostnamx\x7fe\r');
    expect(out).toBe('/ # hostnamx\b \be\r\nbox\r\n/ # ');
    s.write('exit 2\r');
    expect(exit).toBe(2);
  });
});

describe('writes kept between execs', () => {
  it('a file written in one exec is there in the next; rm, mkdir, touch', () => {
    expect(
      run('box', ['sh', '-c', 'echo hi > /tmp/note; echo more >> /tmp/note'], { container: 'box' }).code,
    ).toBe(0);
    expect(run('box', ['cat', '/tmp/note'], { container: 'box' }).out).toBe('hi\nmore\n');
    expect(
      run('box', ['sh', '-c', 'mkdir -p /work/a && touch /work/a/f && ls /work/a'], { container: 'box' }).out,
    ).toBe('f\n');
    expect(run('box', ['rm', '/tmp/note'], { container: 'box' }).code).toBe(0);
    expect(run('box', ['cat', '/tmp/note'], { container: 'box' })).toEqual({
      out: '',
      err: "cat: can't open '/tmp/note': No such file or directory\n",
      code: 1,
    });
    // The other container has its own root file system.
    expect(run('box', ['ls', '/work'], { container: 'side' }).code).toBe(2);
  });

  it('ConfigMap volumes are read-only', () => {
    expect(run('box', ['sh', '-c', 'echo x > /etc/cfg/new'], { container: 'box' })).toEqual({
      out: '',
      err: "sh: can't create /etc/cfg/new: Read-only file system\n",
      code: 1,
    });
    expect(run('box', ['touch', '/etc/cfg/MODE'], { container: 'box' })).toEqual({
      out: '',
      err: 'touch: /etc/cfg/MODE: Read-only file system\n',
      code: 1,
    });
    expect(run('box', ['rm', '/etc/cfg/MODE'], { container: 'box' })).toEqual({
      out: '',
      err: "rm: can't remove '/etc/cfg/MODE': Read-only file system\n",
      code: 1,
    });
  });

  it("an emptyDir is shared by the pod's containers", () => {
    cluster.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pair', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'writer',
            image: 'busybox:1.36',
            command: ['sleep', '3600'],
            volumeMounts: [{ name: 'shared', mountPath: '/out' }],
          },
          {
            name: 'reader',
            image: 'nginx:1.27',
            volumeMounts: [{ name: 'shared', mountPath: '/usr/share/nginx/html/shared' }],
          },
        ],
        volumes: [{ name: 'shared', emptyDir: {} }],
      },
    });
    clock.advance(30_000);
    expect(run('pair', ['sh', '-c', 'echo from writer > /out/msg.txt'], { container: 'writer' }).code).toBe(
      0,
    );
    expect(run('pair', ['cat', '/usr/share/nginx/html/shared/msg.txt'], { container: 'reader' }).out).toBe(
      'from writer\n',
    );
  });

  it('nginx serves a page an exec changed; a removed page is 404', () => {
    const ip = cluster.client.get('pods', 'default', webPod)!.status.podIP as string;
    expect(run(webPod, ['sh', '-c', "echo '<h1>v2</h1>' > /usr/share/nginx/html/index.html"]).code).toBe(0);
    expect(run('box', ['wget', '-qO-', `http://${ip}/`], { container: 'box' }).out).toBe('<h1>v2</h1>\n');
    expect(run(webPod, ['rm', '/usr/share/nginx/html/index.html']).code).toBe(0);
    expect(run('box', ['wget', '-qO-', `http://${ip}/`], { container: 'box' })).toEqual({
      out: '',
      err: 'wget: server returned error: HTTP/1.1 404 Not Found\n',
      code: 1,
    });
  });
});

describe('ps (busybox userlands)', () => {
  it('lists the main process and ps itself, with growing pids; Debian nginx has no ps', () => {
    const first = run('box', ['ps'], { container: 'box' });
    const pid = Number(/^\s*(\d+) root\s+0:00 ps$/m.exec(first.out)![1]);
    expect(first).toEqual({
      out: `PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n${String(pid).padStart(5)} root      0:00 ps\n`,
      err: '',
      code: 0,
    });
    expect(run('box', ['ps'], { container: 'box' }).out).toContain(
      `${String(pid + 1).padStart(5)} root      0:00 ps\n`,
    );
    expect(run(webPod, ['ps']).code).toBe(126);
  });
});

describe('refusals', () => {
  const refused = (request: Partial<ExecRequest>) => {
    const r = execInPod(cluster, {
      namespace: 'default',
      pod: 'box',
      command: ['env'],
      stdout: true,
      ...request,
    });
    return r.refused;
  };
  it('are the API server and kubelet errors', () => {
    expect(refused({ pod: 'nope' })?.status?.message).toBe('pods "nope" not found');
    expect(refused({ container: 'x' })?.status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'container x is not valid for pod box',
    });
    expect(refused({})?.status?.message).toBe(
      'a container name must be specified for pod box, choose one of: [box side]',
    );
  });

  it('a container that is not running is "container not found" (kubelet)', () => {
    cluster.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pending', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx:no-such-tag' }] },
    });
    clock.advance(5000);
    expect(refused({ pod: 'pending' })).toEqual({ code: 500, text: 'container not found ("c")' });
  });
});

describe('a ConfigMap changed after the container started', () => {
  it('env vars and subPath files keep the old values; the mounted volume shows the new ones', () => {
    // The container has been exec'd into before (the tests above): what it started with is known.
    expect(run('box', ['printenv', 'MODE'], { container: 'box' }).out).toBe('prod\n');
    expect(run('box', ['cat', '/app/app.conf'], { container: 'box' }).out).toBe('port=8080\n');
    const cm = cluster.client.get('configmaps', 'default', 'cfg')!;
    cluster.client.update('configmaps', { ...cm, data: { 'app.conf': 'port=9090\n', MODE: 'staging' } });
    clock.advance(1000);
    expect(run('box', ['printenv', 'MODE'], { container: 'box' }).out).toBe('prod\n');
    expect(run('box', ['cat', '/app/app.conf'], { container: 'box' }).out).toBe('port=8080\n');
    expect(run('box', ['cat', '/etc/cfg/app.conf'], { container: 'box' }).out).toBe('port=9090\n');
    expect(run('box', ['cat', '/etc/cfg/MODE'], { container: 'box' }).out).toBe('staging');
  });
});

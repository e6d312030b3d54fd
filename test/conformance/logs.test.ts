/**
 * `kubectl logs` judged by real kubectl 1.32 against `cadet serve`: the lines, `--tail`,
 * `--timestamps`, `--since`, `-c`, `--previous` after a restart, the kubelet's errors, and `-f`
 * streaming lines while the virtual clock moves, ending with the container or killed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete';
import { VirtualClock, type Cluster, type KubeObject } from '../../src/cluster/index';
import { toTimestamp } from '../../src/cluster/controllers/time';
import { clfTime } from '../../src/cluster/world/traffic';
import { KUBECTL, startServe, type ServeHarness } from './support/serve';

let clock: VirtualClock;
let cluster: Cluster;
let h: ServeHarness;

const NGINX_START = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

function pod(name: string, containers: Record<string, unknown>[], restartPolicy = 'Always'): void {
  cluster.client.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { restartPolicy, containers },
  });
}

function get(name: string): KubeObject {
  return cluster.client.get('pods', 'default', name)!;
}

/** The time in the simulated nginx's notice lines. */
function nginxTime(ms: number): string {
  return toTimestamp(ms).replace('T', ' ').replace('Z', '');
}

/** When a container's current run started (cluster ms). */
function startedAt(name: string, container = name): number {
  const s = (
    get(name).status.containerStatuses as { name: string; state: { running?: { startedAt: string } } }[]
  ).find((c) => c.name === container)!;
  return Date.parse(s.state.running!.startedAt);
}

/** Real kubectl, its output read as it comes. */
function follow(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  done: Promise<number>;
} {
  const child = spawn(KUBECTL, args, {
    env: { ...process.env, KUBECONFIG: h.kubeconfigPath, HOME: h.dir, KUBECACHEDIR: join(h.dir, 'cache') },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const done = new Promise<number>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : 0))),
  );
  child.stdin.end();
  return { child, out: () => stdout, err: () => stderr, done };
}

async function until(ok: () => boolean, what: () => string): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(ok(), what()).toBe(true);
}

beforeAll(async () => {
  clock = new VirtualClock();
  cluster = createCompleteCluster({ clock, topology: 'default', seed: 5 });
  clock.advance(10_000);
  pod('web', [{ name: 'web', image: 'nginx:1.27' }]);
  pod('two', [
    { name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo app says hi; sleep 3600'] },
    { name: 'helper', image: 'busybox:1.36', command: ['sh', '-c', 'echo helper here; sleep 3600'] },
  ]);
  pod('crash', [
    { name: 'crash', image: 'busybox:1.36', command: ['sh', '-c', 'echo about to fail; exit 1'] },
  ]);
  pod('stuck', [{ name: 'stuck', image: 'nginx:no-such-tag' }]);
  pod('ticker', [
    {
      name: 'ticker',
      image: 'busybox:1.36',
      command: ['sh', '-c', 'while true; do echo tick; sleep 10; done'],
    },
  ]);
  clock.advance(60_000);
  h = await startServe({ cluster });
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

describe('kubectl logs', () => {
  it('prints what the container wrote', async () => {
    const r = await h.kubectl(['logs', 'web']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(NGINX_START);
    expect(lines.slice(2)).toEqual([
      `${nginxTime(startedAt('web') + 200)} [notice] 1#1: using the "epoll" event method`,
      `${nginxTime(startedAt('web') + 200)} [notice] 1#1: start worker processes`,
      '',
    ]);
  });

  it('--tail=1 --timestamps: the last line with its RFC 3339 time', async () => {
    const at = startedAt('web') + 200;
    const stamp = toTimestamp(at).replace('Z', `.${String(at % 1000).padStart(3, '0')}000000Z`);
    const r = await h.kubectl(['logs', 'web', '--tail=1', '--timestamps']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: `${stamp} ${nginxTime(at)} [notice] 1#1: start worker processes\n`,
    });
  });

  it('--since: only recent lines', async () => {
    // One tick at the start and every 10 s after: those in the last 25 s.
    const start = startedAt('ticker');
    let recent = 0;
    for (let t = start; t <= clock.now(); t += 10_000) if (t >= clock.now() - 25_000) recent++;
    expect(recent).toBeGreaterThanOrEqual(2);
    const all = (await h.kubectl(['logs', 'ticker'])).stdout;
    expect(all).toBe('tick\n'.repeat(Math.floor((clock.now() - start) / 10_000) + 1));
    expect(await h.kubectl(['logs', 'ticker', '--since=25s'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'tick\n'.repeat(recent),
    });
  });

  it('--since-time: lines from that time on', async () => {
    const start = startedAt('ticker');
    const from = start + 20_000;
    const ticks = Math.floor((clock.now() - from) / 10_000) + 1;
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(await h.kubectl(['logs', 'ticker', `--since-time=${toTimestamp(from)}`])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'tick\n'.repeat(ticks),
    });
  });

  it('-c picks the container; without it kubectl defaults to the first and says so', async () => {
    expect(await h.kubectl(['logs', 'two', '-c', 'helper'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'helper here\n',
    });
    expect(await h.kubectl(['logs', 'two'])).toEqual({
      code: 0,
      stderr: 'Defaulted container "app" out of: app, helper\n',
      stdout: 'app says hi\n',
    });
    // kubectl checks the name itself, from the pod it read.
    expect(await h.kubectl(['logs', 'two', '-c', 'nope'])).toEqual({
      code: 1,
      stderr: 'error: container nope is not valid for pod two\n',
      stdout: '',
    });
  });

  it('--previous: the run before the restart; a crash-looping container shows its last run', async () => {
    const restarts = get('crash').status.containerStatuses[0].restartCount as number;
    expect(restarts).toBeGreaterThan(0);
    expect(await h.kubectl(['logs', 'crash', '--previous'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'about to fail\n',
    });
    expect(await h.kubectl(['logs', 'web', '--previous'])).toEqual({
      code: 1,
      stderr: 'Error from server (BadRequest): previous terminated container "web" in pod "web" not found\n',
      stdout: '',
    });
  });

  it('a container that cannot start: the kubelet says why', async () => {
    const reason = get('stuck').status.containerStatuses[0].state.waiting.reason as string;
    const why = reason === 'ErrImagePull' ? "image can't be pulled" : 'trying and failing to pull image';
    expect(await h.kubectl(['logs', 'stuck'])).toEqual({
      code: 1,
      stderr: `Error from server (BadRequest): container "stuck" in pod "stuck" is waiting to start: ${why}\n`,
      stdout: '',
    });
  });
});

describe('kubectl logs -f', () => {
  it('streams lines as the process writes them and ends when the container exits', async () => {
    pod(
      'countdown',
      [
        {
          name: 'countdown',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'echo three; sleep 5; echo two; sleep 5; echo one'],
        },
      ],
      'Never',
    );
    for (let i = 0; i < 100 && get('countdown').status.phase !== 'Running'; i++) clock.advance(250);
    const f = follow(['logs', '-f', 'countdown']);
    await until(
      () => f.out() === 'three\n',
      () => f.out() + f.err(),
    );
    clock.advance(5_000);
    await until(
      () => f.out() === 'three\ntwo\n',
      () => f.out() + f.err(),
    );
    clock.advance(6_000);
    expect(await f.done).toBe(0);
    expect(f.out()).toBe('three\ntwo\none\n');
    expect(f.err()).toBe('');
  });

  it('--tail=1 then nginx access lines as its Service gets traffic; killed after them', async () => {
    cluster.client.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: {}, ports: [{ port: 80 }] },
    });
    const ip = get('web').status.podIP as string;
    const f = follow(['logs', '-f', 'web', '--tail=1']);
    // The last line arrives first: the stream is open.
    const last = `${nginxTime(startedAt('web') + 200)} [notice] 1#1: start worker processes`;
    await until(
      () => f.out() === `${last}\n`,
      () => f.out() + f.err(),
    );
    const first = clfTime(clock.now());
    cluster.world!.request({ namespace: 'default', ip: '10.244.7.7' }, `http://${ip}/`);
    clock.advance(300);
    const second = clfTime(clock.now());
    cluster.world!.request({ namespace: 'default', ip: '10.244.7.8' }, `http://${ip}/missing`);
    clock.advance(300);
    await until(
      () => f.out().split('\n').length >= 4,
      () => f.out() + f.err(),
    );
    f.child.kill('SIGTERM');
    await f.done;
    const lines = f.out().split('\n');
    expect(lines).toEqual([
      last,
      `10.244.7.7 - - [${first}] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"`,
      `10.244.7.8 - - [${second}] "GET /missing HTTP/1.1" 404 615 "-" "curl/8.5.0" "-"`,
      '',
    ]);
  });
});

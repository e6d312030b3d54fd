/**
 * `npm run bench:serve`: the cluster on HTTP. GET of one pod and LIST of 3,000 pods, p50/p99
 * latency and requests per second, beside a bare Node `http` server that answers a fixed body
 * of the same size (the ceiling); and real kubectl's `get pods` beside `kubectl version --client`
 * (kubectl's own start-up floor). Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type KubeObject } from '../../src/cluster/index';
import { validationHooks } from '../../src/cluster/validation/hooks';
import { listen } from '../../src/hosts/node-server';
import { kubeconfig } from '../../src/hosts/kubeconfig';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(port: number, path: string, seconds: number) {
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  for (let i = 0; i < 5; i++) await get(port, path); // warm up
  const start = performance.now();
  while (performance.now() < until) times.push(await get(port, path));
  const elapsed = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: q(0.5), p99: q(0.99), rps: times.length / elapsed };
}

/** A bare Node server answering `body` to every request: what HTTP itself costs. */
async function ceiling(body: string) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

const cluster = createCluster({ hooks: validationHooks(), seed: 1 });
const pod = (i: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
});
for (let i = 0; i < 3000; i++) cluster.client.create('pods', pod(i));
const served = await listen(cluster.handle, 0);
const onePath = '/api/v1/namespaces/default/pods/web-1';
const listPath = '/api/v1/namespaces/default/pods';

const row = (
  name: string,
  ours: Awaited<ReturnType<typeof measure>>,
  bare: Awaited<ReturnType<typeof measure>>,
) =>
  console.log(
    `${name.padEnd(22)} p50 ${ours.p50.toFixed(2).padStart(7)} ms  p99 ${ours.p99.toFixed(2).padStart(7)} ms  ${ours.rps
      .toFixed(0)
      .padStart(
        6,
      )} req/s | bare node http ${bare.rps.toFixed(0).padStart(6)} req/s | ratio ${(ours.rps / bare.rps).toFixed(2)}`,
  );

console.log(
  'cadet serve over HTTP (one client, keep-alive), beside a bare Node http server with the same body',
);
for (const [name, path, seconds] of [
  ['GET one pod', onePath, 3],
  ['LIST 3,000 pods', listPath, 6],
] as const) {
  const body = await new Promise<string>((resolve) => {
    request({ host: '127.0.0.1', port: served.port, path, agent }, (res) => {
      let text = '';
      res.on('data', (d) => (text += String(d)));
      res.on('end', () => resolve(text));
    }).end();
  });
  const bare = await ceiling(body);
  const ours = await measure(served.port, path, seconds);
  const floor = await measure(bare.port, path, seconds);
  bare.server.close();
  row(name, ours, floor);
}
console.log('anchor: Kubernetes SLO p99 <= 1 s to read one object, <= 5 s to list a namespace');

const KUBECTL = '/usr/bin/kubectl';
if (existsSync(KUBECTL)) {
  const dir = mkdtempSync(join(tmpdir(), 'cadet-bench-serve-'));
  const config = join(dir, 'kubeconfig');
  writeFileSync(config, kubeconfig({ server: served.url }));
  const env = { ...process.env, KUBECONFIG: config, HOME: dir };
  const run = (args: string[]) => {
    const t = performance.now();
    // kubectl runs in a child process while this process serves it: spawn asynchronously.
    return new Promise<number>((resolve) => {
      const child = spawn(KUBECTL, args, { env, stdio: 'ignore' });
      child.on('close', () => resolve(performance.now() - t));
    });
  };
  const median = async (args: string[], n = 5) => {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(await run(args));
    return xs.sort((a, b) => a - b)[Math.floor(n / 2)]!;
  };
  const floorMs = await median(['version', '--client']);
  const getMs = await median(['get', 'pods', '--chunk-size=0']);
  console.log(
    `\nreal kubectl: get pods (3,000) ${getMs.toFixed(0)} ms, version --client ${floorMs.toFixed(0)} ms (start-up floor): ratio ${(getMs / floorMs).toFixed(2)}`,
  );
} else {
  console.log('\nreal kubectl not found at /usr/bin/kubectl: kubectl timings skipped');
}
await served.close();
agent.destroy();

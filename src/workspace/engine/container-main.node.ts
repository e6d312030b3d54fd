/**
 * Node-only: the entry of the bundle the WebContainer engine runs (`scripts/build-webcontainer.ts`
 * bundles it as `cadet.mjs`). Also runs in plain Node, which is how the tests run it.
 *
 * - `node cadet.mjs engine`: the engine core (cluster, kubectl, grader) answering the page's
 *   protocol (requests from `.cadet-rpc/<id>.json`, ids on stdin, replies on stdout as lines
 *   starting with U+001E), and the cluster on HTTP at a free loopback port with a kubeconfig at
 *   `.kube/config` for `kubectl` in the container's shell.
 * - `kubectlMain(argv)` (the `bin/kubectl` shim calls it): Cadet's kubectl over HTTP with that
 *   kubeconfig (`$KUBECONFIG`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EngineCore } from './core.js';
import { realDeps } from './deps.js';
import { serveCore, type Port } from './serve-core.js';
import { REPLY_MARK, RPC_DIR } from './webcontainer.js';
import type { Request } from './types.js';
import { listen } from '../../hosts/node-server.js';
import { kubeconfig } from '../../hosts/kubeconfig.js';
import { runKubectlCommand } from '../../hosts/kubectl.js';

export async function engineMain(cwd = process.cwd()): Promise<void> {
  const core = new EngineCore(
    realDeps({
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
      now: () => performance.now(),
    }),
  );
  const server = await listen((req) => {
    if (!core.cluster)
      return Promise.resolve({
        status: 503,
        headers: { 'content-type': 'text/plain' },
        body: 'the lab has not started',
      });
    return core.cluster.handle(req);
  }, 0);
  mkdirSync(join(cwd, '.kube'), { recursive: true });
  writeFileSync(join(cwd, '.kube', 'config'), kubeconfig({ server: server.url }));
  const listeners: ((e: { data: Request }) => void)[] = [];
  const port: Port = {
    postMessage: (m) => void process.stdout.write(`${REPLY_MARK}${JSON.stringify(m)}\n`),
    addEventListener: (_t, fn) => void listeners.push(fn),
  };
  serveCore(core, port, { setTimeout: (fn, ms) => setTimeout(fn, ms) });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const id = line.trim();
    if (!/^\d+$/.test(id)) return;
    const file = join(cwd, RPC_DIR, `${id}.json`);
    let request: Request;
    try {
      request = JSON.parse(readFileSync(file, 'utf8')) as Request;
      rmSync(file, { force: true });
    } catch (err) {
      process.stdout.write(
        `${REPLY_MARK}${JSON.stringify({ type: 'error', id: Number(id), message: `request ${id}: ${(err as Error).message}` })}\n`,
      );
      return;
    }
    for (const fn of listeners) fn({ data: request });
  });
  lines.on('close', () => {
    core.dispose();
    void server.close();
  });
}

export async function kubectlMain(argv: string[]): Promise<void> {
  process.exitCode = await runKubectlCommand(argv, process.cwd());
}

const [, entry, command] = process.argv;
if (entry && /cadet\.mjs$/.test(entry) && command === 'engine') void engineMain();

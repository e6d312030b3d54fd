/**
 * Node-only: the entry of the bundle the WebContainer engine runs (`scripts/build-webcontainer.ts`
 * bundles it as `cadet.mjs`). Also runs in plain Node, which is how the tests run it.
 *
 * - `node cadet.mjs engine`: the engine core (cluster, kubectl, grader) answering the page's
 *   protocol (requests from `.cadet-rpc/<id>.json`, ids on stdin, replies on stdout as lines
 *   starting with U+001E), and the cluster on HTTP at a free loopback port with a kubeconfig at
 *   `.kube/config` for `kubectl` in the container's shell.
 * - `kubectlMain(argv)` (the `bin/kubectl` shim calls it): Cadet's kubectl over HTTP with that
 *   kubeconfig (`$KUBECONFIG`). With `$CADET_EDIT_DIR` (jsh has it), `kubectl edit` opens the
 *   object in the page's editor (`containerEditor`) instead of `$EDITOR`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EngineCore } from './core.js';
import { realDeps } from './deps.js';
import { serveCore, type Port } from './serve-core.js';
import { REPLY_MARK, RPC_DIR, type EditAnswer, type EditRequest } from './webcontainer.js';
import type { Request } from './types.js';
import type { ClusterClient } from '../../cluster/index.js';
import type { ExecCluster } from '../../cluster/exec/index.js';
import { listen } from '../../hosts/node-server.js';
import { kubeconfig } from '../../hosts/kubeconfig.js';
import { runKubectlCommand } from '../../hosts/kubectl.js';

/** Before the lab starts there is no cluster, so no pod to exec into. */
const NO_PODS = { get: () => undefined } as unknown as ClusterClient;

export async function engineMain(cwd = process.cwd()): Promise<void> {
  const core = new EngineCore(
    realDeps({
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
      now: () => performance.now(),
    }),
  );
  // `kubectl exec` in jsh: the lab's current cluster (Reset and restore replace it).
  const exec: ExecCluster = {
    get client() {
      return core.cluster?.client ?? NO_PODS;
    },
    get clock() {
      return core.cluster!.clock; // asked only once a pod was found
    },
    get world() {
      return core.cluster?.world;
    },
  };
  const server = await listen(
    (req) => {
      if (!core.cluster)
        return Promise.resolve({
          status: 503,
          headers: { 'content-type': 'text/plain' },
          body: 'the lab has not started',
        });
      return core.cluster.handle(req);
    },
    0,
    '127.0.0.1',
    { exec },
  );
  mkdirSync(join(cwd, '.kube'), { recursive: true });
  writeFileSync(join(cwd, '.kube', 'config'), kubeconfig({ server: server.url }));
  // A mounted file tree carries no file modes: make the shell's `kubectl` executable.
  if (existsSync(join(cwd, 'bin', 'kubectl'))) chmodSync(join(cwd, 'bin', 'kubectl'), 0o755);
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

/**
 * `kubectl edit`'s editor in the container: asks the page through `dir` (see `EDIT_DIR` in
 * webcontainer.ts) and waits for its answer, polling every `pollMs`. An abort (Ctrl-C) withdraws
 * the request, which closes the page's tab, and counts as a cancel.
 */
export function containerEditor(
  dir: string,
  options: { signal?: AbortSignal; pollMs?: number } = {},
): (text: string, fileName: string) => Promise<string | null> {
  let count = 0;
  return (text, fileName) =>
    new Promise((resolve) => {
      const key = `${process.pid}-${++count}`;
      const requestPath = join(dir, `${key}.json`);
      const answerPath = join(dir, `${key}.answer`);
      mkdirSync(dir, { recursive: true });
      const request: EditRequest = { fileName, text };
      writeFileSync(join(dir, `${key}.tmp`), JSON.stringify(request));
      renameSync(join(dir, `${key}.tmp`), requestPath);
      const finish = (result: string | null): void => {
        clearInterval(timer);
        options.signal?.removeEventListener('abort', cancel);
        rmSync(requestPath, { force: true });
        rmSync(answerPath, { force: true });
        resolve(result);
      };
      const cancel = (): void => finish(null);
      const timer = setInterval(() => {
        let answer: EditAnswer;
        try {
          answer = JSON.parse(readFileSync(answerPath, 'utf8')) as EditAnswer;
        } catch {
          return; // not there yet (or still being written)
        }
        finish(typeof answer.text === 'string' ? answer.text : null);
      }, options.pollMs ?? 100);
      if (options.signal?.aborted) cancel();
      else options.signal?.addEventListener('abort', cancel);
    });
}

export async function kubectlMain(argv: string[]): Promise<void> {
  const editDir = process.env.CADET_EDIT_DIR;
  // As `cadet kubectl`; in the container's shell, `kubectl edit` uses the page's editor.
  process.exitCode = await runKubectlCommand(
    argv,
    process.cwd(),
    editDir ? (signal) => containerEditor(editDir, { signal }) : undefined,
  );
}

const [, entry, command] = process.argv;
if (entry && /cadet\.mjs$/.test(entry) && command === 'engine') void engineMain();

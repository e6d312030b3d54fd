/**
 * Bundles the cluster scenario as a browser module worker with esbuild (any import that
 * resolves to a Node builtin fails the build) and serves it, with a page that starts it, from a
 * loopback HTTP server sending the cross-origin isolation headers.
 */
import { createServer } from 'node:http';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { build, type Plugin } from 'esbuild';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** An esbuild plugin that turns every import of a Node builtin into a build error. */
export const noNodeBuiltins: Plugin = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      BUILTINS.has(args.path) || args.path.startsWith('node:')
        ? { errors: [{ text: `Node builtin "${args.path}" imported by ${args.importer}` }] }
        : undefined,
    );
  },
};

/** The worker's source: runs the scenario and posts the result (or the error) back. */
const WORKER_ENTRY = `
import { runScenario } from './cluster-scenario.ts';
try {
  const started = performance.now();
  const result = runScenario();
  self.postMessage({ ok: true, result, ms: performance.now() - started, isolated: self.crossOriginIsolated });
} catch (e) {
  self.postMessage({ ok: false, error: String(e && e.stack || e) });
}
`;

/** Bundles `source` (resolved beside this file) for the browser as one ES module. */
export async function bundleWorker(source = WORKER_ENTRY): Promise<string> {
  const out = await build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [noNodeBuiltins],
  });
  return out.outputFiles[0]!.text;
}

/** A page that starts /worker.js as a module worker and exposes its first message as `window.workerResult`. */
export const WORKER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cluster worker</title><link rel="icon" href="data:,"></head><body>
<script type="module">
const worker = new Worker('/worker.js', { type: 'module' });
worker.onmessage = (e) => { window.workerResult = e.data; };
worker.onerror = (e) => { console.error('worker error: ' + e.message); window.workerResult = { ok: false, error: e.message }; };
</script>
</body></html>`;

/** A running loopback server. */
export interface WorkerServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves the page at / and the bundle at /worker.js with COOP/COEP headers. */
export async function serveWorker(bundle: string): Promise<WorkerServer> {
  const server = createServer((req, res) => {
    const headers = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(WORKER_PAGE);
    } else if (req.url === '/worker.js') {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    } else {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

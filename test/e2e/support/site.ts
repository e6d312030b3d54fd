/**
 * Builds the site once per test run and serves it with `astro preview`, the same server
 * `npm start` uses. Set CADET_E2E_DIST to a built site to skip the build.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const astro = join(process.cwd(), 'node_modules', '.bin', 'astro');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let built: string | undefined;

/** Builds the site into a temporary folder (once per process). */
export function buildSite(): string {
  if (process.env.CADET_E2E_DIST && existsSync(process.env.CADET_E2E_DIST)) return process.env.CADET_E2E_DIST;
  if (built) return built;
  const outDir = mkdtempSync(join(tmpdir(), 'cadet-site-'));
  // Vitest puts its import.meta.env into process.env (NODE_ENV=test, DEV=1, MODE, ...), and
  // Astro then renders pages as in development, without search; build with the environment
  // `npm start` has.
  const vitestOnly = new Set(['NODE_ENV', 'TEST', 'DEV', 'PROD', 'SSR', 'MODE', 'BASE_URL']);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !vitestOnly.has(key) && !key.startsWith('VITEST')),
  );
  const result = spawnSync(astro, ['build', '--outDir', outDir], { encoding: 'utf8', stdio: 'pipe', env });
  if (result.status !== 0) throw new Error(`astro build failed:\n${result.stdout}\n${result.stderr}`);
  built = outDir;
  return outDir;
}

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Serves a built site with `astro preview` on a free loopback port. */
export async function serveSite(outDir: string): Promise<Served> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    astro,
    ['preview', '--outDir', outDir, '--port', String(port), '--host', '127.0.0.1'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += String(d)));
  child.stderr?.on('data', (d) => (log += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error(`astro preview did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/**
 * The core needs nothing from its host: bundled with esbuild for a neutral platform and run in a
 * fresh V8 context that has only the ECMAScript globals (no process, Buffer, timers, console,
 * TextDecoder, URL), it still serves requests and streams watches.
 */
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { createContext, runInContext } from 'node:vm';
import { fileURLToPath } from 'node:url';

describe('purity', () => {
  it('runs createCluster, handle() and a topology in a context with only ECMAScript globals', async () => {
    const entry = fileURLToPath(new URL('../../src/cluster/index.ts', import.meta.url));
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'neutral',
      format: 'iife',
      globalName: 'Cadet',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
    const sandbox: Record<string, unknown> = {};
    const context = createContext(sandbox);
    // nothing from Node or the DOM is visible inside
    expect(
      runInContext(
        '[typeof process, typeof Buffer, typeof setTimeout, typeof TextDecoder, typeof URL].join()',
        context,
      ),
    ).toBe('undefined,undefined,undefined,undefined,undefined');
    runInContext(code, context);
    const script = `
      (async () => {
        const c = Cadet.createCluster({ seed: 3 });
        const created = await c.handle({ method: 'POST', url: '/api/v1/namespaces/default/configmaps', headers: { 'content-type': 'application/json' }, body: '{"metadata":{"generateName":"cm-"},"data":{"a":"1"}}' });
        const watch = await c.handle({ method: 'GET', url: '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1', headers: {} });
        c.clock.advance(1000);
        const lines = [];
        for await (const chunk of watch.stream) lines.push(chunk);
        const missing = await c.handle({ method: 'GET', url: '/api/v1/namespaces/default/pods/x', headers: {} });
        const world = Cadet.createCluster({ topology: 'default' });
        world.clock.advance(30000);
        const nodes = world.client.list('nodes').items.length;
        const pods = world.client.list('pods').items.length;
        return JSON.stringify({ nodes, pods, created: created.status, name: JSON.parse(created.body).metadata.name, lines: lines.length, missing: missing.status, snapshot: c.exportSnapshot().length > 0 });
      })()`;
    const result = JSON.parse(await (runInContext(script, context) as Promise<string>));
    expect(result).toMatchObject({ created: 201, lines: 1, missing: 404, snapshot: true });
    expect(result.nodes).toBeGreaterThan(0); // the simulated world runs there too
    expect(result.pods).toBeGreaterThan(0);
    expect(result.name).toMatch(/^cm-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listen, type RunningServer } from '../../src/hosts/node-server';
import { kubeconfig } from '../../src/hosts/kubeconfig';
import type { ApiRequest, HandleResult } from '../../src/cluster/types';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('node host', () => {
  it('passes method, path, headers and body to the core and returns its answer', async () => {
    const seen: ApiRequest[] = [];
    running = await listen(async (req) => {
      seen.push(req);
      return { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    }, 0);
    const res = await fetch(`${running.url}/api/v1/namespaces/default/pods?limit=500`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Test': 'yes' },
      body: '{"kind":"Pod"}',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.url).toBe('/api/v1/namespaces/default/pods?limit=500');
    expect(seen[0]!.headers['x-test']).toBe('yes');
    expect(new TextDecoder().decode(seen[0]!.body as Uint8Array)).toBe('{"kind":"Pod"}');
  });

  it('rejects bodies over 3 MiB with 413 and a Status, without calling the core', async () => {
    let called = false;
    running = await listen(async () => {
      called = true;
      return { status: 200, headers: {}, body: '' };
    }, 0);
    const res = await fetch(`${running.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(3 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    const status = (await res.json()) as { kind: string; reason: string; code: number };
    expect(status).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
    expect(called).toBe(false);
  });

  it('sends stream headers at once and releases the stream when the client goes away', async () => {
    let closed = false;
    let push: ((line: string) => void) | undefined;
    running = await listen(async (): Promise<HandleResult> => {
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      push = (line) => {
        queue.push(line);
        wake?.();
      };
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        close: () => {
          closed = true;
          wake?.();
        },
        stream: (async function* () {
          while (!closed) {
            if (queue.length) yield queue.shift()!;
            else await new Promise<void>((r) => (wake = r));
          }
        })(),
      };
    }, 0);

    const { port } = running;
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/pods?watch=true' }, (res) => {
        // Headers arrived before any event was produced.
        expect(res.statusCode).toBe(200);
        expect(res.headers['transfer-encoding']).toBe('chunked');
        res.on('data', (d: Buffer) => {
          lines.push(String(d));
          req.destroy();
          resolve();
        });
        push!('{"type":"ADDED"}\n');
      });
      req.on('error', reject);
      req.end();
    });
    expect(lines).toEqual(['{"type":"ADDED"}\n']);
    await expect.poll(() => closed).toBe(true);
  });
});

describe('kubeconfig', () => {
  it('names the cluster, user and context cadet and points at the server', () => {
    const config = parse(kubeconfig({ server: 'http://127.0.0.1:6443' }));
    expect(config['current-context']).toBe('cadet');
    // plain HTTP: nothing to verify, said so for clients that refuse http:// otherwise
    expect(config.clusters[0]).toEqual({
      name: 'cadet',
      cluster: { server: 'http://127.0.0.1:6443', 'insecure-skip-tls-verify': true },
    });
    expect(config.contexts[0]).toEqual({ name: 'cadet', context: { cluster: 'cadet', user: 'cadet' } });
  });
});

/**
 * `kubectl top`: golden output from real kubectl 1.32 (nodes, pods, -A, --sort-by, --containers,
 * --sum, errors), and the error when the server has no metrics API.
 */
import { describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../src/kubectl/index';
import { cadet, goldenCases, world } from './support/golden';

describe('kubectl top', () => {
  goldenCases((n) => n.startsWith('top-'));

  it('says the Metrics API is not available when discovery has no metrics.k8s.io', async () => {
    // A server without metrics-server: the same cluster, with metrics.k8s.io left out of /apis.
    const inner = inProcessTransport(world().cluster);
    const transport = {
      async request(req: Parameters<typeof inner.request>[0]) {
        const res = await inner.request(req);
        if (!req.url.startsWith('/apis?') || !('body' in res)) return res;
        const text = typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
        const list = JSON.parse(text) as { items: { metadata: { name: string } }[] };
        list.items = list.items.filter((g) => g.metadata.name !== 'metrics.k8s.io');
        return { ...res, body: JSON.stringify(list) };
      },
    };
    for (const args of [
      ['top', 'pods'],
      ['top', 'node'],
    ]) {
      const r = await cadet(world(), args, { transport });
      expect(r).toEqual({ stdout: '', stderr: 'error: Metrics API not available\n', code: 1 });
    }
  });
});

/** Transports: in process over the cluster's handle, and HTTP over a fetch (streams for watches). */
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/kubectl/client';
import { httpTransport, isStreamingRequest, type FetchLike } from '../../src/kubectl/transport';
import { runKubectl } from '../../src/kubectl/index';
import { cadetKubeconfig } from './core-helpers';

function fakeFetch(
  chunks: string[],
  status = 200,
  calls: { url: string; headers: Record<string, string> }[] = [],
) {
  let cancelled = false;
  const fetchImpl: FetchLike = async (url, init) => {
    calls.push({ url, headers: init.headers });
    const encoder = new TextEncoder();
    let i = 0;
    return {
      status,
      headers: { forEach: (cb) => cb('application/json', 'Content-Type') },
      text: async () => chunks.join(''),
      body: {
        getReader: () => ({
          read: async () =>
            cancelled || i >= chunks.length
              ? { done: true }
              : { done: false, value: encoder.encode(chunks[i++]!) },
          cancel: async () => {
            cancelled = true;
          },
        }),
      },
    };
  };
  return { fetchImpl, cancelled: () => cancelled };
}

describe('httpTransport', () => {
  it('sends the request to the server with the bearer token and lower-cases response headers', async () => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const { fetchImpl } = fakeFetch(['{"kind":"PodList","items":[]}'], 200, calls);
    const res = await httpTransport('http://127.0.0.1:6443/', fetchImpl, { token: 'cadet' }).request({
      method: 'GET',
      url: '/api/v1/pods',
      headers: { accept: 'application/json' },
    });
    expect(calls).toEqual([
      {
        url: 'http://127.0.0.1:6443/api/v1/pods',
        headers: { accept: 'application/json', authorization: 'Bearer cadet' },
      },
    ]);
    expect(res).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"PodList","items":[]}',
    });
  });

  it('streams watches line by line across chunk boundaries and stops on abort', async () => {
    const { fetchImpl, cancelled } = fakeFetch([
      '{"type":"ADDED","object":{"a":1}}\n{"type":"MOD',
      'IFIED","object":{"a":2}}\n',
      '{"type":"DELETED","object":{"a":3}}\n',
    ]);
    expect(isStreamingRequest('/api/v1/pods?watch=true&resourceVersion=5')).toBe(true);
    const client = new ApiClient(httpTransport('http://x', fetchImpl), 'http://x', () => undefined);
    const abort = new AbortController();
    const seen: unknown[] = [];
    for await (const e of client.watch('/api/v1/pods?watch=true', 'application/json', abort.signal)) {
      seen.push(e);
      if (seen.length === 2) abort.abort();
    }
    expect(seen).toEqual([
      { type: 'ADDED', object: { a: 1 } },
      { type: 'MODIFIED', object: { a: 2 } },
    ]);
    expect(cancelled()).toBe(true);
  });

  it('reports a server that cannot be reached as kubectl does', async () => {
    let err = '';
    const code = await runKubectl(['get', 'pods'], {
      transport: httpTransport('http://127.0.0.1:6443', async () => {
        throw new TypeError('fetch failed');
      }),
      kubeconfig: cadetKubeconfig(),
      now: () => 0,
      out: () => undefined,
      err: (c) => (err += c),
    });
    expect(code).toBe(1);
    expect(err).toBe(
      'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n',
    );
  });

  it('prints Warning headers once each', async () => {
    let err = '';
    const client = new ApiClient(
      {
        request: async () => ({
          status: 200,
          headers: { warning: '299 - "spec.foo is deprecated", 299 - "second \\"quoted\\""' },
          body: '{}',
        }),
      },
      'http://x',
      (c) => (err += c),
    );
    await client.get('/a');
    await client.get('/b');
    expect(err).toBe('Warning: spec.foo is deprecated\nWarning: second "quoted"\n');
  });
});

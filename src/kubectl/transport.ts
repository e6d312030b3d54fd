/**
 * Transports: how kubectl's HTTP-shaped requests reach an API server. In process, the transport
 * is the cluster core's own `handle`; over the network it is `fetch` (streaming bodies for
 * watches and `logs -f`). Pure: `fetch`, `AbortController` and `TextDecoder` exist in browsers,
 * workers and Node alike.
 */
import type { ApiRequest, HandleResult, StreamResponse } from '../cluster/types.js';
import type { Transport } from './types.js';

/** The in-process transport: requests go straight to `cluster.handle`. */
export function inProcessTransport(cluster: { handle(req: ApiRequest): Promise<HandleResult> }): Transport {
  return { request: (req) => cluster.handle(req) };
}

/** Whether a request opens a long-lived stream (watch, follow). */
export function isStreamingRequest(url: string): boolean {
  const q = url.indexOf('?');
  if (q < 0) return false;
  const params = new URLSearchParams(url.slice(q + 1));
  return params.get('watch') === 'true' || params.get('watch') === '1' || params.get('follow') === 'true';
}

/** The fetch signature the HTTP transport needs (the global `fetch` fits). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array | string; signal?: AbortSignal },
) => Promise<{
  status: number;
  headers: { forEach(cb: (value: string, key: string) => void): void };
  text(): Promise<string>;
  body: {
    getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> };
  } | null;
}>;

/**
 * The HTTP transport: `server` is the kubeconfig cluster's URL (`http://127.0.0.1:6443`), `token`
 * an optional bearer token. Watches and follows come back as streams of decoded text chunks.
 */
export function httpTransport(
  server: string,
  fetchImpl: FetchLike,
  options: { token?: string } = {},
): Transport {
  const base = server.replace(/\/+$/, '');
  return {
    async request(req: ApiRequest): Promise<HandleResult> {
      const abort = new AbortController();
      const headers: Record<string, string> = { ...req.headers };
      if (options.token && !headers.authorization) headers.authorization = `Bearer ${options.token}`;
      const res = await fetchImpl(base + req.url, {
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        signal: abort.signal,
      });
      const resHeaders: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        resHeaders[key.toLowerCase()] = resHeaders[key.toLowerCase()]
          ? `${resHeaders[key.toLowerCase()]}, ${value}`
          : value;
      });
      if (res.status < 300 && isStreamingRequest(req.url) && res.body) {
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let closed = false;
        const stream: AsyncIterable<string> = {
          [Symbol.asyncIterator]() {
            return {
              async next(): Promise<IteratorResult<string>> {
                for (;;) {
                  if (closed) return { done: true, value: undefined };
                  let chunk;
                  try {
                    chunk = await reader.read();
                  } catch {
                    return { done: true, value: undefined };
                  }
                  if (chunk.done) {
                    const rest = decoder.decode();
                    closed = true;
                    return rest ? { done: false, value: rest } : { done: true, value: undefined };
                  }
                  const text = decoder.decode(chunk.value, { stream: true });
                  if (text) return { done: false, value: text };
                }
              },
              async return(): Promise<IteratorResult<string>> {
                closed = true;
                abort.abort();
                return { done: true, value: undefined };
              },
            };
          },
        };
        const response: StreamResponse = {
          status: res.status,
          headers: resHeaders,
          stream,
          close() {
            closed = true;
            reader.cancel().catch(() => undefined);
            abort.abort();
          },
        };
        return response;
      }
      return { status: res.status, headers: resHeaders, body: await res.text() };
    },
  };
}

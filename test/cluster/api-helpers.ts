/** Helpers for the API tests: call `handle` and read JSON answers and watch streams. */
import { createCluster, type ClusterOptions } from '../../src/cluster/index.js';
import { isStream, type HttpMethod, type StreamResponse } from '../../src/cluster/types.js';

export type TestCluster = ReturnType<typeof createCluster>;

/** A cluster on a VirtualClock with the default namespaces. */
export function cluster(options: ClusterOptions = {}): TestCluster {
  return createCluster({ seed: 7, ...options });
}

/** Parsed JSON of unknown shape (tests reach into it freely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** The answer of a non-streaming request, with the body parsed when it is JSON. */
export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: Loose;
  text: string;
}

/** Sends a request and parses the JSON answer. */
export async function call(
  c: TestCluster,
  method: HttpMethod,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  const res = await c.handle({
    method,
    url,
    headers: {
      ...(body !== undefined && !headers['content-type'] ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (isStream(res)) throw new Error(`${method} ${url} answered with a stream`);
  const text = typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // text/plain
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Opens a watch stream. */
export async function openStream(
  c: TestCluster,
  url: string,
  headers: Record<string, string> = {},
): Promise<StreamResponse> {
  const res = await c.handle({ method: 'GET', url, headers });
  if (!isStream(res)) throw new Error(`expected a stream, got ${res.status} ${String(res.body)}`);
  return res;
}

/** Reads every chunk already queued (without waiting for more), as parsed NDJSON events. */
export async function drain(
  stream: StreamResponse,
  count: number,
): Promise<{ type: string; object: Loose }[]> {
  const it = stream.stream[Symbol.asyncIterator]();
  const out: { type: string; object: Loose }[] = [];
  while (out.length < count) {
    const next = await it.next();
    if (next.done) break;
    for (const line of next.value.split('\n').filter(Boolean)) out.push(JSON.parse(line));
  }
  return out;
}

/** Reads until the stream ends. */
export async function readAll(stream: StreamResponse): Promise<{ type: string; object: Loose }[]> {
  const out: { type: string; object: Loose }[] = [];
  for await (const chunk of stream.stream)
    for (const line of chunk.split('\n').filter(Boolean)) out.push(JSON.parse(line));
  return out;
}

/** A minimal valid-looking Deployment. */
export function deployment(name: string, replicas = 1, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name }, ...extra },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
    },
  };
}

/** A minimal Pod, optionally already on a node. */
export function pod(
  name: string,
  extra: {
    nodeName?: string;
    labels?: Record<string, string>;
    finalizers?: string[];
    ownerReferences?: unknown[];
    grace?: number;
  } = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: extra.labels ?? { app: 'web' },
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
      ...(extra.ownerReferences ? { ownerReferences: extra.ownerReferences } : {}),
    },
    spec: {
      containers: [{ name: 'web', image: 'nginx' }],
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
      ...(extra.grace !== undefined ? { terminationGracePeriodSeconds: extra.grace } : {}),
    },
  };
}

/**
 * `ApiClient`: kubectl's access to one API server through a `Transport`: JSON requests with
 * Status errors turned into `ApiError`s, server-side Tables, watches, `Warning:` headers printed
 * once, and discovery cached for the run.
 */
import {
  ApiError,
  isStream,
  type ApiRequest,
  type HandleResult,
  type HttpMethod,
  type KubeObject,
} from '../cluster/types.js';
import { KubectlError, isStatus } from './errors.js';
import { ResourceResolver, resourcesFromDiscovery } from './resources.js';
import type { Transport } from './types.js';

/** Accept header kubectl sends for human-readable `get`. */
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
/** Accept header kubectl sends for discovery. */
export const DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** A server-side Table (meta.k8s.io/v1). */
export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: { name: string; type: string; format: string; description: string; priority: number }[];
  rows: { cells: unknown[]; object?: { metadata?: KubeObject['metadata']; [k: string]: unknown } }[];
}

/** A list as the server returns it. */
export interface ObjectList {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: KubeObject[];
}

/** Options of one request. */
export interface RequestOptions {
  accept?: string;
  body?: unknown;
  contentType?: string;
}

const decoder = new TextDecoder();

function bodyText(body: Uint8Array | string): string {
  return typeof body === 'string' ? body : decoder.decode(body);
}

/** Splits `host:port` out of a server URL for connection errors. */
function hostPort(server: string): string {
  const m = /^[a-z]+:\/\/([^/]+)/i.exec(server);
  return m ? m[1]! : server;
}

/** API access for one kubectl run. */
export class ApiClient {
  private discovery?: Promise<ResourceResolver>;
  private readonly warned = new Set<string>();

  constructor(
    readonly transport: Transport,
    /** The server URL (kubeconfig cluster), for messages and cluster-info. */
    readonly server: string,
    /** Writes to stderr (warnings). */
    private readonly err: (chunk: string) => void,
  ) {}

  /** Sends one request; prints `Warning:` headers; never throws on HTTP status. */
  async send(method: HttpMethod, url: string, options: RequestOptions = {}): Promise<HandleResult> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json, */*' };
    const req: ApiRequest = { method, url, headers };
    if (options.body !== undefined) {
      req.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    let res: HandleResult;
    try {
      res = await this.transport.request(req);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new KubectlError(
        `The connection to the server ${hostPort(this.server)} was refused - did you specify the right host or port?`,
        1,
        true,
      );
    }
    this.printWarnings(res.headers);
    return res;
  }

  private printWarnings(headers: Record<string, string>): void {
    const raw = headers.warning;
    if (!raw) return;
    for (const m of raw.matchAll(/\d{3} [^ ]+ "((?:[^"\\]|\\.)*)"/g)) {
      const text = m[1]!.replace(/\\(.)/g, '$1');
      if (this.warned.has(text)) continue;
      this.warned.add(text);
      this.err(`Warning: ${text}\n`);
    }
  }

  /** Sends a request and parses the JSON answer; a failure becomes an `ApiError` with kubectl's Status. */
  async request<T = unknown>(method: HttpMethod, url: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, url, options);
    if (isStream(res)) {
      res.close();
      throw new KubectlError(`unexpected stream from ${url}`);
    }
    const text = bodyText(res.body);
    if (res.status >= 400) throw errorFromResponse(res.status, text, method, url);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubectlError(`the server returned a body that is not JSON for ${method} ${url}`);
    }
  }

  /** GET as JSON. */
  get<T = KubeObject>(url: string, accept = 'application/json'): Promise<T> {
    return this.request<T>('GET', url, { accept });
  }

  /** GET as a server-side Table. */
  table(url: string): Promise<Table> {
    return this.request<Table>('GET', url, { accept: TABLE_ACCEPT });
  }

  /** Opens a watch (or any streaming GET) and yields parsed events until the stream ends or `signal` aborts. */
  async *watch<T = unknown>(
    url: string,
    accept = 'application/json',
    signal?: AbortSignal,
  ): AsyncGenerator<T> {
    const res = await this.send('GET', url, { accept });
    if (!isStream(res)) {
      const text = bodyText(res.body);
      if (res.status >= 400) throw errorFromResponse(res.status, text, 'GET', url);
      for (const line of text.split('\n')) if (line.trim()) yield JSON.parse(line) as T;
      return;
    }
    if (res.status >= 400) {
      let text = '';
      for await (const chunk of res.stream) text += chunk;
      throw errorFromResponse(res.status, text, 'GET', url);
    }
    const onAbort = () => res.close();
    signal?.addEventListener('abort', onAbort);
    let buffer = '';
    try {
      if (signal?.aborted) return;
      for await (const chunk of res.stream) {
        buffer += chunk;
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim()) yield JSON.parse(line) as T;
        }
        if (signal?.aborted) return;
      }
      if (buffer.trim()) yield JSON.parse(buffer) as T;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      res.close();
    }
  }

  /** The server's resource types (aggregated discovery, fetched once per run). */
  resources(): Promise<ResourceResolver> {
    this.discovery ??= Promise.all([
      this.request('GET', '/api?timeout=32s', { accept: DISCOVERY_ACCEPT }),
      this.request('GET', '/apis?timeout=32s', { accept: DISCOVERY_ACCEPT }),
    ]).then((lists) => new ResourceResolver(resourcesFromDiscovery(lists)));
    return this.discovery;
  }
}

/** The error kubectl reports for a failed response (`Status` bodies as they are; others as client-go words them). */
export function errorFromResponse(status: number, text: string, method: string, url: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) return new ApiError(parsed);
  const path = url.split('?')[0]!;
  const reason =
    status === 404
      ? 'NotFound'
      : status === 409
        ? 'Conflict'
        : status === 403
          ? 'Forbidden'
          : status === 401
            ? 'Unauthorized'
            : status === 400
              ? 'BadRequest'
              : status === 405
                ? 'MethodNotAllowed'
                : status === 415
                  ? 'UnsupportedMediaType'
                  : 'InternalError';
  const message =
    status === 404
      ? `the server could not find the requested resource`
      : `an error on the server (${JSON.stringify(text.trim() || 'unknown')}) has prevented the request from succeeding (${method.toLowerCase()} ${path})`;
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code: status,
  });
}

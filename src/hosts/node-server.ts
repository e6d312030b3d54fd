/**
 * Node host: puts the cluster core's `handle(request)` on HTTP. Thin on purpose: it turns a
 * Node request into an ApiRequest, and an ApiResponse or a stream back into bytes. The same
 * adapter runs `cadet serve` and, later, the server inside a WebContainer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isStream, type ApiRequest, type HandleResult, type HttpMethod, type Status } from '../cluster/types';
import type { ExecCluster } from '../cluster/exec/index';
import { handleExecUpgrade } from './exec-stream';

/** The API server's request body limit (3 MiB); larger bodies get 413. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type Handler = (request: ApiRequest) => Promise<HandleResult>;

const METHODS = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export function statusBody(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function sendStatus(res: ServerResponse, status: Status): void {
  const body = JSON.stringify(status);
  res.writeHead(status.code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      req.resume();
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Serves one request through `handle`. Exported for tests that do not need a socket. */
export async function serveRequest(
  handle: Handler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
  if (!METHODS.has(method)) {
    sendStatus(
      res,
      statusBody(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`),
    );
    return;
  }
  let body: Uint8Array;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      sendStatus(
        res,
        statusBody(413, 'RequestEntityTooLarge', 'the request is too large: limit is 3145728 bytes'),
      );
      return;
    }
    throw err;
  }
  const request: ApiRequest = { method, url: req.url ?? '/', headers: headersOf(req) };
  if (body.length > 0) request.body = body;

  let result: HandleResult;
  try {
    result = await handle(request);
  } catch (err) {
    sendStatus(
      res,
      statusBody(
        500,
        'InternalError',
        `an error on the server ("${(err as Error).message}") has prevented the request from succeeding`,
      ),
    );
    return;
  }

  if (!isStream(result)) {
    const bytes = typeof result.body === 'string' ? Buffer.from(result.body) : Buffer.from(result.body);
    res.writeHead(result.status, { ...result.headers, 'content-length': bytes.length });
    res.end(method === 'HEAD' ? undefined : bytes);
    return;
  }

  // A stream (watch, logs -f): send the headers at once, or clients wait for the first event.
  res.writeHead(result.status, { ...result.headers, 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  let closed = false;
  // `res` closes when the client goes away; `req` would close as soon as its body was read.
  res.on('close', () => {
    closed = true;
    result.close();
  });
  try {
    for await (const chunk of result.stream) {
      if (closed) break;
      res.write(chunk);
    }
  } finally {
    if (!closed) res.end();
  }
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Options of `listen`. */
export interface ListenOptions {
  /** The cluster `pods/<name>/exec` upgrades run in (exec-stream.ts); without it they are refused. */
  exec?: ExecCluster;
}

/** Answers an upgrade nobody serves with a Status, as the API server does for a plain request. */
function refuseUpgrade(socket: Duplex): void {
  const body = JSON.stringify(statusBody(400, 'BadRequest', 'Upgrade request required'));
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Starts an HTTP server for `handle` on host:port (port 0 picks a free one). */
export async function listen(
  handle: Handler,
  port: number,
  host = '127.0.0.1',
  options: ListenOptions = {},
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    serveRequest(handle, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendStatus(res, statusBody(500, 'InternalError', String(err)));
      else res.destroy();
    });
  });
  // `kubectl exec` upgrades its request to a WebSocket stream.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (options.exec && handleExecUpgrade(options.exec, req, socket, head)) return;
    refuseUpgrade(socket);
  });
  // Watches are long-lived; never time a request out from this side.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

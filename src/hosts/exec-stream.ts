/**
 * `kubectl exec` over the wire: the WebSocket upgrade of `pods/<name>/exec` with Kubernetes'
 * channel protocol `v5.channel.k8s.io` (what kubectl 1.30+ offers first), served from the pure
 * exec engine in src/cluster/exec. Node-only.
 *
 * Each binary WebSocket message starts with a channel byte: 0 stdin, 1 stdout, 2 stderr,
 * 3 the final `Status` (JSON), 4 terminal resize (JSON), 255 close (the next byte names the
 * channel, sent by kubectl when its stdin ends). Refused requests (unknown pod, container, a
 * container that is not running) answer the upgrade with the API server's or kubelet's error;
 * kubectl then retries over SPDY, gets the same answer and prints it.
 *
 * The RFC 6455 framing is written here (about a hundred lines): the server needs only the
 * handshake, unfragmented binary frames out, masked (possibly fragmented) frames in, ping/pong
 * and close, and no dependency keeps it runnable wherever `node:http` runs.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { openExec, execRequestFromQuery, ExecSession, type ExecCluster } from '../cluster/exec/index';
import { resolveTarget, isRefusal, type ExecRefusal } from '../cluster/exec/target';

/** The subprotocols this server speaks, best first. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io'];

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** Encodes one unmasked (server to client) frame. */
export function encodeFrame(opcode: number, payload: Uint8Array, mask?: Uint8Array): Buffer {
  const len = payload.length;
  const head: number[] = [0x80 | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (len < 126) head.push(maskBit | len);
  else if (len < 65536) head.push(maskBit | 126, len >> 8, len & 0xff);
  else {
    head.push(maskBit | 127, 0, 0, 0, 0);
    head.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([Buffer.from(head), Buffer.from(mask), body]);
}

/** One decoded frame. */
export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** Incremental frame decoder (handles masked and unmasked frames split across chunks). */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  /** Feeds bytes; returns the complete frames. Throws on frames larger than `limit`. */
  push(chunk: Buffer, limit = 16 * 1024 * 1024): Frame[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const frames: Frame[] = [];
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) break;
      const fin = (b[0]! & 0x80) !== 0;
      const opcode = b[0]! & 0x0f;
      const masked = (b[1]! & 0x80) !== 0;
      let len = b[1]! & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (b.length < 4) break;
        len = b.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (b.length < 10) break;
        const high = b.readUInt32BE(2);
        len = high * 2 ** 32 + b.readUInt32BE(6);
        offset = 10;
      }
      if (len > limit) throw new Error(`WebSocket frame of ${len} bytes is over the ${limit} byte limit`);
      const maskAt = offset;
      if (masked) offset += 4;
      if (b.length < offset + len) break;
      const payload = Buffer.from(b.subarray(offset, offset + len));
      if (masked) for (let i = 0; i < len; i++) payload[i] = payload[i]! ^ b[maskAt + (i % 4)]!;
      frames.push({ fin, opcode, payload });
      this.buffer = b.subarray(offset + len);
    }
    return frames;
  }
}

/** Joins fragmented data frames into messages; answers control frames through callbacks. */
class MessageReader {
  private readonly decoder = new FrameDecoder();
  private parts: Buffer[] = [];
  private opcode = 0;

  constructor(
    private readonly on: {
      message(opcode: number, data: Buffer): void;
      ping(data: Buffer): void;
      close(data: Buffer): void;
    },
  ) {}

  push(chunk: Buffer): void {
    for (const f of this.decoder.push(chunk)) {
      if (f.opcode === OPCODE.ping) this.on.ping(f.payload);
      else if (f.opcode === OPCODE.pong) continue;
      else if (f.opcode === OPCODE.close) this.on.close(f.payload);
      else {
        if (f.opcode !== OPCODE.continuation) {
          this.opcode = f.opcode;
          this.parts = [];
        }
        this.parts.push(f.payload);
        if (f.fin) {
          const data = Buffer.concat(this.parts);
          this.parts = [];
          this.on.message(this.opcode, data);
        }
      }
    }
  }
}

/** The pod and subresource of an upgrade URL, if it is a pod stream. */
export function podStreamPath(
  url: string,
): { namespace: string; pod: string; sub: string; query: URLSearchParams } | undefined {
  const u = new URL(url, 'http://x');
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/.exec(u.pathname);
  if (!m) return undefined;
  return {
    namespace: decodeURIComponent(m[1]!),
    pod: decodeURIComponent(m[2]!),
    sub: m[3]!,
    query: u.searchParams,
  };
}

function statusJson(code: number, reason: string, message: string): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** Answers an upgrade request with an HTTP error and closes the socket. */
function refuse(socket: Duplex, code: number, body: string, contentType: string): void {
  const bytes = Buffer.from(body);
  socket.end(
    `HTTP/1.1 ${code} ${REASONS[code] ?? 'Error'}\r\nContent-Type: ${contentType}\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function refuseWith(socket: Duplex, r: ExecRefusal): void {
  if (r.status) refuse(socket, r.code, JSON.stringify(r.status), 'application/json');
  else refuse(socket, r.code, r.text ?? '', 'text/plain; charset=utf-8');
}

/**
 * Handles an HTTP upgrade for `pods/<name>/exec` (and refuses `attach`/`portforward`). Returns
 * false when the URL is not a pod stream, so the caller can answer it.
 */
export function handleExecUpgrade(
  cluster: ExecCluster,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): boolean {
  const path = podStreamPath(req.url ?? '/');
  if (!path) return false;
  socket.on('error', () => socket.destroy());
  if (path.sub !== 'exec') {
    refuse(
      socket,
      400,
      statusJson(
        400,
        'BadRequest',
        `${path.sub} is not supported by Cadet's simulated cluster: its containers run no real processes (use kubectl exec or kubectl logs -f)`,
      ),
      'application/json',
    );
    return true;
  }
  const request = execRequestFromQuery(path.namespace, path.pod, path.query);
  // The API server's and kubelet's checks come first, whatever the protocol.
  const target = resolveTarget(cluster.client, request.namespace, request.pod, request.container);
  if (isRefusal(target)) {
    refuseWith(socket, target);
    return true;
  }
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const protocol = EXEC_PROTOCOLS.find((p) => offered.includes(p));
  if (upgrade !== 'websocket' || !protocol || !req.headers['sec-websocket-key']) {
    refuse(
      socket,
      400,
      statusJson(
        400,
        'BadRequest',
        `Cadet's simulated cluster streams exec over WebSocket (${EXEC_PROTOCOLS.join(', ')}) only, as kubectl 1.30 and later use by default; this request asked for ${upgrade === 'websocket' ? `the subprotocols "${offered.join(', ')}"` : `an ${req.headers.upgrade ?? 'unknown'} upgrade`}`,
      ),
      'application/json',
    );
    return true;
  }
  const accept = createHash('sha1')
    .update(`${String(req.headers['sec-websocket-key'])}${GUID}`)
    .digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
  );
  serveSession(cluster, request, socket, head);
  return true;
}

function serveSession(
  cluster: ExecCluster,
  request: ReturnType<typeof execRequestFromQuery>,
  socket: Duplex,
  head: Buffer,
): void {
  let open = true;
  const send = (opcode: number, payload: Uint8Array): void => {
    if (open && !socket.destroyed) socket.write(encodeFrame(opcode, payload));
  };
  const channel = (id: number, text: string): void => {
    const bytes = Buffer.from(text);
    send(OPCODE.binary, Buffer.concat([Buffer.from([id]), bytes]));
  };
  const close = (code = 1000): void => {
    if (!open) return;
    send(OPCODE.close, Buffer.from([code >> 8, code & 0xff]));
    open = false;
    socket.end();
  };
  const session = openExec(cluster, request, {
    stdout: (t) => channel(CHANNEL.stdout, t),
    stderr: (t) => channel(CHANNEL.stderr, t),
  });
  if (!(session instanceof ExecSession)) {
    // Checked before the upgrade; only a race (the pod went away) lands here.
    channel(
      CHANNEL.error,
      JSON.stringify(session.status ?? { metadata: {}, status: 'Failure', message: session.text }),
    );
    close();
    return;
  }
  session.onExit((_code, status) => {
    channel(CHANNEL.error, JSON.stringify(status));
    close();
  });
  const decoder = new TextDecoder();
  const reader = new MessageReader({
    message: (opcode, data) => {
      if (opcode !== OPCODE.binary || data.length === 0) return;
      const id = data[0]!;
      if (id === CHANNEL.stdin) session.write(decoder.decode(data.subarray(1), { stream: true }));
      else if (id === CHANNEL.close && data[1] === CHANNEL.stdin) session.end();
      // Resize messages change nothing in a simulated terminal.
    },
    ping: (data) => send(OPCODE.pong, data),
    close: () => close(),
  });
  socket.on('data', (chunk: Buffer) => {
    try {
      reader.push(chunk);
    } catch {
      close(1009);
    }
  });
  socket.on('close', () => {
    open = false;
  });
  if (head.length) reader.push(head);
}

/**
 * A WebSocket client with the browser API's shape (the subset `webSocketExec` in
 * src/kubectl/commands/exec.ts uses), for Node 20, which has no global WebSocket: so
 * `cadet kubectl exec` can reach `cadet serve` over the same stream as real kubectl.
 */
export function nodeWebSocket(url: string, protocols: string[]): WebSocketLikeClient {
  return new NodeWebSocketClient(url, protocols);
}

/** The browser WebSocket members the client implements. */
export interface WebSocketLikeClient {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number): void;
}

class NodeWebSocketClient implements WebSocketLikeClient {
  binaryType = 'arraybuffer';
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null = null;
  private socket: Duplex | undefined;

  constructor(url: string, protocols: string[]) {
    void this.open(url, protocols);
  }

  private async open(url: string, protocols: string[]): Promise<void> {
    const { request } = await import('node:http');
    const { randomBytes } = await import('node:crypto');
    const u = new URL(url.replace(/^ws/, 'http'));
    const key = randomBytes(16).toString('base64');
    const req = request({
      host: u.hostname,
      port: u.port,
      path: `${u.pathname}${u.search}`,
      method: 'GET',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': key,
        'sec-websocket-protocol': protocols.join(', '),
      },
    });
    req.on('response', (res) => {
      res.resume();
      this.fail();
    });
    req.on('error', () => this.fail());
    req.on('upgrade', (res, socket: Duplex, head: Buffer) => {
      const expected = createHash('sha1').update(`${key}${GUID}`).digest('base64');
      if (res.headers['sec-websocket-accept'] !== expected) {
        socket.destroy();
        this.fail();
        return;
      }
      this.socket = socket;
      this.readyState = 1;
      const reader = new MessageReader({
        message: (_opcode, data) =>
          this.onmessage?.({ data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }),
        ping: (data) => this.frame(OPCODE.pong, data),
        close: () => this.close(),
      });
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
      socket.on('close', () => this.finish());
      socket.on('error', () => this.finish());
      this.onopen?.({});
      if (head.length) reader.push(head);
    });
    req.end();
  }

  private frame(opcode: number, payload: Uint8Array): void {
    if (this.readyState !== 1 || !this.socket) return;
    // Clients mask every frame (RFC 6455 5.3).
    const mask = new Uint8Array([0x5a, 0x17, 0xc3, 0x9e]);
    this.socket.write(encodeFrame(opcode, payload, mask));
  }

  send(data: Uint8Array): void {
    this.frame(OPCODE.binary, data);
  }

  close(code = 1000): void {
    if (this.readyState !== 1) return;
    this.frame(OPCODE.close, new Uint8Array([code >> 8, code & 0xff]));
    this.readyState = 2;
    this.socket?.end();
  }

  private fail(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006 });
  }

  private finish(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code: 1000 });
  }
}

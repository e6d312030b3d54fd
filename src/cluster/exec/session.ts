/**
 * One exec: resolve the target, then run the command with its streams. Commands that read
 * stdin stream it (`cat` echoes each chunk, an interactive `sh` runs each line) or, for
 * filters, read it to its end first; all others run at once. With a TTY, output lines end in
 * CRLF, stderr joins stdout, and an interactive shell echoes input and shows its prompt.
 */
import type { KubeObject } from '../types.js';
import { imageProfile, type ImageProfile } from './images.js';
import { containerEnvironment } from './env.js';
import { containerFileSystem, pruneLayers, startSnapshot } from './fs.js';
import { isRefusal, resolveTarget, type ExecRefusal } from './target.js';
import {
  programName,
  readsStdin,
  runProgram,
  type ExecCluster,
  type Output,
  type ToolContext,
} from './tools.js';
import { runScript } from './shell.js';

/** What to run where (the query of `pods/<name>/exec`). */
export interface ExecRequest {
  namespace: string;
  pod: string;
  /** Defaults to the only container. */
  container?: string;
  command: string[];
  stdin?: boolean;
  /** Default true. */
  stdout?: boolean;
  /** Default true (false with a TTY). */
  stderr?: boolean;
  tty?: boolean;
}

/** Where output goes while the command runs. */
export interface ExecSink {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The status the exec stream ends with (channel 3 of the streaming protocol). */
export interface ExitStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
}

/** The final status of a command that exited with `code`, as the kubelet words it. */
export function exitStatus(command: string[], code: number): ExitStatus {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** The parameters of an exec URL's query (`command` repeated, `container`, `stdin`, ...). */
export function execRequestFromQuery(
  namespace: string,
  pod: string,
  params: { get(name: string): string | null; getAll(name: string): string[] },
): ExecRequest {
  const flag = (name: string): boolean | undefined => {
    const v = params.get(name);
    return v === null ? undefined : v === 'true' || v === '1';
  };
  const container = params.get('container') ?? undefined;
  const tty = flag('tty') ?? false;
  return {
    namespace,
    pod,
    ...(container ? { container } : {}),
    command: params.getAll('command'),
    stdin: flag('stdin') ?? false,
    stdout: flag('stdout') ?? false,
    stderr: flag('stderr') ?? false,
    tty,
  };
}

/** A running exec. Feed it stdin with `write`/`end`; it reports its exit once through `onExit`. */
export class ExecSession {
  private exitCode: number | undefined;
  private readonly exitListeners: ((code: number, status: ExitStatus) => void)[] = [];
  private mode: 'done' | 'cat' | 'repl' | 'batch' = 'done';
  private buffered = '';
  private line = '';
  private readonly ctx: ToolContext;

  constructor(
    readonly request: ExecRequest,
    readonly pod: KubeObject,
    private readonly profile: ImageProfile,
    ctx: ToolContext,
    private readonly sink: ExecSink,
  ) {
    this.ctx = ctx;
  }

  /** Starts the command (called by `openExec`). */
  start(): void {
    const argv = this.request.command;
    const name = argv[0] === undefined ? undefined : programName(argv[0], this.profile);
    if (!name) {
      // The runtime cannot start the process: runc's message, exit code 126.
      this.out(
        `OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(argv[0] ?? '')}: executable file not found in $PATH: unknown\n`,
      );
      this.finish(126);
      return;
    }
    if (!this.request.stdin || !readsStdin(argv, this.profile)) {
      this.emit(runProgram(argv, '', this.ctx, !!this.request.tty));
      return;
    }
    if (name === 'cat' && argv.length === 1) this.mode = 'cat';
    else if (name === 'sh' && !argv.includes('-c')) {
      this.mode = 'repl';
      this.prompt();
    } else this.mode = 'batch';
  }

  /** Data from the client's stdin. */
  write(data: string): void {
    switch (this.mode) {
      case 'cat':
        this.out(this.request.tty ? data.replace(/\r/g, '\n') : data);
        break;
      case 'batch':
        this.buffered += data;
        break;
      case 'repl':
        this.replInput(data);
        break;
      default:
        break;
    }
  }

  /** The client closed stdin. */
  end(): void {
    switch (this.mode) {
      case 'cat':
        this.finish(0);
        break;
      case 'batch':
        this.emit(runProgram(this.request.command, this.buffered, this.ctx, !!this.request.tty));
        break;
      case 'repl':
        if (this.line.trim()) this.runLine(this.line);
        if (this.mode === 'repl') this.finish(this.ctx.lastCode);
        break;
      default:
        break;
    }
  }

  /** Listens for the exit (called at once if the command already exited). */
  onExit(fn: (code: number, status: ExitStatus) => void): void {
    if (this.exitCode !== undefined) fn(this.exitCode, exitStatus(this.request.command, this.exitCode));
    else this.exitListeners.push(fn);
  }

  /** The exit code, once exited. */
  get exited(): number | undefined {
    return this.exitCode;
  }

  private prompt(): void {
    if (this.request.tty) this.out(this.profile.userland === 'busybox' ? '/ # ' : '# ');
  }

  private replInput(data: string): void {
    for (const ch of data) {
      if (this.mode !== 'repl') return;
      if (!this.request.tty) {
        if (ch === '\n') {
          const l = this.line;
          this.line = '';
          this.runLine(l);
        } else this.line += ch;
        continue;
      }
      // A terminal in raw mode: echo, editing keys, Enter runs the line.
      if (ch === '\r' || ch === '\n') {
        this.out('\n');
        const l = this.line;
        this.line = '';
        this.runLine(l);
        if (this.mode === 'repl') this.prompt();
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.sink.stdout('\b \b');
        }
      } else if (ch === '\x03') {
        this.line = '';
        this.out('^C\n');
        this.prompt();
      } else if (ch === '\x04') {
        if (!this.line) {
          this.out('\n');
          this.finish(this.ctx.lastCode);
        }
      } else if (ch >= ' ' || ch === '\t') {
        this.line += ch;
        this.sink.stdout(ch);
      }
    }
  }

  private runLine(line: string): void {
    if (!line.trim()) return;
    const r = runScript(line, '', this.ctx, (a, s, x) => runProgram(a, s, x, !!this.request.tty));
    this.out(r.out);
    this.errOut(r.err);
    if (r.exited) this.finish(r.code);
  }

  private emit(r: Output): void {
    this.out(r.out);
    this.errOut(r.err);
    this.finish(r.code);
  }

  private out(text: string): void {
    if (!text || this.request.stdout === false) return;
    this.sink.stdout(this.request.tty ? text.replace(/\r?\n/g, '\r\n') : text);
  }

  private errOut(text: string): void {
    if (!text) return;
    if (this.request.tty) this.out(text);
    else if (this.request.stderr !== false) this.sink.stderr(text);
  }

  private finish(code: number): void {
    if (this.exitCode !== undefined) return;
    this.mode = 'done';
    this.exitCode = code;
    const status = exitStatus(this.request.command, code);
    for (const fn of this.exitListeners.splice(0)) fn(code, status);
  }
}

/**
 * Opens an exec: the refusal of the API server or kubelet (no stream is opened), or a started
 * session. Run `session.write`/`end` for stdin; output arrives through `sink`.
 */
export function openExec(
  cluster: ExecCluster,
  request: ExecRequest,
  sink: ExecSink,
): ExecSession | ExecRefusal {
  if (!request.stdin && request.stdout === false && request.stderr === false)
    return {
      code: 400,
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'you must specify at least 1 of stdin, stdout, stderr',
        reason: 'BadRequest',
        code: 400,
      },
    };
  const target = resolveTarget(cluster.client, request.namespace, request.pod, request.container);
  if (isRefusal(target)) return target;
  if (!request.command.length)
    return {
      code: 400,
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'you must specify a command',
        reason: 'BadRequest',
        code: 400,
      },
    };
  pruneLayers(cluster.client);
  const profile = imageProfile(target.container.image);
  // Env vars keep the values the container started with (kept from the first exec into this run).
  const snapshot = startSnapshot(cluster.client, target.pod, target.container.name);
  snapshot.env ??= containerEnvironment(cluster.client, target.pod, target.container, profile);
  const env = new Map(snapshot.env);
  const fs = containerFileSystem(cluster.client, target.pod, target.container, profile);
  const ctx: ToolContext = {
    cluster,
    pod: target.pod,
    container: target.container,
    profile,
    env,
    fs,
    lastCode: 0,
    stderr: '',
  };
  const session = new ExecSession(
    { ...request, container: target.container.name },
    target.pod,
    profile,
    ctx,
    sink,
  );
  session.start();
  return session;
}

/** What `execInPod` returns: a refusal, or the command's output and exit. */
export type ExecResult =
  | { refused: ExecRefusal }
  | { refused?: undefined; stdout: string; stderr: string; exitCode: number; status: ExitStatus };

/**
 * Runs a command in a pod's container in process, all stdin given at once (Cadet's kubectl uses
 * this instead of the WebSocket stream). Interactive shells read `stdin` line by line.
 */
export function execInPod(cluster: ExecCluster, request: ExecRequest & { input?: string }): ExecResult {
  let stdout = '';
  let stderr = '';
  const session = openExec(cluster, request, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  if (!(session instanceof ExecSession)) return { refused: session };
  if (request.stdin) {
    if (request.input) session.write(request.input);
    session.end();
  }
  const code = session.exited ?? 0;
  return { stdout, stderr, exitCode: code, status: exitStatus(request.command, code) };
}

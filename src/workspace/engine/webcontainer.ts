/**
 * The WebContainer engine: a Node.js runtime in the page (StackBlitz's WebContainer API) runs a
 * pre-built bundle of Cadet (`scripts/build-webcontainer.ts`): `node cadet.mjs engine` serves
 * the same protocol as the embedded worker (so the map, Check and details work alike) and puts
 * the cluster on HTTP, and the terminal is `jsh` with `kubectl` on the PATH. The learner's files
 * live in the container's `workspace/` and are kept in sync with the editor both ways.
 *
 * The WebContainer is handed in (a `boot` function), never imported here, so tests use a fake.
 *
 * Transport: a request is written to `.cadet-rpc/<id>.json` in the container's file system and
 * its id sent as a line on the engine process's stdin (a pseudo-terminal: long lines are not
 * safe there); replies come back on its output as lines starting with U+001E, which tells them
 * apart from the terminal's echo.
 */
import { EmbeddedEngine, type WorkerLike } from './embedded.js';
import type { Engine, EngineKind, Reply, Request, LabBundle } from './types.js';

/** What the engine uses of a WebContainer (a subset of `@webcontainer/api`'s class). */
export interface ContainerLike {
  /** The absolute working directory processes start in. */
  readonly workdir: string;
  mount(tree: FileTree): Promise<void>;
  spawn(
    command: string,
    args: string[],
    options?: { cwd?: string; env?: Record<string, string>; terminal?: { cols: number; rows: number } },
  ): Promise<ProcessLike>;
  fs: {
    writeFile(path: string, data: string): Promise<void>;
    readFile(path: string, encoding: 'utf-8'): Promise<string>;
    rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
    mkdir(path: string, options: { recursive: true }): Promise<unknown>;
    watch(
      path: string,
      options: { recursive?: boolean },
      listener: (event: string, filename: string | Uint8Array) => void,
    ): { close(): void };
  };
  teardown(): void;
}

export interface ProcessLike {
  exit: Promise<number>;
  input: WritableStream<string>;
  output: ReadableStream<string>;
  kill(): void;
  resize(size: { cols: number; rows: number }): void;
}

export type FileTree = Record<string, { file: { contents: string } } | { directory: FileTree }>;

/** The marker that starts each reply line on the engine process's output. */
export const REPLY_MARK = '\x1e';
/** Where requests are written (relative to the container's workdir). */
export const RPC_DIR = '.cadet-rpc';
/**
 * Where `kubectl edit` in the container asks the page's editor (relative to the workdir): it
 * writes `<key>.json` (an `EditRequest`, by rename so it is never seen half-written) and waits
 * for `<key>.answer` (an `EditAnswer`); it removes its request when it gives up (Ctrl-C), and
 * the page then closes the tab.
 */
export const EDIT_DIR = '.cadet-edit';

/** What `kubectl edit` in the container asks the page: `.cadet-edit/<key>.json`. */
export interface EditRequest {
  fileName: string;
  text: string;
}

/** The page's answer, `.cadet-edit/<key>.answer`: the saved text, or null (cancelled). */
export interface EditAnswer {
  text: string | null;
}

/** The page's editor, as `kubectl edit` in the container uses it. */
export interface EditHost {
  /** Opens `text` in a tab named after `fileName`; resolves the saved text, or null. */
  edit(text: string, fileName: string): Promise<string | null>;
  /** The kubectl that asked went away (Ctrl-C in jsh): close its tab. */
  end(): void;
}

/** How long a boot may take before the page falls back to the embedded engine. */
export const BOOT_TIMEOUT_MS = 15_000;

/** Timers, injected so tests need not wait. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BootOptions<T> {
  /** Default `BOOT_TIMEOUT_MS`. */
  ms?: number;
  timers?: Timers;
  /** A container that boots after the timeout is handed here (to tear it down): the page has moved on. */
  onLate?(container: T): void;
}

/** Resolves the container, or rejects when `boot` fails or takes longer than `ms`. */
export function bootWithTimeout<T>(boot: () => Promise<T>, options: BootOptions<T> = {}): Promise<T> {
  const { ms = BOOT_TIMEOUT_MS, timers = globalThis as unknown as Timers, onLate } = options;
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = timers.setTimeout(() => {
      late = true;
      reject(new Error(`it did not boot within ${Math.round(ms / 1000)} s`));
    }, ms);
    let booting: Promise<T>;
    try {
      booting = boot();
    } catch (err) {
      booting = Promise.reject(err as Error);
    }
    booting.then(
      (c) => {
        timers.clearTimeout(timer);
        if (late) onLate?.(c);
        else resolve(c);
      },
      (err: unknown) => {
        timers.clearTimeout(timer);
        reject(new Error(`it failed to boot: ${err instanceof Error ? err.message : String(err)}`));
      },
    );
  });
}

/** Turns `{ 'a/b.yaml': text }` into a WebContainer file tree under `root`. */
export function fileTree(files: Record<string, string>, root?: string): FileTree {
  const tree: FileTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = (root ? `${root}/${path}` : path).split('/');
    let dir = tree;
    for (const part of parts.slice(0, -1)) {
      const next = (dir[part] ??= { directory: {} });
      if (!('directory' in next)) throw new Error(`"${path}": a file is in the way`);
      dir = next.directory;
    }
    dir[parts[parts.length - 1]!] = { file: { contents } };
  }
  return tree;
}

/** Splits a stream of output chunks into reply messages (other lines are the terminal's echo). */
export function replyParser(onReply: (reply: Reply) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      const mark = line.indexOf(REPLY_MARK);
      if (mark >= 0) onReply(JSON.parse(line.slice(mark + 1)) as Reply);
    }
  };
}

/** A `WorkerLike` port over the engine process of a container. */
export function containerPort(container: ContainerLike, process: ProcessLike): WorkerLike {
  const listeners = new Set<(e: { data: Reply }) => void>();
  const writer = process.input.getWriter();
  const parse = replyParser((reply) => listeners.forEach((fn) => fn({ data: reply })));
  void process.output.pipeTo(new WritableStream({ write: (chunk) => parse(chunk) }));
  let queue = Promise.resolve();
  return {
    postMessage(message: Request) {
      // In order: a request's file is written before its id is sent. A request the container
      // did not take is answered with an error (nobody would answer it), and the next still goes.
      queue = queue
        .then(async () => {
          await container.fs.writeFile(`${RPC_DIR}/${message.id}.json`, JSON.stringify(message));
          await writer.write(`${message.id}\n`);
        })
        .catch((err: unknown) => {
          const reply: Reply = {
            type: 'error',
            id: message.id,
            message: `the WebContainer did not take the request: ${err instanceof Error ? err.message : String(err)}`,
          };
          listeners.forEach((fn) => fn({ data: reply }));
        });
    },
    addEventListener(_type, fn) {
      listeners.add(fn);
    },
    terminate() {
      process.kill();
    },
  };
}

/** An interactive shell in the container (the terminal talks to it raw). */
export interface ShellSession {
  write(data: string): void;
  onData(fn: (data: string) => void): void;
  resize(cols: number, rows: number): void;
}

export class WebContainerEngine extends EmbeddedEngine implements Engine {
  override readonly kind: EngineKind = 'webcontainer';
  private synced: Record<string, string> = {};
  private fileListeners = new Set<(path: string, text: string | undefined) => void>();
  private watcher?: { close(): void };
  private editWatcher?: { close(): void };
  private editHost?: EditHost;
  /** Edit requests open in the page's editor, and those already answered (by key). */
  private editsOpen = new Set<string>();
  private editsAnswered = new Set<string>();

  private constructor(
    private readonly container: ContainerLike,
    port: WorkerLike,
  ) {
    super(port);
  }

  /** Mounts the bundle and the lab, starts `node cadet.mjs engine`, and returns the engine. */
  static async create(
    container: ContainerLike,
    bundle: string,
    lab: LabBundle,
    files: Record<string, string>,
  ): Promise<WebContainerEngine> {
    await container.mount({
      'cadet.mjs': { file: { contents: bundle } },
      bin: { directory: { kubectl: { file: { contents: KUBECTL_SHIM } } } },
      [RPC_DIR]: { directory: {} },
      [EDIT_DIR]: { directory: {} },
      ...fileTree(lab.files, 'lab'),
      workspace: { directory: fileTree(files) },
    });
    const process = await container.spawn('node', ['cadet.mjs', 'engine']);
    const engine = new WebContainerEngine(container, containerPort(container, process));
    engine.synced = { ...files };
    engine.watcher = container.fs.watch('workspace', { recursive: true }, (_event, name) => {
      void engine.pullFile(typeof name === 'string' ? name : new TextDecoder().decode(name));
    });
    engine.editWatcher = container.fs.watch(EDIT_DIR, {}, (_event, name) => {
      void engine.editEvent(typeof name === 'string' ? name : new TextDecoder().decode(name));
    });
    return engine;
  }

  /** `kubectl edit` in the container opens its object with `host` (the page's Monaco tab). */
  onEdit(host: EditHost): void {
    this.editHost = host;
  }

  /** Something changed in `.cadet-edit/`: a new request to open, or a request withdrawn. */
  private async editEvent(name: string): Promise<void> {
    const key = /^([\w-]+)\.json$/.exec(name.slice(name.lastIndexOf('/') + 1))?.[1];
    if (!key || this.editsAnswered.has(key)) return;
    let request: EditRequest | undefined;
    try {
      request = JSON.parse(
        await this.container.fs.readFile(`${EDIT_DIR}/${key}.json`, 'utf-8'),
      ) as EditRequest;
    } catch {
      request = undefined;
    }
    if (!request) {
      // kubectl gave up (Ctrl-C): close the tab it had open.
      if (this.editsOpen.delete(key)) this.editHost?.end();
      return;
    }
    if (this.editsOpen.has(key)) return;
    this.editsOpen.add(key);
    const text = this.editHost
      ? await this.editHost.edit(request.text, request.fileName).catch(() => null)
      : null;
    if (!this.editsOpen.delete(key)) return; // withdrawn meanwhile: nobody waits for an answer
    this.editsAnswered.add(key);
    const answer: EditAnswer = { text };
    await this.container.fs.writeFile(`${EDIT_DIR}/${key}.answer`, JSON.stringify(answer));
  }

  /** A file changed in the container (jsh, kubectl, an editor there): tell the page. */
  private async pullFile(path: string): Promise<void> {
    if (!path || path.split('/').some((p) => p.startsWith('.'))) return;
    let text: string | undefined;
    try {
      text = await this.container.fs.readFile(`workspace/${path}`, 'utf-8');
    } catch {
      text = undefined;
    }
    if (this.synced[path] === text) return;
    if (text === undefined) delete this.synced[path];
    else this.synced[path] = text;
    for (const fn of this.fileListeners) fn(path, text);
  }

  /** Files changed in the editor: write the differences into the container, and tell the engine. */
  override setFiles(files: Record<string, string>): void {
    const before = this.synced;
    this.synced = { ...files };
    void (async () => {
      for (const path of Object.keys(before))
        if (!(path in files)) await this.container.fs.rm(`workspace/${path}`, { force: true });
      for (const [path, text] of Object.entries(files)) {
        if (before[path] === text) continue;
        const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        if (dir) await this.container.fs.mkdir(`workspace/${dir}`, { recursive: true });
        await this.container.fs.writeFile(`workspace/${path}`, text);
      }
    })();
    super.setFiles(files);
  }

  onFileChange(fn: (path: string, text: string | undefined) => void): () => void {
    this.fileListeners.add(fn);
    return () => this.fileListeners.delete(fn);
  }

  /** What the shell's processes get: `kubectl` on the PATH, its kubeconfig, the edit folder. */
  private shellEnv(): Record<string, string> {
    return {
      PATH: `${this.container.workdir}/bin:/bin:/usr/bin:/usr/local/bin`,
      KUBECONFIG: `${this.container.workdir}/.kube/config`,
      CADET_EDIT_DIR: `${this.container.workdir}/${EDIT_DIR}`,
    };
  }

  /**
   * Proves the terminal will work before the page commits to this engine: `kubectl version
   * --client` found on the shell's PATH (the `#!` shim) and run to a zero exit. Rejects with the
   * reason otherwise, so the page falls back instead of offering a shell without kubectl.
   */
  async checkKubectl(): Promise<void> {
    let exit: number;
    try {
      const probe = await this.container.spawn('kubectl', ['version', '--client'], {
        cwd: 'workspace',
        env: this.shellEnv(),
      });
      void probe.output.pipeTo(new WritableStream()).catch(() => undefined);
      exit = await probe.exit;
    } catch (err) {
      throw new Error(`kubectl did not run in it: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (exit !== 0) throw new Error(`kubectl did not run in it (exit code ${exit})`);
  }

  /**
   * Starts `jsh` in the workspace with `kubectl` on the PATH, its kubeconfig, and `kubectl edit`
   * opening the page's editor (`CADET_EDIT_DIR`).
   */
  async shell(cols: number, rows: number): Promise<ShellSession> {
    const jsh = await this.container.spawn('jsh', [], {
      cwd: 'workspace',
      env: this.shellEnv(),
      terminal: { cols, rows },
    });
    const writer = jsh.input.getWriter();
    const listeners = new Set<(d: string) => void>();
    void jsh.output.pipeTo(new WritableStream({ write: (d) => listeners.forEach((fn) => fn(d)) }));
    return {
      write: (data) => void writer.write(data),
      onData: (fn) => void listeners.add(fn),
      resize: (c, r) => jsh.resize({ cols: c, rows: r }),
    };
  }

  override dispose(): void {
    this.watcher?.close();
    this.editWatcher?.close();
    super.dispose();
    this.container.teardown();
  }
}

/** `kubectl` in the container: Cadet's kubectl over HTTP against the engine's server. */
export const KUBECTL_SHIM = `#!/usr/bin/env node
import('../cadet.mjs').then((m) => m.kubectlMain(process.argv.slice(2)));
`;

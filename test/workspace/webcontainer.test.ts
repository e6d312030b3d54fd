/**
 * The WebContainer engine against a fake WebContainer: boot timeout and failure messages, the
 * page starting the WebContainer first and falling back to the embedded engine (boot success,
 * failure, timeout, a late boot torn down, no bundle), the file tree it mounts, the
 * request/reply transport over a pseudo-terminal (with its echo), files kept in sync both ways,
 * and `kubectl edit` in the container asking the page's editor. The fake's `node cadet.mjs
 * engine` process runs the real engine core in process.
 */
import { describe, expect, it } from 'vitest';
import {
  bootWithTimeout,
  fileTree,
  replyParser,
  WebContainerEngine,
  REPLY_MARK,
  RPC_DIR,
  KUBECTL_SHIM,
  EDIT_DIR,
  type ContainerLike,
  type ProcessLike,
  type Timers,
} from '../../src/workspace/engine/webcontainer';
import { EmbeddedEngine } from '../../src/workspace/engine/embedded';
import { startEngine } from '../../src/workspace/engine/start';
import { chooseEngine, REASONS } from '../../src/workspace/engine/choose';
import { EngineCore } from '../../src/workspace/engine/core';
import { realDeps } from '../../src/workspace/engine/deps';
import { serveCore } from '../../src/workspace/engine/serve-core';
import { readLabs } from '../../src/components/workspace/labs.node';
import { filesUnder } from '../../src/workspace/lab-meta';
import type { Reply, Request } from '../../src/workspace/engine/types';

/** Timers a test fires by hand. */
function manualTimers(): Timers & { fire(): void; pending(): number } {
  const waiting = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (fn) => (waiting.set(++next, fn), next),
    clearTimeout: (h) => void waiting.delete(h as number),
    fire() {
      const fns = [...waiting.values()];
      waiting.clear();
      fns.forEach((fn) => fn());
    },
    pending: () => waiting.size,
  };
}

describe('booting', () => {
  it('gives up after the timeout with a sentence for the learner', async () => {
    const timers = manualTimers();
    const booting = bootWithTimeout(() => new Promise<never>(() => {}), { ms: 15_000, timers });
    timers.fire();
    await expect(booting).rejects.toThrow('it did not boot within 15 s');
    await expect(
      bootWithTimeout(() => Promise.reject(new Error('Unable to create more instances'))),
    ).rejects.toThrow('it failed to boot: Unable to create more instances');
    await expect(
      bootWithTimeout(() => {
        throw new Error('WebContainer is not supported');
      }),
    ).rejects.toThrow('it failed to boot: WebContainer is not supported');
    const quick = manualTimers();
    await expect(bootWithTimeout(() => Promise.resolve(7), { timers: quick })).resolves.toBe(7);
    expect(quick.pending()).toBe(0);
  });
  it('hands a container that boots after the timeout to onLate', async () => {
    const timers = manualTimers();
    let finish!: (c: string) => void;
    const late: string[] = [];
    const booting = bootWithTimeout(() => new Promise<string>((r) => (finish = r)), {
      ms: 3000,
      timers,
      onLate: (c) => late.push(c),
    });
    timers.fire();
    await expect(booting).rejects.toThrow('it did not boot within 3 s');
    finish('container');
    await Promise.resolve();
    await Promise.resolve();
    expect(late).toEqual(['container']);
  });
});

describe('transport pieces', () => {
  it('builds the mounted tree', () => {
    expect(fileTree({ 'lab.yaml': 'a', 'starter/pod.yaml': 'b' }, 'lab')).toEqual({
      lab: {
        directory: {
          'lab.yaml': { file: { contents: 'a' } },
          starter: { directory: { 'pod.yaml': { file: { contents: 'b' } } } },
        },
      },
    });
    expect(() => fileTree({ a: 'x', 'a/b': 'y' })).toThrow('"a/b": a file is in the way');
  });
  it('reads replies out of terminal output, ignoring the echo and split chunks', () => {
    const replies: Reply[] = [];
    const feed = replyParser((r) => replies.push(r));
    feed('12\r\n');
    feed(`${REPLY_MARK}{"type":"result","id":12,`);
    feed('"value":0}\r\n3\r\n');
    expect(replies).toEqual([{ type: 'result', id: 12, value: 0 }]);
  });
});

/**
 * A fake WebContainer: an in-memory file system whose watchers hear every write and removal
 * under their folder (as the real one's do, the page's own writes included), `node cadet.mjs
 * engine` running the real core, `kubectl` ending with the exit code asked for, and other processes
 * (jsh) that only record how they started.
 */
function fakeContainer(
  behaviour: {
    hungEngine?: boolean;
    failWrites?: string[];
    /** How `kubectl` on the shell's PATH ends: an exit code, or a spawn that fails. */
    kubectl?: number | 'not-found';
  } = {},
) {
  const files = new Map<string, string>();
  const watchers: { path: string; listener: (event: string, name: string) => void }[] = [];
  const spawned: { line: string; options?: unknown }[] = [];
  let mounted: unknown;
  let tornDown = 0;
  const core = new EngineCore(realDeps({ setInterval: () => 0, clearInterval: () => {}, now: () => 0 }));
  const notify = (path: string): void => {
    for (const w of watchers)
      if (path.startsWith(`${w.path}/`)) w.listener('change', path.slice(w.path.length + 1));
  };
  const flatten = (tree: Record<string, unknown>, prefix: string): void => {
    for (const [name, node] of Object.entries(tree) as [
      string,
      { file?: { contents: string }; directory?: Record<string, unknown> },
    ][]) {
      if (node.file) files.set(`${prefix}${name}`, node.file.contents);
      else flatten(node.directory!, `${prefix}${name}/`);
    }
  };
  const idle = (): ProcessLike => ({
    exit: new Promise(() => {}),
    input: new WritableStream<string>(),
    output: new ReadableStream<string>(),
    kill: () => {},
    resize: () => {},
  });
  const container: ContainerLike = {
    workdir: '/home/cadet',
    async mount(tree) {
      mounted = tree;
      flatten(tree, '');
    },
    async spawn(command, args, options) {
      spawned.push({ line: [command, ...args].join(' '), ...(options ? { options } : {}) });
      if (command === 'kubectl') {
        if (behaviour.kubectl === 'not-found') throw new Error('Command failed: kubectl not found');
        return { ...idle(), exit: Promise.resolve(behaviour.kubectl ?? 0) };
      }
      if (command !== 'node' || behaviour.hungEngine) return idle();
      let emit!: (chunk: string) => void;
      const output = new ReadableStream<string>({ start: (c) => void (emit = (chunk) => c.enqueue(chunk)) });
      const listeners: ((e: { data: Request }) => void)[] = [];
      serveCore(
        core,
        {
          postMessage: (m) => emit(`${REPLY_MARK}${JSON.stringify(m)}\r\n`),
          addEventListener: (_t, fn) => void listeners.push(fn),
        },
        { setTimeout: (fn) => void queueMicrotask(fn) },
      );
      const input = new WritableStream<string>({
        write(chunk) {
          emit(chunk.replace(/\n/g, '\r\n')); // the pseudo-terminal echoes what it is sent
          const id = chunk.trim();
          const request = JSON.parse(files.get(`${RPC_DIR}/${id}.json`)!) as Request;
          listeners.forEach((fn) => fn({ data: request }));
        },
      });
      const process: ProcessLike = { ...idle(), input, output };
      return process;
    },
    fs: {
      writeFile: async (path, data) => {
        if (behaviour.failWrites?.includes(path)) throw new Error(`EIO: ${path}`);
        files.set(path, data);
        notify(path);
      },
      readFile: async (path) => {
        const text = files.get(path);
        if (text === undefined) throw new Error(`ENOENT: ${path}`);
        return text;
      },
      rm: async (path) => {
        files.delete(path);
        notify(path);
      },
      mkdir: async () => undefined,
      watch: (path, _options, listener) => {
        const w = { path, listener: listener as (event: string, name: string) => void };
        watchers.push(w);
        return { close: () => void watchers.splice(watchers.indexOf(w), 1) };
      },
    },
    teardown: () => {
      tornDown++;
      core.dispose();
    },
  };
  return {
    container,
    files,
    spawned,
    mounted: () => mounted,
    tornDown: () => tornDown,
    watching: () => watchers.map((w) => w.path),
    /** A process in the container wrote (or, with undefined, removed) a file. */
    touch(path: string, text: string | undefined) {
      if (text === undefined) files.delete(path);
      else files.set(path, text);
      notify(path);
    },
  };
}

/** An embedded engine whose "worker" is the real core in this process. */
function inProcessEmbedded(): EmbeddedEngine {
  const toPage = new Set<(e: { data: Reply }) => void>();
  const toWorker = new Set<(e: { data: Request }) => void>();
  const core = new EngineCore(realDeps({ setInterval: () => 0, clearInterval: () => {}, now: () => 0 }));
  serveCore(
    core,
    {
      postMessage: (m) => queueMicrotask(() => toPage.forEach((fn) => fn({ data: structuredClone(m) }))),
      addEventListener: (_t, fn) => void toWorker.add(fn),
    },
    { setTimeout: (fn) => void queueMicrotask(fn) },
  );
  return new EmbeddedEngine({
    postMessage: (m) => queueMicrotask(() => toWorker.forEach((fn) => fn({ data: structuredClone(m) }))),
    addEventListener: (_t, fn) => void toPage.add(fn),
    terminate: () => core.dispose(),
  });
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the WebContainer engine over a fake container', () => {
  it('mounts the bundle and lab, runs commands through the engine process, and syncs files both ways', async () => {
    const lab = readLabs().find((l) => l.slug === 'repair-the-primers-pod')!;
    const bundle = { slug: lab.slug, files: lab.files };
    const starter = filesUnder(lab.files, 'starter');
    const fake = fakeContainer();
    const engine = await WebContainerEngine.create(fake.container, '// the bundle', bundle, starter);
    expect(engine.kind).toBe('webcontainer');
    expect(fake.spawned).toEqual([{ line: 'node cadet.mjs engine' }]);
    expect(fake.files.get('cadet.mjs')).toBe('// the bundle');
    expect(fake.files.get('bin/kubectl')).toBe(KUBECTL_SHIM);
    expect(fake.files.get('lab/lab.yaml')).toBe(lab.files['lab.yaml']);
    expect(fake.files.get('workspace/pod.yaml')).toBe(starter['pod.yaml']);

    const info = await engine.start(bundle, { files: starter });
    expect(info.title).toBe("Repair the primer's Pod");
    let out = '';
    expect(
      await engine.run('kubectl get nodes -o name', { out: (c) => (out += c), err: (c) => (out += c) }).done,
    ).toBe(0);
    expect(out).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');

    // Editor -> container.
    engine.setFiles({ 'pod.yaml': 'kind: Pod\n', 'extra/svc.yaml': 'kind: Service\n' });
    await settle();
    expect(fake.files.get('workspace/pod.yaml')).toBe('kind: Pod\n');
    expect(fake.files.get('workspace/extra/svc.yaml')).toBe('kind: Service\n');
    engine.setFiles({ 'pod.yaml': 'kind: Pod\n' });
    await settle();
    expect(fake.files.has('workspace/extra/svc.yaml')).toBe(false);

    // Container -> editor (jsh wrote a file); a write of what the editor already has is not echoed back.
    const changes: [string, string | undefined][] = [];
    engine.onFileChange((path, text) => changes.push([path, text]));
    fake.touch('workspace/notes.txt', 'hello\n');
    fake.touch('workspace/pod.yaml', 'kind: Pod\n');
    fake.touch('workspace/.hidden', 'x');
    await settle();
    expect(changes).toEqual([['notes.txt', 'hello\n']]);
    fake.touch('workspace/notes.txt', undefined);
    await settle();
    expect(changes[1]).toEqual(['notes.txt', undefined]);
    engine.dispose();
  });
});

describe('requests the container does not take', () => {
  it('are answered with an error, and the next request still goes', async () => {
    const lab = readLabs().find((l) => l.slug === 'repair-the-primers-pod')!;
    const bundle = { slug: lab.slug, files: lab.files };
    const starter = filesUnder(lab.files, 'starter');
    const fake = fakeContainer({ failWrites: [`${RPC_DIR}/2.json`] });
    const engine = await WebContainerEngine.create(fake.container, '// the bundle', bundle, starter);
    await engine.start(bundle, { files: starter }); // request 1
    await expect(engine.check()).rejects.toThrow(
      'the WebContainer did not take the request: EIO: .cadet-rpc/2.json',
    );
    expect(await engine.complete('kubectl get no')).toContain('nodes');
    engine.dispose();
  });
});

describe('the page starts the WebContainer first and falls back to the embedded engine', () => {
  const lab = readLabs().find((l) => l.slug === 'repair-the-primers-pod')!;
  const bundle = { slug: lab.slug, files: lab.files };
  const starter = filesUnder(lab.files, 'starter');
  const choice = chooseEngine({ isolated: true, online: true, supported: true });

  async function nodes(engine: { run: EmbeddedEngine['run'] }): Promise<string> {
    let out = '';
    await engine.run('kubectl get nodes -o name', { out: (c) => (out += c), err: (c) => (out += c) }).done;
    return out;
  }

  it('runs the lab in the WebContainer when it boots', async () => {
    expect(choice.kind).toBe('webcontainer');
    const fake = fakeContainer();
    const started = await startEngine(
      choice,
      bundle,
      { files: starter },
      {
        boot: async () => fake.container,
        bundle: async () => '// the bundle',
        embedded: () => {
          throw new Error('the embedded engine was not needed');
        },
        bootTimeoutMs: 15_000,
        timers: manualTimers(),
      },
    );
    expect(started.engine.kind).toBe('webcontainer');
    expect(started.reason).toBe(REASONS.webcontainer);
    expect(started.failed).toBeUndefined();
    expect(fake.spawned.map((p) => p.line)).toEqual(['node cadet.mjs engine', 'kubectl version --client']);
    expect(fake.files.get('cadet.mjs')).toBe('// the bundle');
    expect(await nodes(started.engine)).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');
    started.engine.dispose();
  });

  it('falls back when the boot fails, and says why', async () => {
    const started = await startEngine(
      choice,
      bundle,
      { files: starter },
      {
        boot: () => Promise.reject(new Error('Unable to create more instances')),
        bundle: async () => '// the bundle',
        embedded: inProcessEmbedded,
        bootTimeoutMs: 15_000,
        timers: manualTimers(),
      },
    );
    expect(started.engine.kind).toBe('embedded');
    expect(started.reason).toBe(
      'Embedded engine: the WebContainer did not start (it failed to boot: Unable to create more instances).',
    );
    expect(started.failed).toBe('it failed to boot: Unable to create more instances');
    expect(await nodes(started.engine)).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');
    started.engine.dispose();
  });

  it('falls back when the boot times out, and tears down a container that boots too late', async () => {
    const timers = manualTimers();
    const fake = fakeContainer();
    let finishBoot!: (c: ContainerLike) => void;
    const starting = startEngine(
      choice,
      bundle,
      { files: starter },
      {
        boot: () => new Promise<ContainerLike>((r) => (finishBoot = r)),
        bundle: async () => '// the bundle',
        embedded: inProcessEmbedded,
        bootTimeoutMs: 4000,
        timers,
      },
    );
    expect(timers.pending()).toBe(1);
    timers.fire();
    const started = await starting;
    expect(started.engine.kind).toBe('embedded');
    expect(started.reason).toBe(
      'Embedded engine: the WebContainer did not start (it did not boot within 4 s).',
    );
    expect(await nodes(started.engine)).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');
    finishBoot(fake.container);
    await settle();
    expect(fake.tornDown()).toBe(1);
    expect(fake.spawned).toEqual([]);
    started.engine.dispose();
  });

  it('falls back when the bundle is not deployed, tearing the booted container down', async () => {
    const fake = fakeContainer();
    const started = await startEngine(
      choice,
      bundle,
      { files: starter },
      {
        boot: async () => fake.container,
        bundle: () =>
          Promise.reject(
            new Error('its bundle is not deployed: /webcontainer/dist/cadet.mjs answered HTTP 404'),
          ),
        embedded: inProcessEmbedded,
        bootTimeoutMs: 15_000,
        timers: manualTimers(),
      },
    );
    expect(started.reason).toBe(
      'Embedded engine: the WebContainer did not start (its bundle is not deployed: /webcontainer/dist/cadet.mjs answered HTTP 404).',
    );
    expect(fake.tornDown()).toBe(1);
    started.engine.dispose();
  });

  it('falls back when the lab does not start in the container in time, tearing it down', async () => {
    const timers = manualTimers();
    const fake = fakeContainer({ hungEngine: true });
    const starting = startEngine(
      choice,
      bundle,
      { files: starter },
      {
        boot: async () => fake.container,
        bundle: async () => '// the bundle',
        embedded: inProcessEmbedded,
        bootTimeoutMs: 15_000,
        timers,
      },
    );
    // Booted (its timer cleared), the engine process spawned, and the lab's start timed.
    await expect.poll(() => [fake.spawned.length, timers.pending()]).toEqual([1, 1]);
    timers.fire();
    const started = await starting;
    expect(started.reason).toBe(
      'Embedded engine: the WebContainer did not start (the lab did not start in it within 15 s).',
    );
    expect(fake.tornDown()).toBe(1);
    expect(await nodes(started.engine)).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');
    started.engine.dispose();
  });

  for (const [kubectl, why] of [
    [127, 'kubectl did not run in it (exit code 127)'],
    ['not-found', 'kubectl did not run in it: Command failed: kubectl not found'],
  ] as const)
    it(`falls back when kubectl does not run in the container's shell (${kubectl})`, async () => {
      const fake = fakeContainer({ kubectl });
      const started = await startEngine(
        choice,
        bundle,
        { files: starter },
        {
          boot: async () => fake.container,
          bundle: async () => '// the bundle',
          embedded: inProcessEmbedded,
          bootTimeoutMs: 15_000,
          timers: manualTimers(),
        },
      );
      // The probe ran as jsh's commands run: in the workspace, with the shell's PATH.
      expect(fake.spawned[1]).toEqual({
        line: 'kubectl version --client',
        options: {
          cwd: 'workspace',
          env: {
            PATH: '/home/cadet/bin:/bin:/usr/bin:/usr/local/bin',
            KUBECONFIG: '/home/cadet/.kube/config',
            CADET_EDIT_DIR: '/home/cadet/.cadet-edit',
          },
        },
      });
      expect(started.engine.kind).toBe('embedded');
      expect(started.reason).toBe(`Embedded engine: the WebContainer did not start (${why}).`);
      expect(started.failed).toBe(why);
      expect(fake.tornDown()).toBe(1);
      expect(await nodes(started.engine)).toBe('node/cp-1\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');
      started.engine.dispose();
    });

  it('starts the embedded engine straight away when it was chosen', async () => {
    const embeddedChoice = chooseEngine({ isolated: false, online: true, supported: true });
    const started = await startEngine(
      embeddedChoice,
      bundle,
      { files: starter },
      {
        boot: () => Promise.reject(new Error('no boot was expected')),
        bundle: () => Promise.reject(new Error('no bundle was expected')),
        embedded: inProcessEmbedded,
        bootTimeoutMs: 15_000,
      },
    );
    expect(started).toMatchObject({ reason: REASONS.notIsolated });
    expect(started.engine.kind).toBe('embedded');
    expect(started.failed).toBeUndefined();
    started.engine.dispose();
  });
});

describe('kubectl edit in the container opens the page editor', () => {
  const lab = readLabs().find((l) => l.slug === 'repair-the-primers-pod')!;
  const bundle = { slug: lab.slug, files: lab.files };
  const starter = filesUnder(lab.files, 'starter');

  it('gives jsh kubectl, its kubeconfig and the edit folder', async () => {
    const fake = fakeContainer();
    const engine = await WebContainerEngine.create(fake.container, '// the bundle', bundle, starter);
    await engine.shell(80, 24);
    expect(fake.spawned[1]).toEqual({
      line: 'jsh',
      options: {
        cwd: 'workspace',
        env: {
          PATH: '/home/cadet/bin:/bin:/usr/bin:/usr/local/bin',
          KUBECONFIG: '/home/cadet/.kube/config',
          CADET_EDIT_DIR: '/home/cadet/.cadet-edit',
        },
        terminal: { cols: 80, rows: 24 },
      },
    });
    expect(fake.watching()).toEqual(['workspace', EDIT_DIR]);
    engine.dispose();
    expect(fake.watching()).toEqual([]);
  });

  it('answers a request with the saved text, closes the tab of a withdrawn one, and cancels without an editor', async () => {
    const fake = fakeContainer();
    const engine = await WebContainerEngine.create(fake.container, '// the bundle', bundle, starter);
    // Without an editor (none registered), kubectl hears a cancel.
    fake.touch(`${EDIT_DIR}/7-1.json`, JSON.stringify({ fileName: 'kubectl-edit-pods-a.yaml', text: 'a' }));
    await settle();
    expect(fake.files.get(`${EDIT_DIR}/7-1.answer`)).toBe('{"text":null}');

    const opened: [string, string][] = [];
    const answers: ((text: string | null) => void)[] = [];
    let ended = 0;
    engine.onEdit({
      edit: (text, fileName) => {
        opened.push([fileName, text]);
        return new Promise((resolve) => answers.push(resolve));
      },
      end: () => {
        ended++;
        answers.at(-1)?.(null); // the page's cancelEdit resolves the tab with null
      },
    });
    // The rename that makes the request appears, then a change event for it: one tab.
    fake.touch(`${EDIT_DIR}/7-2.tmp`, '{"fileName":');
    fake.touch(
      `${EDIT_DIR}/7-2.json`,
      JSON.stringify({ fileName: 'kubectl-edit-pods-b.yaml', text: 'kind: Pod\n' }),
    );
    fake.touch(
      `${EDIT_DIR}/7-2.json`,
      JSON.stringify({ fileName: 'kubectl-edit-pods-b.yaml', text: 'kind: Pod\n' }),
    );
    await settle();
    expect(opened).toEqual([['kubectl-edit-pods-b.yaml', 'kind: Pod\n']]);
    answers[0]!('kind: Pod # saved\n');
    await settle();
    expect(JSON.parse(fake.files.get(`${EDIT_DIR}/7-2.answer`)!)).toEqual({ text: 'kind: Pod # saved\n' });
    // A late event for the answered request (kubectl has not removed it yet) opens no second tab;
    // kubectl takes the answer and cleans up: no tab re-opens, nothing is closed.
    fake.touch(`${EDIT_DIR}/7-2.json`, fake.files.get(`${EDIT_DIR}/7-2.json`));
    await settle();
    fake.touch(`${EDIT_DIR}/7-2.json`, undefined);
    fake.touch(`${EDIT_DIR}/7-2.answer`, undefined);
    await settle();
    expect(opened.length).toBe(1);
    expect(ended).toBe(0);

    // Ctrl-C in jsh: kubectl withdraws its request; the tab closes and no answer is written.
    fake.touch(`${EDIT_DIR}/7-3.json`, JSON.stringify({ fileName: 'kubectl-edit-pods-c.yaml', text: 'c' }));
    await settle();
    expect(opened.length).toBe(2);
    fake.touch(`${EDIT_DIR}/7-3.json`, undefined);
    await settle();
    expect(ended).toBe(1);
    expect(fake.files.has(`${EDIT_DIR}/7-3.answer`)).toBe(false);
    engine.dispose();
  });
});

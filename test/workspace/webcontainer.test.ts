/**
 * The WebContainer engine against a fake WebContainer: boot timeout and failure messages, the
 * file tree it mounts, the request/reply transport over a pseudo-terminal (with its echo), and
 * files kept in sync both ways. The fake's `node cadet.mjs engine` process runs the real engine
 * core in process.
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
  type ContainerLike,
  type ProcessLike,
} from '../../src/workspace/engine/webcontainer';
import { EngineCore } from '../../src/workspace/engine/core';
import { realDeps } from '../../src/workspace/engine/deps';
import { serveCore } from '../../src/workspace/engine/serve-core';
import { readLabs } from '../../src/components/workspace/labs.node';
import { filesUnder } from '../../src/workspace/lab-meta';
import type { Reply, Request } from '../../src/workspace/engine/types';

describe('booting', () => {
  it('gives up after the timeout with a sentence for the learner', async () => {
    let fire: (() => void) | undefined;
    const timers = { setTimeout: (fn: () => void) => (fire = fn), clearTimeout: () => {} };
    const booting = bootWithTimeout(() => new Promise<never>(() => {}), 15_000, timers);
    fire!();
    await expect(booting).rejects.toThrow('it did not boot within 15 s');
    await expect(
      bootWithTimeout(() => Promise.reject(new Error('Unable to create more instances'))),
    ).rejects.toThrow('it failed to boot: Unable to create more instances');
    await expect(bootWithTimeout(() => Promise.resolve(7))).resolves.toBe(7);
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

/** A fake WebContainer: an in-memory file system, and `node cadet.mjs engine` running the real core. */
function fakeContainer() {
  const files = new Map<string, string>();
  const watchers: ((event: string, name: string) => void)[] = [];
  const spawned: string[] = [];
  let mounted: unknown;
  const core = new EngineCore(realDeps({ setInterval: () => 0, clearInterval: () => {}, now: () => 0 }));
  const flatten = (tree: Record<string, unknown>, prefix: string): void => {
    for (const [name, node] of Object.entries(tree) as [
      string,
      { file?: { contents: string }; directory?: Record<string, unknown> },
    ][]) {
      if (node.file) files.set(`${prefix}${name}`, node.file.contents);
      else flatten(node.directory!, `${prefix}${name}/`);
    }
  };
  const container: ContainerLike = {
    workdir: '/home/cadet',
    async mount(tree) {
      mounted = tree;
      flatten(tree, '');
    },
    async spawn(command, args) {
      spawned.push([command, ...args].join(' '));
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
      const process: ProcessLike = {
        exit: new Promise(() => {}),
        input,
        output,
        kill: () => {},
        resize: () => {},
      };
      return process;
    },
    fs: {
      writeFile: async (path, data) => void files.set(path, data),
      readFile: async (path) => {
        const text = files.get(path);
        if (text === undefined) throw new Error(`ENOENT: ${path}`);
        return text;
      },
      rm: async (path) => void files.delete(path),
      mkdir: async () => undefined,
      watch: (_path, _options, listener) => {
        watchers.push(listener as (event: string, name: string) => void);
        return { close: () => {} };
      },
    },
    teardown: () => core.dispose(),
  };
  return {
    container,
    files,
    spawned,
    mounted: () => mounted,
    /** A process in the container changed a workspace file. */
    touch(path: string, text: string | undefined) {
      if (text === undefined) files.delete(`workspace/${path}`);
      else files.set(`workspace/${path}`, text);
      watchers.forEach((fn) => fn('change', path));
    },
  };
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
    expect(fake.spawned).toEqual(['node cadet.mjs engine']);
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
    fake.touch('notes.txt', 'hello\n');
    fake.touch('pod.yaml', 'kind: Pod\n');
    fake.touch('.hidden', 'x');
    await settle();
    expect(changes).toEqual([['notes.txt', 'hello\n']]);
    fake.touch('notes.txt', undefined);
    await settle();
    expect(changes[1]).toEqual(['notes.txt', undefined]);
    engine.dispose();
  });
});

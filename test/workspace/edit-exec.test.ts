/**
 * `kubectl edit` and `kubectl exec` in the embedded engine, with the real cluster and kubectl,
 * through the page/worker protocol (a fake port carrying structured clones, as a Worker does):
 * the edit round trip through a fake page editor, cancel (button and Ctrl-C), the error re-open
 * with kubectl's comment header, exec output, and a live `exec -it -- sh` session.
 */
import { describe, expect, it } from 'vitest';
import { EngineCore } from '../../src/workspace/engine/core';
import { realDeps } from '../../src/workspace/engine/deps';
import { serveCore, type Port } from '../../src/workspace/engine/serve-core';
import { EmbeddedEngine, type WorkerLike } from '../../src/workspace/engine/embedded';
import { InputQueue } from '../../src/workspace/engine/input';
import { filesUnder } from '../../src/workspace/lab-meta';
import { readLabs } from '../../src/components/workspace/labs.node';
import type { LabBundle, Reply, Request, RunIO } from '../../src/workspace/engine/types';

function timers() {
  let now = 0;
  const intervals = new Map<number, () => void>();
  let next = 1;
  return {
    timers: {
      setInterval: (fn: () => void) => {
        intervals.set(next, fn);
        return next++;
      },
      clearInterval: (h: unknown) => void intervals.delete(h as number),
      now: () => now,
    },
    serveTimers: { setTimeout: () => undefined },
    tick(n: number) {
      for (let i = 0; i < n; i++) {
        now += 100;
        for (const fn of [...intervals.values()]) fn();
      }
    },
  };
}

/** The Service lab: its setup runs Deployment `web` (3 replicas of cadet/hello on 8080). */
function serviceLab(): LabBundle {
  const found = readLabs().find((l) => l.slug === 'expose-it-with-a-service');
  if (!found) throw new Error('no lab expose-it-with-a-service');
  return { slug: found.slug, files: found.files };
}

async function setup() {
  const t = timers();
  const toPage = new Set<(e: { data: Reply }) => void>();
  const toWorker = new Set<(e: { data: Request }) => void>();
  const port: Port = {
    postMessage: (m) => queueMicrotask(() => toPage.forEach((fn) => fn({ data: structuredClone(m) }))),
    addEventListener: (_t, fn) => void toWorker.add(fn),
  };
  const worker: WorkerLike = {
    postMessage: (m) => queueMicrotask(() => toWorker.forEach((fn) => fn({ data: structuredClone(m) }))),
    addEventListener: (_t, fn) => void toPage.add(fn),
  };
  const core = new EngineCore(realDeps(t.timers));
  serveCore(core, port, t.serveTimers);
  const engine = new EmbeddedEngine(worker);
  const bundle = serviceLab();
  await engine.start(bundle, { files: filesUnder(bundle.files, 'starter'), speed: 10 });
  t.tick(300); // 300 s of cluster time: the setup Deployment's pods run
  return { t, core, engine };
}

/** Output collected from a run. */
function collect(extra: Partial<RunIO> = {}) {
  const text = { out: '', err: '' };
  const io: RunIO = { out: (c) => (text.out += c), err: (c) => (text.err += c), ...extra };
  return { text, io };
}

const until = async (cond: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('kubectl edit in the embedded engine', () => {
  it('round-trips the object through the page editor and applies the change', async () => {
    const { core, engine } = await setup();
    const opened: { text: string; fileName: string }[] = [];
    const { text, io } = collect({
      edit: async (yaml, fileName) => {
        opened.push({ text: yaml, fileName });
        return yaml.replace(/^ {2}replicas: 3$/m, '  replicas: 5');
      },
    });
    const code = await engine.run('kubectl edit deployment/web', io).done;
    expect(text.err).toBe('');
    expect(code).toBe(0);
    expect(text.out).toBe('deployment.apps/web edited\n');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.fileName).toBe('/tmp/kubectl-edit-deployments-web.yaml');
    expect(opened[0]!.text.startsWith('# Please edit the object below.')).toBe(true);
    expect(opened[0]!.text).toMatch(/^ {2}replicas: 3$/m);
    const after = collect();
    await engine.run('kubectl get deployment web -o jsonpath={.spec.replicas}', after.io).done;
    expect(after.text.out).toBe('5');
    core.dispose();
  });

  it('says the edit was cancelled when the page cancels, and when Ctrl-C interrupts it', async () => {
    const { core, engine } = await setup();
    const cancelled = collect({ edit: async () => null });
    expect(await engine.run('kubectl edit deploy web', cancelled.io).done).toBe(0);
    expect(cancelled.text.err).toBe('Edit cancelled, no changes made.\n');

    let opened = false;
    const interrupted = collect({
      edit: () => {
        opened = true;
        return new Promise<string | null>(() => undefined); // the learner never saves
      },
    });
    const handle = engine.run('kubectl edit deployment/web', interrupted.io);
    await until(() => opened, 'the editor to open');
    handle.abort();
    expect(await handle.done).toBe(0);
    expect(interrupted.text.err).toBe('Edit cancelled, no changes made.\n');
    const after = collect();
    await engine.run('kubectl get deployment web -o jsonpath={.spec.replicas}', after.io).done;
    expect(after.text.out).toBe('3');
    core.dispose();
  });

  it('re-opens an invalid edit with the server error as comments, then applies the fix', async () => {
    const { core, engine } = await setup();
    const opened: string[] = [];
    const { text, io } = collect({
      edit: async (yaml) => {
        opened.push(yaml);
        if (opened.length === 1) return yaml.replace(/^ {2}replicas: 3$/m, '  replicas: -1');
        return yaml.replace(/^ {2}replicas: -1$/m, '  replicas: 2');
      },
    });
    expect(await engine.run('kubectl edit deployment/web', io).done).toBe(0);
    expect(opened).toHaveLength(2);
    expect(opened[1]).toContain(
      '# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n',
    );
    expect(text.out).toBe('deployment.apps/web edited\n');
    const after = collect();
    await engine.run('kubectl get deployment web -o jsonpath={.spec.replicas}', after.io).done;
    expect(after.text.out).toBe('2');
    core.dispose();
  });

  it('without an editor on the page, kubectl hears a cancel', async () => {
    const { core, engine } = await setup();
    const { text, io } = collect();
    expect(await engine.run('kubectl edit deployment/web', io).done).toBe(0);
    expect(text.err).toBe('Edit cancelled, no changes made.\n');
    core.dispose();
  });
});

describe('kubectl exec in the embedded engine', () => {
  async function webPod(engine: EmbeddedEngine): Promise<string> {
    const { text, io } = collect();
    await engine.run('kubectl get pods -l app=web -o jsonpath={.items[0].metadata.name}', io).done;
    expect(text.out).toMatch(/^web-[a-z0-9]+-[a-z0-9]+$/);
    return text.out;
  }

  it('runs commands in a pod: hostname, env, nslookup, wget, a failing command', async () => {
    const { t, core, engine } = await setup();
    const pod = await webPod(engine);
    const host = collect();
    expect(await engine.run(`kubectl exec ${pod} -- hostname`, host.io).done).toBe(0);
    expect(host.text).toEqual({ out: `${pod}\n`, err: '' });
    const env = collect();
    expect(await engine.run(`kubectl exec ${pod} -- env`, env.io).done).toBe(0);
    expect(env.text.out).toContain(`HOSTNAME=${pod}\n`);
    expect(env.text.out).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);

    // busybox has the network tools (the hello image does not)
    await engine.run('kubectl expose deployment web --port 80 --target-port 8080', collect().io).done;
    await engine.run('kubectl run box --image=busybox:1.36 -- sleep 3600', collect().io).done;
    t.tick(300);
    const dns = collect();
    expect(await engine.run('kubectl exec box -- nslookup web', dns.io).done).toBe(0);
    expect(dns.text.out).toContain('Name:\tweb.default.svc.cluster.local\n');
    const wget = collect();
    expect(await engine.run('kubectl exec box -- wget -qO- web', wget.io).done).toBe(0);
    expect(wget.text.out).toMatch(/^Hello from web-[a-z0-9]+-[a-z0-9]+ \(version 1\.0\)\n$/);

    const hostFile = collect();
    expect(await engine.run(`kubectl exec ${pod} -- cat /etc/hostname`, hostFile.io).done).toBe(0);
    expect(hostFile.text.out).toBe(`${pod}\n`);
    // A ConfigMap mounted as files.
    const files = {
      'cm-pod.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  greeting: hello from the config map
---
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: [sleep, "3600"]
      volumeMounts:
        - name: config
          mountPath: /etc/config
  volumes:
    - name: config
      configMap:
        name: settings
`,
    };
    engine.setFiles(files);
    const applied = collect();
    expect(await engine.run('kubectl apply -f cm-pod.yaml', applied.io).done).toBe(0);
    expect(applied.text.out).toBe('configmap/settings created\npod/reader created\n');
    t.tick(300);
    const config = collect();
    expect(await engine.run('kubectl exec reader -- cat /etc/config/greeting', config.io).done).toBe(0);
    expect(config.text).toEqual({ out: 'hello from the config map', err: '' });

    const missing = collect();
    const code = await engine.run(`kubectl exec ${pod} -- cat /etc/nope`, missing.io).done;
    expect(code).toBe(1);
    expect(missing.text.err).toBe(
      'cat: /etc/nope: No such file or directory\ncommand terminated with exit code 1\n',
    );
    core.dispose();
  });

  it('gives a live session to exec -it -- sh, reading the keys the page sends, ending on exit', async () => {
    const { core, engine } = await setup();
    const pod = await webPod(engine);
    const modes: { tty: boolean }[] = [];
    const { text, io } = collect({ interactive: (m) => modes.push(m) });
    const handle = engine.run(`kubectl exec -it ${pod} -- sh`, io);
    await until(() => modes.length > 0, 'the session to ask for keys');
    expect(modes).toEqual([{ tty: true }]);
    await until(() => text.out.length > 0, 'the prompt');
    handle.input!('hostname\r');
    await until(() => text.out.includes(`${pod}\r\n`), 'hostname output');
    handle.input!('exit 3\r');
    expect(await handle.done).toBe(3);
    expect(text.out).toContain(`# hostname\r\n${pod}\r\n# `);
    expect(text.err).toBe('command terminated with exit code 3\n');
    core.dispose();
  });

  it('ends a live session on Ctrl-D, and on Ctrl-C from the page (abort)', async () => {
    const { core, engine } = await setup();
    const pod = await webPod(engine);
    const modes: { tty: boolean }[] = [];
    const a = collect({ interactive: (m) => modes.push(m) });
    const first = engine.run(`kubectl exec -it ${pod} -- sh`, a.io);
    await until(() => modes.length === 1, 'the session');
    first.input!('\x04');
    expect(await first.done).toBe(0);

    const b = collect({ interactive: (m) => modes.push(m) });
    const second = engine.run(`kubectl exec -i ${pod} -- cat`, b.io);
    await until(() => modes.length === 2, 'the second session');
    expect(modes[1]).toEqual({ tty: false });
    second.input!('hello\n');
    await until(() => b.text.out === 'hello\n', 'cat to echo');
    second.abort();
    expect(await second.done).toBe(0);
    core.dispose();
  });
});

describe('InputQueue', () => {
  it('delivers chunks in order, waits for more, and ends', async () => {
    const q = new InputQueue();
    q.push('a');
    const it = q[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 'a', done: false });
    const pending = it.next();
    q.push('b');
    expect(await pending).toEqual({ value: 'b', done: false });
    q.end();
    q.push('ignored');
    expect((await it.next()).done).toBe(true);
  });
});

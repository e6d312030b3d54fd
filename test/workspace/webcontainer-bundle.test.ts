/**
 * The WebContainer bundle run by Node exactly as the container runs it: the mounted layout
 * (cadet.mjs, bin/kubectl, lab/, workspace/), `node cadet.mjs engine` answering requests from
 * `.cadet-rpc/<id>.json` + ids on stdin, the `bin/kubectl` shim talking HTTP to the engine's
 * cluster through the kubeconfig it wrote, and `kubectl edit` in the shell asking the page's
 * editor through `.cadet-edit/` (this test plays the page): saved, cancelled, and Ctrl-C.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, chmodSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWebContainerBundle } from '../../scripts/build-webcontainer';
import {
  EDIT_DIR,
  KUBECTL_SHIM,
  REPLY_MARK,
  RPC_DIR,
  replyParser,
  type EditRequest,
} from '../../src/workspace/engine/webcontainer';
import { readLabs } from '../../src/components/workspace/labs.node';
import { filesUnder } from '../../src/workspace/lab-meta';
import type { Reply, Request } from '../../src/workspace/engine/types';

const dir = mkdtempSync(join(tmpdir(), 'cadet-wc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function start(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
  const result = new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
  return { child, result };
}

/** Plays the page: waits for `kubectl edit`'s request in `.cadet-edit/` and returns it with its key. */
async function nextEditRequest(child: ChildProcess): Promise<{ key: string; request: EditRequest }> {
  for (let i = 0; i < 600; i++) {
    const name = readdirSync(join(dir, EDIT_DIR)).find((n) => n.endsWith('.json'));
    if (name) {
      const request = JSON.parse(readFileSync(join(dir, EDIT_DIR, name), 'utf8')) as EditRequest;
      return { key: name.slice(0, -'.json'.length), request };
    }
    if (child.exitCode !== null) throw new Error(`kubectl exited (${child.exitCode}) without asking`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('kubectl edit asked nothing within 15 s');
}

describe('the WebContainer bundle in Node', () => {
  it(
    "serves the protocol, kubectl in the shell reaches the same cluster over HTTP, its kubectl edit asks the page's editor, and its kubectl exec reaches the pods",
    { timeout: 120_000 },
    async () => {
      const size = await buildWebContainerBundle(join(dir, 'cadet.mjs'));
      expect(size).toBeGreaterThan(100_000);
      const lab = readLabs().find((l) => l.slug === 'repair-the-primers-pod')!;
      const solution = filesUnder(lab.files, 'solution');
      // As mounted: no file modes (the engine makes bin/kubectl executable).
      write('bin/kubectl', KUBECTL_SHIM);
      chmodSync(join(dir, 'bin/kubectl'), 0o644);
      for (const [p, t] of Object.entries(lab.files)) write(`lab/${p}`, t);
      for (const [p, t] of Object.entries(solution)) write(`workspace/${p}`, t);
      mkdirSync(join(dir, RPC_DIR), { recursive: true });

      const engine = spawn('node', ['cadet.mjs', 'engine'], { cwd: dir });
      const waiting = new Map<number, (r: Reply) => void>();
      const outputs = new Map<number, string>();
      let stderr = '';
      engine.stderr.on('data', (d) => (stderr += String(d)));
      const parse = replyParser((r) => {
        if (r.type === 'output') outputs.set(r.id, (outputs.get(r.id) ?? '') + r.chunk);
        if (r.type === 'result' || r.type === 'error') waiting.get(r.id)?.(r);
      });
      engine.stdout.on('data', (d) => parse(String(d)));
      let next = 1;
      const request = (message: Omit<Request, 'id'>): Promise<Reply> => {
        const id = next++;
        writeFileSync(join(dir, RPC_DIR, `${id}.json`), JSON.stringify({ ...message, id }));
        const answer = new Promise<Reply>((resolve) => waiting.set(id, resolve));
        engine.stdin.write(`${id}\n`);
        return answer;
      };
      try {
        const started = await request({
          type: 'start',
          lab: { slug: lab.slug, files: lab.files },
          options: { files: solution, speed: 30 },
        } as Omit<Request, 'id'>);
        expect(started).toMatchObject({ type: 'result', value: { title: "Repair the primer's Pod" } });
        expect(
          await request({ type: 'run', line: 'kubectl apply -f pod.yaml' } as Omit<Request, 'id'>),
        ).toEqual({
          type: 'result',
          id: 2,
          value: 0,
        });
        expect(outputs.get(2)).toBe('pod/greeter created\n');

        // The shell's kubectl, found on the PATH as jsh finds it (the shim, run by its #! line),
        // with jsh's environment: the kubeconfig the engine wrote, HTTP to its server.
        const shellEnv = {
          PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
          KUBECONFIG: join(dir, '.kube/config'),
          CADET_EDIT_DIR: join(dir, EDIT_DIR),
        };
        const kubectl = (...args: string[]) => start('kubectl', args, join(dir, 'workspace'), shellEnv);
        expect(
          execFileSync('sh', ['-c', 'command -v kubectl'], {
            env: { ...process.env, ...shellEnv },
          }).toString(),
        ).toBe(`${join(dir, 'bin/kubectl')}\n`);
        const shell = await kubectl('get', 'pods', '-o', 'name').result;
        expect(shell).toEqual({ code: 0, out: 'pod/greeter\n', err: '' });

        const check = (await request({ type: 'check' } as Omit<Request, 'id'>)) as {
          type: 'result';
          value: { passed: boolean };
        };
        expect(check.type).toBe('result');
        expect(check.value.passed).toBe(true);
        const bad = await request({ type: 'detail', kind: 'Pod', namespace: 'default', name: 'nope' } as Omit<
          Request,
          'id'
        >);
        expect(bad).toEqual({ type: 'error', id: 4, message: 'Pod "nope" not found' });

        // kubectl edit in the shell: the request appears in .cadet-edit/, the page answers.
        mkdirSync(join(dir, EDIT_DIR), { recursive: true });
        const saved = kubectl('edit', 'pod/greeter');
        const asked = await nextEditRequest(saved.child);
        expect(asked.request.fileName).toBe('/tmp/kubectl-edit-pods-greeter.yaml');
        expect(asked.request.text).toContain('  name: greeter\n');
        writeFileSync(
          join(dir, EDIT_DIR, `${asked.key}.answer`),
          JSON.stringify({
            text: asked.request.text.replace('app: greeter', 'app: greeter\n    tier: web'),
          }),
        );
        expect(await saved.result).toEqual({ code: 0, out: 'pod/greeter edited\n', err: '' });
        expect(readdirSync(join(dir, EDIT_DIR))).toEqual([]);
        expect(
          await kubectl('get', 'pod', 'greeter', '-o', 'jsonpath={.metadata.labels.tier}').result,
        ).toEqual({
          code: 0,
          out: 'web',
          err: '',
        });

        // Cancel in the page.
        const cancelled = kubectl('edit', 'pod/greeter');
        const second = await nextEditRequest(cancelled.child);
        writeFileSync(join(dir, EDIT_DIR, `${second.key}.answer`), JSON.stringify({ text: null }));
        expect(await cancelled.result).toEqual({
          code: 0,
          out: '',
          err: 'Edit cancelled, no changes made.\n',
        });

        // Ctrl-C in jsh: kubectl withdraws its request (the page then closes the tab).
        const interrupted = kubectl('edit', 'pod/greeter');
        await nextEditRequest(interrupted.child);
        interrupted.child.kill('SIGINT');
        expect(await interrupted.result).toEqual({
          code: 0,
          out: '',
          err: 'Edit cancelled, no changes made.\n',
        });
        expect(readdirSync(join(dir, EDIT_DIR))).toEqual([]);

        // kubectl exec in the shell: the WebSocket stream to the engine's server, into the lab's pod.
        let exec = await kubectl('exec', 'greeter', '--', 'hostname').result;
        for (let i = 0; i < 100 && exec.code !== 0; i++) {
          await new Promise((r) => setTimeout(r, 100)); // the pod is still starting
          exec = await kubectl('exec', 'greeter', '--', 'hostname').result;
        }
        expect(exec).toEqual({ code: 0, out: 'greeter\n', err: '' });
        expect(await kubectl('exec', 'nope', '--', 'hostname').result).toEqual({
          code: 1,
          out: '',
          err: 'Error from server (NotFound): pods "nope" not found\n',
        });
        expect(stderr).toBe('');
      } finally {
        engine.stdin.end();
        await new Promise((r) => engine.once('exit', r));
      }
      expect(REPLY_MARK).toBe('\x1e');
    },
  );
});

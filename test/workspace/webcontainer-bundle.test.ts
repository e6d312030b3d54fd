/**
 * The WebContainer bundle run by Node exactly as the container runs it: the mounted layout
 * (cadet.mjs, bin/kubectl, lab/, workspace/), `node cadet.mjs engine` answering requests from
 * `.cadet-rpc/<id>.json` + ids on stdin, and the `bin/kubectl` shim talking HTTP to the engine's
 * cluster through the kubeconfig it wrote.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWebContainerBundle } from '../../scripts/build-webcontainer';
import { KUBECTL_SHIM, REPLY_MARK, RPC_DIR, replyParser } from '../../src/workspace/engine/webcontainer';
import { readLabs } from '../../src/components/workspace/labs.node';
import { filesUnder } from '../../src/workspace/lab-meta';
import type { Reply, Request } from '../../src/workspace/engine/types';

const dir = mkdtempSync(join(tmpdir(), 'cadet-wc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('the WebContainer bundle in Node', () => {
  it(
    'serves the protocol, and kubectl in the shell reaches the same cluster over HTTP',
    { timeout: 120_000 },
    async () => {
      const size = await buildWebContainerBundle(join(dir, 'cadet.mjs'));
      expect(size).toBeGreaterThan(100_000);
      const lab = readLabs().find((l) => l.slug === 'repair-the-primers-pod')!;
      const solution = filesUnder(lab.files, 'solution');
      write('bin/kubectl', KUBECTL_SHIM);
      chmodSync(join(dir, 'bin/kubectl'), 0o755);
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
          options: { files: solution },
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

        // The shell's kubectl: the shim, the kubeconfig the engine wrote, HTTP to its server.
        const shell = await run(
          'node',
          [join(dir, 'bin/kubectl'), 'get', 'pods', '-o', 'name'],
          join(dir, 'workspace'),
          {
            KUBECONFIG: join(dir, '.kube/config'),
          },
        );
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
        expect(stderr).toBe('');
      } finally {
        engine.stdin.end();
        await new Promise((r) => engine.once('exit', r));
      }
      expect(REPLY_MARK).toBe('\x1e');
    },
  );
});

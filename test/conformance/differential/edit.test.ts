/**
 * Differential: `kubectl edit` with a scripted editor (KUBE_EDITOR for real kubectl, the same
 * script behind Cadet's `env.edit` hook), on two alike clusters; plus its errors through the
 * shared harness.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, runKubectl, type FetchLike, type Kubeconfig } from '../../../src/kubectl/index';
import { KubectlError } from '../../../src/kubectl/errors';
import { differential, normalizePorts, startSide, type Side } from './support/harness';

/** Runs Cadet's kubectl on `side` with an edit hook that runs `editor` on a temporary file. */
async function cadetWithEditor(side: Side, args: string[], editor: string) {
  const kubeconfig = parse(readFileSync(side.serve.kubeconfigPath, 'utf8')) as Kubeconfig;
  let stdout = '';
  let stderr = '';
  const fetchImpl = fetch as unknown as FetchLike;
  const code = await runKubectl(args, {
    transport: httpTransport(side.serve.url, fetchImpl),
    kubeconfig,
    now: () => side.clock.now(),
    out: (c) => (stdout += c),
    err: (c) => (stderr += c),
    edit: async (text) => {
      const dir = mkdtempSync(join(tmpdir(), 'cadet-edit-test-'));
      const path = join(dir, 'edit.yaml');
      writeFileSync(path, text);
      const r = spawnSync(editor, [path]);
      const out = readFileSync(path, 'utf8');
      rmSync(dir, { recursive: true, force: true });
      // what a terminal host does when the editor exits non-zero (as kubectl reports it)
      if (r.status !== 0) throw new KubectlError(`there was a problem with the editor "${editor}"`);
      return out;
    },
  });
  return { stdout, stderr, code };
}

function script(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('differential: kubectl edit with an editor', () => {
  let a: Side;
  let b: Side;
  let dir: string;
  beforeAll(async () => {
    a = await startSide();
    b = await startSide();
    dir = mkdtempSync(join(tmpdir(), 'cadet-edit-scripts-'));
    for (const side of [a, b]) await side.cadet(['create', 'deployment', 'ed', '--image=nginx']);
  });
  afterAll(async () => {
    await a.serve.stop();
    await b.serve.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, string][] = [
    ['a change is sent', 'sed -i "s/replicas: 1/replicas: 2/" "$1"'],
    ['no change', 'true'],
    ['an empty file', ': > "$1"'],
    ['an invalid change, then giving up', 'sed -i "s/replicas: .*/replicas: -5/" "$1"'],
    ['the editor fails', 'exit 1'],
  ];
  for (const [name, body] of cases)
    it(name, async () => {
      const editor = script(dir, `${name.replace(/\W+/g, '-')}.sh`, body);
      const real = await a.real(['edit', 'deployment', 'ed'], { env: { KUBE_EDITOR: editor } });
      const cadet = await cadetWithEditor(b, ['edit', 'deployment', 'ed'], editor);
      const clean = (t: string) =>
        normalizePorts(t).replace(/"\/tmp\/kubectl-edit-[^"]+"/g, '"/tmp/kubectl-edit-FILE"');
      expect({ stdout: clean(cadet.stdout), stderr: clean(cadet.stderr), code: cadet.code }).toEqual({
        stdout: clean(real.stdout),
        stderr: clean(real.stderr),
        code: real.code,
      });
    });
});

describe('differential: kubectl edit errors', () => {
  const d = differential('edit', { mode: 'pair' });
  d.sequence('errors', [['edit'], ['edit', 'deployment', 'nope'], ['edit', 'nosuchtype', 'x']]);
});

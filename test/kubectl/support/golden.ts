/**
 * Runs Cadet's kubectl in process against the describe world and compares it with what real
 * kubectl 1.32 printed for the same command against the same cluster (../describe-golden/).
 * Real kubectl takes ages from the wall clock, so Cadet's kubectl is given the capture time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { inProcessTransport, runKubectl, type KubectlEnv } from '../../../src/kubectl/index';
import '../../../src/kubectl/commands/index';
import { describeWorld, type DescribeWorld } from './describe-world';

const DIR = join(import.meta.dirname, '..', 'describe-golden');

interface GoldenCase {
  name: string;
  args: string[];
  code: number;
  stderr: string;
  /** When real kubectl ran this case (wall clock, milliseconds). */
  at: number;
}

const golden = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as {
  capturedAt: number;
  cases: GoldenCase[];
};

/** The wall-clock time real kubectl ran at (its ages are relative to it). */
export const CAPTURED_AT = golden.capturedAt;

export interface KubectlRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Cadet's kubectl in process over `world`, with `now` for ages. */
export async function cadet(
  world: DescribeWorld,
  args: string[],
  options: {
    now?: () => number;
    signal?: AbortSignal;
    out?: (s: string) => void;
    transport?: KubectlEnv['transport'];
  } = {},
): Promise<KubectlRun> {
  let stdout = '';
  let stderr = '';
  const env: KubectlEnv = {
    transport: options.transport ?? inProcessTransport(world.cluster),
    kubeconfig: {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'cadet', cluster: { server: 'http://127.0.0.1:6443' } }],
      users: [{ name: 'cadet', user: {} }],
      contexts: [{ name: 'cadet', context: { cluster: 'cadet', user: 'cadet', namespace: 'default' } }],
      'current-context': 'cadet',
    },
    now: options.now ?? (() => CAPTURED_AT),
    out: (s) => {
      stdout += s;
      options.out?.(s);
    },
    err: (s) => (stderr += s),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await runKubectl(args, env);
  return { stdout, stderr, code };
}

let shared: DescribeWorld | undefined;

/** The describe world, built once per test file. */
export function world(): DescribeWorld {
  shared ??= describeWorld();
  return shared;
}

/**
 * Cases whose line order real kubectl does not fix: it fetches the logs of several containers or
 * pods at once and prints them as they arrive (two runs gave two orders), so their lines are
 * compared as sorted multisets.
 */
const UNORDERED = new Set(['logs-all-prefix', 'logs-selector']);

function sortedLines(text: string): string[] {
  return text.split('\n').sort();
}

/** One `it` per golden case whose name matches: stdout, stderr and exit code as real kubectl printed them. */
export function goldenCases(filter: (name: string) => boolean): void {
  for (const c of golden.cases.filter((g) => filter(g.name))) {
    it(`kubectl ${c.args.join(' ')} prints what real kubectl 1.32 printed`, async () => {
      const stdout = readFileSync(join(DIR, `${c.name}.txt`), 'utf8');
      const r = await cadet(world(), c.args, { now: () => c.at });
      if (UNORDERED.has(c.name)) expect(sortedLines(r.stdout)).toEqual(sortedLines(stdout));
      else expect(r.stdout).toBe(stdout);
      expect(r.stderr).toBe(c.stderr);
      expect(r.code).toBe(c.code);
    });
  }
}

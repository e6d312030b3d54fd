/**
 * The differential harness: runs the same kubectl command line with real kubectl 1.32 and with
 * Cadet's kubectl (over the HTTP transport) against `cadet serve`, and compares stdout, stderr
 * and the exit code byte for byte.
 *
 * Two modes:
 * - `same` (read-only commands): both run against ONE served cluster, one after the other.
 * - `pair` (commands that write): two served clusters built alike (same seed, same topology,
 *   virtual clocks at the same time); real kubectl runs on A, Cadet's on B, step by step.
 *
 * Clusters run on a `VirtualClock`, so ages and pod states do not move while a case runs;
 * advance them with `h.advance(ms)` (both clusters in pair mode).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { VirtualClock, type Cluster } from '../../../../src/cluster/index';
import { createCompleteCluster } from '../../../../src/cluster/complete';
import { httpTransport, runKubectl, type FetchLike, type Kubeconfig } from '../../../../src/kubectl/index';
import { startServe, type KubectlResult, type ServeHarness } from '../../support/serve';
import { nodeKubectlEnv } from '../../../../src/hosts/kubectl';

/** Real kubectl: $KUBECTL, else the 1.32 binary behind the GKE dispatcher, else /usr/bin/kubectl. */
export const REAL_KUBECTL =
  process.env.KUBECTL ??
  (existsSync('/usr/lib/google-cloud-sdk/bin/kubectl.1.32')
    ? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32'
    : '/usr/bin/kubectl');

/** Options of one run. */
export interface RunOptions {
  stdin?: string;
  /** Files written into the served cluster's directory (the working directory of both kubectls) first. */
  files?: Record<string, string>;
  env?: Record<string, string>;
}

/** A served cluster with both kubectls bound to it. */
export interface Side {
  serve: ServeHarness;
  cluster: Cluster;
  clock: VirtualClock;
  /** Runs real kubectl (asynchronously: the server answers from this process). */
  real(args: string[], options?: RunOptions): Promise<KubectlResult>;
  /** Runs Cadet's kubectl over HTTP with the same kubeconfig, files and stdin. */
  cadet(args: string[], options?: RunOptions): Promise<KubectlResult>;
  /** Starts real kubectl; `stop()` interrupts it (SIGINT, as Ctrl-C) and resolves what it printed. */
  realUntil(args: string[]): { stop(): Promise<KubectlResult> };
  /** Starts Cadet's kubectl; `stop()` aborts its signal (as Ctrl-C) and resolves what it printed. */
  cadetUntil(args: string[]): { stop(): Promise<KubectlResult> };
}

/** Builds a served cluster on a virtual clock and binds both kubectls to it. */
export async function startSide(
  options: { seed?: number; topology?: string; settleMs?: number } = {},
): Promise<Side> {
  const clock = new VirtualClock();
  const cluster = createCompleteCluster({
    clock,
    seed: options.seed ?? 1,
    topology: options.topology ?? 'default',
  });
  clock.advance(options.settleMs ?? 60_000);
  const serve = await startServe({ cluster });
  const real = (args: string[], opts: RunOptions = {}): Promise<KubectlResult> =>
    new Promise((done, fail) => {
      const child = spawn(REAL_KUBECTL, args, {
        cwd: serve.dir,
        env: {
          ...process.env,
          KUBECONFIG: serve.kubeconfigPath,
          HOME: serve.dir,
          KUBECACHEDIR: join(serve.dir, 'cache'),
          ...opts.env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += String(d)));
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('error', fail);
      child.on('close', (code) => done({ stdout, stderr, code: code ?? -1 }));
      child.stdin.end(opts.stdin ?? '');
    });
  const realUntil = (args: string[]) => {
    const child = spawn(REAL_KUBECTL, args, {
      cwd: serve.dir,
      env: {
        ...process.env,
        KUBECONFIG: serve.kubeconfigPath,
        HOME: serve.dir,
        KUBECACHEDIR: join(serve.dir, 'cache'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const closed = new Promise<KubectlResult>((done) =>
      child.on('close', (code) => done({ stdout, stderr, code: code ?? -1 })),
    );
    child.stdin.end();
    return {
      stop() {
        child.kill('SIGINT');
        return closed;
      },
    };
  };
  const cadetUntil = (args: string[]) => {
    const abort = new AbortController();
    let stdout = '';
    let stderr = '';
    const fetchImpl = fetch as unknown as FetchLike;
    const running = runKubectl(args, {
      transport: httpTransport(serve.url, fetchImpl),
      kubeconfig: (parse(readFileSync(serve.kubeconfigPath, 'utf8')) as Kubeconfig) ?? {},
      now: () => clock.now(),
      out: (c) => (stdout += c),
      err: (c) => (stderr += c),
      signal: abort.signal,
    });
    return {
      async stop() {
        abort.abort();
        const code = await running;
        return { stdout, stderr, code };
      },
    };
  };
  const cadet = async (args: string[], opts: RunOptions = {}): Promise<KubectlResult> => {
    // the same Node host `cadet kubectl` uses: kubeconfig lookup, files, HTTP
    let stdout = '';
    let stderr = '';
    const env = nodeKubectlEnv(args, {
      cwd: serve.dir,
      vars: {
        KUBECONFIG: serve.kubeconfigPath,
        HOME: serve.dir,
        KUBECACHEDIR: join(serve.dir, 'cache'),
        ...opts.env,
      },
      out: (c) => (stdout += c),
      err: (c) => (stderr += c),
      stdin: async () => opts.stdin ?? '',
      now: () => clock.now(),
    });
    if ('error' in env) return { stdout: '', stderr: env.error, code: 1 };
    const code = await runKubectl(args, env);
    return { stdout, stderr, code };
  };
  return { serve, cluster, clock, real, cadet, realUntil, cadetUntil };
}

/** One compared run. */
export interface Comparison {
  args: string[];
  real: KubectlResult;
  cadet: KubectlResult;
  identical: boolean;
}

/**
 * The default normalisation: the served port and the cluster's temporary directory (pair mode has
 * two of each), and the binary name kubectl prints in a few messages (`kubectl.1.32` here).
 */
export function normalizePorts(text: string): string {
  return text
    .replace(/\bkubectl\.1\.\d+\b/g, 'kubectl')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\/[^\s"']*\/cadet-conformance-[A-Za-z0-9]+/g, '<dir>');
}

/** Replaces ages (`5s`, `3m2s`, `2d4h`, `<invalid>`) with `AGE`, for cases where time moves. */
export function normalizeAges(text: string): string {
  return text.replace(/(?<=\s|^)(\d+y\d+d|\d+d\d+h|\d+h\d+m|\d+m\d+s|\d+[smhdy])(?=\s|$)/gm, 'AGE');
}

function describeDiff(c: Comparison): string {
  const part = (label: string, a: string, b: string) =>
    a === b ? '' : `--- ${label} (real kubectl)\n${a}\n+++ ${label} (Cadet)\n${b}\n`;
  return (
    `kubectl ${c.args.join(' ')}\n` +
    part('stdout', c.real.stdout, c.cadet.stdout) +
    part('stderr', c.real.stderr, c.cadet.stderr) +
    (c.real.code === c.cadet.code ? '' : `exit code: real ${c.real.code}, Cadet ${c.cadet.code}\n`)
  );
}

const WATCH_START_MS = 2000;
const WATCH_SETTLE_MS = 1000;

/** Waits real milliseconds (watch cases need both kubectls to be listening). */
export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Per-command counts, printed after each case file and collected in $TMPDIR/cadet-differential/. */
const counts = new Map<string, { identical: number; different: number }>();

function record(command: string, identical: boolean): void {
  const c = counts.get(command) ?? { identical: 0, different: 0 };
  if (identical) c.identical++;
  else c.different++;
  counts.set(command, c);
}

/** The summary lines (`differential get: 20 identical, 1 different`). */
export function summaryLines(): string[] {
  return [...counts].map(
    ([cmd, c]) => `differential ${cmd}: ${c.identical} identical, ${c.different} different`,
  );
}

// once per case file (this module is loaded afresh for each test file): the summary lines
if (process.env.VITEST)
  afterAll(() => {
    for (const line of summaryLines()) console.log(line);
    writeSummary();
  });

function writeSummary(): void {
  const dir = join(tmpdir(), 'cadet-differential');
  mkdirSync(dir, { recursive: true });
  for (const [cmd, c] of counts) writeFileSync(join(dir, `${cmd}.json`), JSON.stringify(c));
}

/** Options of a differential case. */
export interface CaseOptions extends RunOptions {
  /** Normalises both outputs before comparing (default: ports only). */
  normalize?: (text: string) => string;
  /** Runs before the case (on each side in pair mode). */
  setup?: (side: Side) => Promise<void> | void;
}

/** A case file's handle: defines `it` blocks that compare the two kubectls. */
export interface Differential {
  /** The served cluster (same mode) or cluster A (pair mode). */
  readonly side: Side;
  /** Pair mode only: cluster B, where Cadet's kubectl runs. */
  readonly other: Side | undefined;
  /** Compares one read-only command line on the shared cluster. */
  same(args: string[], options?: CaseOptions & { name?: string }): void;
  /** Pair mode: runs each step with real kubectl on A and Cadet's on B, comparing every step. */
  sequence(
    name: string,
    steps: (string[] | { args: string[]; options?: CaseOptions })[],
    options?: CaseOptions,
  ): void;
  /** Moves virtual time on every cluster. */
  advance(ms: number): void;
  /**
   * Pair mode: a command that runs until Ctrl-C (`get -w`, `logs -f`). Two fresh alike clusters
   * are built for the case (and set up); both kubectls start, `script(side)` changes each cluster
   * alike while they run, then both are interrupted; stdout and stderr are compared (not the exit
   * code: real kubectl dies of SIGINT).
   */
  watch(name: string, args: string[], script: (side: Side) => Promise<void>, options?: CaseOptions): void;
}

/**
 * Declares a differential case file for `command` (the name in the summary). `mode: 'pair'`
 * starts two alike clusters for commands that change state.
 */
export function differential(
  command: string,
  options: {
    mode?: 'same' | 'pair';
    seed?: number;
    topology?: string;
    settleMs?: number;
    setup?: (side: Side) => Promise<void> | void;
  } = {},
): Differential {
  let a: Side | undefined;
  let b: Side | undefined;
  beforeAll(async () => {
    a = await startSide(options);
    if (options.mode === 'pair') b = await startSide(options);
    await options.setup?.(a);
    if (b) await options.setup?.(b);
  });
  afterAll(async () => {
    await a?.serve.stop();
    await b?.serve.stop();
  });
  const compare = async (args: string[], real: Side, cadet: Side, opts: CaseOptions = {}) => {
    const norm = (r: KubectlResult): KubectlResult => {
      const n = opts.normalize ?? normalizePorts;
      return { stdout: n(r.stdout), stderr: n(r.stderr), code: r.code };
    };
    for (const side of new Set([real, cadet]))
      for (const [name, content] of Object.entries(opts.files ?? {})) side.serve.file(name, content);
    const r = norm(await real.real(args, opts));
    const c = norm(await cadet.cadet(args, opts));
    const result: Comparison = {
      args,
      real: r,
      cadet: c,
      identical: r.stdout === c.stdout && r.stderr === c.stderr && r.code === c.code,
    };
    record(command, result.identical);
    return result;
  };
  return {
    get side() {
      if (!a) throw new Error('differential: the cluster starts in beforeAll');
      return a;
    },
    get other() {
      return b;
    },
    same(args, opts = {}) {
      it(opts.name ?? `kubectl ${args.join(' ')}`, async () => {
        await opts.setup?.(a!);
        const result = await compare(args, a!, a!, opts);
        expect(result.identical, describeDiff(result)).toBe(true);
      });
    },
    sequence(name, steps, opts = {}) {
      it(name, async () => {
        if (!b) throw new Error(`differential("${command}"): sequence() needs { mode: 'pair' }`);
        await opts.setup?.(a!);
        await opts.setup?.(b);
        const diffs: string[] = [];
        for (const step of steps) {
          const s = Array.isArray(step) ? { args: step, options: {} } : { options: {}, ...step };
          const result = await compare(s.args, a!, b, { ...opts, ...s.options });
          if (!result.identical) diffs.push(describeDiff(result));
        }
        expect(diffs.length, diffs.join('\n')).toBe(0);
      });
    },
    advance(ms) {
      a?.clock.advance(ms);
      b?.clock.advance(ms);
    },
    watch(name, args, script, opts = {}) {
      it(name, async () => {
        if (options.mode !== 'pair')
          throw new Error(`differential("${command}"): watch() needs { mode: 'pair' }`);
        // fresh alike clusters for each watch case: the script changes them
        const sideA = await startSide(options);
        const sideB = await startSide(options);
        let r: KubectlResult;
        let c: KubectlResult;
        try {
          for (const side of [sideA, sideB]) {
            await options.setup?.(side);
            await opts.setup?.(side);
          }
          const real = sideA.realUntil(args);
          const cadet = sideB.cadetUntil(args);
          await sleep(WATCH_START_MS); // real kubectl starts, discovers and lists
          await Promise.all([script(sideA), script(sideB)]);
          await sleep(WATCH_SETTLE_MS);
          r = await real.stop();
          c = await cadet.stop();
        } finally {
          await sideA.serve.stop();
          await sideB.serve.stop();
        }
        const n = opts.normalize ?? normalizePorts;
        const result: Comparison = {
          args,
          real: { stdout: n(r.stdout), stderr: n(r.stderr), code: 0 },
          cadet: { stdout: n(c.stdout), stderr: n(c.stderr), code: 0 },
          identical: false,
        };
        result.identical =
          result.real.stdout === result.cadet.stdout && result.real.stderr === result.cadet.stderr;
        record(command, result.identical);
        expect(result.identical, describeDiff(result)).toBe(true);
      });
    },
  };
}

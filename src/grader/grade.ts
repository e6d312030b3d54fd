/**
 * `grade(lab, reader, options)`: evaluates every check of every task against a cluster and
 * returns the report as data. Checks run in lab order, except that `after` checks (which shake
 * the cluster) run once every other check has been evaluated. A check that throws fails with
 * the error as its message: grading never crashes.
 */
import type { ClusterReader, ListQuery } from './reader.js';
import type { Check, CheckResult, GradeOptions, GradeReport, Lab, TaskResult } from './types.js';
import { GradeContext, toResult, type Outcome } from './context.js';
import { conditionCheck, countCheck, eventCheck, existsCheck } from './checks/objects.js';
import { trafficCheck } from './checks/traffic.js';
import { fileCheck } from './checks/file.js';
import { parseDuration } from './duration.js';
import { podsToDelete } from './in-process-reader.js';

function describeAction(check: Extract<Check, { type: 'after' }>): string {
  const a = check.action;
  if ('deletePod' in a) return 'deleting a pod';
  if ('stopNode' in a) return `stopping node ${a.stopNode}`;
  return `taking zone ${a.zoneDown} down`;
}

const seconds = (ms: number): string =>
  ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;

/**
 * Kinds node heartbeats change: Leases (renewed) and Nodes (heartbeat times). They record no
 * Event while every node is Ready and heard from, which `quietFor` requires.
 */
const HEARTBEAT_KINDS = new Set(['Node', 'Lease']);

/** Check types whose evaluation only reads the cluster: no waiting, no chaos, no traffic. */
const READ_ONLY = new Set<Check['type']>(['exists', 'absent', 'count', 'condition', 'event', 'file']);

/**
 * A reader that can owe virtual time. When an `eventually` fails while the cluster is quiet
 * (`ClusterReader.quietFor`: nothing but node heartbeats can run before its limit), its nested
 * checks, which only read objects the heartbeats do not touch, would fail the same way at every
 * later poll; so it fails at once and the time it would have waited is owed instead of spent.
 * The debt is paid (the clock advanced by it, running the same heartbeats the waits would have
 * run, and nothing else) before anything that could tell the difference: a wait, chaos, a
 * traffic request, or a read of Nodes or Leases; and at the end of `grade`, unless the
 * cluster is thrown away afterwards. Reports are the same, byte for byte, as with the waits.
 */
class DeferringReader implements ClusterReader {
  private owed: number;
  readonly time: 'virtual' | 'real';
  readonly request?: ClusterReader['request'];

  constructor(
    private readonly inner: ClusterReader & { quietFor(ms: number): boolean },
    owedMs: number,
  ) {
    this.owed = owedMs;
    this.time = inner.time;
    if (inner.request) {
      const request = inner.request.bind(inner);
      this.request = async (namespace, url) => {
        await this.pay();
        return request(namespace, url);
      };
    }
  }

  /** Advances the clock by the time owed. */
  async pay(): Promise<void> {
    const ms = this.owed;
    this.owed = 0;
    if (ms > 0) await this.inner.wait(ms);
  }

  /** Owes `ms` instead of waiting, when the cluster is quiet for the debt plus `ms`. */
  skip(ms: number): boolean {
    if (!this.inner.quietFor(this.owed + ms)) return false;
    this.owed += ms;
    return true;
  }

  async list(query: ListQuery) {
    if (HEARTBEAT_KINDS.has(query.kind)) await this.pay();
    return this.inner.list(query);
  }

  async wait(ms: number): Promise<void> {
    await this.pay();
    return this.inner.wait(ms);
  }

  async chaos(action: Parameters<ClusterReader['chaos']>[0]): Promise<string> {
    // Deleting a pod where none matches fails, and changes nothing, at any time: Pods are
    // as they will be when the debt is paid, so the refusal comes without paying it.
    if (this.owed > 0 && 'deletePod' in action) {
      const t = action.deletePod;
      const pods = await this.inner.list({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: t.namespace ?? 'default',
        ...(t.selector ? { labelSelector: t.selector } : {}),
      });
      if (!podsToDelete(pods, t).length) return this.inner.chaos(action);
    }
    await this.pay();
    return this.inner.chaos(action);
  }

  quietFor(ms: number): boolean {
    return this.inner.quietFor(this.owed + ms);
  }

  /** The inner reader's traffic mark, or undefined when it has none. */
  mark(): string | undefined {
    return this.inner.trafficMark?.();
  }
}

async function outcome(ctx: GradeContext, check: Check): Promise<Outcome> {
  switch (check.type) {
    case 'exists':
    case 'absent':
      return existsCheck(ctx, check);
    case 'count':
      return countCheck(ctx, check);
    case 'condition':
      return conditionCheck(ctx, check);
    case 'event':
      return eventCheck(ctx, check);
    case 'traffic':
      return trafficCheck(ctx, check);
    case 'file':
      return fileCheck(ctx, check);
    case 'eventually': {
      const within = parseDuration(check.within);
      const every = Math.max(1, parseDuration(check.every ?? '5s'));
      let waited = 0;
      const deferring = ctx.reader instanceof DeferringReader ? ctx.reader : undefined;
      for (;;) {
        const mark = deferring?.mark();
        const children = await evaluateAll(ctx, check.checks);
        const failing = children.find((c) => !c.passed);
        if (!failing) return { passed: true, message: `held after ${seconds(waited)}`, children };
        const gaveUp = (): Outcome => ({
          passed: false,
          message: `not within ${seconds(within)}: ${failing.message}`,
          ...pick(failing),
          children,
        });
        if (waited >= within) return gaveUp();
        // Traffic that reached no pod changed nothing, and on a quiet cluster it reaches none later.
        const unchanged = mark !== undefined && mark === deferring?.mark();
        if (
          deferring &&
          check.checks.every((c) => READ_ONLY.has(c.type) || (c.type === 'traffic' && unchanged)) &&
          deferring.skip(within - waited)
        )
          return gaveUp();
        const step = Math.min(every, within - waited);
        await ctx.reader.wait(step);
        waited += step;
      }
    }
    case 'after': {
      if (ctx.noChaos)
        return {
          passed: false,
          message: `not run: chaos is switched off (this check needs ${describeAction(check)})`,
        };
      const done = await ctx.reader.chaos(check.action);
      const children = await evaluateAll(ctx, check.checks);
      const failing = children.find((c) => !c.passed);
      if (!failing)
        return {
          passed: true,
          message: `after ${done}: ${children.map((c) => c.message).join('; ')}`,
          children,
        };
      return { passed: false, message: `after ${done}: ${failing.message}`, ...pick(failing), children };
    }
  }
}

/** The found/expected/object/path/location of a nested result, for its parent. */
function pick(r: CheckResult): Partial<Outcome> {
  return {
    ...(r.found !== undefined ? { found: r.found } : {}),
    ...(r.expected !== undefined ? { expected: r.expected } : {}),
    ...(r.object ? { object: r.object } : {}),
    ...(r.path ? { path: r.path } : {}),
    ...(r.location ? { location: r.location } : {}),
  };
}

/** Evaluates one check; an exception becomes a failed result. */
export async function evaluate(ctx: GradeContext, check: Check): Promise<CheckResult> {
  let o: Outcome;
  try {
    o = await outcome(ctx, check);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    o = { passed: false, message: `could not check: ${message}`, error: true };
  }
  return toResult(check, o);
}

async function evaluateAll(ctx: GradeContext, checks: readonly Check[]): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of checks) out.push(await evaluate(ctx, c));
  return out;
}

/** Grades a lab against the cluster behind `reader`. */
export async function grade(
  lab: Lab,
  reader: ClusterReader,
  options: GradeOptions = {},
): Promise<GradeReport> {
  const owed = options.owedMs ?? 0;
  const deferring =
    reader.time === 'virtual' && reader.quietFor ? new DeferringReader(reader as never, owed) : undefined;
  if (!deferring && owed > 0) await reader.wait(owed);
  const ctx = new GradeContext(
    deferring ?? reader,
    options.files ?? {},
    options.sources ?? {},
    !!options.noChaos,
  );
  const results = new Map<Check, CheckResult>();
  const all = lab.tasks.flatMap((t) => t.checks);
  for (const c of all.filter((c) => c.type !== 'after')) results.set(c, await evaluate(ctx, c));
  for (const c of all.filter((c) => c.type === 'after')) results.set(c, await evaluate(ctx, c));
  if (deferring && !options.discard) await deferring.pay();
  const tasks: TaskResult[] = lab.tasks.map((t) => {
    const checks = t.checks.map((c) => results.get(c)!);
    return {
      id: t.id,
      title: t.title,
      passed: checks.every((c) => c.passed),
      points: checks.reduce((n, c) => n + c.points, 0),
      maxPoints: checks.reduce((n, c) => n + c.maxPoints, 0),
      checks,
    };
  });
  return {
    lab: lab.slug,
    passed: tasks.every((t) => t.passed),
    points: tasks.reduce((n, t) => n + t.points, 0),
    maxPoints: tasks.reduce((n, t) => n + t.maxPoints, 0),
    tasks,
    applied: options.applied ?? [],
  };
}

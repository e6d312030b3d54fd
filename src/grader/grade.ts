/**
 * `grade(lab, reader, options)`: evaluates every check of every task against a cluster and
 * returns the report as data. Checks run in lab order, except that `after` checks (which shake
 * the cluster) run once every other check has been evaluated. A check that throws fails with
 * the error as its message: grading never crashes.
 */
import type { ClusterReader } from './reader.js';
import type { Check, CheckResult, GradeOptions, GradeReport, Lab, TaskResult } from './types.js';
import { GradeContext, toResult, type Outcome } from './context.js';
import { conditionCheck, countCheck, eventCheck, existsCheck } from './checks/objects.js';
import { trafficCheck } from './checks/traffic.js';
import { fileCheck } from './checks/file.js';
import { parseDuration } from './duration.js';

function describeAction(check: Extract<Check, { type: 'after' }>): string {
  const a = check.action;
  if ('deletePod' in a) return 'deleting a pod';
  if ('stopNode' in a) return `stopping node ${a.stopNode}`;
  return `taking zone ${a.zoneDown} down`;
}

const seconds = (ms: number): string =>
  ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;

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
      for (;;) {
        const children = await evaluateAll(ctx, check.checks);
        const failing = children.find((c) => !c.passed);
        if (!failing) return { passed: true, message: `held after ${seconds(waited)}`, children };
        if (waited >= within)
          return {
            passed: false,
            message: `not within ${seconds(within)}: ${failing.message}`,
            ...pick(failing),
            children,
          };
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
  const ctx = new GradeContext(reader, options.files ?? {}, options.sources ?? {}, !!options.noChaos);
  const results = new Map<Check, CheckResult>();
  const all = lab.tasks.flatMap((t) => t.checks);
  for (const c of all.filter((c) => c.type !== 'after')) results.set(c, await evaluate(ctx, c));
  for (const c of all.filter((c) => c.type === 'after')) results.set(c, await evaluate(ctx, c));
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

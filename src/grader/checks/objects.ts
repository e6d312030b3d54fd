/** Checks on cluster objects: exists, absent, count, condition, event. */
import type { KubeObject } from '../../cluster/types.js';
import { matchesLabels, parseLabelSelector } from '../../cluster/machinery/selectors.js';
import type { ConditionCheck, CountCheck, EventCheck, ExistsCheck } from '../types.js';
import { match, expectedOf, formatPath, show, type Mismatch } from '../match.js';
import {
  describeRef,
  listRef,
  objectId,
  objectName,
  refNamespace,
  type GradeContext,
  type Outcome,
} from '../context.js';

/** The object whose mismatch went deepest (the closest candidate), first by name on ties. */
function closest(
  objects: KubeObject[],
  body: Record<string, unknown>,
): { obj: KubeObject; miss: Mismatch } | undefined {
  let best: { obj: KubeObject; miss: Mismatch } | undefined;
  for (const obj of objects) {
    const miss = match(obj, body);
    if (miss && (!best || miss.path.length > best.miss.path.length)) best = { obj, miss };
  }
  return best;
}

export async function existsCheck(ctx: GradeContext, check: ExistsCheck): Promise<Outcome> {
  const objects = await listRef(ctx, check);
  const matching = check.match ? objects.filter((o) => !match(o, check.match)) : objects;
  const what = describeRef(check);
  if (check.type === 'absent') {
    const hit = matching[0];
    if (!hit)
      return {
        passed: true,
        message: `no ${what.replace(/^a /, '')} matches, as expected`,
        found: 'none',
        expected: 'none',
      };
    return {
      passed: false,
      message: `expected no ${what.replace(/^a /, '')}${check.match ? ' matching' : ''}, found ${objectName(hit)}`,
      found: objectName(hit),
      expected: 'none',
      object: objectId(hit),
      location: await ctx.locateObject(hit, []),
    };
  }
  const hit = matching[0];
  if (hit)
    return {
      passed: true,
      message: `found ${objectName(hit)}`,
      found: objectName(hit),
      object: objectId(hit),
    };
  if (!objects.length)
    return {
      passed: false,
      message: `expected ${what}, found none`,
      missing: true,
      found: 'none',
      expected: what,
    };
  const best = closest(objects, check.match!)!;
  const path = formatPath(best.miss.path);
  return {
    passed: false,
    message: `${objectName(best.obj)}: ${path} is ${show(best.miss.found)}, expected ${expectedOf(best.miss)}`,
    found: show(best.miss.found),
    expected: expectedOf(best.miss),
    object: objectId(best.obj),
    path,
    location: await ctx.locateObject(best.obj, best.miss.path),
  };
}

export async function countCheck(ctx: GradeContext, check: CountCheck): Promise<Outcome> {
  const objects = await listRef(ctx, check);
  const n = check.match ? objects.filter((o) => !match(o, check.match)).length : objects.length;
  const bounds: string[] = [];
  if (check.equals !== undefined) bounds.push(`${check.equals}`);
  if (check.atLeast !== undefined) bounds.push(`at least ${check.atLeast}`);
  if (check.atMost !== undefined) bounds.push(`at most ${check.atMost}`);
  const expected = bounds.join(' and ');
  const passed =
    (check.equals === undefined || n === check.equals) &&
    (check.atLeast === undefined || n >= check.atLeast) &&
    (check.atMost === undefined || n <= check.atMost);
  const what = `${n === 1 ? describeRef(check).replace(/^an? /, '') : describeRef(check, true)}${check.match ? ' matching' : ''}`;
  return {
    passed,
    message: passed ? `found ${n} ${what}` : `found ${n} ${what}, expected ${expected}`,
    found: String(n),
    expected,
  };
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

export async function conditionCheck(ctx: GradeContext, check: ConditionCheck): Promise<Outcome> {
  const objects = await listRef(ctx, check);
  const want = check.condition;
  const status = want.status ?? 'True';
  const expected = `${want.type}=${status}${want.reason ? ` (${want.reason})` : ''}`;
  if (!objects.length)
    return {
      passed: false,
      message: `expected ${describeRef(check)}, found none`,
      missing: true,
      found: 'none',
      expected,
    };
  let first: { obj: KubeObject; found: string } | undefined;
  for (const obj of objects) {
    const conds = (obj.status?.conditions ?? []) as Condition[];
    const c = conds.find((x) => x.type === want.type);
    const found = c
      ? `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`
      : `no ${want.type} condition`;
    if (c && c.status === status && (!want.reason || c.reason === want.reason))
      return {
        passed: true,
        message: `${objectName(obj)} is ${found}`,
        found,
        expected,
        object: objectId(obj),
      };
    first ??= { obj, found };
  }
  return {
    passed: false,
    message: `${objectName(first!.obj)} is ${first!.found}, expected ${expected}`,
    found: first!.found,
    expected,
    object: objectId(first!.obj),
    path: 'status.conditions',
  };
}

export async function eventCheck(ctx: GradeContext, check: EventCheck): Promise<Outcome> {
  const events = await ctx.reader.list({ apiVersion: 'v1', kind: 'Event', namespace: refNamespace(check) });
  let names: Set<string> | undefined;
  if (check.selector) names = new Set((await listRef(ctx, check)).map((o) => o.metadata.name ?? ''));
  const about = events.filter((e) => {
    const io = (e.involvedObject ?? {}) as { kind?: string; name?: string; namespace?: string };
    if (io.kind !== check.kind) return false;
    if (check.name && io.name !== check.name) return false;
    if (names && !names.has(io.name ?? '')) return false;
    return true;
  });
  const expected = `${check.eventType ? `${check.eventType} ` : ''}event ${check.reason}`;
  const hit = about.find(
    (e) => e.reason === check.reason && (!check.eventType || e.type === check.eventType),
  );
  const target = describeRef(check, !check.name);
  if (hit) {
    const io = hit.involvedObject as { name?: string };
    return {
      passed: true,
      message: `${check.reason} happened to ${check.kind} ${io.name ?? ''}`,
      found: check.reason,
      expected,
    };
  }
  const reasons = [...new Set(about.map((e) => String(e.reason)))].sort();
  const found = reasons.length ? reasons.join(', ') : 'no events';
  return {
    passed: false,
    message: `expected ${expected} for ${target}, found ${found}`,
    found,
    expected,
  };
}

/** Whether labels satisfy a selector (exported for traffic checks). */
export function labelsMatch(labels: Record<string, string> | undefined, selector: string): boolean {
  return matchesLabels(parseLabelSelector(selector), labels ?? {});
}

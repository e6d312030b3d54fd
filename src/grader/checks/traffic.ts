/**
 * `traffic`: HTTP GETs to a Service from inside the cluster (the world's simulated traffic,
 * with kube-proxy's random choice of endpoint). Against a real cluster, which has no simulated
 * traffic, the check reads the Service's ready endpoints instead: the pods a request could reach.
 */
import type { KubeObject } from '../../cluster/types.js';
import type { TrafficCheck } from '../types.js';
import { objectId, type GradeContext, type Outcome } from '../context.js';
import { labelsMatch } from './objects.js';

interface Answer {
  ok: boolean;
  pod?: string;
  error?: string;
  status?: number;
}

async function viaTraffic(
  ctx: GradeContext,
  check: TrafficCheck,
  ns: string,
  port: number,
): Promise<Answer[]> {
  // The fully qualified name with its final dot: no search-path lookups first, as a client that knows the name.
  const url = `http://${check.service}.${ns}.svc.cluster.local.:${port}${check.path ?? '/'}`;
  const out: Answer[] = [];
  for (let i = 0; i < (check.requests ?? 30); i++) {
    const r = await ctx.reader.request!(ns, url);
    const ok = r.ok && (r.status ?? 0) < 400;
    out.push({
      ok,
      ...(r.pod ? { pod: r.pod.name } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.status !== undefined ? { status: r.status } : {}),
    });
    // When every request must succeed, the first failure decides.
    if (!ok && (check.allOk ?? true)) break;
  }
  return out;
}

async function viaEndpoints(ctx: GradeContext, check: TrafficCheck, ns: string): Promise<Answer[]> {
  const eps = await ctx.reader.list({ apiVersion: 'v1', kind: 'Endpoints', namespace: ns });
  const ep = eps.find((e) => e.metadata.name === check.service);
  const subsets = (ep?.subsets ?? []) as { addresses?: { targetRef?: { name?: string } }[] }[];
  const pods = subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.targetRef?.name ?? ''));
  if (!pods.length) return [{ ok: false, error: `no endpoints available for service "${check.service}"` }];
  return [...new Set(pods)].sort().map((pod) => ({ ok: true, pod }));
}

export async function trafficCheck(ctx: GradeContext, check: TrafficCheck): Promise<Outcome> {
  const ns = check.namespace ?? 'default';
  const svcs = await ctx.reader.list({ apiVersion: 'v1', kind: 'Service', namespace: ns });
  const svc = svcs.find((s) => s.metadata.name === check.service);
  if (!svc)
    return {
      passed: false,
      message: `expected a Service named "${check.service}" in namespace "${ns}", found none`,
      missing: true,
      found: 'none',
      expected: `Service ${ns}/${check.service}`,
    };
  const port = check.port ?? (svc.spec?.ports?.[0]?.port as number | undefined) ?? 80;
  const answers = ctx.reader.request
    ? await viaTraffic(ctx, check, ns, port)
    : await viaEndpoints(ctx, check, ns);
  const failed = answers.filter((a) => !a.ok);
  const distinct = [...new Set(answers.filter((a) => a.ok && a.pod).map((a) => a.pod!))].sort();
  const object = objectId(svc);
  const n = answers.length;
  if ((check.allOk ?? true) && failed.length) {
    const first = failed[0]!;
    const why = first.error ?? `HTTP ${first.status}`;
    if (!ctx.reader.request)
      return {
        passed: false,
        message: `Service ${ns}/${check.service} has no ready endpoints: ${why}`,
        found: 'no ready endpoints',
        expected: 'ready endpoints',
        object,
      };
    return {
      passed: false,
      message: `request ${n} of ${check.requests ?? 30} to ${check.service}:${port} failed: ${why}`,
      found: why,
      expected: 'every request answered',
      object,
    };
  }
  if (check.distinctPods !== undefined && distinct.length < check.distinctPods) {
    return {
      passed: false,
      message: `requests to ${check.service}:${port} reached ${distinct.length} pod(s)${distinct.length ? ` (${distinct.join(', ')})` : ''}, expected at least ${check.distinctPods}`,
      found: String(distinct.length),
      expected: `at least ${check.distinctPods}`,
      object,
    };
  }
  if (check.answeredBy) {
    const pods = await ctx.reader.list({ apiVersion: 'v1', kind: 'Pod', namespace: ns });
    const byName = new Map<string, KubeObject>(pods.map((p) => [p.metadata.name ?? '', p]));
    const stranger = distinct.find(
      (name) => !labelsMatch(byName.get(name)?.metadata.labels, check.answeredBy!),
    );
    if (stranger)
      return {
        passed: false,
        message: `pod ${stranger} answered requests to ${check.service}:${port} but does not have ${check.answeredBy}`,
        found: stranger,
        expected: `pods with ${check.answeredBy}`,
        object,
      };
    if (!distinct.length)
      return {
        passed: false,
        message: `no pod answered requests to ${check.service}:${port}, expected pods with ${check.answeredBy}`,
        found: 'none',
        expected: `pods with ${check.answeredBy}`,
        object,
      };
  }
  const how = ctx.reader.request
    ? `${n} requests to ${check.service}:${port} answered by`
    : `${check.service} has ready endpoints on`;
  return {
    passed: true,
    message: `${how} ${distinct.length} pod(s)`,
    found: String(distinct.length),
    object,
  };
}

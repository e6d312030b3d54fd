/**
 * The HorizontalPodAutoscaler (autoscaling/v2) on CPU and memory: every 15 s it reads the target's
 * scale and its pods' usage, computes `ceil(pods * current / target)` per metric (no change within
 * a 10% tolerance), takes the largest, applies the scale-down stabilisation window (the highest
 * recommendation of the last 300 s by default), the rate policies (by default up by 4 pods or
 * 100% per 15 s, whichever is more) and the min/max bounds, scales the target, and
 * reports currentMetrics, desiredReplicas and the AbleToScale, ScalingActive and ScalingLimited
 * conditions with Kubernetes' reasons. The recommendation history is the controller's memo, as
 * kube-controller-manager keeps it in memory.
 */
import type { KubeObject } from '../types.js';
import type { Action, EventSpec, ReconcileResult } from './types.js';
import { type LabelSelector, matchesSelector } from './labels.js';
import { clone, sameJson } from './json.js';
import { fromTimestamp, toTimestamp } from './time.js';
import { milliValue, tryParseQuantity } from '../machinery/quantity.js';

/** CPU (millicores) and memory (MiB) a pod uses now. */
export interface PodUsage {
  cpu: number;
  memory: number;
}

/** What the HPA observes. */
export interface HpaObserved {
  /** The scale target (Deployment, ReplicaSet, StatefulSet, ReplicationController), if found. */
  target?: KubeObject;
  /** Pods of the HPA's namespace. */
  pods: KubeObject[];
  /** Usage of a running pod; undefined when no metrics are available for it. */
  usage(pod: KubeObject): PodUsage | undefined;
  /** The recommendation history from the previous sync. */
  memo?: HpaMemo;
}

/** Recommendations of recent syncs, for the stabilisation window. */
export interface HpaMemo {
  recommendations: { at: number; replicas: number }[];
  /** Rescales done (replicas added, negative when removed), for the rate policies. */
  scaleEvents?: { at: number; change: number }[];
}

/** One scaling policy (`behavior.scaleUp.policies[]`). */
interface Policy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** Kubernetes' default rate policies: up by 4 pods or 100% per 15 s (the larger); down by 100%. */
const DEFAULT_UP: Policy[] = [
  { type: 'Pods', value: 4, periodSeconds: 15 },
  { type: 'Percent', value: 100, periodSeconds: 15 },
];
const DEFAULT_DOWN: Policy[] = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

/**
 * The furthest the rate policies let the scale move from `current` (Kubernetes'
 * calculateScaleUpLimitWithScalingRules and its scale-down twin).
 */
function rateLimit(
  up: boolean,
  current: number,
  events: { at: number; change: number }[],
  rules: { policies?: Policy[]; selectPolicy?: string } | undefined,
  now: number,
): number {
  const policies = rules?.policies ?? (up ? DEFAULT_UP : DEFAULT_DOWN);
  const select = rules?.selectPolicy ?? 'Max';
  if (select === 'Disabled') return current;
  const limits = policies.map((p) => {
    const inPeriod = events.filter(
      (e) => e.at > now - p.periodSeconds * 1000 && (up ? e.change > 0 : e.change < 0),
    );
    const moved = Math.abs(inPeriod.reduce((n, e) => n + e.change, 0));
    const start = up ? current - moved : current + moved;
    if (up) return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  // Max selects the policy allowing the largest change; Min the smallest.
  const pickHigh = up === (select === 'Max');
  return pickHigh ? Math.max(...limits) : Math.min(...limits);
}

/** The HPA's sync period. */
export const HPA_SYNC_MS = 15_000;
/** Ratios within this distance of 1 cause no scaling. */
export const HPA_TOLERANCE = 0.1;
/** The default scale-down stabilisation window. */
export const DEFAULT_DOWNSCALE_WINDOW_S = 300;

const COMPONENT = 'horizontal-pod-autoscaler';
const MIB = 1024 * 1024;

interface Condition {
  type: string;
  status: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

interface MetricResult {
  name: 'cpu' | 'memory';
  replicas: number;
  /** The status entry. */
  current: Record<string, unknown>;
  /** `cpu resource utilization (percentage of request)` */
  description: string;
  above: boolean;
}

function requestOf(pod: KubeObject, resource: string): number | undefined {
  let sum = 0;
  for (const c of (pod.spec?.containers ?? []) as { resources?: { requests?: Record<string, string> } }[]) {
    const q = tryParseQuantity(c.resources?.requests?.[resource]);
    if (!q) return undefined;
    sum += resource === 'cpu' ? milliValue(q) : milliValue(q) / 1000 / MIB;
  }
  return sum;
}

function formatValue(resource: string, v: number): string {
  return resource === 'cpu' ? `${Math.round(v)}m` : `${Math.round(v * 1024)}Ki`;
}

const runningPod = (p: KubeObject): boolean => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp;

/** Reconciles an autoscaling/v2 HorizontalPodAutoscaler. */
export function reconcileHpa(hpa: KubeObject, observed: HpaObserved, now: number): ReconcileResult<HpaMemo> {
  const actions: Action[] = [];
  const spec = hpa.spec ?? {};
  const ts = toTimestamp(now);
  const status: Record<string, unknown> = clone(hpa.status ?? {});
  const oldConditions = (status.conditions ?? []) as Condition[];
  const conditions: Condition[] = [];
  const setCondition = (type: string, on: boolean, reason: string, message: string): void => {
    const prev = oldConditions.find((c) => c.type === type);
    const value = on ? 'True' : 'False';
    conditions.push({
      type,
      status: value,
      lastTransitionTime: prev && prev.status === value ? prev.lastTransitionTime : ts,
      reason,
      message,
    });
  };
  const event = (reason: string, message: string, type: EventSpec['type'] = 'Normal'): EventSpec => ({
    involvedObject: hpa,
    type,
    reason,
    message,
    component: COMPONENT,
  });
  const memo: HpaMemo = {
    recommendations: [...(observed.memo?.recommendations ?? [])],
    scaleEvents: [...(observed.memo?.scaleEvents ?? [])],
  };
  const finish = (): ReconcileResult<HpaMemo> => {
    status.conditions = conditions;
    if (hpa.metadata.generation !== undefined) status.observedGeneration = hpa.metadata.generation;
    if (!sameJson(status, hpa.status ?? {}))
      actions.push({
        type: 'updateStatus',
        resource: 'horizontalpodautoscalers.autoscaling',
        object: { ...hpa, status },
      });
    return { actions, requeueAfterMs: HPA_SYNC_MS, memo };
  };

  const ref = spec.scaleTargetRef ?? {};
  const target = observed.target;
  if (!target) {
    const msg = `the HPA controller was unable to get the target's current scale: ${String(ref.kind).toLowerCase()}s "${ref.name}" not found`;
    setCondition('AbleToScale', false, 'FailedGetScale', msg);
    actions.push({
      type: 'event',
      event: event('FailedGetScale', `${String(ref.kind).toLowerCase()}s "${ref.name}" not found`, 'Warning'),
    });
    return finish();
  }
  const current = Number(target.spec?.replicas ?? 1);
  const minReplicas = Number(spec.minReplicas ?? 1);
  const maxReplicas = Number(spec.maxReplicas ?? current);
  status.currentReplicas = Number(target.status?.replicas ?? current);
  setCondition(
    'AbleToScale',
    true,
    'SucceededGetScale',
    "the HPA controller was able to get the target's current scale",
  );

  if (current === 0 && minReplicas > 0) {
    // Scaled to zero by hand: autoscaling is off until it is scaled up again.
    conditions.length = 0;
    setCondition(
      'AbleToScale',
      true,
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    );
    setCondition(
      'ScalingActive',
      false,
      'ScalingDisabled',
      'scaling is disabled since the replica count of the target is zero',
    );
    status.desiredReplicas = 0;
    return finish();
  }

  const selector = target.spec?.selector as LabelSelector | undefined;
  const pods = observed.pods.filter(
    (p) => p.metadata.namespace === hpa.metadata.namespace && matchesSelector(selector, p.metadata.labels),
  );
  const results: MetricResult[] = [];
  let failure: string | undefined;
  for (const m of (spec.metrics ?? []) as {
    type: string;
    resource?: { name: string; target: Record<string, unknown> };
  }[]) {
    if (m.type !== 'Resource' || !m.resource || (m.resource.name !== 'cpu' && m.resource.name !== 'memory'))
      continue;
    const name = m.resource.name;
    const measured = pods.filter(runningPod).flatMap((p) => {
      const u = observed.usage(p);
      return u ? [{ pod: p, use: u[name] }] : [];
    });
    if (!measured.length) {
      failure = `failed to get ${name} utilization: unable to get metrics for resource ${name}: no metrics returned from resource metrics API`;
      break;
    }
    const total = measured.reduce((s, x) => s + x.use, 0);
    const average = total / measured.length;
    const t = m.resource.target;
    let ratio: number;
    let currentEntry: Record<string, unknown>;
    let description: string;
    if (t.type === 'Utilization') {
      let requested = 0;
      for (const x of measured) {
        const r = requestOf(x.pod, name);
        if (r === undefined || r === 0) {
          failure = `failed to get ${name} utilization: missing request for ${name} in container ${(x.pod.spec?.containers?.[0] as { name?: string } | undefined)?.name ?? ''} of Pod ${x.pod.metadata.name}`;
          break;
        }
        requested += r;
      }
      if (failure) break;
      const utilization = Math.floor((total * 100) / requested);
      ratio = (total * 100) / requested / Number(t.averageUtilization);
      currentEntry = { averageUtilization: utilization, averageValue: formatValue(name, average) };
      description = `${name} resource utilization (percentage of request)`;
    } else {
      const q = tryParseQuantity(t.averageValue);
      const targetValue = q ? (name === 'cpu' ? milliValue(q) : milliValue(q) / 1000 / MIB) : 0;
      ratio = targetValue > 0 ? average / targetValue : 1;
      currentEntry = { averageValue: formatValue(name, average) };
      description = `${name} resource`;
    }
    const replicas = Math.abs(ratio - 1) <= HPA_TOLERANCE ? current : Math.ceil(ratio * measured.length);
    results.push({
      name,
      replicas,
      current: { type: 'Resource', resource: { name, current: currentEntry } },
      description,
      above: ratio > 1,
    });
  }
  if (failure) {
    setCondition(
      'ScalingActive',
      false,
      'FailedGetResourceMetric',
      `the HPA was unable to compute the replica count: ${failure}`,
    );
    actions.push({ type: 'event', event: event('FailedGetResourceMetric', failure, 'Warning') });
    status.desiredReplicas = current;
    return finish();
  }
  status.currentMetrics = results.map((r) => r.current);
  if (!results.length) {
    setCondition(
      'ScalingActive',
      false,
      'InvalidMetricSourceType',
      'the HPA was unable to compute the replica count: no supported metrics',
    );
    status.desiredReplicas = current;
    return finish();
  }
  const best = results.reduce((a, b) => (b.replicas > a.replicas ? b : a));
  setCondition(
    'ScalingActive',
    true,
    'ValidMetricFound',
    `the HPA was able to successfully calculate a replica count from ${best.description}`,
  );

  // Stabilisation: scale down only to the highest recommendation of the window.
  const windowS = Number(spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_WINDOW_S);
  const upWindowS = Number(spec.behavior?.scaleUp?.stabilizationWindowSeconds ?? 0);
  const recommendation = best.replicas;
  const keepFrom = now - Math.max(windowS, upWindowS) * 1000;
  memo.recommendations = [
    ...memo.recommendations.filter((r) => r.at > keepFrom && r.at < now),
    { at: now, replicas: recommendation },
  ];
  const inDown = memo.recommendations.filter((r) => r.at > now - windowS * 1000 || r.at === now);
  const inUp = memo.recommendations.filter((r) => r.at > now - upWindowS * 1000 || r.at === now);
  const upLimit = Math.min(...inUp.map((r) => r.replicas));
  const downLimit = Math.max(...inDown.map((r) => r.replicas));
  let stabilized = current;
  if (stabilized < upLimit) stabilized = upLimit;
  if (stabilized > downLimit) stabilized = downLimit;
  let desired = stabilized;
  let limited: [boolean, string, string] = [
    false,
    'DesiredWithinRange',
    'the desired count is within the acceptable range',
  ];
  // Rate policies, then the bounds (Kubernetes' convertDesiredReplicasWithBehaviorRate).
  const events = memo.scaleEvents!.filter((e) => e.at > now - 30 * 60_000);
  if (desired > current) {
    const upLimit = Math.max(current, rateLimit(true, current, events, spec.behavior?.scaleUp, now));
    const allowed = Math.min(maxReplicas, upLimit);
    if (desired > allowed) {
      desired = allowed;
      limited =
        allowed === upLimit && upLimit < maxReplicas
          ? [
              true,
              'ScaleUpLimit',
              'the desired replica count is increasing faster than the maximum scale rate',
            ]
          : [true, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    }
  } else if (desired < current) {
    const downLimit = Math.min(current, rateLimit(false, current, events, spec.behavior?.scaleDown, now));
    const allowed = Math.max(minReplicas, downLimit);
    if (desired < allowed) {
      desired = allowed;
      limited =
        allowed === downLimit && downLimit > minReplicas
          ? [
              true,
              'ScaleDownLimit',
              'the desired replica count is decreasing faster than the maximum scale rate',
            ]
          : [true, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    }
  }
  if (desired > maxReplicas) {
    desired = maxReplicas;
    limited = [true, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
  } else if (desired < minReplicas) {
    desired = minReplicas;
    limited = [true, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
  }
  memo.scaleEvents = events;
  conditions.length = 0;
  if (desired !== current) {
    setCondition(
      'AbleToScale',
      true,
      'SucceededRescale',
      `the HPA controller was able to update the target scale to ${desired}`,
    );
    const next = clone(target);
    next.spec = { ...next.spec, replicas: desired };
    actions.push({ type: 'update', resource: resourceOf(String(ref.kind)), object: next });
    const reason = desired > current ? `${best.description} above target` : 'All metrics below target';
    actions.push({
      type: 'event',
      event: event('SuccessfulRescale', `New size: ${desired}; reason: ${reason}`),
    });
    status.lastScaleTime = ts;
    memo.scaleEvents = [...events, { at: now, change: desired - current }];
  } else if (recommendation < current && stabilized === current) {
    setCondition(
      'AbleToScale',
      true,
      'ScaleDownStabilized',
      'recent recommendations were higher than current one, applying the highest recent recommendation',
    );
  } else {
    setCondition('AbleToScale', true, 'ReadyForNewScale', 'recommended size matches current size');
  }
  setCondition(
    'ScalingActive',
    true,
    'ValidMetricFound',
    `the HPA was able to successfully calculate a replica count from ${best.description}`,
  );
  setCondition('ScalingLimited', limited[0], limited[1], limited[2]);
  status.desiredReplicas = desired;
  if (fromTimestamp(status.lastScaleTime as string | undefined) === undefined) delete status.lastScaleTime;
  return finish();
}

/** The API resource of a scale target kind. */
export function resourceOf(kind: string): string {
  switch (kind) {
    case 'Deployment':
      return 'deployments.apps';
    case 'ReplicaSet':
      return 'replicasets.apps';
    case 'StatefulSet':
      return 'statefulsets.apps';
    case 'ReplicationController':
      return 'replicationcontrollers';
    default:
      return `${kind.toLowerCase()}s`;
  }
}

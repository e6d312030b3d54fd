/**
 * The Job controller (NonIndexed completion mode): runs up to `parallelism` pods until
 * `completions` have succeeded, replaces failed pods with Kubernetes' back-off (10 s doubling,
 * at most 6 minutes) until more than `backoffLimit` have failed, honours
 * `activeDeadlineSeconds`, `suspend` and `ttlSecondsAfterFinished`, and reports succeeded,
 * failed, active, ready, startTime, completionTime and the Complete or Failed condition (each
 * preceded by SuccessCriteriaMet or FailureTarget, as Kubernetes 1.32 writes them).
 */
import type { KubeObject } from '../types.js';
import type { Action, EventSpec, ReconcileResult } from './types.js';
import { controllerRef, getControllerOf, isControlledBy } from './owners.js';
import { isPodReady } from './pods.js';
import { type LabelSelector, matchesSelector } from './labels.js';
import { clone, compareStrings, sameJson } from './json.js';
import { fromTimestamp, toTimestamp } from './time.js';

/** What the Job controller observes: the pods of the Job's namespace. */
export interface JobObserved {
  pods: KubeObject[];
}

const COMPONENT = 'job-controller';
/** First delay before a failed pod is replaced; doubles per failure. */
export const JOB_BACKOFF_BASE_MS = 10_000;
/** The longest delay before a failed pod is replaced. */
export const JOB_BACKOFF_MAX_MS = 360_000;

interface Condition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** A finished Job's final condition (`Complete` or `Failed`), if any. */
export function jobFinished(job: KubeObject): 'Complete' | 'Failed' | undefined {
  for (const c of (job.status?.conditions ?? []) as Condition[])
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  return undefined;
}

/**
 * The pod a Job creates from its template. The API puts the job-name and controller-uid labels on
 * the template at create time; they are added here too when missing (a Job stored without
 * validation), so pods always carry them.
 */
export function jobPod(job: KubeObject, index?: number): KubeObject {
  const template = job.spec?.template ?? {};
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
      namespace: job.metadata.namespace,
      labels: {
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': uid,
        'job-name': name,
        ...clone(template.metadata?.labels ?? {}),
      },
      ...(template.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
      ownerReferences: [controllerRef(job)],
    },
    spec: clone(template.spec ?? {}),
  } as KubeObject;
  if (index !== undefined) {
    // Indexed completion: the index as annotation, label, hostname and JOB_COMPLETION_INDEX.
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [INDEX_KEY]: String(index) };
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [INDEX_KEY]: String(index) };
    pod.spec.hostname ??= `${name}-${index}`;
    const env = {
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${INDEX_KEY}']` } },
    };
    for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])] as {
      env?: unknown[];
    }[])
      c.env = [...(c.env ?? []), env];
  }
  return pod;
}

/** The annotation and label with an Indexed Job pod's completion index. */
export const INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

function indexOf(pod: KubeObject): number | undefined {
  const v = pod.metadata.annotations?.[INDEX_KEY];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** `0-2,4,6-7` from a set of indexes. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function parseIndexes(text: string | undefined): number[] {
  const out: number[] = [];
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [a, b = a] = part.split('-').map(Number);
    for (let i = a!; i <= b!; i++) out.push(i);
  }
  return out;
}

const phaseOf = (p: KubeObject): string | undefined => p.status?.phase;

/** When a pod finished: its containers' latest finishedAt, else its creation. */
function finishedAt(pod: KubeObject): number {
  let t: number | undefined;
  for (const s of (pod.status?.containerStatuses ?? []) as {
    state?: { terminated?: { finishedAt?: string } };
  }[]) {
    const f = fromTimestamp(s.state?.terminated?.finishedAt);
    if (f !== undefined) t = Math.max(t ?? f, f);
  }
  return t ?? fromTimestamp(pod.metadata.creationTimestamp) ?? 0;
}

function restarts(pod: KubeObject): number {
  let n = 0;
  for (const s of (pod.status?.containerStatuses ?? []) as { restartCount?: number }[])
    n += s.restartCount ?? 0;
  return n;
}

/** Reconciles a batch/v1 Job. */
export function reconcileJob(job: KubeObject, observed: JobObserved, now: number): ReconcileResult {
  if (job.metadata.deletionTimestamp) return { actions: [] };
  const actions: Action[] = [];
  const ns = job.metadata.namespace ?? '';
  const spec = job.spec ?? {};
  const event = (reason: string, message: string, type: EventSpec['type'] = 'Normal'): EventSpec => ({
    involvedObject: job,
    type,
    reason,
    message,
    component: COMPONENT,
  });
  const ts = toTimestamp(now);
  const status: Record<string, unknown> = clone(job.status ?? {});
  const finished = jobFinished(job);

  const pods: KubeObject[] = [];
  for (const pod of observed.pods) {
    if (pod.metadata.namespace !== ns) continue;
    if (isControlledBy(pod, job)) pods.push(pod);
    else if (
      !getControllerOf(pod) &&
      !pod.metadata.deletionTimestamp &&
      matchesSelector(spec.selector as LabelSelector | undefined, pod.metadata.labels)
    ) {
      const adopted = clone(pod);
      adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), controllerRef(job)];
      actions.push({ type: 'update', resource: 'pods', object: adopted });
      pods.push(adopted);
    }
  }
  const succeededPods = pods.filter((p) => phaseOf(p) === 'Succeeded');
  const failedPods = pods.filter((p) => phaseOf(p) === 'Failed');
  let active = pods.filter(
    (p) => !p.metadata.deletionTimestamp && phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed',
  );
  // Counts never go down (a finished pod deleted by hand was still counted).
  const indexed = spec.completionMode === 'Indexed';
  const doneIndexes = new Set<number>(parseIndexes(status.completedIndexes as string | undefined));
  if (indexed)
    for (const p of succeededPods) {
      const i = indexOf(p);
      if (i !== undefined && i < Number(spec.completions ?? 0)) doneIndexes.add(i);
    }
  const succeeded = indexed
    ? doneIndexes.size
    : Math.max(Number(status.succeeded ?? 0), succeededPods.length);
  const podFailures = Math.max(Number(status.failed ?? 0), failedPods.length);
  // Under restartPolicy OnFailure, container restarts count toward the back-off limit.
  const failuresForLimit = podFailures + active.reduce((n, p) => n + restarts(p), 0);

  let requeueAfterMs: number | undefined;
  const requeue = (ms: number): void => {
    requeueAfterMs = Math.min(requeueAfterMs ?? ms, ms);
  };
  const deleteActive = (): void => {
    for (const pod of active)
      actions.push({
        type: 'delete',
        resource: 'pods',
        namespace: ns,
        name: pod.metadata.name ?? '',
        event: event('SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`),
      });
    active = [];
  };
  const conditions = ((status.conditions ?? []) as Condition[]).slice();
  const addCondition = (type: string, reason: string, message: string): void => {
    if (conditions.some((c) => c.type === type)) return;
    conditions.push({ type, status: 'True', lastProbeTime: ts, lastTransitionTime: ts, reason, message });
  };

  const suspended = spec.suspend === true;
  // Suspend and resume: the Suspended condition flips, with an event each way.
  const suspendedCondition = conditions.find((c) => c.type === 'Suspended');
  if (!finished && suspended && suspendedCondition?.status !== 'True') {
    const c = {
      type: 'Suspended',
      status: 'True',
      lastProbeTime: ts,
      lastTransitionTime: ts,
      reason: 'JobSuspended',
      message: 'Job suspended',
    };
    if (suspendedCondition) conditions.splice(conditions.indexOf(suspendedCondition), 1, c);
    else conditions.push(c);
    actions.push({ type: 'event', event: event('Suspended', 'Job suspended') });
  } else if (!finished && !suspended && suspendedCondition?.status === 'True') {
    conditions.splice(conditions.indexOf(suspendedCondition), 1, {
      ...suspendedCondition,
      status: 'False',
      lastProbeTime: ts,
      lastTransitionTime: ts,
      reason: 'JobResumed',
      message: 'Job resumed',
    });
    actions.push({ type: 'event', event: event('Resumed', 'Job resumed') });
    status.startTime = ts; // the deadline counts from the resume
  }
  if (!finished && !suspended) {
    if (status.startTime === undefined) status.startTime = ts;
    const completions = spec.completions as number | undefined;
    const parallelism = Number(spec.parallelism ?? 1);
    const backoffLimit = Number(spec.backoffLimit ?? 6);
    const started = fromTimestamp(status.startTime as string) ?? now;
    const deadline =
      spec.activeDeadlineSeconds !== undefined
        ? started + Number(spec.activeDeadlineSeconds) * 1000
        : undefined;
    const complete =
      completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
    if (complete) {
      const msg = 'Reached expected number of succeeded pods';
      deleteActive();
      addCondition('SuccessCriteriaMet', 'CompletionsReached', msg);
      addCondition('Complete', 'CompletionsReached', msg);
      status.completionTime = ts;
      actions.push({ type: 'event', event: event('Completed', 'Job completed') });
    } else if (failuresForLimit > backoffLimit) {
      const msg = 'Job has reached the specified backoff limit';
      deleteActive();
      addCondition('FailureTarget', 'BackoffLimitExceeded', msg);
      addCondition('Failed', 'BackoffLimitExceeded', msg);
      actions.push({ type: 'event', event: event('BackoffLimitExceeded', msg, 'Warning') });
    } else if (deadline !== undefined && now >= deadline) {
      const msg = 'Job was active longer than specified deadline';
      deleteActive();
      addCondition('FailureTarget', 'DeadlineExceeded', msg);
      addCondition('Failed', 'DeadlineExceeded', msg);
      actions.push({ type: 'event', event: event('DeadlineExceeded', msg, 'Warning') });
    } else {
      if (deadline !== undefined) requeue(deadline - now);
      // How many should run: parallelism, never more than the completions still missing.
      const wanted =
        completions !== undefined
          ? Math.min(parallelism, completions - succeeded)
          : succeeded > 0
            ? 0
            : parallelism;
      let missing = wanted - active.length;
      if (missing > 0 && podFailures > 0) {
        const lastFailure = Math.max(...failedPods.map(finishedAt), 0);
        const delay = Math.min(JOB_BACKOFF_MAX_MS, JOB_BACKOFF_BASE_MS * 2 ** (podFailures - 1));
        if (lastFailure + delay > now) {
          requeue(lastFailure + delay - now);
          missing = 0;
        }
      }
      // Indexed: the lowest indexes neither done nor running.
      const free: number[] = [];
      if (indexed) {
        const running = new Set(active.map(indexOf));
        for (let i = 0; i < Number(completions ?? 0) && free.length < missing; i++)
          if (!doneIndexes.has(i) && !running.has(i)) free.push(i);
        missing = Math.min(missing, free.length);
      }
      for (let i = 0; i < missing; i++) {
        const pod = jobPod(job, indexed ? free[i] : undefined);
        active.push(pod);
        actions.push({
          type: 'create',
          resource: 'pods',
          object: pod,
          event: event('SuccessfulCreate', 'Created pod: $name'),
        });
      }
      if (missing < 0) {
        const surplus = [...active]
          .sort((a, b) =>
            compareStrings(b.metadata.creationTimestamp ?? '', a.metadata.creationTimestamp ?? ''),
          )
          .slice(0, -missing);
        const gone = new Set(surplus.map((p) => p.metadata.name));
        for (const pod of surplus)
          actions.push({
            type: 'delete',
            resource: 'pods',
            namespace: ns,
            name: pod.metadata.name ?? '',
            event: event('SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`),
          });
        active = active.filter((p) => !gone.has(p.metadata.name));
      }
    }
  } else if (suspended && !finished) {
    deleteActive();
  }

  status.active = active.length;
  status.ready = active.filter(isPodReady).length;
  status.terminating = pods.filter(
    (p) => p.metadata.deletionTimestamp && phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed',
  ).length;
  status.uncountedTerminatedPods = {};
  if (indexed && doneIndexes.size) status.completedIndexes = formatIndexes(doneIndexes);
  if (!status.active) delete status.active;
  if (succeeded) status.succeeded = succeeded;
  else delete status.succeeded;
  if (podFailures) status.failed = podFailures;
  else delete status.failed;
  if (conditions.length) status.conditions = conditions;

  // Finished Jobs are deleted ttlSecondsAfterFinished after they finished.
  const done = jobFinished({ ...job, status });
  if (done && spec.ttlSecondsAfterFinished !== undefined) {
    const at =
      (fromTimestamp(
        (status.completionTime as string | undefined) ??
          conditions.find((c) => c.type === done)?.lastTransitionTime,
      ) ?? now) +
      Number(spec.ttlSecondsAfterFinished) * 1000;
    if (at <= now && finished) {
      actions.push({
        type: 'delete',
        resource: 'jobs.batch',
        namespace: ns,
        name: job.metadata.name ?? '',
        options: { propagationPolicy: 'Background' },
      });
      return { actions };
    }
    requeue(Math.max(0, at - now));
  }
  if (!sameJson(status, job.status ?? {}))
    actions.push({ type: 'updateStatus', resource: 'jobs.batch', object: { ...job, status } });
  return requeueAfterMs === undefined ? { actions } : { actions, requeueAfterMs };
}

/**
 * The CronJob controller: creates a Job `<cronjob>-<scheduled time in minutes since the epoch>`
 * at each scheduled time (UTC, from the injected clock), honouring `suspend`,
 * `startingDeadlineSeconds`, `concurrencyPolicy` (Allow, Forbid, Replace) and the history
 * limits, and reports `active`, `lastScheduleTime` and `lastSuccessfulTime`.
 */
import type { KubeObject } from '../types.js';
import type { Action, EventSpec, ReconcileResult } from './types.js';
import { controllerRef, isControlledBy } from './owners.js';
import { clone, compareStrings, sameJson } from './json.js';
import { fromTimestamp, toTimestamp } from './time.js';
import { jobFinished } from './job.js';
import { CronError, nextCronTime, parseCron } from './cronjob-schedule.js';

/** What the CronJob controller observes: the Jobs of the CronJob's namespace. */
export interface CronJobObserved {
  jobs: KubeObject[];
}

const COMPONENT = 'cronjob-controller';
/** Annotation with the time a Job was scheduled for. */
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** Missed start times beyond which the controller gives up looking back. */
const MAX_MISSED = 100;

/** The Job a CronJob creates for scheduled time `at` (ms). */
export function jobForSchedule(cj: KubeObject, at: number): KubeObject {
  const t = cj.spec?.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${cj.metadata.name}-${Math.floor(at / 60_000)}`,
      namespace: cj.metadata.namespace,
      ...(t.metadata?.labels ? { labels: clone(t.metadata.labels) } : {}),
      annotations: { ...(t.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: toTimestamp(at) },
      ownerReferences: [controllerRef(cj)],
    },
    spec: clone(t.spec ?? {}),
  };
}

const ref = (job: KubeObject): Record<string, string> => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  name: job.metadata.name ?? '',
  namespace: job.metadata.namespace ?? '',
});

const startOf = (job: KubeObject): number =>
  fromTimestamp(job.metadata.annotations?.[SCHEDULED_TIMESTAMP]) ??
  fromTimestamp(job.status?.startTime) ??
  fromTimestamp(job.metadata.creationTimestamp) ??
  0;

/** Reconciles a batch/v1 CronJob. */
export function reconcileCronJob(cj: KubeObject, observed: CronJobObserved, now: number): ReconcileResult {
  if (cj.metadata.deletionTimestamp) return { actions: [] };
  const actions: Action[] = [];
  const ns = cj.metadata.namespace ?? '';
  const spec = cj.spec ?? {};
  const event = (reason: string, message: string, type: EventSpec['type'] = 'Normal'): EventSpec => ({
    involvedObject: cj,
    type,
    reason,
    message,
    component: COMPONENT,
  });
  const status: Record<string, unknown> = clone(cj.status ?? {});
  const wasActive = new Set(((status.active ?? []) as { name: string }[]).map((r) => r.name));

  let jobs = observed.jobs.filter((j) => j.metadata.namespace === ns && isControlledBy(j, cj));
  const gone = new Set<string>();
  const drop = (job: KubeObject, reason = 'SuccessfulDelete'): void => {
    gone.add(job.metadata.name ?? '');
    actions.push({
      type: 'delete',
      resource: 'jobs.batch',
      namespace: ns,
      name: job.metadata.name ?? '',
      options: { propagationPolicy: 'Background' },
      event: event(reason, `Deleted job ${job.metadata.name}`),
    });
  };

  // Finished Jobs: note them once, remember the last success, keep only the history limits.
  let lastSuccess = fromTimestamp(status.lastSuccessfulTime as string | undefined);
  for (const job of jobs) {
    const done = jobFinished(job);
    if (!done) continue;
    if (wasActive.has(job.metadata.name ?? ''))
      actions.push({
        type: 'event',
        event: event('SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${done}`),
      });
    if (done === 'Complete') {
      const t = fromTimestamp(job.status?.completionTime);
      if (t !== undefined) lastSuccess = Math.max(lastSuccess ?? t, t);
    }
  }
  const byAge = (a: KubeObject, b: KubeObject): number =>
    startOf(a) - startOf(b) || compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
  for (const [kind, limit] of [
    ['Complete', Number(spec.successfulJobsHistoryLimit ?? 3)],
    ['Failed', Number(spec.failedJobsHistoryLimit ?? 1)],
  ] as const) {
    const finished = jobs.filter((j) => jobFinished(j) === kind).sort(byAge);
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) drop(job);
  }
  jobs = jobs.filter((j) => !gone.has(j.metadata.name ?? ''));
  let active = jobs.filter((j) => !jobFinished(j) && !j.metadata.deletionTimestamp);

  let requeueAfterMs: number | undefined;
  let schedule;
  try {
    schedule = parseCron(String(spec.schedule ?? ''));
  } catch (e) {
    if (!(e instanceof CronError)) throw e;
    actions.push({
      type: 'event',
      event: event(
        'UnparseableSchedule',
        `unparseable schedule: ${String(spec.schedule)} : ${e.message}`,
        'Warning',
      ),
    });
  }
  if (schedule && spec.suspend !== true) {
    const created = fromTimestamp(cj.metadata.creationTimestamp) ?? now;
    let earliest = fromTimestamp(status.lastScheduleTime as string | undefined) ?? created;
    const deadlineSeconds = spec.startingDeadlineSeconds as number | undefined;
    if (deadlineSeconds !== undefined) earliest = Math.max(earliest, now - deadlineSeconds * 1000);
    // The most recent start time missed since the earliest, if any.
    let due: number | undefined;
    let missed = 0;
    for (
      let t = nextCronTime(schedule, earliest);
      t !== undefined && t <= now;
      t = nextCronTime(schedule, t)
    ) {
      due = t;
      if (++missed > MAX_MISSED) {
        // Kubernetes gives up counting here and starts the latest one.
        let last = t;
        for (let n = nextCronTime(schedule, last); n !== undefined && n <= now; n = nextCronTime(schedule, n))
          last = n;
        due = last;
        break;
      }
    }
    if (due !== undefined) {
      const job = jobForSchedule(cj, due);
      const exists = jobs.some((j) => j.metadata.name === job.metadata.name);
      if (!exists) {
        if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
          actions.push({
            type: 'event',
            event: event(
              'JobAlreadyActive',
              'Not starting job because prior execution is running and concurrency policy is Forbid',
            ),
          });
          due = undefined; // not taken: retried once the running Job finishes
        } else {
          if (spec.concurrencyPolicy === 'Replace') {
            for (const j of active) drop(j);
            active = [];
          }
          actions.push({
            type: 'create',
            resource: 'jobs.batch',
            object: job,
            event: event('SuccessfulCreate', `Created job ${job.metadata.name}`),
          });
          active.push(job);
        }
      }
      if (due !== undefined) status.lastScheduleTime = toTimestamp(due);
    }
    const next = nextCronTime(schedule, now);
    if (next !== undefined) requeueAfterMs = next - now;
  }

  const refs = active.map(ref).sort((a, b) => compareStrings(a.name!, b.name!));
  if (refs.length) status.active = refs;
  else delete status.active;
  if (lastSuccess !== undefined) status.lastSuccessfulTime = toTimestamp(lastSuccess);
  if (!sameJson(status, cj.status ?? {}))
    actions.push({ type: 'updateStatus', resource: 'cronjobs.batch', object: { ...cj, status } });
  return requeueAfterMs === undefined ? { actions } : { actions, requeueAfterMs };
}

/** `kubectl describe` for Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs. */
import type { KubeObject } from '../../cluster/types.js';
import { formatLabelSelector, formatLabels } from '../../cluster/printers/table.js';
import { parseRfc3339 } from '../../cluster/machinery/timestamps.js';
import { humanDuration } from '../../cluster/printers/duration.js';
import { describePodTemplate } from './containers.js';
import { describeEvents } from './events.js';
import {
  annotationsMultiline,
  arr,
  byString,
  controllerOf,
  intOrString,
  labelsMultiline,
  num,
  rec,
  rfc1123z,
  str,
  type Obj,
} from './format.js';
import { fetchEvents, listOrEmpty, type DescribeContext } from './source.js';
import { L0, L1, tabbedString, type DescribeWriter } from './writer.js';

/** A selector as kubectl's `LabelSelectorAsSelector(...).String()` prints it ('' when empty). */
export function selectorText(selector: unknown): string {
  const s = formatLabelSelector(selector);
  return s === '<none>' ? '' : s;
}

/** FormatLabelSelector: the selector, or `<none>`. */
export function selectorOrNone(selector: unknown): string {
  return formatLabelSelector(selector);
}

function conditionsTable(w: DescribeWriter, conditions: Obj[]): void {
  if (conditions.length === 0) return;
  w.write(L0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(L1, '----\t------\t------\n');
  for (const c of conditions) w.write(L1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}\n`);
}

/** Pods of a controller counted by phase (getPodStatusForController). */
export interface PodPhaseCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

export async function podPhases(
  ctx: DescribeContext,
  owner: KubeObject,
  selector: unknown,
): Promise<PodPhaseCounts> {
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  const text = selectorText(selector);
  const pods = await listOrEmpty(ctx, 'pods', {
    namespace: owner.metadata.namespace,
    ...(text ? { labelSelector: text } : {}),
  });
  for (const p of pods) {
    const ref = arr(p.metadata.ownerReferences).find((r) => r.controller === true);
    if (!ref || ref.uid !== owner.metadata.uid) continue;
    const phase = str(rec(p.status).phase);
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  return counts;
}

function phasesText(c: PodPhaseCounts): string {
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}

/** A pod template without the pod-template-hash label, for "is this the new ReplicaSet". */
function templateKey(template: unknown): string {
  const t = JSON.parse(JSON.stringify(template ?? {})) as Obj;
  if (t.metadata?.labels) {
    delete t.metadata.labels['pod-template-hash'];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  if (t.metadata && Object.keys(t.metadata).length === 0) delete t.metadata;
  return canonical(t);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Obj)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

function rsList(list: KubeObject[]): string {
  const text = list
    .map(
      (rs) =>
        `${str(rs.metadata.name)} (${num(rec(rs.status).replicas)}/${num(rec(rs.spec).replicas)} replicas created)`,
    )
    .join(', ');
  return text || '<none>';
}

export function renderDeployment(
  d: KubeObject,
  replicaSets: KubeObject[],
  events: Obj[] | undefined,
  now: number,
): string {
  const spec = rec(d.spec);
  const status = rec(d.status);
  const m = d.metadata;
  // The controlled ReplicaSets, oldest first (ties by name); the new one has the Deployment's template.
  const owned = replicaSets
    .filter((rs) => arr(rs.metadata.ownerReferences).some((r) => r.controller === true && r.uid === m.uid))
    .sort(
      (a, b) =>
        (parseRfc3339(a.metadata.creationTimestamp) ?? 0) -
          (parseRfc3339(b.metadata.creationTimestamp) ?? 0) ||
        byString(str(a.metadata.name), str(b.metadata.name)),
    );
  const key = templateKey(spec.template);
  const newRs = owned.find((rs) => templateKey(rec(rs.spec).template) === key);
  const old = replicaSets.filter(
    (rs) => owned.includes(rs) && rs !== newRs && num(rec(rs.spec).replicas ?? 1) !== 0,
  );
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    w.write(L0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `Selector:\t${selectorText(spec.selector)}\n`);
    w.write(
      L0,
      `Replicas:\t${num(spec.replicas)} desired | ${num(status.updatedReplicas)} updated | ${num(status.replicas)} total | ${num(status.availableReplicas)} available | ${num(status.unavailableReplicas)} unavailable\n`,
    );
    const strategy = rec(spec.strategy);
    w.write(L0, `StrategyType:\t${str(strategy.type)}\n`);
    w.write(L0, `MinReadySeconds:\t${num(spec.minReadySeconds)}\n`);
    if (strategy.rollingUpdate) {
      const ru = rec(strategy.rollingUpdate);
      w.write(
        L0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    }
    describePodTemplate(rec(spec.template), w);
    conditionsTable(w, arr(status.conditions));
    if (old.length > 0 || newRs) {
      w.write(L0, `OldReplicaSets:\t${rsList(old)}\n`);
      w.write(L0, `NewReplicaSet:\t${rsList(newRs ? [newRs] : [])}\n`);
    }
    describeEvents(events, w, now);
  });
}

export async function describeDeployment(d: KubeObject, ctx: DescribeContext): Promise<string> {
  const events = await fetchEvents(ctx, d);
  const selector = selectorText(rec(d.spec).selector);
  const replicaSets = await ctx.source.list('replicasets.apps', {
    namespace: d.metadata.namespace,
    ...(selector ? { labelSelector: selector } : {}),
  });
  return renderDeployment(d, replicaSets, events, ctx.now);
}

export function renderReplicaSet(
  rs: KubeObject,
  pods: PodPhaseCounts,
  events: Obj[] | undefined,
  now: number,
): string {
  const spec = rec(rs.spec);
  const m = rs.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    w.write(L0, `Selector:\t${selectorOrNone(spec.selector)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    const controller = controllerOf(rs);
    if (controller) w.write(L0, `Controlled By:\t${controller}\n`);
    w.write(L0, `Replicas:\t${num(rec(rs.status).replicas)} current / ${num(spec.replicas)} desired\n`);
    w.write(L0, 'Pods Status:\t');
    w.write(L0, `${phasesText(pods)}\n`);
    describePodTemplate(rec(spec.template), w);
    conditionsTable(w, arr(rec(rs.status).conditions));
    describeEvents(events, w, now);
  });
}

export async function describeReplicaSet(rs: KubeObject, ctx: DescribeContext): Promise<string> {
  const pods = await podPhases(ctx, rs, rec(rs.spec).selector);
  return renderReplicaSet(rs, pods, await fetchEvents(ctx, rs), ctx.now);
}

export function renderStatefulSet(
  ss: KubeObject,
  pods: PodPhaseCounts,
  events: Obj[] | undefined,
  now: number,
): string {
  const spec = rec(ss.spec);
  const m = ss.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    w.write(L0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
    w.write(L0, `Selector:\t${selectorText(spec.selector)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `Replicas:\t${num(spec.replicas)} desired | ${num(rec(ss.status).replicas)} total\n`);
    const strategy = rec(spec.updateStrategy);
    w.write(L0, `Update Strategy:\t${str(strategy.type)}\n`);
    if (strategy.rollingUpdate) {
      const ru = rec(strategy.rollingUpdate);
      if (ru.maxUnavailable !== undefined)
        w.write(L1, `Max Unavailable:\t${intOrString(ru.maxUnavailable)}\n`);
      if (ru.partition !== undefined) w.write(L1, `Partition:\t${num(ru.partition)}\n`);
    }
    w.write(L0, `Pods Status:\t${phasesText(pods)}\n`);
    describePodTemplate(rec(spec.template), w);
    const claims = arr(spec.volumeClaimTemplates);
    if (claims.length === 0) w.write(L0, 'Volume Claims:\t<none>\n');
    else w.write(L0, 'Volume Claims:\n');
    for (const pvc of claims) {
      const pm = rec(pvc.metadata);
      const ps = rec(pvc.spec);
      w.write(L1, `Name:\t${str(pm.name)}\n`);
      const cls =
        str(rec(pm.annotations)['volume.beta.kubernetes.io/storage-class']) || str(ps.storageClassName);
      w.write(L1, `StorageClass:\t${cls}\n`);
      labelsMultiline(w, 'Labels', pm.labels, '  ');
      labelsMultiline(w, 'Annotations', pm.annotations, '  ');
      const capacity = str(rec(rec(ps.resources).requests).storage);
      w.write(L1, `Capacity:\t${capacity || '<default>'}\n`);
      w.write(L1, `Access Modes:\t[${arr<string>(ps.accessModes).join(' ')}]\n`);
    }
    describeEvents(events, w, now);
  });
}

export async function describeStatefulSet(ss: KubeObject, ctx: DescribeContext): Promise<string> {
  const pods = await podPhases(ctx, ss, rec(ss.spec).selector);
  return renderStatefulSet(ss, pods, await fetchEvents(ctx, ss), ctx.now);
}

export function renderDaemonSet(
  ds: KubeObject,
  pods: PodPhaseCounts,
  events: Obj[] | undefined,
  now: number,
): string {
  const spec = rec(ds.spec);
  const status = rec(ds.status);
  const m = ds.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Selector:\t${selectorText(spec.selector)}\n`);
    w.write(L0, `Node-Selector:\t${formatLabels(rec(rec(spec.template).spec).nodeSelector)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `Desired Number of Nodes Scheduled: ${num(status.desiredNumberScheduled)}\n`);
    w.write(L0, `Current Number of Nodes Scheduled: ${num(status.currentNumberScheduled)}\n`);
    w.write(L0, `Number of Nodes Scheduled with Up-to-date Pods: ${num(status.updatedNumberScheduled)}\n`);
    w.write(L0, `Number of Nodes Scheduled with Available Pods: ${num(status.numberAvailable)}\n`);
    w.write(L0, `Number of Nodes Misscheduled: ${num(status.numberMisscheduled)}\n`);
    w.write(L0, `Pods Status:\t${phasesText(pods)}\n`);
    describePodTemplate(rec(spec.template), w);
    describeEvents(events, w, now);
  });
}

export async function describeDaemonSet(ds: KubeObject, ctx: DescribeContext): Promise<string> {
  const pods = await podPhases(ctx, ds, rec(ds.spec).selector);
  return renderDaemonSet(ds, pods, await fetchEvents(ctx, ds), ctx.now);
}

export function renderJob(job: KubeObject, events: Obj[] | undefined, now: number): string {
  const spec = rec(job.spec);
  const status = rec(job.status);
  const m = job.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    w.write(L0, `Selector:\t${selectorText(spec.selector)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    const controller = controllerOf(job);
    if (controller) w.write(L0, `Controlled By:\t${controller}\n`);
    if (typeof spec.parallelism === 'number') w.write(L0, `Parallelism:\t${spec.parallelism}\n`);
    if (typeof spec.completions === 'number') w.write(L0, `Completions:\t${spec.completions}\n`);
    else w.write(L0, 'Completions:\t<unset>\n');
    if (spec.completionMode) {
      w.write(L0, `Completion Mode:\t${str(spec.completionMode)}\n`);
    }
    if (typeof spec.suspend === 'boolean') w.write(L0, `Suspend:\t${spec.suspend}\n`);
    if (typeof spec.backoffLimit === 'number') w.write(L0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (typeof spec.ttlSecondsAfterFinished === 'number')
      w.write(L0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(L0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(L0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    const start = parseRfc3339(str(status.startTime));
    const end = parseRfc3339(str(status.completionTime));
    if (start !== undefined && end !== undefined) w.write(L0, `Duration:\t${humanDuration(end - start)}\n`);
    if (typeof spec.activeDeadlineSeconds === 'number')
      w.write(L0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const ready = typeof status.ready === 'number' ? ` (${status.ready} Ready)` : '';
    w.write(
      L0,
      `Pods Statuses:\t${num(status.active)} Active${ready} / ${num(status.succeeded)} Succeeded / ${num(status.failed)} Failed\n`,
    );
    if (spec.completionMode === 'Indexed')
      w.write(L0, `Completed Indexes:\t${str(status.completedIndexes) || '<none>'}\n`);
    describePodTemplate(rec(spec.template), w);
    describeEvents(events, w, now);
  });
}

export async function describeJob(job: KubeObject, ctx: DescribeContext): Promise<string> {
  return renderJob(job, await fetchEvents(ctx, job), ctx.now);
}

export function renderCronJob(cj: KubeObject, events: Obj[] | undefined, now: number): string {
  const spec = rec(cj.spec);
  const status = rec(cj.status);
  const m = cj.metadata;
  const jobSpec = rec(rec(spec.jobTemplate).spec);
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `Schedule:\t${str(spec.schedule)}\n`);
    w.write(L0, `Concurrency Policy:\t${str(spec.concurrencyPolicy)}\n`);
    w.write(L0, `Suspend:\t${spec.suspend === true ? 'True' : 'False'}\n`);
    const limit = (v: unknown): string => (typeof v === 'number' ? String(v) : '<unset>');
    w.write(L0, `Successful Job History Limit:\t${limit(spec.successfulJobsHistoryLimit)}\n`);
    w.write(L0, `Failed Job History Limit:\t${limit(spec.failedJobsHistoryLimit)}\n`);
    w.write(
      L0,
      `Starting Deadline Seconds:\t${typeof spec.startingDeadlineSeconds === 'number' ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`,
    );
    // The job template.
    if (jobSpec.selector) w.write(L0, `Selector:\t${selectorText(jobSpec.selector)}\n`);
    else w.write(L0, 'Selector:\t<unset>\n');
    w.write(L0, `Parallelism:\t${limit(jobSpec.parallelism)}\n`);
    w.write(L0, `Completions:\t${limit(jobSpec.completions)}\n`);
    if (typeof jobSpec.activeDeadlineSeconds === 'number')
      w.write(L0, `Active Deadline Seconds:\t${jobSpec.activeDeadlineSeconds}s\n`);
    describePodTemplate(rec(jobSpec.template), w);
    if (status.lastScheduleTime) w.write(L0, `Last Schedule Time:\t${rfc1123z(status.lastScheduleTime)}\n`);
    else w.write(L0, 'Last Schedule Time:\t<unset>\n');
    const active = arr(status.active);
    if (active.length === 0) w.write(L0, 'Active Jobs:\t<none>\n');
    else {
      w.write(L0, 'Active Jobs:\t');
      w.write(L0, `${active.map((j) => str(j.name)).join(', ')}\n`);
    }
    describeEvents(events, w, now);
  });
}

export async function describeCronJob(cj: KubeObject, ctx: DescribeContext): Promise<string> {
  return renderCronJob(cj, await fetchEvents(ctx, cj), ctx.now);
}

/**
 * The Pod table: READY, STATUS, RESTARTS as kubectl shows them. STATUS follows Kubernetes' pod
 * printer step by step: the phase or `status.reason`, `SchedulingGated`, init containers
 * (`Init:1/2`, `Init:CrashLoopBackOff`, `Init:Error`, `Init:ExitCode:N`), sidecar (restartable
 * init) containers counted as containers, the app containers' waiting or terminated reasons
 * (`CrashLoopBackOff`, `ErrImagePull`, `Completed`, `OOMKilled`, `ExitCode:N`), `Running`/`NotReady`
 * for a pod with a finished and a running container, and `Terminating` / `Unknown` (node lost).
 */
import type { KubeObject } from '../types.js';
import { parseRfc3339 } from '../machinery/timestamps.js';
import { since } from './duration.js';
import { AGE_COLUMN, at, column, int, list, NAME_COLUMN, type PrintContext, type Printer } from './table.js';

type Obj = Record<string, unknown>;

function restartable(container: Obj | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function conditionTrue(pod: KubeObject, type: string): boolean {
  return list(at(pod, 'status', 'conditions')).some((c) => c.type === type && c.status === 'True');
}

function hasCondition(pod: KubeObject, type: string): boolean {
  return list(at(pod, 'status', 'conditions')).some((c) => c.type === type);
}

function finishedAt(status: Obj): number | undefined {
  const t = at(status, 'lastState', 'terminated', 'finishedAt');
  return typeof t === 'string' ? parseRfc3339(t) : undefined;
}

function terminatedReason(terminated: Obj, prefix: string): string {
  const reason = terminated.reason;
  if (typeof reason === 'string' && reason !== '') return `${prefix}${reason}`;
  if (int(terminated.signal) !== 0) return `${prefix}Signal:${int(terminated.signal)}`;
  return `${prefix}ExitCode:${int(terminated.exitCode)}`;
}

/** The READY, STATUS and RESTARTS cells of a pod (RESTARTS as `3 (5m ago)`). */
export function podSummary(
  pod: KubeObject,
  now: number,
): { ready: string; status: string; restarts: string } {
  const spec = (pod.spec ?? {}) as Obj;
  const status = (pod.status ?? {}) as Obj;
  const phase = typeof status.phase === 'string' ? status.phase : '';
  let reason = typeof status.reason === 'string' && status.reason !== '' ? status.reason : phase;
  for (const c of list(status.conditions))
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';

  const initSpecs = new Map<string, Obj>();
  const initContainers = list(spec.initContainers);
  let total = list(spec.containers).length;
  for (const c of initContainers) {
    initSpecs.set(String(c.name), c);
    if (restartable(c)) total++;
  }

  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  let ready = 0;
  const later = (a: number | undefined, b: number | undefined) =>
    b !== undefined && (a === undefined || b > a) ? b : a;

  let initializing = false;
  const initStatuses = list(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const count = int(cs.restartCount);
    restarts += count;
    lastRestart = later(lastRestart, finishedAt(cs));
    const sidecar = restartable(initSpecs.get(String(cs.name)));
    if (sidecar) {
      sidecarRestarts += count;
      lastSidecarRestart = later(lastSidecarRestart, finishedAt(cs));
    }
    const terminated = at(cs, 'state', 'terminated') as Obj | undefined;
    const waiting = at(cs, 'state', 'waiting') as Obj | undefined;
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (terminated) reason = terminatedReason(terminated, 'Init:');
    else if (
      typeof waiting?.reason === 'string' &&
      waiting.reason !== '' &&
      waiting.reason !== 'PodInitializing'
    )
      reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${initContainers.length}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = list(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += int(cs.restartCount);
      lastRestart = later(lastRestart, finishedAt(cs));
      const waiting = at(cs, 'state', 'waiting') as Obj | undefined;
      const terminated = at(cs, 'state', 'terminated') as Obj | undefined;
      if (typeof waiting?.reason === 'string' && waiting.reason !== '') reason = waiting.reason;
      else if (terminated) reason = terminatedReason(terminated, '');
      else if (cs.ready === true && at(cs, 'state', 'running')) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating';

  let restartText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined)
    restartText = `${restarts} (${since(lastRestart, now)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

/** The Pod printer: Name, Ready, Status, Restarts, Age | IP, Node, Nominated Node, Readiness Gates. */
export const POD_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    column('IP', 'IP address allocated to the pod. Routable at least within the cluster.', { wide: true }),
    column('Node', 'The node the pod is scheduled onto.', { wide: true }),
    column('Nominated Node', 'The node the scheduler nominated for this pod while preempting others.', {
      wide: true,
    }),
    column('Readiness Gates', 'How many of the readiness gates of the pod hold, of how many.', {
      wide: true,
    }),
  ],
  cells(pod: KubeObject, ctx: PrintContext): unknown[] {
    const s = podSummary(pod, ctx.now);
    const podIPs = list(at(pod, 'status', 'podIPs'));
    const ip = String(podIPs[0]?.ip ?? at(pod, 'status', 'podIP') ?? '') || '<none>';
    const node = String(at(pod, 'spec', 'nodeName') ?? '') || '<none>';
    const nominated = String(at(pod, 'status', 'nominatedNodeName') ?? '') || '<none>';
    const gates = list(at(pod, 'spec', 'readinessGates'));
    let readiness = '<none>';
    if (gates.length > 0) {
      const conditions = list(at(pod, 'status', 'conditions'));
      const holding = gates.filter(
        (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
      ).length;
      readiness = `${holding}/${gates.length}`;
    }
    return [
      pod.metadata.name,
      s.ready,
      s.status,
      s.restarts,
      since(pod.metadata.creationTimestamp, ctx.now),
      ip,
      node,
      nominated,
      readiness,
    ];
  },
};

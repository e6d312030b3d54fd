/**
 * Tables of the workload kinds: Deployment, ReplicaSet, ReplicationController, StatefulSet,
 * DaemonSet, Job, CronJob, HorizontalPodAutoscaler and ControllerRevision, with the columns of
 * Kubernetes' printers.
 */
import type { KubeObject } from '../types.js';
import { parseRfc3339 } from '../machinery/timestamps.js';
import { humanDuration, since } from './duration.js';
import {
  AGE_COLUMN,
  at,
  column,
  containerCells,
  containerColumns,
  formatLabels,
  formatLabelSelector,
  int,
  list,
  NAME_COLUMN,
  type Printer,
} from './table.js';

const age = (o: KubeObject, now: number) => since(o.metadata.creationTimestamp, now);

/** Deployment: Name, Ready, Up-to-date, Available, Age | Containers, Images, Selector. */
export const DEPLOYMENT_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'Number of the pod with ready state, of the desired number.'),
    column(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      { type: 'integer' },
    ),
    column(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      { type: 'integer' },
    ),
    AGE_COLUMN,
    ...containerColumns(true),
  ],
  cells: (o, { now }) => [
    o.metadata.name,
    `${int(at(o, 'status', 'readyReplicas'))}/${int(at(o, 'spec', 'replicas'))}`,
    int(at(o, 'status', 'updatedReplicas')),
    int(at(o, 'status', 'availableReplicas')),
    age(o, now),
    ...containerCells(at(o, 'spec', 'template', 'spec')),
    formatLabelSelector(at(o, 'spec', 'selector')),
  ],
};

const replicaColumns = [
  NAME_COLUMN,
  column('Desired', 'Number of desired pods.', { type: 'integer' }),
  column('Current', 'Number of actual running pods.', { type: 'integer' }),
  column('Ready', 'The number of ready pods.', { type: 'integer' }),
  AGE_COLUMN,
  ...containerColumns(true),
];

/** ReplicaSet: Name, Desired, Current, Ready, Age | Containers, Images, Selector. */
export const REPLICASET_PRINTER: Printer = {
  columns: replicaColumns,
  cells: (o, { now }) => [
    o.metadata.name,
    int(at(o, 'spec', 'replicas')),
    int(at(o, 'status', 'replicas')),
    int(at(o, 'status', 'readyReplicas')),
    age(o, now),
    ...containerCells(at(o, 'spec', 'template', 'spec')),
    formatLabelSelector(at(o, 'spec', 'selector')),
  ],
};

/** ReplicationController: as ReplicaSet, its selector being a plain label map. */
export const REPLICATIONCONTROLLER_PRINTER: Printer = {
  columns: replicaColumns,
  cells: (o, { now }) => [
    o.metadata.name,
    int(at(o, 'spec', 'replicas')),
    int(at(o, 'status', 'replicas')),
    int(at(o, 'status', 'readyReplicas')),
    age(o, now),
    ...containerCells(at(o, 'spec', 'template', 'spec')),
    formatLabels(at(o, 'spec', 'selector')),
  ],
};

/** StatefulSet: Name, Ready, Age | Containers, Images. */
export const STATEFULSET_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'Number of the pod with ready state, of the desired number.'),
    AGE_COLUMN,
    ...containerColumns(false),
  ],
  cells: (o, { now }) => [
    o.metadata.name,
    `${int(at(o, 'status', 'readyReplicas'))}/${int(at(o, 'spec', 'replicas'))}`,
    age(o, now),
    ...containerCells(at(o, 'spec', 'template', 'spec')),
  ],
};

/** DaemonSet: Name, Desired, Current, Ready, Up-to-date, Available, Node Selector, Age | Containers, Images, Selector. */
export const DAEMONSET_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'The total number of nodes that should be running the daemon pod.', {
      type: 'integer',
    }),
    column('Current', 'The number of nodes running at least one daemon pod that are supposed to.', {
      type: 'integer',
    }),
    column(
      'Ready',
      'The number of nodes that should be running the daemon pod and have one or more of it running and ready.',
      { type: 'integer' },
    ),
    column('Up-to-date', 'The total number of nodes that are running the updated daemon pod.', {
      type: 'integer',
    }),
    column(
      'Available',
      'The number of nodes that should be running the daemon pod and have one or more of it running and available.',
      { type: 'integer' },
    ),
    column('Node Selector', 'The node selector of the pod template.'),
    AGE_COLUMN,
    ...containerColumns(true),
  ],
  cells: (o, { now }) => [
    o.metadata.name,
    int(at(o, 'status', 'desiredNumberScheduled')),
    int(at(o, 'status', 'currentNumberScheduled')),
    int(at(o, 'status', 'numberReady')),
    int(at(o, 'status', 'updatedNumberScheduled')),
    int(at(o, 'status', 'numberAvailable')),
    formatLabels(at(o, 'spec', 'template', 'spec', 'nodeSelector')),
    age(o, now),
    ...containerCells(at(o, 'spec', 'template', 'spec')),
    formatLabelSelector(at(o, 'spec', 'selector')),
  ],
};

function hasCondition(o: KubeObject, type: string): boolean {
  return list(at(o, 'status', 'conditions')).some((c) => c.type === type && c.status === 'True');
}

/** A Job's STATUS cell. */
export function jobStatus(o: KubeObject): string {
  if (hasCondition(o, 'Complete')) return 'Complete';
  if (hasCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(o, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(o, 'Suspended')) return 'Suspended';
  if (hasCondition(o, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** Job: Name, Status, Completions, Duration, Age | Containers, Images, Selector. */
export const JOB_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'Status of the job.'),
    column('Completions', 'The desired number of successfully finished pods the job should be run with.'),
    column('Duration', 'Time required to complete the job.'),
    AGE_COLUMN,
    ...containerColumns(true),
  ],
  cells: (o, { now }) => {
    const succeeded = int(at(o, 'status', 'succeeded'));
    const completions = at(o, 'spec', 'completions');
    const parallelism = int(at(o, 'spec', 'parallelism'));
    const done =
      typeof completions === 'number'
        ? `${succeeded}/${completions}`
        : parallelism > 1
          ? `${succeeded}/1 of ${parallelism}`
          : `${succeeded}/1`;
    const start = parseRfc3339(at(o, 'status', 'startTime'));
    const end = parseRfc3339(at(o, 'status', 'completionTime'));
    const duration = start === undefined ? '' : humanDuration((end ?? now) - start);
    return [
      o.metadata.name,
      jobStatus(o),
      done,
      duration,
      age(o, now),
      ...containerCells(at(o, 'spec', 'template', 'spec')),
      formatLabelSelector(at(o, 'spec', 'selector')),
    ];
  },
};

/** CronJob: Name, Schedule, Timezone, Suspend, Active, Last Schedule, Age | Containers, Images, Selector. */
export const CRONJOB_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'The schedule in Cron format.'),
    column('Timezone', 'The time zone name for the given schedule.'),
    column('Suspend', 'Whether subsequent executions are suspended.', { type: 'boolean' }),
    column('Active', 'The number of currently running jobs.', { type: 'integer' }),
    column('Last Schedule', 'When the job was last successfully scheduled.'),
    AGE_COLUMN,
    ...containerColumns(true),
  ],
  cells: (o, { now }) => {
    const suspend = at(o, 'spec', 'suspend');
    const last = at(o, 'status', 'lastScheduleTime');
    return [
      o.metadata.name,
      String(at(o, 'spec', 'schedule') ?? ''),
      String(at(o, 'spec', 'timeZone') ?? '') || '<none>',
      typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : '<unset>',
      list(at(o, 'status', 'active')).length,
      last ? since(last, now) : '<none>',
      age(o, now),
      ...containerCells(at(o, 'spec', 'jobTemplate', 'spec', 'template', 'spec')),
      formatLabelSelector(at(o, 'spec', 'jobTemplate', 'spec', 'selector')),
    ];
  },
};

/** The TARGETS cell of an HPA: `cpu: 45%/80%`, at most two metrics then `+ N more...`. */
export function hpaTargets(o: KubeObject): string {
  const specs = list(at(o, 'spec', 'metrics'));
  if (specs.length === 0) return '<none>';
  const statuses = list(at(o, 'status', 'currentMetrics'));
  const out: string[] = [];
  specs.forEach((spec, i) => {
    const cur = statuses[i];
    const type = spec.type;
    if (type === 'Resource' || type === 'ContainerResource') {
      const key = type === 'Resource' ? 'resource' : 'containerResource';
      const target = at(spec, key, 'target') ?? {};
      const current = at(cur, key, 'current');
      const name = String(at(spec, key, 'name') ?? '');
      if (target.averageValue !== undefined) {
        out.push(`${name}: ${current?.averageValue ?? '<unknown>'}/${target.averageValue}`);
      } else {
        const c =
          typeof current?.averageUtilization === 'number' ? `${current.averageUtilization}%` : '<unknown>';
        const t = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
        out.push(`${name}: ${c}/${t}`);
      }
    } else if (type === 'Pods') {
      const c = at(cur, 'pods', 'current', 'averageValue') ?? '<unknown>';
      out.push(`${c}/${at(spec, 'pods', 'target', 'averageValue') ?? ''}`);
    } else if (type === 'Object' || type === 'External') {
      const key = type === 'Object' ? 'object' : 'external';
      const target = at(spec, key, 'target') ?? {};
      const current = at(cur, key, 'current') ?? {};
      if (target.type === 'AverageValue' || (target.value === undefined && target.averageValue !== undefined))
        out.push(`${current.averageValue ?? '<unknown>'}/${target.averageValue} (avg)`);
      else out.push(`${current.value ?? '<unknown>'}/${target.value ?? ''}`);
    } else out.push('<unknown type>');
  });
  if (out.length > 2) return `${out.slice(0, 2).join(', ')} + ${out.length - 2} more...`;
  return out.join(', ');
}

/** HorizontalPodAutoscaler: Name, Reference, Targets, MinPods, MaxPods, Replicas, Age. */
export const HPA_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Reference', 'The kind and name of the scaled resource.'),
    column('Targets', 'The current and target values of the metrics.'),
    column('MinPods', 'The lower limit for the number of pods.'),
    column('MaxPods', 'The upper limit for the number of pods.', { type: 'integer' }),
    column('Replicas', 'Current number of replicas of pods managed by this autoscaler.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => {
    const min = at(o, 'spec', 'minReplicas');
    return [
      o.metadata.name,
      `${at(o, 'spec', 'scaleTargetRef', 'kind') ?? ''}/${at(o, 'spec', 'scaleTargetRef', 'name') ?? ''}`,
      hpaTargets(o),
      typeof min === 'number' ? String(min) : '<unset>',
      int(at(o, 'spec', 'maxReplicas')),
      int(at(o, 'status', 'currentReplicas')),
      age(o, now),
    ];
  },
};

/** ControllerRevision: Name, Controller, Revision, Age. */
export const CONTROLLERREVISION_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'The controller that owns this revision.'),
    column('Revision', 'The revision number of the state.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => {
    const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
    let controller = '<none>';
    if (ref) {
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
      controller = `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
    }
    return [o.metadata.name, controller, int(o.revision), age(o, now)];
  },
};

/**
 * Workload defaults (apps/v1, batch/v1, ReplicationController), as a 1.32 API server fills them.
 * Functions mutate the object they are given; callers pass a clone.
 */
import type { Obj } from '../rules/meta';
import { defaultPersistentVolumeClaimSpec } from './other';
import { defaultPodTemplate } from './pod';

/** Deployment: 1 replica, RollingUpdate 25%/25%, 10 revisions kept, 600 s progress deadline. */
export function defaultDeployment(d: Obj): void {
  const s = (d.spec ??= {});
  s.replicas ??= 1;
  s.strategy ??= {};
  s.strategy.type ??= 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    s.strategy.rollingUpdate ??= {};
    s.strategy.rollingUpdate.maxUnavailable ??= '25%';
    s.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  defaultPodTemplate((s.template ??= {}));
}

/** ReplicaSet: 1 replica. */
export function defaultReplicaSet(rs: Obj): void {
  const s = (rs.spec ??= {});
  s.replicas ??= 1;
  defaultPodTemplate((s.template ??= {}));
}

/**
 * StatefulSet: 1 replica, OrderedReady, RollingUpdate with partition 0, 10 revisions, PVCs
 * retained. `serviceName` is not defaulted.
 */
export function defaultStatefulSet(ss: Obj): void {
  const s = (ss.spec ??= {});
  s.replicas ??= 1;
  s.podManagementPolicy ??= 'OrderedReady';
  s.updateStrategy ??= {};
  s.updateStrategy.type ??= 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    s.updateStrategy.rollingUpdate ??= {};
    s.updateStrategy.rollingUpdate.partition ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  s.persistentVolumeClaimRetentionPolicy ??= {};
  s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  for (const claim of s.volumeClaimTemplates ?? []) {
    if (!claim) continue;
    claim.apiVersion ??= 'v1';
    claim.kind ??= 'PersistentVolumeClaim';
    claim.metadata ??= {};
    if (!('creationTimestamp' in claim.metadata)) claim.metadata.creationTimestamp = null;
    defaultPersistentVolumeClaimSpec((claim.spec ??= {}));
    claim.status ??= { phase: 'Pending' };
  }
  defaultPodTemplate((s.template ??= {}));
}

/** DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions. */
export function defaultDaemonSet(ds: Obj): void {
  const s = (ds.spec ??= {});
  s.updateStrategy ??= {};
  s.updateStrategy.type ??= 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    s.updateStrategy.rollingUpdate ??= {};
    s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    s.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  defaultPodTemplate((s.template ??= {}));
}

/**
 * Job: parallelism and completions 1 when neither is set, backoffLimit 6, NonIndexed,
 * not suspended, pods replaced once terminating or failed (Failed with a podFailurePolicy).
 * The generated selector and pod labels need the Job's uid: see `prepareJobForCreate`.
 */
export function defaultJob(job: Obj): void {
  const s = (job.spec ??= {});
  if (s.completions === undefined && s.parallelism === undefined) {
    s.completions = 1;
    s.parallelism = 1;
  }
  s.parallelism ??= 1;
  if (s.backoffLimit === undefined) s.backoffLimit = s.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  s.podReplacementPolicy ??= s.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate((s.template ??= {}));
}

/**
 * What a Job gets on create once it has a uid, unless `spec.manualSelector` is true: a selector
 * on its controller-uid and the matching pod template labels (both the batch.kubernetes.io/ and
 * the legacy names); an unlabelled Job also gets those labels.
 */
export function prepareJobForCreate(job: Obj): void {
  const uid = job.metadata?.uid;
  const name = job.metadata?.name;
  if (!uid || job.spec?.manualSelector === true) return;
  const s = (job.spec ??= {});
  s.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const t = (s.template ??= {});
  t.metadata ??= {};
  t.metadata.labels = {
    ...(t.metadata.labels ?? {}),
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  // Job defaulting copies the template's labels to an unlabelled Job (seen on every read).
  job.metadata.labels =
    job.metadata.labels && Object.keys(job.metadata.labels).length > 0
      ? job.metadata.labels
      : { ...t.metadata.labels };
}

/** CronJob: Allow, not suspended, 3 successful and 1 failed Jobs kept. */
export function defaultCronJob(cj: Obj): void {
  const s = (cj.spec ??= {});
  s.concurrencyPolicy ??= 'Allow';
  s.suspend ??= false;
  s.successfulJobsHistoryLimit ??= 3;
  s.failedJobsHistoryLimit ??= 1;
  s.jobTemplate ??= {};
  s.jobTemplate.metadata ??= {};
  if (!('creationTimestamp' in s.jobTemplate.metadata)) s.jobTemplate.metadata.creationTimestamp = null;
  s.jobTemplate.spec ??= {};
  defaultPodTemplate((s.jobTemplate.spec.template ??= {}));
}

/**
 * ReplicationController: 1 replica; an empty selector and empty labels are taken from the
 * template's labels.
 */
export function defaultReplicationController(rc: Obj): void {
  const s = (rc.spec ??= {});
  s.replicas ??= 1;
  const templateLabels = s.template?.metadata?.labels;
  if (templateLabels) {
    if (!s.selector || Object.keys(s.selector).length === 0) s.selector = { ...templateLabels };
    rc.metadata ??= {};
    if (!rc.metadata.labels || Object.keys(rc.metadata.labels).length === 0)
      rc.metadata.labels = { ...templateLabels };
  }
  if (s.template) defaultPodTemplate(s.template);
}

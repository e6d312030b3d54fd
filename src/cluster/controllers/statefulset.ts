/**
 * The StatefulSet controller: pods with stable names (`web-0`, `web-1`), PersistentVolumeClaims
 * from `volumeClaimTemplates` (`www-web-0`), ordered start and stop under `OrderedReady` (pod
 * N+1 only once pod N is Running and Ready; the highest ordinal goes first), all at once under
 * `Parallel`, and rolling updates from the highest ordinal down to the partition.
 */
import type { KubeObject } from '../types.js';
import type { Action, EventSpec, ReconcileResult } from './types.js';
import { controllerRef, getControllerOf, isControlledBy } from './owners.js';
import { isPodAvailable, isPodReady, msUntilAvailable } from './pods.js';
import { type LabelSelector, matchesSelector } from './labels.js';
import { clone, sameJson } from './json.js';
import { podTemplateHash } from './deployment/hash.js';
import { syncRevisions } from './statefulset-history.js';

/** What the StatefulSet controller observes in the set's namespace. */
export interface StatefulSetObserved {
  pods: KubeObject[];
  claims: KubeObject[];
  /** ControllerRevisions of the namespace (history for `kubectl rollout history/undo`); omitted: not kept. */
  revisions?: KubeObject[];
}

/** Label with the revision a pod was created from. */
export const REVISION_LABEL = 'controller-revision-hash';
/** Label naming the pod (a Service can select one replica). */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** Label with the pod's ordinal. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const COMPONENT = 'statefulset-controller';

/** The revision name of the set's current template (`web-6c9f7d8b5`). */
export function statefulSetRevision(set: KubeObject): string {
  return `${set.metadata.name}-${podTemplateHash(set.spec?.template)}`;
}

/** The ordinal of a pod named `<set>-<n>`, or -1. */
export function ordinalOf(set: KubeObject, pod: KubeObject): number {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

/** The claim name for template `t` of pod `ordinal`: `<template>-<set>-<ordinal>`. */
export function claimName(template: string, set: KubeObject, ordinal: number): string {
  return `${template}-${set.metadata.name}-${ordinal}`;
}

function templates(set: KubeObject): KubeObject[] {
  return (set.spec?.volumeClaimTemplates ?? []) as KubeObject[];
}

/** The pod for `ordinal` at `revision`, as the controller creates it. */
export function statefulSetPod(set: KubeObject, ordinal: number, revision: string): KubeObject {
  const template = set.spec?.template ?? {};
  const name = `${set.metadata.name}-${ordinal}`;
  const spec = clone(template.spec ?? {});
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const volumes = ((spec.volumes ?? []) as { name: string }[]).slice();
  for (const t of templates(set)) {
    const vname = t.metadata?.name ?? '';
    const volume = { name: vname, persistentVolumeClaim: { claimName: claimName(vname, set, ordinal) } };
    const i = volumes.findIndex((v) => v.name === vname);
    if (i >= 0) volumes[i] = volume;
    else volumes.push(volume);
  }
  if (volumes.length) spec.volumes = volumes;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        [REVISION_LABEL]: revision,
        [POD_NAME_LABEL]: name,
        [POD_INDEX_LABEL]: String(ordinal),
      },
      ...(template.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
      ownerReferences: [controllerRef(set)],
    },
    spec,
  };
}

function claimFor(set: KubeObject, t: KubeObject, ordinal: number): KubeObject {
  const selector = (set.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(t.metadata?.name ?? '', set, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}), ...selector },
      ...(t.metadata?.annotations ? { annotations: clone(t.metadata.annotations) } : {}),
      // persistentVolumeClaimRetentionPolicy.whenDeleted: Delete: the claim goes with the set.
      ...(set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete'
        ? {
            ownerReferences: [
              {
                apiVersion: set.apiVersion,
                kind: set.kind,
                name: set.metadata.name ?? '',
                uid: set.metadata.uid ?? '',
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: clone(t.spec ?? {}),
  };
}

const isTerminating = (p: KubeObject): boolean => !!p.metadata.deletionTimestamp;
const isTerminal = (p: KubeObject): boolean =>
  p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const runningAndReady = (p: KubeObject): boolean => p.status?.phase === 'Running' && isPodReady(p);
const revisionOf = (p: KubeObject): string | undefined => p.metadata.labels?.[REVISION_LABEL];

/** Reconciles an apps/v1 StatefulSet. */
export function reconcileStatefulSet(
  set: KubeObject,
  observed: StatefulSetObserved,
  now: number,
): ReconcileResult {
  if (set.metadata.deletionTimestamp) return { actions: [] };
  const actions: Action[] = [];
  const ns = set.metadata.namespace ?? '';
  const replicas = Number(set.spec?.replicas ?? 1);
  const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
  const strategy = set.spec?.updateStrategy?.type ?? 'RollingUpdate';
  const partition = Number(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
  const minReadySeconds = Number(set.spec?.minReadySeconds ?? 0);
  const updateRevision = statefulSetRevision(set);
  const event = (reason: string, message: string, type: EventSpec['type'] = 'Normal'): EventSpec => ({
    involvedObject: set,
    type,
    reason,
    message,
    component: COMPONENT,
  });

  // The pods it controls (adopting orphans that match and carry one of its ordinals), by ordinal.
  const byOrdinal = new Map<number, KubeObject>();
  for (const pod of observed.pods) {
    if (pod.metadata.namespace !== ns) continue;
    const ordinal = ordinalOf(set, pod);
    if (ordinal < 0) continue;
    let p = pod;
    if (!isControlledBy(pod, set)) {
      if (getControllerOf(pod) || isTerminating(pod)) continue;
      if (!matchesSelector(set.spec?.selector as LabelSelector | undefined, pod.metadata.labels)) continue;
      p = clone(pod);
      p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), controllerRef(set)];
      actions.push({ type: 'update', resource: 'pods', object: p });
    }
    byOrdinal.set(ordinal, p);
  }
  const claims = new Set(
    observed.claims.filter((c) => c.metadata.namespace === ns).map((c) => c.metadata.name),
  );
  const currentRevision = (set.status?.currentRevision as string | undefined) ?? updateRevision;

  // The pods as they will be once this sync's actions apply (for the status).
  const after = new Map(byOrdinal);
  const create = (ordinal: number, revision: string): void => {
    for (const t of templates(set)) {
      const claim = claimFor(set, t, ordinal);
      if (claims.has(claim.metadata.name)) continue;
      claims.add(claim.metadata.name);
      actions.push({
        type: 'create',
        resource: 'persistentvolumeclaims',
        object: claim,
        event: event(
          'SuccessfulCreate',
          `create Claim ${claim.metadata.name} Pod ${set.metadata.name}-${ordinal} in StatefulSet ${set.metadata.name} success`,
        ),
      });
    }
    const pod = statefulSetPod(set, ordinal, revision);
    after.set(ordinal, pod);
    actions.push({
      type: 'create',
      resource: 'pods',
      object: pod,
      event: event(
        'SuccessfulCreate',
        `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
      ),
    });
  };
  const remove = (pod: KubeObject): void => {
    // A pod that never ran leaves at once; a running one terminates gracefully.
    if (pod.spec?.nodeName && !isTerminal(pod)) {
      after.set(ordinalOf(set, pod), {
        ...pod,
        metadata: { ...pod.metadata, deletionTimestamp: 'pending' },
      });
    } else after.delete(ordinalOf(set, pod));
    actions.push({
      type: 'delete',
      resource: 'pods',
      namespace: ns,
      name: pod.metadata.name ?? '',
      event: event(
        'SuccessfulDelete',
        `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
      ),
    });
  };

  /** whenScaled: Delete: the claims of a pod removed by a scale-down go with it. */
  const dropClaims = (ordinal: number): void => {
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return;
    for (const t of templates(set)) {
      const name = claimName(t.metadata?.name ?? '', set, ordinal);
      const claim = observed.claims.find((c) => c.metadata.namespace === ns && c.metadata.name === name);
      if (!claim || claim.metadata.deletionTimestamp) continue;
      actions.push({ type: 'delete', resource: 'persistentvolumeclaims', namespace: ns, name });
    }
  };

  sync: {
    // Failed or finished pods are replaced (deleted here, recreated at a later sync).
    for (const [, pod] of [...byOrdinal].sort((a, b) => a[0] - b[0])) {
      if (isTerminal(pod) && !isTerminating(pod)) {
        actions.push({
          type: 'event',
          event: event(
            'RecreatingFailedPod',
            `StatefulSet ${ns}/${set.metadata.name} is recreating failed Pod ${pod.metadata.name}`,
            'Warning',
          ),
        });
        remove(pod);
        if (monotonic) break sync;
      }
    }
    // Ordinals 0..replicas-1 in order.
    for (let i = 0; i < replicas; i++) {
      const pod = after.get(i);
      if (!pod) {
        // A pod being recreated takes the revision its predecessor had unless it is in the update range.
        const revision = strategy === 'RollingUpdate' && i >= partition ? updateRevision : currentRevision;
        create(i, revision);
        if (monotonic) break sync;
        continue;
      }
      if (monotonic && (isTerminating(pod) || !runningAndReady(pod))) break sync;
    }
    // Condemned pods (ordinal >= replicas), highest first.
    const condemned = [...after.entries()].filter(([o]) => o >= replicas).sort((a, b) => b[0] - a[0]);
    for (const [, pod] of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) break sync;
        continue;
      }
      remove(pod);
      dropClaims(ordinalOf(set, pod));
      if (monotonic) break sync;
    }
    if (condemned.length) break sync;
    // Rolling update: from the highest ordinal down to the partition, one pod at a time.
    if (strategy !== 'RollingUpdate') break sync;
    for (let i = replicas - 1; i >= partition; i--) {
      const pod = after.get(i);
      if (!pod) break;
      if (isTerminating(pod)) break;
      if (revisionOf(pod) !== updateRevision) {
        remove(pod);
        break;
      }
      if (!runningAndReady(pod)) break;
    }
  }

  // The revision history (one ControllerRevision per template).
  if (observed.revisions) {
    const inUse = new Set<string>([currentRevision]);
    for (const p of after.values()) {
      const r = revisionOf(p);
      if (r) inUse.add(r);
    }
    const history = syncRevisions(
      set,
      observed.revisions,
      updateRevision,
      podTemplateHash(set.spec?.template),
      inUse,
    );
    actions.unshift(...history.actions);
  }

  // Status from the pods as they will be.
  const status: Record<string, unknown> = { ...(set.status ?? {}) };
  let created = 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  let wait: number | undefined;
  for (const pod of after.values()) {
    created++;
    if (runningAndReady(pod) && !isTerminating(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
      const ms = msUntilAvailable(pod, minReadySeconds, now);
      if (ms > 0) wait = Math.min(wait ?? ms, ms);
    }
    if (isTerminating(pod)) continue;
    if (revisionOf(pod) === currentRevision) current++;
    if (revisionOf(pod) === updateRevision) updated++;
  }
  let nextCurrent = currentRevision;
  // The rollout is complete once every wanted replica runs the update revision.
  if (updated === replicas && created === replicas && ready === replicas) {
    nextCurrent = updateRevision;
    current = updated;
  }
  status.observedGeneration = set.metadata.generation;
  status.replicas = created;
  setCount(status, 'readyReplicas', ready);
  setCount(status, 'currentReplicas', current);
  setCount(status, 'updatedReplicas', updated);
  status.availableReplicas = available;
  status.currentRevision = nextCurrent;
  status.updateRevision = updateRevision;
  status.collisionCount = (set.status?.collisionCount as number | undefined) ?? 0;
  if (status.observedGeneration === undefined) delete status.observedGeneration;
  if (!sameJson(status, set.status ?? {}))
    actions.push({ type: 'updateStatus', resource: 'statefulsets.apps', object: { ...set, status } });
  return wait === undefined ? { actions } : { actions, requeueAfterMs: wait };
}

function setCount(status: Record<string, unknown>, field: string, value: number): void {
  if (value === 0) delete status[field];
  else status[field] = value;
}

/**
 * The ReplicaSet controller (and, on the same core, the ReplicationController's): keep
 * `spec.replicas` active pods that match the selector, and report how many are ready and
 * available.
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from './types.js';
import { controllerRef, getControllerOf, isControlledBy } from './owners.js';
import type { OwnerReference } from '../types.js';
import { isPodActive, isPodAvailable, isPodReady, msUntilAvailable, sortPodsForDeletion } from './pods.js';
import { type LabelSelector, matchesMapSelector, matchesSelector } from './labels.js';
import { clone, sameJson } from './json.js';
import { toTimestamp } from './time.js';

/** What a ReplicaSet controller observes: the pods in the object's namespace. */
export interface ReplicaSetObserved {
  pods: KubeObject[];
  /** The API refused pod creates or deletes at the previous sync (quota, admission). */
  failure?: { reason: 'FailedCreate' | 'FailedDelete'; message: string };
}

/** How long a ReplicaSet whose writes fail waits before trying again. */
export const FAILURE_RETRY_MS = 10_000;

/** The kind-specific parts of the replica-keeping core. */
interface ReplicaKind {
  podMatches(owner: KubeObject, labels: Record<string, string> | undefined): boolean;
  component: string;
}

const REPLICA_SET: ReplicaKind = {
  podMatches: (rs, labels) => matchesSelector(rs.spec?.selector as LabelSelector | undefined, labels),
  component: 'replicaset-controller',
};

const REPLICATION_CONTROLLER: ReplicaKind = {
  podMatches: (rc, labels) =>
    matchesMapSelector(
      (rc.spec?.selector ?? rc.spec?.template?.metadata?.labels) as Record<string, string>,
      labels,
    ),
  component: 'replication-controller',
};

/** Reconciles an apps/v1 ReplicaSet. */
export function reconcileReplicaSet(
  rs: KubeObject,
  observed: ReplicaSetObserved,
  now: number,
): ReconcileResult {
  return reconcileReplicas(REPLICA_SET, rs, observed, now);
}

/** Reconciles a core/v1 ReplicationController. */
export function reconcileReplicationController(
  rc: KubeObject,
  observed: ReplicaSetObserved,
  now: number,
): ReconcileResult {
  return reconcileReplicas(REPLICATION_CONTROLLER, rc, observed, now);
}

/**
 * The pod a ReplicaSet creates from its template (the API fills the name's random suffix). The
 * labels and annotations of a stored (frozen) template are handed over as they are, and the
 * owner reference is one frozen list per owner: the API server keeps frozen parts outside a
 * pod's spec, so every pod of a ReplicaSet shares them (about 170 bytes a pod).
 */
export function podFromTemplate(owner: KubeObject): KubeObject {
  const template = owner.spec?.template ?? {};
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: generateNameFor(owner),
      namespace: owner.metadata.namespace,
      ...(meta.labels ? { labels: frozenOrCopy(meta.labels) } : {}),
      ...(meta.annotations ? { annotations: frozenOrCopy(meta.annotations) } : {}),
      ownerReferences: ownerReferencesTo(owner),
    },
    spec: clone(template.spec ?? {}),
  };
}

/** `<owner name>-`, one flat string per owner name (the last one kept): every pod keeps it. */
let lastOwnerName: string | undefined;
let lastGenerateName = '';
function generateNameFor(owner: KubeObject): string {
  const name = owner.metadata.name;
  if (name !== lastOwnerName) {
    lastOwnerName = name;
    lastGenerateName = [name, '-'].join('');
  }
  return lastGenerateName;
}

function frozenOrCopy<T>(value: T): T {
  return Object.isFrozen(value) ? value : clone(value);
}

/** `[controllerRef(owner)]`, frozen, one per owner (bounded: emptied when it holds many). */
const ownerReferenceLists = new Map<string, readonly OwnerReference[]>();
function ownerReferencesTo(owner: KubeObject): OwnerReference[] {
  const uid = owner.metadata.uid;
  if (!uid) return [controllerRef(owner)];
  const known = ownerReferenceLists.get(uid);
  const ref = known?.[0];
  if (
    ref &&
    ref.name === owner.metadata.name &&
    ref.kind === owner.kind &&
    ref.apiVersion === owner.apiVersion
  )
    return known as OwnerReference[];
  const list = Object.freeze([Object.freeze(controllerRef(owner))]);
  if (ownerReferenceLists.size >= 4_096) ownerReferenceLists.clear();
  ownerReferenceLists.set(uid, list);
  return list as OwnerReference[];
}

function reconcileReplicas(
  kind: ReplicaKind,
  owner: KubeObject,
  observed: ReplicaSetObserved,
  now: number,
): ReconcileResult {
  if (owner.metadata.deletionTimestamp) return { actions: [] };
  const actions: Action[] = [];
  const desired = Number(owner.spec?.replicas ?? 1);
  const minReadySeconds = Number(owner.spec?.minReadySeconds ?? 0);
  const templateLabels = (owner.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;

  // Pods it controls, plus orphans it adopts (matching, active, with no controller).
  const owned: KubeObject[] = [];
  for (const pod of observed.pods) {
    if (pod.metadata.namespace !== owner.metadata.namespace) continue;
    if (isControlledBy(pod, owner)) {
      owned.push(pod);
    } else if (!getControllerOf(pod) && isPodActive(pod) && kind.podMatches(owner, pod.metadata.labels)) {
      const adopted = clone(pod);
      adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), controllerRef(owner)];
      actions.push({ type: 'update', resource: 'pods', object: adopted });
      owned.push(adopted);
    }
  }
  const active = owned.filter(isPodActive);

  // Scale: create the missing pods, or delete the surplus in Kubernetes' preference order.
  let remaining = active;
  const created: KubeObject[] = [];
  const diff = active.length - desired;
  if (diff < 0) {
    for (let i = 0; i < -diff; i++) {
      const pod = podFromTemplate(owner);
      created.push(pod);
      actions.push({
        type: 'create',
        resource: 'pods',
        object: pod,
        event: {
          involvedObject: owner,
          type: 'Normal',
          reason: 'SuccessfulCreate',
          message: 'Created pod: $name',
          component: kind.component,
        },
      });
    }
  } else if (diff > 0) {
    const victims = sortPodsForDeletion(active).slice(0, diff);
    const names = new Set(victims.map((p) => p.metadata.name));
    remaining = active.filter((p) => !names.has(p.metadata.name));
    for (const pod of victims) {
      actions.push({
        type: 'delete',
        resource: 'pods',
        namespace: pod.metadata.namespace ?? '',
        name: pod.metadata.name ?? '',
        event: {
          involvedObject: owner,
          type: 'Normal',
          reason: 'SuccessfulDelete',
          message: `Deleted pod: ${pod.metadata.name}`,
          component: kind.component,
        },
      });
    }
  }

  // Status describes the pods as they will be once the actions apply, so a second reconcile is quiet.
  const after = [...remaining, ...created];
  const status: Record<string, unknown> = { ...(owner.status ?? {}) };
  setCount(status, 'replicas', after.length, true);
  setCount(
    status,
    'fullyLabeledReplicas',
    after.filter((p) => labelsCover(p.metadata.labels, templateLabels)).length,
  );
  setCount(status, 'readyReplicas', after.filter(isPodReady).length);
  setCount(status, 'availableReplicas', after.filter((p) => isPodAvailable(p, minReadySeconds, now)).length);
  if (owner.metadata.generation !== undefined) status.observedGeneration = owner.metadata.generation;
  setFailureCondition(status, observed.failure, now);
  if (!sameJson(status, owner.status ?? {})) {
    actions.push({ type: 'updateStatus', resource: resourceOf(owner), object: { ...owner, status } });
  }

  // A ready pod becomes available minReadySeconds later: come back then.
  let requeueAfterMs: number | undefined;
  for (const p of after) {
    const wait = msUntilAvailable(p, minReadySeconds, now);
    if (wait > 0) requeueAfterMs = Math.min(requeueAfterMs ?? wait, wait);
  }
  if (observed.failure && actions.some((a) => a.type === 'create' || a.type === 'delete')) {
    requeueAfterMs = Math.min(requeueAfterMs ?? FAILURE_RETRY_MS, FAILURE_RETRY_MS);
  }
  return requeueAfterMs === undefined ? { actions } : { actions, requeueAfterMs };
}

/**
 * The ReplicaFailure condition, as Kubernetes' calculateStatus sets it: added (with the first
 * refusal's message) while the API refuses the controller's writes, removed once a sync succeeds.
 */
function setFailureCondition(
  status: Record<string, unknown>,
  failure: ReplicaSetObserved['failure'],
  now: number,
): void {
  const all = (status.conditions ?? []) as {
    type: string;
    status: string;
    reason?: string;
    message?: string;
    lastTransitionTime?: string;
  }[];
  const current = all.find((c) => c.type === 'ReplicaFailure');
  if (failure && !current) {
    status.conditions = [
      ...all,
      {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: toTimestamp(now),
        reason: failure.reason,
        message: failure.message,
      },
    ];
  } else if (!failure && current) {
    const rest = all.filter((c) => c !== current);
    if (rest.length) status.conditions = rest;
    else delete status.conditions;
  }
}
/** Sets an int32 status field the way Go's omitempty serialises it. */
function setCount(status: Record<string, unknown>, field: string, value: number, always = false): void {
  if (value === 0 && !always) delete status[field];
  else status[field] = value;
}

function labelsCover(labels: Record<string, string> | undefined, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels?.[k] === v);
}

function resourceOf(owner: KubeObject): string {
  return owner.kind === 'ReplicationController' ? 'replicationcontrollers' : 'replicasets.apps';
}

/**
 * The Deployment controller: owns ReplicaSets, one per pod template, and moves pods from the
 * old ones to the new one by the chosen strategy (RollingUpdate or Recreate). It follows
 * Kubernetes' pkg/controller/deployment step for step; where Kubernetes would take several
 * syncs in a row without anything else changing (scale the new RS up, then the old one down),
 * this reconciler repeats its sync on a working copy until it settles and returns the result
 * as one set of actions, so reconciling that result again does nothing.
 */
import type { KubeObject } from '../../types.js';
import type { Action, EventSpec, ReconcileResult } from '../types.js';
import { controllerRef, isControlledBy } from '../owners.js';
import { clone, compareStrings, sameJson } from '../json.js';
import { fromTimestamp } from '../time.js';
import { podTemplateHash } from './hash.js';
import {
  desiredReplicas,
  isRollingUpdate,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  specReplicas,
  statusCount,
} from './rollout-math.js';
import {
  type DeploymentCondition,
  REASON,
  getCondition,
  newCondition,
  removeCondition,
  setCondition,
} from './conditions.js';

/** What the Deployment controller observes: the ReplicaSets and pods of the namespace. */
export interface DeploymentObserved {
  replicaSets: KubeObject[];
  pods: KubeObject[];
}

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';
const COMPONENT = 'deployment-controller';
const MAX_INT32 = 2147483647;
/** Annotations a Deployment does not copy to its ReplicaSets (kubectl's rollout undo skips the same). */
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

/** The working state of one reconcile. */
interface Work {
  readonly original: KubeObject;
  d: KubeObject;
  rss: KubeObject[];
  others: KubeObject[];
  created: Set<string>;
  deleted: Set<string>;
  events: EventSpec[];
  pods: KubeObject[];
  now: number;
}

/** Reconciles an apps/v1 Deployment. */
export function reconcileDeployment(
  d: KubeObject,
  observed: DeploymentObserved,
  now: number,
): ReconcileResult {
  if (d.metadata.deletionTimestamp) return { actions: [] };
  const ns = d.metadata.namespace;
  const inNs = observed.replicaSets.filter((rs) => rs.metadata.namespace === ns);
  const w: Work = {
    original: d,
    d: clone(d),
    rss: inNs.filter((rs) => isControlledBy(rs, d)).map((rs) => clone(rs)),
    others: inNs.filter((rs) => !isControlledBy(rs, d)),
    created: new Set(),
    deleted: new Set(),
    events: [],
    pods: observed.pods.filter((p) => p.metadata.namespace === ns),
    now,
  };
  w.d.status = w.d.status ?? {};
  // Repeat the sync until the working state settles (Kubernetes would need several syncs).
  // Plain JSON text is enough to see that nothing changed (a key-order-only change costs one more
  // pass that changes nothing) and is much cheaper than sorted-key text.
  for (let i = 0; i < 20; i++) {
    const before = JSON.stringify([w.d, w.rss, [...w.deleted]]);
    syncOnce(w);
    if (JSON.stringify([w.d, w.rss, [...w.deleted]]) === before) break;
  }
  return { actions: toActions(w, observed), ...requeue(w) };
}

function syncOnce(w: Work): void {
  checkPausedConditions(w);
  if (w.d.spec?.paused || isScalingEvent(w)) return syncScaleOnly(w);
  if (isRollingUpdate(w.d)) rolloutRolling(w);
  else rolloutRecreate(w);
}

// ---------------------------------------------------------------- replica sets

function live(w: Work): KubeObject[] {
  return w.rss.filter((rs) => !w.deleted.has(rs.metadata.name ?? ''));
}

function createdAt(rs: KubeObject): number {
  return fromTimestamp(rs.metadata.creationTimestamp) ?? Number.MAX_SAFE_INTEGER;
}

/** Oldest first, then by name (ReplicaSetsByCreationTimestamp). */
function byCreation(a: KubeObject, b: KubeObject): number {
  return createdAt(a) - createdAt(b) || compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
}

function revisionOf(rs: KubeObject | undefined): number {
  const n = Number(rs?.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function withoutHash(template: unknown): unknown {
  const t = clone(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) {
    delete t.metadata.labels[HASH_LABEL];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return t;
}

/** The ReplicaSet whose template equals the Deployment's (ignoring the hash label), oldest first. */
function findNewRS(w: Work): KubeObject | undefined {
  const want = withoutHash(w.d.spec?.template);
  return [...live(w)].sort(byCreation).find((rs) => sameJson(withoutHash(rs.spec?.template), want));
}

function active(rss: (KubeObject | undefined)[]): KubeObject[] {
  return rss.filter((rs): rs is KubeObject => rs !== undefined && Number(rs.spec?.replicas ?? 0) > 0);
}

/** Copies the Deployment's annotations (change-cause and the rest) to the ReplicaSet. */
function copyAnnotations(d: KubeObject, rs: KubeObject): boolean {
  let changed = false;
  rs.metadata.annotations = rs.metadata.annotations ?? {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || rs.metadata.annotations[k] === v) continue;
    rs.metadata.annotations[k] = v;
    changed = true;
  }
  return changed;
}

function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations = rs.metadata.annotations ?? {});
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

/** Kubernetes' SetNewReplicaSetAnnotations: revision (and revision-history on rollback). */
function setNewRSAnnotations(d: KubeObject, rs: KubeObject, newRevision: number, exists: boolean): boolean {
  let changed = copyAnnotations(d, rs);
  const a = rs.metadata.annotations!;
  const oldRevision = a[REVISION];
  const oldInt = Number(oldRevision ?? 0) || 0;
  if (oldInt < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    // A ReplicaSet that gets a newer revision is being rolled back to: keep its old numbers.
    if (oldRevision)
      a[REVISION_HISTORY] = a[REVISION_HISTORY] ? `${a[REVISION_HISTORY]},${oldRevision}` : oldRevision;
  }
  if (!exists && setReplicasAnnotations(rs, desiredReplicas(d), desiredReplicas(d) + maxSurge(d)))
    changed = true;
  return changed;
}

function setDeploymentRevision(w: Work, revision: string | undefined): void {
  if (revision === undefined) return;
  const a = (w.d.metadata.annotations = w.d.metadata.annotations ?? {});
  if (a[REVISION] !== revision) a[REVISION] = revision;
}

function hasProgressDeadline(d: KubeObject): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

/**
 * Kubernetes' getAllReplicaSetsAndSyncRevision: finds (or creates) the new ReplicaSet, keeps
 * its revision one above the old ones, and stamps the revision on the Deployment.
 */
function getAll(w: Work, createIfMissing: boolean): { newRS?: KubeObject; old: KubeObject[] } {
  const d = w.d;
  const existing = findNewRS(w);
  const oldAll = live(w).filter((rs) => rs !== existing);
  const newRevision = Math.max(0, ...oldAll.map(revisionOf)) + 1;
  if (existing) {
    setNewRSAnnotations(d, existing, newRevision, true);
    const minReady = d.spec?.minReadySeconds ?? 0;
    if ((existing.spec.minReadySeconds ?? 0) !== minReady) {
      if (minReady) existing.spec.minReadySeconds = minReady;
      else delete existing.spec.minReadySeconds;
    }
    setDeploymentRevision(w, existing.metadata.annotations?.[REVISION]);
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      setCondition(
        d.status,
        newCondition(
          'Progressing',
          'True',
          REASON.foundNewRS,
          `Found new replica set "${existing.metadata.name}"`,
          w.now,
        ),
      );
    }
    return { newRS: existing, old: oldAll };
  }
  if (!createIfMissing) return { old: oldAll };

  // A new ReplicaSet named after the template hash; a clash with a different template bumps collisionCount.
  let hash = podTemplateHash(d.spec?.template, d.status.collisionCount);
  for (
    let guard = 0;
    guard < 10 && [...w.rss, ...w.others].some((rs) => rs.metadata.name === `${d.metadata.name}-${hash}`);
    guard++
  ) {
    d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
    hash = podTemplateHash(d.spec?.template, d.status.collisionCount);
  }
  const template = clone(d.spec?.template ?? {});
  template.metadata = template.metadata ?? {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH_LABEL]: hash };
  const selector = clone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: [d.metadata.name, '-', hash].join(''),
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [controllerRef(w.original)],
    },
    spec: {
      replicas: 0,
      ...(d.spec?.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
      selector,
      template,
    },
  };
  rs.spec.replicas = newRSNewReplicas(d, [...oldAll, rs], rs);
  setNewRSAnnotations(d, rs, newRevision, false);
  w.rss.push(rs);
  w.created.add(rs.metadata.name!);
  if (rs.spec.replicas > 0) scaleEvent(w, 'up', rs.metadata.name!, 0, rs.spec.replicas);
  setDeploymentRevision(w, String(newRevision));
  if (hasProgressDeadline(d)) {
    setCondition(
      d.status,
      newCondition(
        'Progressing',
        'True',
        REASON.newRSCreated,
        `Created new replica set "${rs.metadata.name}"`,
        w.now,
      ),
    );
  }
  return { newRS: rs, old: oldAll };
}

function scaleEvent(w: Work, op: 'up' | 'down', name: string, from: number, to: number): void {
  w.events.push({
    involvedObject: w.original,
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: `Scaled ${op} replica set ${name} from ${from} to ${to}`,
    component: COMPONENT,
  });
}

/** Sets a ReplicaSet's size and replica annotations; records ScalingReplicaSet when the size changes. */
function scaleRS(w: Work, rs: KubeObject, newScale: number, op: 'up' | 'down'): boolean {
  const current = Number(rs.spec.replicas ?? 0);
  const sizeChanged = current !== newScale;
  setReplicasAnnotations(rs, desiredReplicas(w.d), desiredReplicas(w.d) + maxSurge(w.d));
  rs.spec.replicas = newScale;
  if (sizeChanged) scaleEvent(w, op, rs.metadata.name!, current, newScale);
  return sizeChanged;
}

function scaleAndRecord(w: Work, rs: KubeObject, newScale: number): boolean {
  const current = Number(rs.spec.replicas ?? 0);
  if (current === newScale) return false;
  return scaleRS(w, rs, newScale, newScale > current ? 'up' : 'down');
}

// ---------------------------------------------------------------- strategies

/**
 * RollingUpdate. Worked numbers, 4 replicas, maxSurge 25% (= ceil(1) = 1), maxUnavailable 25%
 * (= floor(1) = 1), old RS at 4 available: the new RS is created at 1 (4 + 1 surge = 5 pods
 * allowed); old pods may go down to 4 - 1 = 3 available, so the old RS goes 4 -> 3; that frees
 * room under the surge cap, so the new RS goes 1 -> 2. Each time new pods become available the
 * old RS shrinks by as many, and the new RS grows into the room, until new 4, old 0.
 */
function rolloutRolling(w: Work): void {
  const { newRS, old } = getAll(w, true);
  const all = [...old, newRS!];
  if (reconcileNewRS(w, all, newRS!)) return syncRolloutStatus(w, all, newRS);
  if (reconcileOldRSs(w, all, active(old), newRS!)) return syncRolloutStatus(w, all, newRS);
  if (isComplete(w.d, w.d.status)) cleanup(w, old);
  syncRolloutStatus(w, all, newRS);
}

function reconcileNewRS(w: Work, all: KubeObject[], newRS: KubeObject): boolean {
  const replicas = desiredReplicas(w.d);
  const current = Number(newRS.spec.replicas ?? 0);
  if (current === replicas) return false;
  if (current > replicas) return scaleAndRecord(w, newRS, replicas);
  return scaleAndRecord(w, newRS, newRSNewReplicas(w.d, all, newRS));
}

/**
 * Scales old ReplicaSets down as far as availability allows. Worked numbers, 4 replicas,
 * maxUnavailable 1: minAvailable = 3. With old 3 (3 available) and new 2 (0 available), all
 * pods = 5, the new RS's unavailable pods = 2, so maxScaledDown = 5 - 3 - 2 = 0: wait. When one
 * new pod becomes available: 5 - 3 - 1 = 1 may go, and available 4 > 3 lets the old RS go 3 -> 2.
 */
function reconcileOldRSs(w: Work, all: KubeObject[], oldActive: KubeObject[], newRS: KubeObject): boolean {
  if (specReplicas(oldActive) === 0) return false;
  const allPods = specReplicas(all);
  const minAvailable = desiredReplicas(w.d) - maxUnavailable(w.d);
  const newUnavailable = Number(newRS.spec.replicas ?? 0) - Number(newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // Unhealthy old pods go first: removing them costs no availability.
  let cleaned = 0;
  for (const rs of [...oldActive].sort(byCreation)) {
    if (cleaned >= maxScaledDown) break;
    const spec = Number(rs.spec.replicas ?? 0);
    const available = Number(rs.status?.availableReplicas ?? 0);
    if (spec === 0 || spec === available) continue;
    const n = Math.min(maxScaledDown - cleaned, spec - available);
    scaleAndRecord(w, rs, spec - n);
    cleaned += n;
  }
  // Then healthy ones, as long as availability stays at or above minAvailable.
  let scaled = 0;
  const availableNow = statusCount(all, 'availableReplicas');
  if (availableNow > minAvailable) {
    const total = availableNow - minAvailable;
    for (const rs of [...oldActive].sort(byCreation)) {
      if (scaled >= total) break;
      const spec = Number(rs.spec.replicas ?? 0);
      if (spec === 0) continue;
      const n = Math.min(spec, total - scaled);
      scaleAndRecord(w, rs, spec - n);
      scaled += n;
    }
  }
  return cleaned + scaled > 0;
}

/** Recreate: all old pods stop (and are gone) before the new ReplicaSet scales up. */
function rolloutRecreate(w: Work): void {
  let { newRS, old } = getAll(w, false);
  let scaledDown = false;
  for (const rs of active(old)) if (scaleAndRecord(w, rs, 0)) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(w, [...old, ...(newRS ? [newRS] : [])], newRS);
  if (oldPodsRunning(w, newRS, old)) return syncRolloutStatus(w, [...old, ...(newRS ? [newRS] : [])], newRS);
  if (!newRS) ({ newRS, old } = getAll(w, true));
  scaleAndRecord(w, newRS!, desiredReplicas(w.d));
  if (isComplete(w.d, w.d.status)) cleanup(w, old);
  syncRolloutStatus(w, [...old, newRS!], newRS);
}

function oldPodsRunning(w: Work, newRS: KubeObject | undefined, old: KubeObject[]): boolean {
  if (statusCount(old, 'replicas') > 0) return true;
  const oldUids = new Set(old.map((rs) => rs.metadata.uid));
  return w.pods.some((p) => {
    const owner = p.metadata.ownerReferences?.find((r) => r.controller);
    if (!owner || !oldUids.has(owner.uid) || owner.uid === newRS?.metadata.uid) return false;
    return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
  });
}

// ---------------------------------------------------------------- scaling (paused or resized)

/** True when some active ReplicaSet was sized for a different replica count. */
function isScalingEvent(w: Work): boolean {
  const { newRS, old } = getAll(w, false);
  return active([newRS, ...old]).some((rs) => {
    const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
    return desired !== undefined && Number(desired) !== desiredReplicas(w.d);
  });
}

/** Kubernetes' sync: only scale (proportionally during a rollout), never roll out. */
function syncScaleOnly(w: Work): void {
  const { newRS, old } = getAll(w, false);
  scale(w, newRS, old);
  if (w.d.spec?.paused) cleanup(w, old);
  const all = [...old, ...(newRS ? [newRS] : [])];
  w.d.status = calculateStatus(w, all, newRS);
}

function scale(w: Work, newRS: KubeObject | undefined, old: KubeObject[]): void {
  const d = w.d;
  const replicas = desiredReplicas(d);
  // One active ReplicaSet (or none): it takes the whole size.
  const activeAll = active([...old, newRS]);
  if (activeAll.length <= 1) {
    const target = activeAll[0] ?? newRS ?? [...old].sort(byCreation).at(-1);
    if (target) scaleAndRecord(w, target, replicas);
    return;
  }
  // The new ReplicaSet is saturated: the old ones go to zero.
  if (
    newRS &&
    Number(newRS.spec.replicas) === replicas &&
    newRS.metadata.annotations?.[DESIRED_REPLICAS] === String(replicas) &&
    Number(newRS.status?.availableReplicas ?? 0) === replicas
  ) {
    for (const rs of active(old)) scaleAndRecord(w, rs, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  // Proportional scaling: share the change by each ReplicaSet's share of the old size.
  // E.g. 10 replicas mid-rollout (old 8, new 5, max 13 with surge 3) scaled to 15 (max 18):
  // old gets round(8 * 18 / 13) - 8 = 3 more, new gets the remaining 2.
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(activeAll);
  const sorted = [...activeAll].sort((a, b) => {
    const size = Number(b.spec.replicas) - Number(a.spec.replicas);
    if (size !== 0) return size;
    return toAdd > 0 ? byCreation(b, a) : byCreation(a, b);
  });
  const sizes = new Map<KubeObject, number>();
  let added = 0;
  for (const rs of sorted) {
    let proportion = 0;
    const spec = Number(rs.spec.replicas);
    if (toAdd !== 0 && spec !== 0 && toAdd !== added) {
      let fraction: number;
      if (replicas === 0) fraction = -spec;
      else {
        const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? d.status?.replicas ?? 0) || 1;
        fraction = Math.round((spec * (replicas + maxSurge(d))) / annotated) - spec;
      }
      const room = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, room) : Math.max(fraction, room);
    }
    sizes.set(rs, spec + proportion);
    added += proportion;
  }
  sorted.forEach((rs, i) => {
    let size = sizes.get(rs)!;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    const current = Number(rs.spec.replicas);
    scaleRS(w, rs, size, size >= current ? 'up' : 'down');
  });
}

// ---------------------------------------------------------------- cleanup and status

/** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
function cleanup(w: Work, old: KubeObject[]): void {
  const limit = w.d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null) return;
  const cleanable = old.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - Number(limit);
  if (diff <= 0) return;
  cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of cleanable.slice(0, diff)) {
    if (Number(rs.status?.replicas ?? 0) !== 0 || Number(rs.spec.replicas ?? 0) !== 0) continue;
    if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    if (w.created.has(rs.metadata.name!)) continue;
    w.deleted.add(rs.metadata.name!);
  }
}

function setCount(status: Record<string, unknown>, field: string, value: number): void {
  if (value === 0) delete status[field];
  else status[field] = value;
}

/** Kubernetes' calculateStatus: counts from the ReplicaSets plus the Available condition. */
function calculateStatus(
  w: Work,
  all: KubeObject[],
  newRS: KubeObject | undefined,
): Record<string, unknown> & { conditions?: DeploymentCondition[] } {
  const d = w.d;
  const available = statusCount(all, 'availableReplicas');
  const status: Record<string, unknown> & { conditions?: DeploymentCondition[] } = {};
  if (d.metadata.generation !== undefined) status.observedGeneration = d.metadata.generation;
  setCount(status, 'replicas', statusCount(all, 'replicas'));
  setCount(status, 'updatedReplicas', newRS ? Number(newRS.status?.replicas ?? 0) : 0);
  setCount(status, 'readyReplicas', statusCount(all, 'readyReplicas'));
  setCount(status, 'availableReplicas', available);
  setCount(status, 'unavailableReplicas', Math.max(0, specReplicas(all) - available));
  if (d.status?.conditions?.length) status.conditions = clone(d.status.conditions);
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        REASON.minimumReplicasAvailable,
        'Deployment has minimum availability.',
        w.now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        REASON.minimumReplicasUnavailable,
        'Deployment does not have minimum availability.',
        w.now,
      ),
    );
  }
  return status;
}

function isComplete(d: KubeObject, s: Record<string, unknown>): boolean {
  const r = desiredReplicas(d);
  return (
    Number(s.updatedReplicas ?? 0) === r &&
    Number(s.replicas ?? 0) === r &&
    Number(s.availableReplicas ?? 0) === r &&
    Number(s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** Kubernetes' syncRolloutStatus: the Progressing condition, including the progress deadline. */
function syncRolloutStatus(w: Work, all: KubeObject[], newRS: KubeObject | undefined): void {
  const d = w.d;
  const next = calculateStatus(w, all, newRS);
  if (!hasProgressDeadline(d)) removeCondition(next, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const completeAlready = next.replicas === next.updatedReplicas && current?.reason === REASON.newRSAvailable;
  if (hasProgressDeadline(d) && !completeAlready) {
    const rsName = newRS?.metadata.name;
    if (isComplete(d, next)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has successfully progressed.`
        : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(next, newCondition('Progressing', 'True', REASON.newRSAvailable, msg, w.now));
    } else if (isProgressing(d.status, next)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" is progressing.`
        : `Deployment "${d.metadata.name}" is progressing.`;
      let cond = newCondition('Progressing', 'True', REASON.rsUpdated, msg, w.now);
      if (current) {
        if (current.status === 'True') cond = { ...cond, lastTransitionTime: current.lastTransitionTime };
        removeCondition(next, 'Progressing');
      }
      setCondition(next, cond);
    } else if (timedOut(d, next, w.now)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has timed out progressing.`
        : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(next, newCondition('Progressing', 'False', REASON.timedOut, msg, w.now));
    }
  }
  // A ReplicaSet the API refuses (quota, admission) shows as the Deployment's ReplicaFailure; the new one's first.
  const failing = [newRS, ...all.filter((rs) => rs !== newRS)]
    .map((rs) =>
      (
        rs?.status?.conditions as
          | { type: string; status: string; reason: string; message: string; lastTransitionTime: string }[]
          | undefined
      )?.find((c) => c.type === 'ReplicaFailure'),
    )
    .find((c) => c !== undefined);
  if (failing) {
    const at = failing.lastTransitionTime;
    setCondition(next, {
      type: 'ReplicaFailure',
      status: failing.status as DeploymentCondition['status'],
      reason: failing.reason,
      message: failing.message,
      lastUpdateTime: at,
      lastTransitionTime: at,
    });
  } else removeCondition(next, 'ReplicaFailure');
  w.d.status = next;
}

function isProgressing(old: Record<string, unknown>, next: Record<string, unknown>): boolean {
  const n = (s: Record<string, unknown>, f: string): number => Number(s[f] ?? 0);
  return (
    n(next, 'updatedReplicas') > n(old, 'updatedReplicas') ||
    n(next, 'replicas') - n(next, 'updatedReplicas') < n(old, 'replicas') - n(old, 'updatedReplicas') ||
    n(next, 'readyReplicas') > n(old, 'readyReplicas') ||
    n(next, 'availableReplicas') > n(old, 'availableReplicas')
  );
}

function timedOut(d: KubeObject, status: { conditions?: DeploymentCondition[] }, now: number): boolean {
  const cond = getCondition(status, 'Progressing');
  if (!cond || cond.reason === REASON.newRSAvailable) return false;
  if (cond.reason === REASON.timedOut) return true;
  const from = fromTimestamp(cond.lastUpdateTime) ?? now;
  return from + Number(d.spec.progressDeadlineSeconds) * 1000 < now;
}

/** Paused and resumed show on the Progressing condition (unless the deadline already passed). */
function checkPausedConditions(w: Work): void {
  const cond = getCondition(w.d.status, 'Progressing');
  if (cond?.reason === REASON.timedOut) return;
  const pausedShown = cond?.reason === REASON.paused;
  if (w.d.spec?.paused && !pausedShown) {
    setCondition(
      w.d.status,
      newCondition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', w.now),
    );
  } else if (!w.d.spec?.paused && pausedShown) {
    setCondition(
      w.d.status,
      newCondition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', w.now),
    );
  }
}

/** While a rollout is in progress, come back when its progress deadline would pass. */
function requeue(w: Work): { requeueAfterMs?: number } {
  const d = w.d;
  const cond = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond || d.spec?.paused) return {};
  if (cond.reason === REASON.timedOut || cond.reason === REASON.newRSAvailable || isComplete(d, d.status))
    return {};
  const from = fromTimestamp(cond.lastUpdateTime) ?? w.now;
  return { requeueAfterMs: Math.max(0, from + Number(d.spec.progressDeadlineSeconds) * 1000 - w.now) + 1000 };
}

// ---------------------------------------------------------------- actions

function toActions(w: Work, observed: DeploymentObserved): Action[] {
  const actions: Action[] = [];
  const originals = new Map(observed.replicaSets.map((rs) => [rs.metadata.name, rs]));
  for (const rs of w.rss) {
    const name = rs.metadata.name!;
    if (w.created.has(name)) {
      if (!w.deleted.has(name)) actions.push({ type: 'create', resource: 'replicasets.apps', object: rs });
    } else if (w.deleted.has(name)) {
      actions.push({
        type: 'delete',
        resource: 'replicasets.apps',
        namespace: rs.metadata.namespace ?? '',
        name,
      });
    } else {
      const orig = originals.get(name)!;
      if (!sameJson(rs.metadata, orig.metadata) || !sameJson(rs.spec, orig.spec)) {
        actions.push({ type: 'update', resource: 'replicasets.apps', object: rs });
      }
    }
  }
  if (!sameJson(w.d.metadata, w.original.metadata)) {
    actions.push({
      type: 'update',
      resource: 'deployments.apps',
      object: { ...w.original, metadata: w.d.metadata },
    });
  }
  if (!sameJson(w.d.status, w.original.status ?? {})) {
    actions.push({
      type: 'updateStatus',
      resource: 'deployments.apps',
      object: { ...w.original, metadata: w.d.metadata, status: w.d.status },
    });
  }
  for (const event of w.events) actions.push({ type: 'event', event });
  return actions;
}

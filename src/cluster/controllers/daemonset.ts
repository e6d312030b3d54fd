/**
 * The DaemonSet controller: one pod on every eligible node (node selector, required node
 * affinity, and taints the pod tolerates, counting the tolerations the controller adds to every
 * daemon pod), pinned to its node by a `metadata.name` node-affinity term for the scheduler to
 * bind; surplus and misplaced pods removed; RollingUpdate within `maxUnavailable`.
 */
import type { KubeObject } from '../types.js';
import type { Action, EventSpec, ReconcileResult } from './types.js';
import { controllerRef, getControllerOf, isControlledBy } from './owners.js';
import { isPodAvailable, isPodReady, msUntilAvailable } from './pods.js';
import { type LabelSelector, matchesSelector } from './labels.js';
import { clone, compareStrings, sameJson } from './json.js';
import { podTemplateHash } from './deployment/hash.js';
import { syncRevisions } from './statefulset-history.js';
import { type Taint, type Toleration, nodeMatchesPodAffinity, tolerates } from '../scheduler/matching.js';

/** What the DaemonSet controller observes. */
export interface DaemonSetObserved {
  pods: KubeObject[];
  nodes: KubeObject[];
  /** ControllerRevisions of the namespace (history for `kubectl rollout history/undo`); omitted: not kept. */
  revisions?: KubeObject[];
}

const COMPONENT = 'daemonset-controller';
const REVISION_LABEL = 'controller-revision-hash';
const GENERATION_LABEL = 'pod-template-generation';

/** The tolerations every daemon pod gets (and `network-unavailable` for host-network pods). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork)
    t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

/** The template's tolerations plus the automatic ones (those already present are not repeated). */
function podTolerations(spec: Record<string, unknown>): Toleration[] {
  const own = ((spec.tolerations ?? []) as Toleration[]).slice();
  for (const t of daemonTolerations(spec.hostNetwork === true))
    if (!own.some((o) => o.key === t.key && o.effect === t.effect && (o.operator ?? 'Equal') === t.operator))
      own.push(t);
  return own;
}

/** The revision hash of the DaemonSet's template. */
export function daemonSetRevision(ds: KubeObject): string {
  return podTemplateHash(ds.spec?.template);
}

/** True when a daemon pod of `ds` should run on `node`. */
export function nodeShouldRunDaemonPod(ds: KubeObject, node: KubeObject): boolean {
  const spec = (ds.spec?.template?.spec ?? {}) as Record<string, unknown>;
  if (!nodeMatchesPodAffinity({ ...ds, spec } as KubeObject, node)) return false;
  const tolerations = podTolerations(spec);
  return ((node.spec?.taints ?? []) as Taint[])
    .filter((taint) => taint.effect !== 'PreferNoSchedule')
    .every((taint) => tolerations.some((t) => tolerates(t, taint)));
}

/** The daemon pod for `nodeName`. */
export function daemonPod(ds: KubeObject, nodeName: string): KubeObject {
  const template = ds.spec?.template ?? {};
  const spec = clone(template.spec ?? {}) as Record<string, unknown>;
  spec.tolerations = podTolerations(spec);
  const affinity = (spec.affinity ?? {}) as Record<string, unknown>;
  spec.affinity = {
    ...affinity,
    nodeAffinity: {
      ...((affinity.nodeAffinity ?? {}) as Record<string, unknown>),
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
      },
    },
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        [REVISION_LABEL]: daemonSetRevision(ds),
        [GENERATION_LABEL]: String(ds.metadata.generation ?? 1),
      },
      ...(template.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
      ownerReferences: [controllerRef(ds)],
    },
    spec,
  };
}

/** The node a daemon pod is bound or pinned to. */
function targetNode(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName as string;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms as { matchFields?: { key: string; values?: string[] }[] }[] | undefined;
  return terms?.[0]?.matchFields?.find((f) => f.key === 'metadata.name')?.values?.[0];
}

function intOrPercent(v: unknown, total: number, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string' && v.endsWith('%')) return Math.ceil((Number(v.slice(0, -1)) * total) / 100);
  return Number(v);
}

/** Reconciles an apps/v1 DaemonSet. */
export function reconcileDaemonSet(
  ds: KubeObject,
  observed: DaemonSetObserved,
  now: number,
): ReconcileResult {
  if (ds.metadata.deletionTimestamp) return { actions: [] };
  const actions: Action[] = [];
  const ns = ds.metadata.namespace ?? '';
  const minReadySeconds = Number(ds.spec?.minReadySeconds ?? 0);
  const revision = daemonSetRevision(ds);
  const event = (reason: string, message: string): EventSpec => ({
    involvedObject: ds,
    type: 'Normal',
    reason,
    message,
    component: COMPONENT,
  });

  const pods: KubeObject[] = [];
  for (const pod of observed.pods) {
    if (pod.metadata.namespace !== ns) continue;
    if (isControlledBy(pod, ds)) pods.push(pod);
    else if (
      !getControllerOf(pod) &&
      !pod.metadata.deletionTimestamp &&
      matchesSelector(ds.spec?.selector as LabelSelector | undefined, pod.metadata.labels)
    ) {
      const adopted = clone(pod);
      adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), controllerRef(ds)];
      actions.push({ type: 'update', resource: 'pods', object: adopted });
      pods.push(adopted);
    }
  }
  const remove = (pod: KubeObject): void => {
    actions.push({
      type: 'delete',
      resource: 'pods',
      namespace: ns,
      name: pod.metadata.name ?? '',
      event: event('SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`),
    });
  };

  const nodes = [...observed.nodes].sort((a, b) =>
    compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
  const eligible = new Set(
    nodes.filter((n) => nodeShouldRunDaemonPod(ds, n)).map((n) => n.metadata.name ?? ''),
  );
  const live = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const node = targetNode(pod) ?? '';
    if (!eligible.has(node)) {
      remove(pod);
      continue;
    }
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') {
      remove(pod); // recreated below
      continue;
    }
    live.set(node, [...(live.get(node) ?? []), pod]);
  }

  // One pod per eligible node: create the missing, delete extras (keeping the oldest).
  const after = new Map<string, KubeObject>();
  for (const node of eligible) {
    const here = (live.get(node) ?? []).sort(
      (a, b) =>
        compareStrings(a.metadata.creationTimestamp ?? '', b.metadata.creationTimestamp ?? '') ||
        compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''),
    );
    if (here.length === 0) {
      const pod = daemonPod(ds, node);
      after.set(node, pod);
      actions.push({
        type: 'create',
        resource: 'pods',
        object: pod,
        event: event('SuccessfulCreate', 'Created pod: $name'),
      });
      continue;
    }
    after.set(node, here[0]!);
    for (const extra of here.slice(1)) remove(extra);
  }

  // Rolling update: replace old pods while no more than maxUnavailable are unavailable.
  const strategy = ds.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy === 'RollingUpdate') {
    const maxUnavailable = Math.max(
      1,
      intOrPercent(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, eligible.size, 1),
    );
    let unavailable = [...after.values()].filter((p) => !isPodAvailable(p, minReadySeconds, now)).length;
    for (const [node, pod] of after) {
      if (pod.metadata.labels?.[REVISION_LABEL] === revision || !pod.metadata.uid) continue;
      const wasAvailable = isPodAvailable(pod, minReadySeconds, now);
      if (wasAvailable && unavailable >= maxUnavailable) continue;
      remove(pod);
      if (wasAvailable) unavailable++;
      // A terminating pod does not hold its node: the replacement is created at once.
      const next = daemonPod(ds, node);
      after.set(node, next);
      actions.push({
        type: 'create',
        resource: 'pods',
        object: next,
        event: event('SuccessfulCreate', 'Created pod: $name'),
      });
    }
  }

  const placed = [...after.values()];
  if (observed.revisions) {
    const prefix = `${ds.metadata.name}-`;
    const inUse = new Set(placed.map((p) => prefix + (p.metadata.labels?.[REVISION_LABEL] ?? '')));
    actions.unshift(...syncRevisions(ds, observed.revisions, prefix + revision, revision, inUse).actions);
  }
  const status: Record<string, unknown> = {
    ...(ds.status ?? {}),
    currentNumberScheduled: placed.length,
    numberMisscheduled: 0,
    desiredNumberScheduled: eligible.size,
    numberReady: placed.filter(isPodReady).length,
  };
  if (ds.metadata.generation !== undefined) status.observedGeneration = ds.metadata.generation;
  const updated = placed.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
  const available = placed.filter((p) => isPodAvailable(p, minReadySeconds, now)).length;
  setCount(status, 'updatedNumberScheduled', updated);
  setCount(status, 'numberAvailable', available);
  setCount(status, 'numberUnavailable', eligible.size - available);
  if (!sameJson(status, ds.status ?? {}))
    actions.push({ type: 'updateStatus', resource: 'daemonsets.apps', object: { ...ds, status } });
  let wait: number | undefined;
  for (const p of placed) {
    const ms = msUntilAvailable(p, minReadySeconds, now);
    if (ms > 0) wait = Math.min(wait ?? ms, ms);
  }
  return wait === undefined ? { actions } : { actions, requeueAfterMs: wait };
}

function setCount(status: Record<string, unknown>, field: string, value: number): void {
  if (value === 0) delete status[field];
  else status[field] = value;
}

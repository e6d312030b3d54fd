/**
 * Runtime wiring of the workload and namespace controllers: StatefulSet, DaemonSet, Job, CronJob,
 * HorizontalPodAutoscaler, Namespace deletion, the `default` ServiceAccount, the root CA ConfigMap, ResourceQuota usage,
 * and PersistentVolume binding. `standard.ts` adds these to the standard set.
 */
import type { ClusterClient, KubeObject, WatchEvent } from '../types.js';
import type { ControllerDefinition } from './runtime.js';
import { keyOf } from './runtime.js';
import { getControllerOf } from './owners.js';
import { RESOURCES } from '../api/resources.js';
import { lookupImage } from '../kubelet/images.js';
import { reconcileStatefulSet } from './statefulset.js';
import { reconcileDaemonSet } from './daemonset.js';
import { reconcileJob } from './job.js';
import { reconcileCronJob } from './cronjob.js';
import { type HpaMemo, type HpaObserved, type PodUsage, reconcileHpa, resourceOf } from './hpa.js';
import { reconcileNamespace } from './namespace.js';
import { reconcileServiceAccounts } from './service-account.js';
import { reconcileRootCa, ROOT_CA_CONFIGMAP } from './root-ca.js';
import { podUsesClaim, reconcilePvcProtection } from './pvc-protection.js';
import { reconcileQuota } from './quota.js';
import { QUOTA_RESOURCES } from './quota-usage.js';
import { reconcileClaim, reconcileVolume } from './storage.js';

type AnyController = ControllerDefinition<never, never>;

/** Options the workload controllers read (a subset of StandardOptions). */
export interface WorkloadOptions {
  /**
   * Per-pod CPU (millicores) and memory (MiB) now, summed over running containers, for the
   * autoscaler; undefined: no metrics for the pod. Default: the image catalogue's idle figures
   * (the world can pass its metrics, which follow traffic and `setLoad`).
   */
  podUsage?: (pod: KubeObject) => PodUsage | undefined;
  /**
   * Keep StatefulSet and DaemonSet history as ControllerRevisions (for `kubectl rollout
   * history/undo`). Off by default: the validation module has no ControllerRevision schema yet,
   * so with validation hooks the API refuses them.
   */
  revisionHistory?: boolean;
}

const ns = (o: KubeObject): string => o.metadata.namespace ?? '';

function ownedBy(kind: string, resource: string): (e: WatchEvent, client: ClusterClient) => string[] {
  return (e, client) => {
    const ref = getControllerOf(e.object);
    if (ref) return ref.kind === kind ? [`${ns(e.object)}/${ref.name}`] : [];
    return client.list(resource, { namespace: ns(e.object) }).items.map(keyOf);
  };
}

const allIn =
  (resource: string) =>
  (e: WatchEvent, client: ClusterClient): string[] =>
    client.list(resource, { namespace: ns(e.object) }).items.map(keyOf);

/** Idle CPU and memory of each running container, from the image catalogue. */

/** The keys (`namespace/claim`) of the PersistentVolumeClaims a pod's volumes name. */
function claimKeysOf(pod: KubeObject): string[] {
  return ((pod.spec?.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string } }[])
    .filter((v) => v.persistentVolumeClaim?.claimName)
    .map((v) => `${ns(pod)}/${v.persistentVolumeClaim!.claimName}`);
}

export function catalogueUsage(pod: KubeObject): PodUsage | undefined {
  if (pod.status?.phase !== 'Running') return undefined;
  let cpu = 0;
  let memory = 0;
  for (const c of (pod.spec?.containers ?? []) as { image: string }[]) {
    const spec = lookupImage(c.image).spec;
    if (!spec) continue;
    cpu += spec.cpu.idle;
    memory += spec.memory.idle;
  }
  return { cpu, memory };
}

/** Namespaced, stored resources (what a namespace's deletion must remove). */
export const NAMESPACED_RESOURCES: readonly string[] = [
  ...new Set(
    RESOURCES.filter(
      (r) => r.namespaced && !r.virtual && r.verbs.includes('delete') && r.verbs.includes('list'),
    ).map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource)),
  ),
];

/** The workload controllers for the runtime. */
export function workloadControllers(options: WorkloadOptions = {}): AnyController[] {
  const list: AnyController[] = [];
  const add = <O, M>(c: ControllerDefinition<O, M>): void => {
    list.push(c as unknown as AnyController);
  };
  const podsOf = (o: KubeObject, client: ClusterClient): KubeObject[] =>
    client.list('pods', { namespace: ns(o) }).items;

  add({
    name: 'statefulset',
    resource: 'statefulsets.apps',
    watches: [
      { resource: 'pods', keys: ownedBy('StatefulSet', 'statefulsets.apps') },
      { resource: 'controllerrevisions.apps', keys: ownedBy('StatefulSet', 'statefulsets.apps') },
    ],
    observe: (set, client) => ({
      pods: podsOf(set, client),
      claims: client.list('persistentvolumeclaims', { namespace: ns(set) }).items,
      ...(options.revisionHistory
        ? { revisions: client.list('controllerrevisions.apps', { namespace: ns(set) }).items }
        : {}),
    }),
    reconcile: reconcileStatefulSet,
  });
  add({
    name: 'daemonset',
    resource: 'daemonsets.apps',
    watches: [
      { resource: 'pods', keys: ownedBy('DaemonSet', 'daemonsets.apps') },
      { resource: 'controllerrevisions.apps', keys: ownedBy('DaemonSet', 'daemonsets.apps') },
      { resource: 'nodes', keys: (_e, client) => client.list('daemonsets.apps').items.map(keyOf) },
    ],
    observe: (ds, client) => ({
      pods: podsOf(ds, client),
      nodes: client.list('nodes').items,
      ...(options.revisionHistory
        ? { revisions: client.list('controllerrevisions.apps', { namespace: ns(ds) }).items }
        : {}),
    }),
    reconcile: reconcileDaemonSet,
  });
  add({
    name: 'job',
    resource: 'jobs.batch',
    watches: [{ resource: 'pods', keys: ownedBy('Job', 'jobs.batch') }],
    observe: (job, client) => ({ pods: podsOf(job, client) }),
    reconcile: reconcileJob,
  });
  add({
    name: 'cronjob',
    resource: 'cronjobs.batch',
    watches: [{ resource: 'jobs.batch', keys: ownedBy('CronJob', 'cronjobs.batch') }],
    observe: (cj, client) => ({ jobs: client.list('jobs.batch', { namespace: ns(cj) }).items }),
    reconcile: reconcileCronJob,
  });
  const usage = options.podUsage;
  add<HpaObserved, HpaMemo>({
    name: 'horizontalpodautoscaler',
    resource: 'horizontalpodautoscalers.autoscaling',
    observe: (hpa, client, memo) => {
      const ref = (hpa.spec?.scaleTargetRef ?? {}) as { kind?: string; name?: string };
      const target = client.get(resourceOf(String(ref.kind)), ns(hpa), String(ref.name));
      return {
        ...(target ? { target } : {}),
        pods: podsOf(hpa, client),
        usage: usage ?? catalogueUsage,
        ...(memo ? { memo } : {}),
      };
    },
    reconcile: reconcileHpa,
  });
  add({
    name: 'namespace',
    resource: 'namespaces',
    handles: (n) => !!n.metadata.deletionTimestamp,
    observe: (n, client) => {
      const content: Record<string, KubeObject[]> = {};
      for (const r of NAMESPACED_RESOURCES) {
        const items = client.list(r, { namespace: n.metadata.name ?? '' }).items;
        if (items.length) content[r] = items;
      }
      return { content };
    },
    reconcile: reconcileNamespace,
    // A namespace the API removed at once (stored without the `kubernetes` finalizer, as happens
    // without validation's defaulting) still has its content removed.
    onMissing: (_ns, name, client) =>
      NAMESPACED_RESOURCES.flatMap((r) =>
        client
          .list(r, { namespace: name })
          .items.filter((o) => !o.metadata.deletionTimestamp)
          .map((o) => ({
            type: 'delete' as const,
            resource: r,
            namespace: name,
            name: o.metadata.name ?? '',
          })),
      ),
  });
  add({
    name: 'serviceaccount',
    resource: 'namespaces',
    watches: [
      {
        resource: 'serviceaccounts',
        keys: (e) => (e.object.metadata.name === 'default' ? [`/${ns(e.object)}`] : []),
      },
    ],
    observe: (n, client) => {
      const sa = client.get('serviceaccounts', n.metadata.name ?? '', 'default');
      return sa ? { defaultAccount: sa } : {};
    },
    reconcile: (n, observed) => reconcileServiceAccounts(n, observed),
  });
  add({
    name: 'pvc-protection',
    resource: 'persistentvolumeclaims',
    watches: [
      {
        resource: 'pods',
        keys: (e) => claimKeysOf(e.object),
      },
    ],
    observe: (pvc, client) => ({
      pods: pvc.metadata.deletionTimestamp
        ? client
            .list('pods', { namespace: ns(pvc) })
            .items.filter((p) => podUsesClaim(p, pvc.metadata.name ?? ''))
        : [],
    }),
    reconcile: (pvc, observed) => reconcilePvcProtection(pvc, observed),
  });
  add({
    name: 'root-ca-cert-publisher',
    resource: 'namespaces',
    watches: [
      {
        resource: 'configmaps',
        keys: (e) => (e.object.metadata.name === ROOT_CA_CONFIGMAP ? [`/${ns(e.object)}`] : []),
      },
    ],
    observe: (n, client) => {
      const cm = client.get('configmaps', n.metadata.name ?? '', ROOT_CA_CONFIGMAP);
      return cm ? { configMap: cm } : {};
    },
    reconcile: (n, observed) => reconcileRootCa(n, observed),
  });
  add({
    name: 'resourcequota',
    resource: 'resourcequotas',
    watches: QUOTA_RESOURCES.map((r) => ({ resource: r, keys: allIn('resourcequotas') })),
    observe: (q, client) => {
      const objects: Record<string, KubeObject[]> = {};
      for (const r of QUOTA_RESOURCES) objects[r] = client.list(r, { namespace: ns(q) }).items;
      return { objects };
    },
    reconcile: (q, observed) => reconcileQuota(q, observed),
  });
  add({
    name: 'persistentvolume-binder',
    resource: 'persistentvolumeclaims',
    watches: [
      {
        resource: 'persistentvolumes',
        keys: (e) => {
          const ref = e.object.spec?.claimRef as { namespace?: string; name?: string } | undefined;
          return ref?.name ? [`${ref.namespace ?? ''}/${ref.name}`] : [];
        },
      },
      {
        resource: 'storageclasses.storage.k8s.io',
        keys: (_e, client) =>
          client
            .list('persistentvolumeclaims')
            .items.filter((c) => c.status?.phase !== 'Bound')
            .map(keyOf),
      },
      {
        resource: 'pods',
        keys: (e) => claimKeysOf(e.object),
      },
    ],
    observe: (pvc, client) => ({
      volumes: client.list('persistentvolumes').items,
      classes: client.list('storageclasses.storage.k8s.io').items,
      pods: podsOf(pvc, client),
    }),
    reconcile: (pvc, observed) => reconcileClaim(pvc, observed),
  });
  add({
    name: 'persistentvolume-reclaimer',
    resource: 'persistentvolumes',
    watches: [
      {
        resource: 'persistentvolumeclaims',
        keys: (e, client) =>
          client
            .list('persistentvolumes')
            .items.filter((pv) => {
              const ref = pv.spec?.claimRef as { namespace?: string; name?: string } | undefined;
              return ref?.namespace === ns(e.object) && ref.name === e.object.metadata.name;
            })
            .map(keyOf),
      },
    ],
    observe: (pv, client) => {
      const ref = pv.spec?.claimRef as { namespace?: string; name?: string } | undefined;
      const claim = ref?.name
        ? client.get('persistentvolumeclaims', ref.namespace ?? '', ref.name)
        : undefined;
      return claim ? { claim } : {};
    },
    reconcile: (pv, observed) => reconcileVolume(pv, observed),
  });
  return list;
}

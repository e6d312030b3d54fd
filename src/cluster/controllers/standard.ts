/**
 * The standard set of controllers, wired for the runtime: ReplicaSet, ReplicationController,
 * Deployment, Endpoints, EndpointSlice, the scheduler and the kubelets.
 */
import type { ClusterClient, KubeObject, WatchEvent } from '../types.js';
import type { ControllerDefinition, Failure } from './runtime.js';
import { keyOf } from './runtime.js';
import { reconcileReplicaSet, reconcileReplicationController } from './replica-set.js';
import { reconcileDeployment } from './deployment/deployment.js';
import { reconcileEndpoints } from './endpoints.js';
import { SERVICE_NAME_LABEL, reconcileEndpointSlices } from './endpoint-slices.js';
import { hasSelector } from './service-pods.js';
import { getControllerOf, isControlledBy } from './owners.js';
import { controlledByAny, ownedOrAdoptable } from './owner-index.js';
import { needsScheduling, reconcileScheduling } from '../scheduler/scheduler.js';
import { SchedulerCache } from '../scheduler/cache.js';
import { CachedClient, type CacheIndexer } from './informer.js';
import { type WorkloadOptions, workloadControllers } from './workloads-standard.js';
import { type KubeletObserved, type PodMemo, reconcileKubeletPod } from '../kubelet/kubelet.js';
import { NodeImageIndex } from '../kubelet/node-images.js';

const ns = (o: KubeObject): string => o.metadata.namespace ?? '';

/** Keys of the object's controller, when it is of `kind`; otherwise every object of `resource` in the namespace (adoption). */
function ownerKeys(kind: string, resource: string): (e: WatchEvent, client: ClusterClient) => string[] {
  return (e, client) => {
    const ref = getControllerOf(e.object);
    if (ref) return ref.kind === kind ? [`${ns(e.object)}/${ref.name}`] : [];
    return client.list(resource, { namespace: ns(e.object) }).items.map(keyOf);
  };
}

/**
 * Services of the pod's namespace that select pods. A Service without a selector has its
 * endpoints managed by hand (`default/kubernetes`); both endpoint controllers leave it alone, so
 * a pod change never needs to sync it (it did, listing every pod of the namespace each time).
 */
function servicesOf(e: WatchEvent, client: ClusterClient): string[] {
  const out: string[] = [];
  for (const svc of client.list('services', { namespace: ns(e.object) }).items)
    if (hasSelector(svc)) out.push(keyOf(svc));
  return out;
}

/** The scheduler's cache, kept by the informer cache from its events (built from lists for other clients). */
function schedulerCache(client: ClusterClient): SchedulerCache {
  if (client instanceof CachedClient) return client.cache.indexer('scheduler', () => new SchedulerIndexer());
  return SchedulerCache.from(client.list('nodes').items, client.list('pods').items, needsScheduling);
}

class SchedulerIndexer extends SchedulerCache implements CacheIndexer {
  readonly resources = ['nodes', 'pods'] as const;
  constructor() {
    super(needsScheduling);
  }
  set(resource: string, o: KubeObject): void {
    if (resource === 'nodes') this.setNode(o);
    else this.setPod(o);
  }
  delete(resource: string, o: KubeObject): void {
    if (resource === 'nodes') this.deleteNode(o.metadata.name ?? '');
    else this.deletePod(o);
  }
}

function pendingPods(client: ClusterClient): string[] {
  return [...schedulerCache(client).pending.keys()];
}

/** The first refused pod create or delete, as a ReplicaSet's ReplicaFailure reason and message. */
function podWriteFailure(failures: readonly Failure[]): {
  failure?: { reason: 'FailedCreate' | 'FailedDelete'; message: string };
} {
  const f = failures.find(
    (x) => (x.action.type === 'create' || x.action.type === 'delete') && x.action.resource === 'pods',
  );
  if (!f) return {};
  return {
    failure: {
      reason: f.action.type === 'create' ? 'FailedCreate' : 'FailedDelete',
      message: f.error.message,
    },
  };
}

/** Options for the standard controllers. */
export interface StandardOptions extends WorkloadOptions {
  /** Seed for the scheduler's tie-break. */
  seed?: number;
  /** Leave the scheduler out (a chaos action: "stop the scheduler"). */
  withoutScheduler?: boolean;
  /** Scales the kubelet's stage delays (0: pods start at once; see KubeletObserved). */
  stageDelayScale?: number;
}

/** The standard controllers. */
export function standardControllers(options: StandardOptions = {}): ControllerDefinition<never, never>[] {
  const list: ControllerDefinition<never, never>[] = [];
  const add = <O, M>(c: ControllerDefinition<O, M>): void => {
    list.push(c as unknown as ControllerDefinition<never, never>);
  };
  add({
    name: 'replicaset',
    resource: 'replicasets.apps',
    watches: [{ resource: 'pods', keys: ownerKeys('ReplicaSet', 'replicasets.apps') }],
    observe: (rs, client, _memo, failures) => ({
      pods: ownedOrAdoptable(client, 'pods', rs),
      ...podWriteFailure(failures),
    }),
    reconcile: reconcileReplicaSet,
  });
  add({
    name: 'replicationcontroller',
    resource: 'replicationcontrollers',
    watches: [{ resource: 'pods', keys: ownerKeys('ReplicationController', 'replicationcontrollers') }],
    observe: (rc, client, _memo, failures) => ({
      pods: ownedOrAdoptable(client, 'pods', rc),
      ...podWriteFailure(failures),
    }),
    reconcile: reconcileReplicationController,
  });
  add({
    name: 'deployment',
    resource: 'deployments.apps',
    watches: [
      { resource: 'replicasets.apps', keys: ownerKeys('Deployment', 'deployments.apps') },
      {
        // Recreate waits for old pods to be gone: a pod change wakes its ReplicaSet's Deployment.
        resource: 'pods',
        keys: (e, client) => {
          const ref = getControllerOf(e.object);
          if (ref?.kind !== 'ReplicaSet') return [];
          const rs = client.get('replicasets.apps', ns(e.object), ref.name);
          const owner = rs && getControllerOf(rs);
          return owner?.kind === 'Deployment' ? [`${ns(e.object)}/${owner.name}`] : [];
        },
      },
    ],
    observe: (d, client) => {
      const replicaSets = client.list('replicasets.apps', { namespace: ns(d) }).items;
      // The reconciler reads pods only to see whether its old ReplicaSets' pods are gone.
      const mine = replicaSets.filter((rs) => isControlledBy(rs, d));
      return { replicaSets, pods: controlledByAny(client, 'pods', ns(d), mine) };
    },
    reconcile: reconcileDeployment,
  });
  add({
    name: 'endpoints',
    resource: 'services',
    watches: [
      { resource: 'pods', keys: servicesOf },
      { resource: 'endpoints', keys: (e) => [keyOf(e.object)] },
    ],
    observe: (svc, client) => {
      const endpoints = client.get('endpoints', ns(svc), svc.metadata.name ?? '');
      return { pods: client.list('pods', { namespace: ns(svc) }).items, ...(endpoints ? { endpoints } : {}) };
    },
    reconcile: (svc, observed) => reconcileEndpoints(svc, observed),
    // The Endpoints of a deleted Service go with it.
    onMissing: (namespace, name, client) =>
      client.get('endpoints', namespace, name)
        ? [{ type: 'delete', resource: 'endpoints', namespace, name }]
        : [],
  });
  add({
    name: 'endpointslice',
    resource: 'services',
    watches: [
      { resource: 'pods', keys: servicesOf },
      { resource: 'nodes', keys: (_e, client) => client.list('services').items.map(keyOf) },
      {
        resource: 'endpointslices.discovery.k8s.io',
        keys: (e) => {
          const svc = e.object.metadata.labels?.[SERVICE_NAME_LABEL];
          return svc ? [`${ns(e.object)}/${svc}`] : [];
        },
      },
    ],
    observe: (svc, client) => ({
      pods: client.list('pods', { namespace: ns(svc) }).items,
      slices: client.list('endpointslices.discovery.k8s.io', { namespace: ns(svc) }).items,
      nodes: client.list('nodes').items,
    }),
    reconcile: (svc, observed) => reconcileEndpointSlices(svc, observed),
  });
  if (!options.withoutScheduler) {
    add({
      name: 'scheduler',
      resource: 'pods',
      handles: (pod) => needsScheduling(pod),
      watches: [
        { resource: 'nodes', keys: (_e, client) => pendingPods(client) },
        // Freed capacity: a pod that leaves (or finishes) may let a pending one fit.
        {
          resource: 'pods',
          keys: (e, client) =>
            e.type === 'DELETED' ||
            e.object.status?.phase === 'Succeeded' ||
            e.object.status?.phase === 'Failed'
              ? pendingPods(client)
              : [],
        },
      ],
      observe: (_pod, client) => ({ cache: schedulerCache(client), seed: options.seed ?? 0 }),
      reconcile: reconcileScheduling,
    });
  }
  workloadControllers(options).forEach((c) => add(c));
  add<KubeletObserved, PodMemo>({
    name: 'kubelet',
    resource: 'pods',
    handles: (pod, client) => !!pod.spec?.nodeName && !!client.get('nodes', '', pod.spec.nodeName),
    watches: [
      {
        resource: 'nodes',
        keys: (e, client) =>
          client.list('pods', { fieldSelector: `spec.nodeName=${e.object.metadata.name}` }).items.map(keyOf),
      },
    ],
    observe: (pod, client, memo) => {
      const node = client.get('nodes', '', pod.spec.nodeName)!;
      // Listed when first read: the kubelet needs the node's pods only for a new pod's IP and
      // for images being pulled, not on most syncs.
      let podsOnNode: KubeObject[] | undefined;
      return {
        node,
        get podsOnNode(): KubeObject[] {
          return (podsOnNode ??= client.list('pods', {
            fieldSelector: `spec.nodeName=${pod.spec.nodeName}`,
          }).items);
        },
        ...(client instanceof CachedClient
          ? {
              imagePresent: (image: string) =>
                client.cache
                  .indexer('node-images', () => new NodeImageIndex())
                  .presentFor(pod.spec.nodeName, image, pod),
              pulls: client.cache.indexer('node-images', () => new NodeImageIndex()),
            }
          : {}),
        ...(memo ? { memo } : {}),
        ...(options.stageDelayScale !== undefined ? { stageDelayScale: options.stageDelayScale } : {}),
      };
    },
    reconcile: reconcileKubeletPod,
  });
  return list;
}

/**
 * Wires the world into the controller runtime: the standard scheduler and kubelet learn to stop
 * (chaos), the kubelet learns to kill containers, and four controllers are added: system pods,
 * node heartbeats (the kubelet's Lease), node lifecycle (NotReady, taints, eviction).
 */
import type { ClusterClient, Clock, KubeObject } from '../types.js';
import type { ControllerDefinition } from '../controllers/runtime.js';
import { keyOf } from '../controllers/runtime.js';
import { copyMemo, type PodMemo } from '../kubelet/kubelet.js';
import type { WorldState } from './state.js';
import { isSystemPod, reconcileSystemPod } from './system-pods.js';
import { LEASE_NAMESPACE, LEASE_RESOURCE, reconcileNodeHeartbeat } from './node-heartbeat.js';
import { reconcileNodeLifecycle } from './node-lifecycle.js';

type AnyController = ControllerDefinition<never, never>;

/** Names of the controllers the world adds. */
export const WORLD_CONTROLLERS = ['system-pods', 'node-heartbeat', 'node-lifecycle'] as const;

/** Pods bound to `node` (the informer cache serves this field selector from its node index). */
function podsOnNode(client: ClusterClient, node: string): KubeObject[] {
  return client.list('pods', { fieldSelector: `spec.nodeName=${node}` }).items;
}

/** The record of a pod after its running containers were killed (exit 137) at `now`. */
export function killContainers(memo: PodMemo, now: number): PodMemo {
  const out = copyMemo(memo);
  for (const m of Object.values(out.containers)) {
    if (m.phase !== 'running') continue;
    m.terminated = { exitCode: 137, reason: 'Error', startedAt: m.startedAt ?? now, finishedAt: now };
    m.phase = 'exited';
    m.since = now;
  }
  return out;
}

function wrapScheduler(c: AnyController, state: WorldState): AnyController {
  const handles = c.handles;
  return {
    ...c,
    handles: (pod, client) => !state.schedulerStopped && (handles ? handles(pod, client) : true),
  };
}

function wrapKubelet(c: AnyController, state: WorldState, clock: Clock): AnyController {
  const def = c as unknown as ControllerDefinition<{ memo?: PodMemo }, PodMemo>;
  const wrapped: ControllerDefinition<{ memo?: PodMemo }, PodMemo> = {
    ...def,
    handles: (pod, client) =>
      !state.stoppedNodes.has(pod.spec?.nodeName) &&
      !isSystemPod(pod) &&
      (def.handles ? def.handles(pod, client) : true),
    observe: (pod, client, memo, failures) => {
      const observed = def.observe(pod, client, memo, failures);
      const uid = pod.metadata.uid ?? '';
      if (!state.kills.has(uid) || !observed.memo) return observed;
      state.kills.delete(uid);
      return { ...observed, memo: killContainers(observed.memo, clock.now()) };
    },
  };
  return wrapped as unknown as AnyController;
}

/** The standard controllers wrapped for the world, plus the world's own controllers. */
export function worldControllers(
  base: readonly AnyController[],
  state: WorldState,
  clock: Clock,
): AnyController[] {
  const list = base.map((c) =>
    c.name === 'scheduler'
      ? wrapScheduler(c, state)
      : c.name === 'kubelet'
        ? wrapKubelet(c, state, clock)
        : c,
  );
  const add = <O, M>(c: ControllerDefinition<O, M>): void => {
    list.push(c as unknown as AnyController);
  };
  const running = (nodeName: string | undefined): boolean => !!nodeName && !state.stoppedNodes.has(nodeName);
  const podsOfNode = {
    resource: 'nodes',
    keys: (e: { object: KubeObject }, client: ClusterClient) =>
      podsOnNode(client, e.object.metadata.name ?? '').map(keyOf),
  };
  add({
    name: 'system-pods',
    resource: 'pods',
    handles: (pod, client) =>
      isSystemPod(pod) && running(pod.spec?.nodeName) && !!client.get('nodes', '', pod.spec.nodeName),
    watches: [podsOfNode],
    observe: (pod, client) => ({
      node: client.get('nodes', '', pod.spec.nodeName)!,
      podsOnNode: podsOnNode(client, pod.spec.nodeName),
    }),
    reconcile: reconcileSystemPod,
  });
  add({
    name: 'node-heartbeat',
    resource: 'nodes',
    handles: (node) => running(node.metadata.name),
    watches: [
      {
        resource: LEASE_RESOURCE,
        keys: (e) => (e.object.metadata.namespace === LEASE_NAMESPACE ? [`/${e.object.metadata.name}`] : []),
      },
    ],
    observe: (node, client) => {
      const lease = client.get(LEASE_RESOURCE, LEASE_NAMESPACE, node.metadata.name ?? '');
      return lease ? { lease } : {};
    },
    reconcile: reconcileNodeHeartbeat,
  });
  add({
    name: 'node-lifecycle',
    resource: 'nodes',
    watches: [
      {
        resource: LEASE_RESOURCE,
        keys: (e) => (e.object.metadata.namespace === LEASE_NAMESPACE ? [`/${e.object.metadata.name}`] : []),
      },
      { resource: 'pods', keys: (e) => (e.object.spec?.nodeName ? [`/${e.object.spec.nodeName}`] : []) },
    ],
    observe: (node, client) => {
      const lease = client.get(LEASE_RESOURCE, LEASE_NAMESPACE, node.metadata.name ?? '');
      // Listed when first read: the reconciler reads a healthy node's pods not at all.
      let pods: KubeObject[] | undefined;
      return {
        get pods(): KubeObject[] {
          return (pods ??= podsOnNode(client, node.metadata.name ?? ''));
        },
        ...(lease ? { lease } : {}),
      };
    },
    reconcile: reconcileNodeLifecycle,
  });
  return list;
}

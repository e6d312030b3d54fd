/**
 * The cluster map's layout, computed from a `ClusterView`: zones holding nodes, each node's pods
 * grouped by the workload at the top of their owner chain (a Deployment above its ReplicaSet),
 * unscheduled pods apart, and Services with the pods behind them. Pure.
 */
import type { ClusterView, MapNode, MapPod } from './engine/types.js';

export interface PodGroup {
  /** `Deployment/web`, `ReplicaSet/x`, or `` for bare pods. */
  owner: string;
  pods: MapPod[];
}

export interface NodeBox {
  node: MapNode;
  groups: PodGroup[];
}

export interface MapLayout {
  zones: { zone: string; nodes: NodeBox[] }[];
  unscheduled: PodGroup[];
}

/** The top of a pod's owner chain as `Kind/name` (ReplicaSet -> its Deployment). */
export function topOwner(pod: MapPod, view: ClusterView): string {
  if (!pod.owner) return '';
  const [kind, name] = pod.owner.split('/') as [string, string];
  const workload = view.workloads.find(
    (w) => w.kind === kind && w.name === name && w.namespace === pod.namespace,
  );
  return workload?.owner ?? pod.owner;
}

function group(pods: MapPod[], view: ClusterView): PodGroup[] {
  const groups = new Map<string, MapPod[]>();
  for (const pod of pods) {
    const owner = topOwner(pod, view);
    groups.set(owner, [...(groups.get(owner) ?? []), pod]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1))
    .map(([owner, pods]) => ({ owner, pods }));
}

/** Lays out the view; `showSystem` false hides kube-system pods. */
export function layout(view: ClusterView, showSystem = false): MapLayout {
  const pods = view.pods.filter((p) => showSystem || p.namespace !== 'kube-system');
  const zones = new Map<string, NodeBox[]>();
  for (const node of view.nodes) {
    const box = {
      node,
      groups: group(
        pods.filter((p) => p.node === node.name),
        view,
      ),
    };
    zones.set(node.zone, [...(zones.get(node.zone) ?? []), box]);
  }
  return {
    zones: [...zones.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([zone, nodes]) => ({ zone, nodes })),
    unscheduled: group(
      pods.filter((p) => !p.node || !view.nodes.some((n) => n.name === p.node)),
      view,
    ),
  };
}

/** A pod's one-word state for colour and text: Running (ready), Starting, Pending, Succeeded, Failed, Terminating. */
export function podState(pod: MapPod): string {
  if (pod.phase === 'Running') return pod.ready ? 'Running' : 'Starting';
  return pod.phase;
}

/**
 * The kubelet's side of node health, as a pure reconciler over one Node: a running kubelet
 * renews its Lease in `kube-node-lease` every 10 s and, after a restart, posts Ready again.
 * A stopped kubelet does nothing (the runtime does not call it), so its Lease goes stale and
 * the node lifecycle controller (node-lifecycle.ts) takes over. Unchanged node status is
 * reported every 5 minutes (the conditions' `lastHeartbeatTime`).
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from '../controllers/types.js';
import { fromTimestamp, toTimestamp } from '../controllers/time.js';
import { fromMicroTime, toMicroTime } from './micro-time.js';
import { healthyConditions } from './topologies.js';

/** The namespace of node Leases. */
export const LEASE_NAMESPACE = 'kube-node-lease';
/** The Lease resource as the client names it. */
export const LEASE_RESOURCE = 'leases.coordination.k8s.io';
/** How often a kubelet renews its Lease (the kubelet's default: a quarter of the 40 s duration). */
export const RENEW_INTERVAL_MS = 10_000;
/** How often a kubelet posts unchanged node status (`nodeStatusReportFrequency`). */
export const STATUS_REPORT_MS = 300_000;
/** The Lease duration a kubelet sets (`nodeLeaseDurationSeconds`). */
export const LEASE_DURATION_SECONDS = 40;

/** What the heartbeat looks at. */
export interface HeartbeatObserved {
  lease?: KubeObject;
}

function leaseFor(node: KubeObject, now: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.metadata.name,
      namespace: LEASE_NAMESPACE,
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: node.metadata.name ?? '', uid: node.metadata.uid ?? '' },
      ],
    },
    spec: {
      holderIdentity: node.metadata.name,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      renewTime: toMicroTime(now),
    },
  };
}

/** True when every condition the kubelet posts says the node is healthy. */
function postsReady(node: KubeObject): boolean {
  const conditions = (node.status?.conditions ?? []) as { type: string; status: string }[];
  return conditions.find((c) => c.type === 'Ready')?.status === 'True';
}

/** The conditions after a restarted kubelet posts status: healthy, with transitions where the status changed. */
function postedConditions(node: KubeObject, now: number): Record<string, string>[] {
  const ts = toTimestamp(now);
  const old = (node.status?.conditions ?? []) as Record<string, string>[];
  return healthyConditions(ts).map((c) => {
    const before = old.find((o) => o.type === c.type);
    return before && before.status === c.status
      ? { ...c, lastTransitionTime: before.lastTransitionTime ?? ts }
      : c;
  });
}

/**
 * Renews the node's Lease when it is due (or creates it) and posts Ready when the node does not
 * show it. Converged: a fresh Lease and a Ready node give no actions, only a requeue for the next renewal.
 */
export function reconcileNodeHeartbeat(
  node: KubeObject,
  observed: HeartbeatObserved,
  now: number,
): ReconcileResult {
  const actions: Action[] = [];
  const lease = observed.lease;
  let renewed = fromMicroTime(lease?.spec?.renewTime);
  if (!lease) {
    actions.push({ type: 'create', resource: LEASE_RESOURCE, object: leaseFor(node, now) });
    renewed = now;
  } else if (renewed === undefined || now - renewed >= RENEW_INTERVAL_MS) {
    actions.push({
      type: 'update',
      resource: LEASE_RESOURCE,
      object: {
        ...lease,
        spec: {
          ...lease.spec,
          holderIdentity: node.metadata.name,
          leaseDurationSeconds: LEASE_DURATION_SECONDS,
          renewTime: toMicroTime(now),
        },
      },
    });
    renewed = now;
  }
  const heartbeat = fromTimestamp(
    ((node.status?.conditions ?? []) as Record<string, string>[]).find((c) => c.type === 'Ready')
      ?.lastHeartbeatTime,
  );
  if (postsReady(node) && (heartbeat === undefined || now - heartbeat >= STATUS_REPORT_MS)) {
    // Nothing changed: the periodic status report only moves the heartbeat times.
    const ts = toTimestamp(now);
    const conditions = ((node.status?.conditions ?? []) as Record<string, string>[]).map((c) => ({
      ...c,
      lastHeartbeatTime: ts,
    }));
    actions.push({
      type: 'updateStatus',
      resource: 'nodes',
      object: { ...node, status: { ...node.status, conditions } },
    });
  }
  if (!postsReady(node)) {
    actions.push({
      type: 'updateStatus',
      resource: 'nodes',
      object: { ...node, status: { ...node.status, conditions: postedConditions(node, now) } },
    });
    actions.push({
      type: 'event',
      event: {
        involvedObject: node,
        type: 'Normal',
        reason: 'NodeReady',
        message: `Node ${node.metadata.name} status is now: NodeReady`,
        component: 'kubelet',
        host: node.metadata.name ?? '',
      },
    });
  }
  const nextReport =
    postsReady(node) && heartbeat !== undefined && now - heartbeat < STATUS_REPORT_MS
      ? heartbeat + STATUS_REPORT_MS
      : now + STATUS_REPORT_MS;
  return { actions, requeueAfterMs: Math.max(1, Math.min(renewed + RENEW_INTERVAL_MS, nextReport) - now) };
}

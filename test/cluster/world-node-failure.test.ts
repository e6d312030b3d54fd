import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { reconcileNodeLifecycle, evictionTime } from '../../src/cluster/world/node-lifecycle.js';
import { reconcileNodeHeartbeat } from '../../src/cluster/world/node-heartbeat.js';
import { toMicroTime } from '../../src/cluster/world/micro-time.js';
import { nodeObject, TOPOLOGIES } from '../../src/cluster/world/topologies.js';
import { toTimestamp } from '../../src/cluster/controllers/time.js';
import { worldCluster, deployment, readyOf, podReady } from './world-helpers.js';

const T0 = Date.UTC(2026, 0, 1);

function node(): KubeObject {
  const t = TOPOLOGIES.default!;
  const n = nodeObject(t, t.nodes[1]!, toTimestamp(T0));
  return { ...n, metadata: { ...n.metadata, uid: 'n1', creationTimestamp: toTimestamp(T0) } };
}
function lease(at: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'worker-1', namespace: 'kube-node-lease' },
    spec: { renewTime: toMicroTime(at) },
  };
}

describe('node lifecycle reconciler (pure)', () => {
  it('a fresh Lease is converged: no actions, a requeue for when the grace period would end', () => {
    const r = reconcileNodeLifecycle(node(), { lease: lease(T0 + 5_000), pods: [] }, T0 + 10_000);
    expect(r.actions).toEqual([]);
    expect(r.requeueAfterMs).toBe(35_001);
  });

  it('after 40 s of silence: conditions Unknown and the unreachable taints; reconciling the result does nothing', () => {
    const now = T0 + 41_000;
    const r = reconcileNodeLifecycle(node(), { lease: lease(T0), pods: [] }, now);
    const status = r.actions.find((a) => a.type === 'updateStatus')!;
    const update = r.actions.find((a) => a.type === 'update')!;
    expect(
      status.type === 'updateStatus' &&
        status.object.status.conditions.find((c: { type: string }) => c.type === 'Ready'),
    ).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    const result = {
      ...node(),
      spec: update.type === 'update' ? update.object.spec : {},
      status: status.type === 'updateStatus' ? status.object.status : {},
    };
    expect(result.spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: toTimestamp(now) },
    ]);
    expect(reconcileNodeLifecycle(result, { lease: lease(T0), pods: [] }, now).actions).toEqual([]);
  });

  it('pods leave after their tolerationSeconds; pods without a toleration leave at once', () => {
    const taints = [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: toTimestamp(T0) },
    ];
    const tolerant = {
      metadata: {},
      spec: {
        tolerations: [
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
      },
    } as KubeObject;
    const forever = { metadata: {}, spec: { tolerations: [{ operator: 'Exists' }] } } as KubeObject;
    expect(evictionTime(tolerant, taints, T0)).toBe(T0 + 300_000);
    expect(evictionTime({ metadata: {}, spec: {} } as KubeObject, taints, T0)).toBe(-Infinity);
    expect(evictionTime(forever, taints, T0)).toBe(Infinity);
  });

  it('heartbeat: renews a Lease older than 10 s, then nothing until the next renewal', () => {
    const r = reconcileNodeHeartbeat(node(), { lease: lease(T0) }, T0 + 10_000);
    expect(r.actions).toHaveLength(1);
    const renewed = r.actions[0]!.type === 'update' ? r.actions[0]!.object : lease(0);
    const again = reconcileNodeHeartbeat(node(), { lease: renewed }, T0 + 10_000);
    expect(again.actions).toEqual([]);
    expect(again.requeueAfterMs).toBe(10_000);
  });
});

describe('node status reports', () => {
  it('a healthy node moves its heartbeat times every 5 minutes, and is converged in between', () => {
    const n = node(); // conditions stamped at T0
    expect(reconcileNodeHeartbeat(n, { lease: lease(T0 + 290_000) }, T0 + 299_000).actions).toEqual([]);
    const r = reconcileNodeHeartbeat(n, { lease: lease(T0 + 300_000) }, T0 + 300_000);
    expect(r.actions).toHaveLength(1);
    const reported = r.actions[0]!.type === 'updateStatus' ? r.actions[0]!.object : n;
    const ready = reported.status.conditions.find((c: { type: string }) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'True',
      lastHeartbeatTime: toTimestamp(T0 + 300_000),
      lastTransitionTime: toTimestamp(T0),
    });
    expect(reconcileNodeHeartbeat(reported, { lease: lease(T0 + 300_000) }, T0 + 300_000).actions).toEqual(
      [],
    );
  });
});

describe('node failure and rescheduling (golden, virtual time)', () => {
  it('a stopped worker goes NotReady after 40 s, is tainted, its pods are replaced after 300 s; restart reverses it', () => {
    const { cluster, clock, world, pods } = worldCluster();
    cluster.client.create('deployments.apps', deployment('web', 3, 'nginx:1.27'));
    clock.advance(30_000);
    const before = pods('default');
    expect(before.filter(podReady)).toHaveLength(3);
    expect(before.map((p) => p.spec.nodeName).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const victim = before.find((p) => p.spec.nodeName === 'worker-2')!;

    const stoppedAt = clock.now();
    world.chaos.stopNode('worker-2');
    clock.advance(39_000);
    expect(readyOf(cluster.client.get('nodes', '', 'worker-2')!)).toBe('True');
    clock.advance(12_000); // the Lease was last renewed up to 10 s before the stop: 40 s grace has now passed
    const down = cluster.client.get('nodes', '', 'worker-2')!;
    const ready = down.status.conditions.find((c: { type: string }) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(down.spec.taints.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    // Its pod is marked not Ready (so Services stop sending to it) but not yet evicted.
    const stale = cluster.client.get('pods', 'default', victim.metadata.name!)!;
    expect(podReady(stale)).toBe(false);
    expect(stale.metadata.deletionTimestamp).toBeUndefined();
    expect(
      cluster.client
        .list('events')
        .items.some(
          (e) => e.reason === 'NodeNotReady' && (e.involvedObject as { name?: string }).name === 'worker-2',
        ),
    ).toBe(true);

    clock.advance(250_000); // about 300 s after the taint: not yet
    expect(
      cluster.client.get('pods', 'default', victim.metadata.name!)!.metadata.deletionTimestamp,
    ).toBeUndefined();
    clock.advanceTo(stoppedAt + 40_000 + 300_000 + 60_000);
    const evicted = cluster.client.get('pods', 'default', victim.metadata.name!);
    expect(evicted === undefined || evicted.metadata.deletionTimestamp !== undefined).toBe(true);
    expect(
      cluster.client
        .list('events')
        .items.some(
          (e) =>
            e.reason === 'TaintManagerEviction' &&
            (e.involvedObject as { name?: string }).name === victim.metadata.name,
        ),
    ).toBe(true);
    const live = pods('default').filter((p) => !p.metadata.deletionTimestamp);
    expect(live.filter(podReady)).toHaveLength(3);
    expect(live.every((p) => p.spec.nodeName !== 'worker-2')).toBe(true);

    world.chaos.startNode('worker-2');
    clock.advance(5_000);
    const back = cluster.client.get('nodes', '', 'worker-2')!;
    expect(readyOf(back)).toBe('True');
    expect(back.spec.taints).toBeUndefined();
    expect(cluster.client.get('pods', 'default', victim.metadata.name!)).toBeUndefined();
  });
});

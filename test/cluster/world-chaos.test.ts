import type { KubeObject } from '../../src/cluster/index.js';
import { describe, it, expect } from 'vitest';
import { worldCluster, deployment, podReady } from './world-helpers.js';

const ZONE = 'topology.kubernetes.io/zone';

function zonesOf(
  cluster: ReturnType<typeof worldCluster>['cluster'],
  pods: KubeObject[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pods) {
    const zone = cluster.client.get('nodes', '', p.spec.nodeName as string)!.metadata.labels![ZONE]!;
    out[zone] = (out[zone] ?? 0) + 1;
  }
  return out;
}

describe('zone outage with topology spread (golden)', () => {
  it('pods of a zone-spread Deployment end on the two remaining zones', () => {
    const { cluster, clock, world, pods } = worldCluster();
    const spread = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: ZONE,
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { app: 'web' } },
        },
      ],
    };
    cluster.client.create('deployments.apps', deployment('web', 6, 'nginx:1.27', spread));
    clock.advance(30_000);
    expect(zonesOf(cluster, pods().filter(podReady))).toEqual({ 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 });

    expect(world.chaos.zoneDown('zone-a')).toEqual(['cp-1', 'worker-1']);
    clock.advance(400_000);
    const live = pods().filter((p) => !p.metadata.deletionTimestamp);
    expect(live.filter(podReady)).toHaveLength(6);
    expect(zonesOf(cluster, live)).toEqual({ 'zone-b': 3, 'zone-c': 3 });

    world.chaos.zoneUp('zone-a');
    clock.advance(5_000);
    expect(
      cluster.client
        .list('nodes')
        .items.every(
          (n) => !(n.spec.taints ?? []).some((t: { key: string }) => t.key.startsWith('node.kubernetes.io/')),
        ),
    ).toBe(true);
  });
});

describe('zone outage with a hard spread constraint', () => {
  it('DoNotSchedule counts the dead zone (nodeTaintsPolicy Ignore): replacements stay Pending, as on a real cluster', () => {
    const { cluster, clock, world, pods } = worldCluster();
    const spread = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: ZONE,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'web' } },
        },
      ],
    };
    cluster.client.create('deployments.apps', deployment('web', 3, 'nginx:1.27', spread));
    clock.advance(30_000);
    expect(zonesOf(cluster, pods().filter(podReady))).toEqual({ 'zone-a': 1, 'zone-b': 1, 'zone-c': 1 });
    world.chaos.zoneDown('zone-a');
    clock.advance(400_000);
    const pending = pods().filter((p) => !p.metadata.deletionTimestamp && !p.spec.nodeName);
    expect(pending).toHaveLength(1);
    const failed = cluster.client
      .list('events', { namespace: 'default' })
      .items.filter((e) => e.reason === 'FailedScheduling')
      .map((e) => String(e.message));
    expect(failed.some((m) => m.includes("didn't match pod topology spread constraints"))).toBe(true);
  });
});

describe('scheduler chaos', () => {
  it('stopScheduler leaves new pods Pending without FailedScheduling events; startScheduler places them', () => {
    const { cluster, clock, world, pods } = worldCluster();
    world.chaos.stopScheduler();
    cluster.client.create('deployments.apps', deployment('web', 2, 'nginx:1.27'));
    clock.advance(120_000);
    expect(pods()).toHaveLength(2);
    expect(pods().every((p) => p.status.phase === 'Pending' && !p.spec.nodeName)).toBe(true);
    expect(
      cluster.client
        .list('events', { namespace: 'default' })
        .items.filter((e) => e.reason === 'FailedScheduling' || e.reason === 'Scheduled'),
    ).toEqual([]);
    world.chaos.startScheduler();
    clock.advance(30_000);
    expect(pods().filter(podReady)).toHaveLength(2);
    expect(
      cluster.client.list('events', { namespace: 'default' }).items.filter((e) => e.reason === 'Scheduled'),
    ).toHaveLength(2);
  });
});

describe('pod chaos', () => {
  it('killPod: the container exits 137 and the kubelet restarts it (restartCount 1)', () => {
    const { cluster, clock, world, pods } = worldCluster();
    cluster.client.create('deployments.apps', deployment('web', 1, 'nginx:1.27'));
    clock.advance(30_000);
    const pod = pods()[0]!;
    world.chaos.killPod('default', pod.metadata.name!);
    clock.advance(100);
    const dead = cluster.client.get('pods', 'default', pod.metadata.name!)!;
    expect(dead.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    });
    clock.advance(5_000);
    const back = cluster.client.get('pods', 'default', pod.metadata.name!)!;
    expect(back.status.containerStatuses[0].restartCount).toBe(1);
    expect(back.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 137 });
    expect(podReady(back)).toBe(true);
    expect(pods()).toHaveLength(1);
  });

  it('deletePod: the ReplicaSet replaces it', () => {
    const { cluster, clock, world, pods } = worldCluster();
    cluster.client.create('deployments.apps', deployment('web', 2, 'nginx:1.27'));
    clock.advance(30_000);
    const first = pods()[0]!.metadata.name!;
    world.chaos.deletePod('default', first);
    clock.advance(60_000);
    const names = pods().map((p) => p.metadata.name);
    expect(names).not.toContain(first);
    expect(pods().filter(podReady)).toHaveLength(2);
  });
});

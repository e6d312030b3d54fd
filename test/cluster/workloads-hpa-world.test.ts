/**
 * The autoscaler through the whole stack: a world cluster whose HPA reads the world's metrics
 * (the same usage `kubectl top` shows), reacting to load set on the pods.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type Cluster, type KubeObject } from '../../src/cluster/index.js';
import { standardControllers } from '../../src/cluster/controllers/standard.js';
import { podUsage } from '../../src/cluster/world/metrics.js';
import { deployment } from './world-helpers.js';

function worldWithAutoscaler(): { cluster: Cluster; clock: VirtualClock } {
  const clock = new VirtualClock();
  const ref: { cluster?: Cluster } = {};
  const usage = (pod: KubeObject) => {
    const world = ref.cluster?.world;
    if (!world) return undefined;
    const containers = podUsage(pod, world.state, clock.now());
    if (!containers.length) return undefined;
    return {
      cpu: containers.reduce((n, c) => n + c.usage.cpu, 0),
      memory: containers.reduce((n, c) => n + c.usage.memory, 0),
    };
  };
  const cluster = createCluster({
    clock,
    topology: 'default',
    world: { base: standardControllers({ podUsage: usage }) },
  });
  ref.cluster = cluster;
  clock.advance(30_000);
  return { cluster, clock };
}

/** The world as `createCluster({ topology })` builds it: its HPA reads the world's metrics itself. */
function defaultWorld(): { cluster: Cluster; clock: VirtualClock } {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, topology: 'default' });
  clock.advance(30_000);
  return { cluster, clock };
}

describe.each([
  ['controllers given the metrics by hand', worldWithAutoscaler],
  ['the default world', defaultWorld],
])('HPA on the world metrics (%s)', (_name, build) => {
  it('scales nginx up under load and back down 5 minutes after the load stops', () => {
    const { cluster, clock } = build();
    const { client } = cluster;
    const d = deployment('web', 2, 'nginx:1.27');
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '100m' } };
    client.create('deployments.apps', d);
    clock.advance(20_000);
    client.create('horizontalpodautoscalers.autoscaling', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 8,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
    clock.advance(15_000);
    const replicas = () => client.get('deployments.apps', 'default', 'web')!.spec.replicas as number;
    const running = () =>
      client
        .list('pods', { namespace: 'default', labelSelector: 'app=web' })
        .items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    // Idle nginx uses about 1m of its 100m: the minimum.
    expect(replicas()).toBe(1);

    // Full load on every pod (about 120m each, 120% of request): grows to the maximum.
    for (let i = 0; i < 8; i++) {
      for (const p of running()) cluster.world!.setLoad('default', p.metadata.name!, 1);
      clock.advance(15_000);
    }
    expect(replicas()).toBe(8);
    const hpa = client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!;
    const cpu = hpa.status.currentMetrics[0].resource.current.averageUtilization as number;
    expect(cpu).toBeGreaterThan(100);
    const rescales = client
      .list('events', { namespace: 'default' })
      .items.filter((e) => e.reason === 'SuccessfulRescale')
      .map((e) => e.message);
    expect(rescales[0]).toBe('New size: 1; reason: All metrics below target');
    // One busy pod (about 240% of its target) wants ceil(1 * 2.4) = 3.
    expect(rescales[1]).toBe(
      'New size: 3; reason: cpu resource utilization (percentage of request) above target',
    );

    // Load stops: the window keeps 8 for 300 s, then it drops to 1.
    for (const p of running()) cluster.world!.setLoad('default', p.metadata.name!, 0);
    clock.advance(240_000);
    expect(replicas()).toBe(8);
    clock.advance(90_000);
    expect(replicas()).toBe(1);
  });
});

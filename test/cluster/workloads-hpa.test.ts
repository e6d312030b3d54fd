import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { reconcileHpa } from '../../src/cluster/controllers/hpa.js';
import { deployment } from './world-helpers.js';
import { workloadCluster } from './workloads-helpers.js';

function hpa(min: number, max: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: min,
      maxReplicas: max,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
      ...extra,
    },
  };
}

const condition = (h: KubeObject, type: string) =>
  (h.status.conditions as { type: string; status: string; reason: string; message: string }[]).find(
    (c) => c.type === type,
  );

describe('HorizontalPodAutoscaler', () => {
  it('scales up on CPU above target, caps at maxReplicas, and scales down only after the 300 s window', () => {
    let cpu = 100; // millicores per pod; requests are 200m
    const w = workloadCluster({
      podUsage: (p) => (p.status?.phase === 'Running' ? { cpu, memory: 64 } : undefined),
    });
    const d = deployment('web', 2, 'nginx:1.27');
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '200m', memory: '128Mi' } };
    w.client.create('deployments.apps', d);
    w.clock.advance(20_000);
    w.client.create('horizontalpodautoscalers.autoscaling', hpa(1, 6));
    w.clock.advance(16_000);
    const replicas = () => w.client.get('deployments.apps', 'default', 'web')!.spec.replicas as number;
    const get = () => w.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!;

    // 50% of request: on target, nothing changes.
    expect(replicas()).toBe(2);
    let h = get();
    expect(h.status.currentMetrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '100m' } },
      },
    ]);
    expect(h.status).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
    expect(condition(h, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'ReadyForNewScale' });
    expect(condition(h, 'ScalingActive')).toMatchObject({
      status: 'True',
      reason: 'ValidMetricFound',
      message:
        'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    });
    expect(condition(h, 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });

    // 100%: ceil(2 * 100 / 50) = 4.
    cpu = 200;
    w.clock.advance(15_000);
    expect(replicas()).toBe(4);
    expect(w.events('SuccessfulRescale').map((e) => e.message)).toEqual([
      'New size: 4; reason: cpu resource utilization (percentage of request) above target',
    ]);
    w.clock.advance(30_000);
    // Four pods at 100% want 8: capped at 6.
    expect(replicas()).toBe(6);
    h = get();
    expect(condition(h, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });

    // Load drops to 10%: the recommendation is 2, but the window holds 6 for 300 s.
    w.clock.advance(30_000);
    cpu = 20;
    const dropped = w.clock.now();
    w.clock.advance(15_000);
    h = get();
    expect(replicas()).toBe(6);
    expect(condition(h, 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized' });
    while (w.clock.now() < dropped + 285_000) w.clock.advance(15_000);
    expect(replicas()).toBe(6);
    w.clock.advance(30_000);
    expect(replicas()).toBe(2);
    expect(w.events('SuccessfulRescale').map((e) => e.message)).toContain(
      'New size: 2; reason: All metrics below target',
    );
    w.clock.advance(60_000);
    h = get();
    expect(h.status).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
    // At target with a settled window: no scaling (only the metrics in status change).
    const result = reconcileHpa(
      h,
      {
        target: w.client.get('deployments.apps', 'default', 'web')!,
        pods: w.pods(),
        usage: () => ({ cpu: 100, memory: 64 }),
        memo: { recommendations: [{ at: w.clock.now() - 15_000, replicas: 2 }] },
      },
      w.clock.now(),
    );
    expect(result.actions.filter((a) => a.type !== 'updateStatus')).toEqual([]);
    expect(result.requeueAfterMs).toBe(15_000);
    expect(w.runtime.stats.errors).toBe(0);
  });

  it('limits scale-up to 4 pods or 100% per 15 s (the larger), reporting ScaleUpLimit', () => {
    const w = workloadCluster({
      podUsage: (p) => (p.status?.phase === 'Running' ? { cpu: 1000, memory: 64 } : undefined),
    });
    const d = deployment('web', 1, 'nginx:1.27');
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '200m' } };
    w.client.create('deployments.apps', d);
    w.clock.advance(20_000);
    w.client.create('horizontalpodautoscalers.autoscaling', hpa(1, 20));
    w.clock.advance(1_000);
    const replicas = () => w.client.get('deployments.apps', 'default', 'web')!.spec.replicas as number;
    // One pod at 500% of its request wants 10: 1 + 4 = 5 first.
    expect(replicas()).toBe(5);
    const h = w.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!;
    expect(condition(h, 'ScalingLimited')).toMatchObject({
      status: 'True',
      reason: 'ScaleUpLimit',
      message: 'the desired replica count is increasing faster than the maximum scale rate',
    });
    // 15 s later the five (now all busy) may double: 10.
    w.clock.advance(15_000);
    expect(replicas()).toBe(10);
  });

  it('reports a missing CPU request as FailedGetResourceMetric', () => {
    const w = workloadCluster({ podUsage: () => ({ cpu: 50, memory: 10 }) });
    w.client.create('deployments.apps', deployment('web', 1, 'nginx:1.27'));
    w.clock.advance(20_000);
    w.client.create('horizontalpodautoscalers.autoscaling', hpa(1, 3));
    w.clock.advance(1_000);
    const h = w.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!;
    const active = condition(h, 'ScalingActive')!;
    expect(active.status).toBe('False');
    expect(active.reason).toBe('FailedGetResourceMetric');
    expect(active.message).toMatch(
      /^the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container web of Pod web-/,
    );
    expect(w.events('FailedGetResourceMetric')).toHaveLength(1);
  });

  it('a second reconcile of the same state changes nothing', () => {
    const w = workloadCluster({ podUsage: () => ({ cpu: 100, memory: 10 }) });
    const d = deployment('web', 2, 'nginx:1.27');
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '200m' } };
    w.client.create('deployments.apps', d);
    w.clock.advance(20_000);
    w.client.create('horizontalpodautoscalers.autoscaling', hpa(1, 5));
    w.clock.advance(1_000);
    const h = w.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!;
    const again = reconcileHpa(
      h,
      {
        target: w.client.get('deployments.apps', 'default', 'web')!,
        pods: w.pods(),
        usage: () => ({ cpu: 100, memory: 10 }),
      },
      w.clock.now(),
    );
    expect(again.actions).toEqual([]);
  });
});

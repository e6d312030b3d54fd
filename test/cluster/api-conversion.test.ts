/** autoscaling/v1 HorizontalPodAutoscalers served by conversion from the stored autoscaling/v2 objects. */
import { describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import { conversionFor } from '../../src/cluster/api/conversion.js';
import type { ApiResponse, KubeObject } from '../../src/cluster/types.js';

const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const V2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';

async function call(
  cluster: ReturnType<typeof createCompleteCluster>,
  method: string,
  url: string,
  body?: unknown,
  type = 'application/json',
) {
  const r = (await cluster.handle({
    method: method as 'GET',
    url,
    headers: { 'content-type': type },
    body: body === undefined ? undefined : JSON.stringify(body),
  })) as ApiResponse;
  return { status: r.status, body: JSON.parse(String(r.body)) };
}

const v1 = (max: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: max,
    targetCPUUtilizationPercentage: 60,
    ...extra,
  },
});

describe('autoscaling/v1 HorizontalPodAutoscaler', () => {
  it('is stored as v2 with a CPU utilization metric and read back in either version', async () => {
    const cluster = createCompleteCluster({ topology: 'default' });
    const created = await call(cluster, 'POST', V1, v1(4));
    expect(created.status).toBe(201);
    expect(created.body.apiVersion).toBe('autoscaling/v1');
    expect(created.body.spec).toEqual(v1(4).spec);
    const stored = cluster.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!;
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect(stored.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      },
    ]);
    expect((await call(cluster, 'GET', `${V2}/web`)).body.spec.maxReplicas).toBe(4);
    const list = await call(cluster, 'GET', V1);
    expect(list.body.kind).toBe('HorizontalPodAutoscalerList');
    expect(list.body.apiVersion).toBe('autoscaling/v1');
    expect(list.body.items[0].spec.targetCPUUtilizationPercentage).toBe(60);
  });

  it('a merge patch in v1 keeps the v2-only fields (behavior, other metrics)', async () => {
    const cluster = createCompleteCluster({ topology: 'default' });
    await call(cluster, 'POST', V1, v1(4));
    const memory = {
      type: 'Resource',
      resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
    };
    await call(
      cluster,
      'PATCH',
      `${V2}/web`,
      {
        spec: {
          metrics: [
            ...(cluster.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!.spec
              .metrics as unknown[]),
            memory,
          ],
        },
      },
      'application/merge-patch+json',
    );
    const patched = await call(
      cluster,
      'PATCH',
      `${V1}/web`,
      { spec: { maxReplicas: 7 } },
      'application/merge-patch+json',
    );
    expect(patched.status).toBe(200);
    expect(patched.body.spec.maxReplicas).toBe(7);
    const stored = cluster.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!;
    expect((stored.spec.metrics as { resource: { name: string } }[]).map((m) => m.resource.name)).toEqual([
      'cpu',
      'memory',
    ]);
  });

  it('refuses a field v1 does not have under strict field validation, naming it', async () => {
    const cluster = createCompleteCluster({ topology: 'default' });
    const r = await call(cluster, 'POST', `${V1}?fieldValidation=Strict`, v1(4, { behavior: {} }));
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'HorizontalPodAutoscaler in version "v1" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.behavior"',
    );
    expect(
      conversionFor({
        group: 'autoscaling',
        version: 'v1',
        resource: 'horizontalpodautoscalers',
      })!.unknownFields(v1(4) as KubeObject),
    ).toEqual([]);
  });
});

import { describe, it, expect } from 'vitest';
import type { ApiResponse, KubeObject } from '../../src/cluster/index.js';
import { reconcileSystemPod } from '../../src/cluster/world/system-pods.js';
import { nodeObject, TOPOLOGIES } from '../../src/cluster/world/topologies.js';
import { staticPods } from '../../src/cluster/world/system-objects.js';
import { toTimestamp } from '../../src/cluster/controllers/time.js';
import { worldCluster, deployment, service } from './world-helpers.js';

const T0 = Date.UTC(2026, 0, 1);

async function get(
  handle: (r: never) => Promise<unknown>,
  url: string,
): Promise<{ status: number; text: string }> {
  const r = (await handle({
    method: 'GET',
    url,
    headers: { accept: 'application/json' },
  } as never)) as ApiResponse;
  return { status: r.status, text: typeof r.body === 'string' ? r.body : new TextDecoder().decode(r.body) };
}

describe('system pods reconciler (pure)', () => {
  it('runs a static pod at once; the result is converged; a deleted one is removed', () => {
    const t = TOPOLOGIES.default!;
    const node = {
      ...nodeObject(t, t.nodes[0]!, toTimestamp(T0)),
      metadata: { name: 'cp-1', uid: 'cp' },
    } as KubeObject;
    const pod = {
      ...staticPods(node, '10.0.1.10', toTimestamp(T0))[0]!,
      status: { phase: 'Pending' },
    } as KubeObject;
    pod.metadata.uid = 'p1';
    const r = reconcileSystemPod(pod, { node, podsOnNode: [pod] }, T0);
    expect(r.actions).toHaveLength(1);
    const running = r.actions[0]!.type === 'updateStatus' ? r.actions[0]!.object : pod;
    expect(running.status).toMatchObject({ phase: 'Running', podIP: '10.0.1.10', hostIP: '10.0.1.10' });
    expect(reconcileSystemPod(running, { node, podsOnNode: [running] }, T0 + 60_000).actions).toEqual([]);
    const deleting = { ...running, metadata: { ...running.metadata, deletionTimestamp: toTimestamp(T0) } };
    expect(reconcileSystemPod(deleting, { node, podsOnNode: [] }, T0).actions).toMatchObject([
      { type: 'delete', name: 'etcd-cp-1' },
    ]);
  });
});

describe('served through the API', () => {
  it('kubectl top: metrics.k8s.io NodeMetrics and PodMetrics lists', async () => {
    const { cluster } = worldCluster();
    const nodes = await get(cluster.handle as never, '/apis/metrics.k8s.io/v1beta1/nodes');
    expect(nodes.status).toBe(200);
    const list = JSON.parse(nodes.text);
    expect(list.items.map((i: KubeObject) => i.metadata.name)).toEqual([
      'cp-1',
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
    expect(list.items[0].usage.cpu).toMatch(/^\d+n$/);
    const pods = JSON.parse(
      (await get(cluster.handle as never, '/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods')).text,
    );
    expect(pods.items.map((i: KubeObject) => i.metadata.name)).toContain('kube-apiserver-cp-1');
  });

  it('kubectl logs: nginx shows the access lines of simulated requests', async () => {
    const { cluster, clock, world, pods } = worldCluster();
    cluster.client.create('deployments.apps', deployment('web', 1, 'nginx:1.27'));
    cluster.client.create('services', service('web', '10.96.100.10', 80, 80));
    clock.advance(30_000);
    world.request({ namespace: 'default', ip: '10.244.2.9' }, 'http://web/');
    const name = pods()[0]!.metadata.name!;
    const log = await get(cluster.handle as never, `/api/v1/namespaces/default/pods/${name}/log`);
    expect(log.status).toBe(200);
    expect(log.text).toContain('10.244.2.9 - - [01/Jan/2026:00:01:00 +0000] "GET / HTTP/1.1" 200 615');
  });
});

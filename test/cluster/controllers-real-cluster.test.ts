/**
 * The standard controllers on the real cluster core (createCluster: store, API server, garbage
 * collector, in-process client), not the test fake.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type KubeObject } from '../../src/cluster/index.js';
import { ControllerRuntime } from '../../src/cluster/controllers/runtime.js';
import { standardControllers } from '../../src/cluster/controllers/standard.js';
import { defaultNodes } from './fakes/topology.js';
import { deployment } from './fakes/harness.js';

function start(): {
  clock: VirtualClock;
  cluster: ReturnType<typeof createCluster>;
  runtime: ControllerRuntime;
} {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, seed: 7, podTermination: 'kubelet' });
  for (const n of defaultNodes())
    cluster.client.create('nodes', { ...n, metadata: { ...n.metadata, uid: undefined } });
  const runtime = new ControllerRuntime(cluster.client, clock, standardControllers({ seed: 7 }));
  runtime.start();
  return { clock, cluster, runtime };
}

const live = (items: KubeObject[]): KubeObject[] => items.filter((p) => !p.metadata.deletionTimestamp);

describe('standard controllers on createCluster()', () => {
  it('brings a Deployment behind a Service to Ready pods and endpoints, then rolls it and heals it', () => {
    const { clock, cluster, runtime } = start();
    const { client } = cluster;
    client.create('deployments.apps', deployment('web', 3, 'nginx:1.27'));
    client.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
      },
    });
    clock.runDue();
    clock.advance(3_000);
    let pods = live(client.list('pods', { namespace: 'default' }).items);
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status?.phase === 'Running' && p.spec.nodeName?.startsWith('worker-'))).toBe(
      true,
    );
    expect(client.get('deployments.apps', 'default', 'web')!.status).toMatchObject({
      availableReplicas: 3,
      updatedReplicas: 3,
    });
    const ep = client.get('endpoints', 'default', 'web')!;
    expect((ep.subsets as { addresses: unknown[] }[])[0]!.addresses).toHaveLength(3);
    // Pod names come from the API's generateName: <replicaset>-<5 safe characters>.
    const rsName = client.list('replicasets.apps', { namespace: 'default' }).items[0]!.metadata.name!;
    for (const p of pods)
      expect(p.metadata.name).toMatch(new RegExp(`^${rsName}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));

    // Rolling update to a new image.
    const d = client.get('deployments.apps', 'default', 'web')!;
    d.spec.template.spec.containers[0].image = 'nginx:1.28';
    client.update('deployments.apps', d);
    for (let i = 0; i < 30; i++) clock.advance(1_000);
    pods = client.list('pods', { namespace: 'default' }).items;
    expect(pods.map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    expect(
      client.get('deployments.apps', 'default', 'web')!.metadata.annotations![
        'deployment.kubernetes.io/revision'
      ],
    ).toBe('2');

    // Self-healing: a deleted pod terminates gracefully and is replaced.
    const victim = pods[0]!.metadata.name!;
    client.delete('pods', 'default', victim);
    clock.advance(5_000);
    pods = client.list('pods', { namespace: 'default' }).items;
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim);
    expect(pods.filter((p) => p.status?.phase === 'Running')).toHaveLength(3);
    expect(runtime.stats.errors).toBe(0);
  });

  it('with zero stage delays, a 3-replica Deployment is Ready without time passing', () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, seed: 3, podTermination: 'kubelet' });
    for (const n of defaultNodes())
      cluster.client.create('nodes', { ...n, metadata: { ...n.metadata, uid: undefined } });
    new ControllerRuntime(
      cluster.client,
      clock,
      standardControllers({ seed: 3, stageDelayScale: 0 }),
    ).start();
    const before = clock.now();
    cluster.client.create('deployments.apps', deployment('web', 3, 'nginx:1.27'));
    clock.runDue();
    expect(clock.now()).toBe(before);
    expect(cluster.client.get('deployments.apps', 'default', 'web')!.status).toMatchObject({
      readyReplicas: 3,
      availableReplicas: 3,
    });
  });
});

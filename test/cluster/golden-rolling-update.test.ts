/**
 * Golden scenario through the whole stack (default topology, validation hooks, virtual time): a
 * rolling update of 4 replicas with maxSurge 1 and maxUnavailable 1, sampled every 100 ms of
 * virtual time, never exceeds 5 pods wanted nor falls below 3 ready, and ends with every pod on
 * the new template.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type KubeObject } from '../../src/cluster/index.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';

const isReady = (p: KubeObject): boolean =>
  (p.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );

describe('rolling update through the whole stack (golden)', () => {
  it('honours maxSurge 1 and maxUnavailable 1 at every step and finishes on the new image', () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, topology: 'default', hooks: validationHooks(), seed: 4 });
    clock.advance(10_000);
    const { client } = cluster;
    client.create('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 4,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] },
        },
      },
    });
    for (let i = 0; i < 30; i++) clock.advance(1_000);
    const live = () =>
      client
        .list('pods', { namespace: 'default', labelSelector: 'app=web' })
        .items.filter((p) => !p.metadata.deletionTimestamp);
    expect(live().filter(isReady)).toHaveLength(4);

    const d = client.get('deployments.apps', 'default', 'web')!;
    d.spec.template.spec.containers[0].image = 'nginx:1.27';
    client.update('deployments.apps', d);

    let maxWanted = 0;
    let minReady = Infinity;
    let sawMixed = false;
    for (let i = 0; i < 600; i++) {
      clock.advance(100);
      const wanted = client
        .list('replicasets.apps', { namespace: 'default', labelSelector: 'app=web' })
        .items.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
      const pods = live();
      maxWanted = Math.max(maxWanted, wanted, pods.length);
      minReady = Math.min(minReady, pods.filter(isReady).length);
      const images = new Set(pods.map((p) => p.spec.containers[0].image));
      if (images.size > 1) sawMixed = true;
    }
    expect(maxWanted).toBe(5); // surged by exactly one
    expect(minReady).toBe(3); // never more than one unavailable
    expect(sawMixed).toBe(true); // old and new pods served side by side
    const pods = live();
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => p.spec.containers[0].image === 'nginx:1.27' && isReady(p))).toBe(true);
    expect(client.get('deployments.apps', 'default', 'web')!.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      readyReplicas: 4,
      availableReplicas: 4,
      observedGeneration: 2,
    });
  });
});

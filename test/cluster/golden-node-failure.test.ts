/**
 * Golden scenarios through the whole stack with admission (default topology, validation hooks,
 * virtual time): pods of a bare Deployment get DefaultTolerationSeconds' 300 s tolerations from
 * admission, so a stopped worker's pods are evicted 300 s after its unreachable taint and are
 * replaced elsewhere; a deleted pod is replaced at once (self-healing).
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type KubeObject } from '../../src/cluster/index.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';

const isReady = (p: KubeObject): boolean =>
  (p.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );

function setup(seed: number) {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, topology: 'default', hooks: validationHooks(), seed });
  clock.advance(10_000);
  cluster.client.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    },
  });
  clock.advance(30_000);
  const live = () =>
    cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.filter((p) => !p.metadata.deletionTimestamp);
  return { clock, cluster, client: cluster.client, world: cluster.world!, live };
}

describe('node failure with admitted tolerations (golden)', () => {
  it('evicts a stopped worker’s pod 300 s after the unreachable taint and replaces it on another worker', () => {
    const { clock, client, world, live } = setup(21);
    const pods = live();
    expect(pods.filter(isReady)).toHaveLength(3);
    // Admission (DefaultTolerationSeconds) gave every pod the two 300 s NoExecute tolerations.
    for (const p of pods)
      expect(p.spec.tolerations).toEqual(
        expect.arrayContaining([
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ]),
      );
    const victim = pods.find((p) => p.spec.nodeName === 'worker-1')!;
    expect(victim).toBeDefined();

    world.chaos.stopNode('worker-1');
    let taintedAt: number | undefined;
    let evictedAt: number | undefined;
    for (let s = 0; s < 600 && evictedAt === undefined; s++) {
      clock.advance(1_000);
      const node = client.get('nodes', '', 'worker-1')!;
      const unreachable = (node.spec.taints ?? []).some(
        (t: { key: string; effect: string }) =>
          t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
      );
      if (unreachable && taintedAt === undefined) taintedAt = clock.now();
      const p = client.get('pods', 'default', victim.metadata.name!);
      if (!p || p.metadata.deletionTimestamp) evictedAt = clock.now();
    }
    expect(taintedAt).toBeDefined();
    expect(evictedAt).toBeDefined();
    const waited = (evictedAt! - taintedAt!) / 1000;
    expect(waited).toBeGreaterThanOrEqual(299);
    expect(waited).toBeLessThanOrEqual(301);

    clock.advance(30_000);
    const now = live();
    expect(now.filter(isReady)).toHaveLength(3);
    expect(now.every((p) => p.spec.nodeName !== 'worker-1')).toBe(true);
    expect(now.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  });
});

describe('self-healing (golden)', () => {
  it('a deleted pod is replaced by a new one that becomes Ready', () => {
    const { clock, client, live } = setup(22);
    const before = live();
    expect(before.filter(isReady)).toHaveLength(3);
    const victim = before[0]!.metadata.name!;
    client.delete('pods', 'default', victim);
    clock.advance(1_000);
    expect(live().map((p) => p.metadata.name)).not.toContain(victim);
    expect(live()).toHaveLength(3); // the ReplicaSet created the replacement at once
    clock.advance(30_000);
    const after = live();
    expect(after.filter(isReady)).toHaveLength(3);
    expect(client.get('pods', 'default', victim)).toBeUndefined(); // nginx stopped within its grace period
    expect(client.get('deployments.apps', 'default', 'web')!.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
  });
});

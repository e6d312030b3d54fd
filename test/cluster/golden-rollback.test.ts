/**
 * Golden scenario through the whole stack (default topology, validation hooks, virtual time):
 * a rolling update to a new image, then `kubectl rollout undo`'s write (the old template back),
 * which scales the old ReplicaSet up again instead of creating a third one.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type KubeObject } from '../../src/cluster/index.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';

const REVISION = 'deployment.kubernetes.io/revision';

function setup() {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, topology: 'default', hooks: validationHooks(), seed: 11 });
  clock.advance(10_000);
  const { client } = cluster;
  client.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] },
      },
    },
  });
  const settle = (seconds: number) => {
    for (let i = 0; i < seconds; i++) clock.advance(1_000);
  };
  const replicaSets = () =>
    client.list('replicasets.apps', { namespace: 'default', labelSelector: 'app=web' }).items;
  const byImage = (image: string) =>
    replicaSets().find((rs) => rs.spec.template.spec.containers[0].image === image);
  const pods = () =>
    client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.filter((p) => !p.metadata.deletionTimestamp);
  const setImage = (image: string) => {
    const d = client.get('deployments.apps', 'default', 'web')!;
    d.spec.template.spec.containers[0].image = image;
    client.update('deployments.apps', d);
  };
  return { clock, cluster, client, settle, replicaSets, byImage, pods, setImage };
}

const imagesOf = (pods: KubeObject[]) => pods.map((p) => p.spec.containers[0].image).sort();

describe('rollback through the whole stack (golden)', () => {
  it('rolls 1.26 -> 1.27, then restoring the old template reuses the old ReplicaSet at revision 3', () => {
    const h = setup();
    h.settle(30);
    expect(imagesOf(h.pods())).toEqual(Array(4).fill('nginx:1.26'));
    const first = h.byImage('nginx:1.26')!;
    expect(first.metadata.annotations![REVISION]).toBe('1');

    h.setImage('nginx:1.27');
    h.settle(60);
    expect(imagesOf(h.pods())).toEqual(Array(4).fill('nginx:1.27'));
    expect(h.pods().every((p) => p.status?.phase === 'Running')).toBe(true);
    expect(h.byImage('nginx:1.27')!.metadata.annotations![REVISION]).toBe('2');
    expect(h.byImage('nginx:1.26')!.spec.replicas).toBe(0);

    // kubectl rollout undo writes revision 1's template back (pod-template-hash label removed).
    h.setImage('nginx:1.26');
    h.settle(60);
    const sets = h.replicaSets();
    expect(sets).toHaveLength(2); // no third ReplicaSet
    const restored = h.byImage('nginx:1.26')!;
    expect(restored.metadata.uid).toBe(first.metadata.uid);
    expect(restored.metadata.name).toBe(first.metadata.name);
    expect(restored.spec.replicas).toBe(4);
    expect(restored.metadata.annotations![REVISION]).toBe('3');
    expect(restored.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(h.byImage('nginx:1.27')!.spec.replicas).toBe(0);
    expect(imagesOf(h.pods())).toEqual(Array(4).fill('nginx:1.26'));
    const hash = restored.metadata.labels!['pod-template-hash'];
    expect(h.pods().every((p) => p.metadata.labels!['pod-template-hash'] === hash)).toBe(true);

    const d = h.client.get('deployments.apps', 'default', 'web')!;
    expect(d.metadata.annotations![REVISION]).toBe('3');
    expect(d.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      readyReplicas: 4,
      availableReplicas: 4,
    });
    const progressing = d.status.conditions.find((c: { type: string }) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(progressing.message).toBe(`ReplicaSet "${restored.metadata.name}" has successfully progressed.`);
  });

  it('is deterministic: the same scenario twice gives byte-identical snapshots', () => {
    const run = () => {
      const h = setup();
      h.settle(30);
      h.setImage('nginx:1.27');
      h.settle(60);
      h.setImage('nginx:1.26');
      h.settle(60);
      return h.cluster.exportSnapshot();
    };
    expect(run() === run()).toBe(true);
  });
});

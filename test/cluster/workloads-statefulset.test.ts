import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { reconcileStatefulSet } from '../../src/cluster/controllers/statefulset.js';
import { workloadCluster } from './workloads-helpers.js';

function statefulSet(replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'web',
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...extra,
    },
  };
}

const ready = (p: KubeObject): boolean =>
  p.status?.phase === 'Running' &&
  (p.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );

/** Records when each pod was first seen, first Ready, and first terminating. */
function recorder(w: ReturnType<typeof workloadCluster>) {
  const created = new Map<string, number>();
  const readyAt = new Map<string, number>();
  const deletingAt = new Map<string, number>();
  w.client.watch('pods', { namespace: 'default' }, (e) => {
    const name = e.object.metadata.name!;
    const now = w.clock.now();
    if (!created.has(name)) created.set(name, now);
    if (ready(e.object) && !readyAt.has(name)) readyAt.set(name, now);
    if ((e.object.metadata.deletionTimestamp || e.type === 'DELETED') && !deletingAt.has(name))
      deletingAt.set(name, now);
  });
  return { created, readyAt, deletingAt };
}

function observed(w: ReturnType<typeof workloadCluster>) {
  return {
    pods: w.pods(),
    claims: w.client.list('persistentvolumeclaims', { namespace: 'default' }).items,
  };
}

describe('StatefulSet controller', () => {
  it('starts pods in order (web-N+1 only after web-N is Ready), with stable names and bound claims', () => {
    const w = workloadCluster();
    const r = recorder(w);
    w.client.create('statefulsets.apps', statefulSet(3));
    w.clock.advance(60_000);

    const pods = w.pods().sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    expect(pods.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(pods.every(ready)).toBe(true);
    for (const i of [1, 2]) {
      const before = r.readyAt.get(`web-${i - 1}`)!;
      expect(before).toBeDefined();
      expect(r.created.get(`web-${i}`)!).toBeGreaterThanOrEqual(before);
    }
    const p0 = pods[0]!;
    expect(p0.spec.hostname).toBe('web-0');
    expect(p0.spec.subdomain).toBe('web');
    expect(p0.metadata.labels).toMatchObject({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
    });
    expect(p0.spec.volumes).toContainEqual({
      name: 'www',
      persistentVolumeClaim: { claimName: 'www-web-0' },
    });

    // Claims from the template, bound to provisioned volumes.
    const claims = w.client.list('persistentvolumeclaims', { namespace: 'default' }).items;
    expect(claims.map((c) => c.metadata.name).sort()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    for (const c of claims) {
      expect(c.status?.phase).toBe('Bound');
      expect(c.spec.storageClassName).toBe('standard');
      expect(c.spec.volumeName).toBe(`pvc-${c.metadata.uid}`);
      expect(w.client.get('persistentvolumes', '', c.spec.volumeName)!.status?.phase).toBe('Bound');
    }

    const set = w.client.get('statefulsets.apps', 'default', 'web')!;
    expect(set.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(set.status.currentRevision).toBe(set.status.updateRevision);
    expect(set.status.currentRevision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(w.events('SuccessfulCreate').map((e) => e.message)).toContain(
      'create Pod web-0 in StatefulSet web successful',
    );
    expect(w.events('SuccessfulCreate').map((e) => e.message)).toContain(
      'create Claim www-web-1 Pod web-1 in StatefulSet web success',
    );

    // Converged: no actions; reconciling again: none.
    expect(reconcileStatefulSet(set, observed(w), w.clock.now()).actions).toEqual([]);
    expect(w.runtime.stats.errors).toBe(0);
  });

  it('scales down from the highest ordinal, one pod at a time, and keeps the claims', () => {
    const w = workloadCluster();
    w.client.create('statefulsets.apps', statefulSet(3));
    w.clock.advance(60_000);
    const r = recorder(w);
    const set = w.client.get('statefulsets.apps', 'default', 'web')!;
    w.client.update('statefulsets.apps', { ...set, spec: { ...set.spec, replicas: 1 } });
    w.clock.advance(120_000);
    expect(w.pods().map((p) => p.metadata.name)).toEqual(['web-0']);
    const t2 = r.deletingAt.get('web-2')!;
    const t1 = r.deletingAt.get('web-1')!;
    expect(t2).toBeDefined();
    expect(t1).toBeGreaterThan(t2);
    expect(w.client.list('persistentvolumeclaims', { namespace: 'default' }).items).toHaveLength(3);
    expect(w.client.get('statefulsets.apps', 'default', 'web')!.status).toMatchObject({
      replicas: 1,
      readyReplicas: 1,
    });
  });

  it('rolls an update from the highest ordinal down and moves currentRevision when done', () => {
    const w = workloadCluster();
    w.client.create('statefulsets.apps', statefulSet(3));
    w.clock.advance(60_000);
    const before = w.client.get('statefulsets.apps', 'default', 'web')!;
    const r = recorder(w);
    const next = structuredClone(before);
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    w.client.update('statefulsets.apps', next);
    w.clock.advance(1_000);
    const mid = w.client.get('statefulsets.apps', 'default', 'web')!;
    expect(mid.status.currentRevision).toBe(before.status.currentRevision);
    expect(mid.status.updateRevision).not.toBe(before.status.updateRevision);
    w.clock.advance(180_000);
    expect(r.deletingAt.get('web-2')!).toBeLessThan(r.deletingAt.get('web-1')!);
    expect(r.deletingAt.get('web-1')!).toBeLessThan(r.deletingAt.get('web-0')!);
    const pods = w.pods();
    expect(pods.map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    const after = w.client.get('statefulsets.apps', 'default', 'web')!;
    expect(after.status.currentRevision).toBe(after.status.updateRevision);
    expect(after.status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, readyReplicas: 3 });
  });

  it('persistentVolumeClaimRetentionPolicy Delete removes claims on scale-down and with the set', () => {
    const w = workloadCluster();
    w.client.create(
      'statefulsets.apps',
      statefulSet(3, {
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
      }),
    );
    w.clock.advance(60_000);
    const claims = () =>
      w.client
        .list('persistentvolumeclaims', { namespace: 'default' })
        .items.map((c) => c.metadata.name)
        .sort();
    expect(claims()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    const set = w.client.get('statefulsets.apps', 'default', 'web')!;
    w.client.update('statefulsets.apps', { ...set, spec: { ...set.spec, replicas: 1 } });
    w.clock.advance(120_000);
    expect(claims()).toEqual(['www-web-0']);
    // Their provisioned volumes (reclaim policy Delete) went too.
    expect(w.client.list('persistentvolumes').items).toHaveLength(1);
    w.client.delete('statefulsets.apps', 'default', 'web');
    w.clock.advance(60_000);
    expect(claims()).toEqual([]);
    expect(w.client.list('persistentvolumes').items).toHaveLength(0);
  });

  it('replaces a pod that failed, under the same name', () => {
    const w = workloadCluster();
    w.client.create('statefulsets.apps', {
      ...statefulSet(1),
      spec: {
        ...statefulSet(1).spec,
        volumeClaimTemplates: [],
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { restartPolicy: 'Always', containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    });
    w.clock.advance(20_000);
    const before = w.client.get('pods', 'default', 'web-0')!;
    // The pod fails (as after an eviction): the controller deletes it and creates web-0 again.
    w.client.updateStatus('pods', {
      ...before,
      status: { ...before.status, phase: 'Failed', reason: 'Evicted' },
    });
    w.clock.advance(20_000);
    const after = w.client.get('pods', 'default', 'web-0')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(ready(after)).toBe(true);
    expect(w.events('RecreatingFailedPod').map((e) => e.message)).toEqual([
      'StatefulSet default/web is recreating failed Pod web-0',
    ]);
  });

  it('Parallel policy creates every pod at once', () => {
    const w = workloadCluster();
    const r = recorder(w);
    w.client.create('statefulsets.apps', statefulSet(3, { podManagementPolicy: 'Parallel' }));
    w.clock.runDue();
    expect(new Set(['web-0', 'web-1', 'web-2'].map((n) => r.created.get(n))).size).toBe(1);
    w.clock.advance(30_000);
    expect(w.pods().filter(ready)).toHaveLength(3);
  });

  it('reconciling the state its actions produce yields nothing (pure)', () => {
    const w = workloadCluster({ withoutScheduler: true });
    w.client.create('statefulsets.apps', statefulSet(2));
    w.clock.runDue();
    // web-0 is Pending (no scheduler): OrderedReady waits, and says nothing more.
    expect(w.pods().map((p) => p.metadata.name)).toEqual(['web-0']);
    const set = w.client.get('statefulsets.apps', 'default', 'web')!;
    expect(reconcileStatefulSet(set, observed(w), w.clock.now()).actions).toEqual([]);
    expect(set.status).toMatchObject({ replicas: 1, availableReplicas: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { reconcileClaim, reconcileVolume } from '../../src/cluster/controllers/storage.js';
import { workloadCluster } from './workloads-helpers.js';

function claim(name: string, size: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...extra },
  };
}

describe('PersistentVolume binding', () => {
  it('provisions pvc-<uid> from the default StorageClass and binds both sides', () => {
    const w = workloadCluster();
    const created = w.client.create('persistentvolumeclaims', claim('data', '2Gi'));
    expect(created.spec.storageClassName).toBe('standard');
    w.clock.runDue();
    const pvc = w.client.get('persistentvolumeclaims', 'default', 'data')!;
    const name = `pvc-${pvc.metadata.uid}`;
    expect(pvc.spec.volumeName).toBe(name);
    expect(pvc.status).toEqual({
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '2Gi' },
    });
    expect(pvc.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'volume.kubernetes.io/storage-provisioner': 'cadet.dev/simulated',
    });
    const pv = w.client.get('persistentvolumes', '', name)!;
    expect(pv.status.phase).toBe('Bound');
    expect(pv.spec).toMatchObject({
      capacity: { storage: '2Gi' },
      storageClassName: 'standard',
      persistentVolumeReclaimPolicy: 'Delete',
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: pvc.metadata.uid },
    });
    expect(w.events('ProvisioningSucceeded').map((e) => e.message)).toEqual([
      `Successfully provisioned volume ${name}`,
    ]);
    // Converged on both sides.
    const observed = {
      volumes: w.client.list('persistentvolumes').items,
      classes: w.client.list('storageclasses.storage.k8s.io').items,
      pods: [],
    };
    expect(reconcileClaim(pvc, observed).actions).toEqual([]);
    expect(reconcileVolume(pv, { claim: pvc }).actions).toEqual([]);

    // Deleting the claim deletes the provisioned volume (reclaim policy Delete).
    w.client.delete('persistentvolumeclaims', 'default', 'data');
    w.clock.runDue();
    expect(w.client.get('persistentvolumes', '', name)).toBeUndefined();
  });

  it('binds to the smallest fitting Available volume of the class; a Retain volume is Released after', () => {
    const w = workloadCluster();
    const pv = (name: string, size: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name },
      spec: {
        capacity: { storage: size },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'manual',
        hostPath: { path: `/data/${name}` },
      },
    });
    w.client.create('persistentvolumes', pv('big', '10Gi'));
    w.client.create('persistentvolumes', pv('small', '1Gi'));
    w.client.create('persistentvolumes', pv('fits', '5Gi'));
    w.clock.runDue();
    expect(w.client.get('persistentvolumes', '', 'big')!.status.phase).toBe('Available');
    w.client.create('persistentvolumeclaims', claim('logs', '3Gi', { storageClassName: 'manual' }));
    w.clock.runDue();
    const pvc = w.client.get('persistentvolumeclaims', 'default', 'logs')!;
    expect(pvc.spec.volumeName).toBe('fits');
    expect(pvc.status).toMatchObject({ phase: 'Bound', capacity: { storage: '5Gi' } });
    expect(pvc.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(w.client.get('persistentvolumes', '', 'fits')!.status.phase).toBe('Bound');
    w.client.delete('persistentvolumeclaims', 'default', 'logs');
    w.clock.runDue();
    expect(w.client.get('persistentvolumes', '', 'fits')!.status.phase).toBe('Released');
  });

  it('a claim with an unknown class stays Pending with a FailedBinding event', () => {
    const w = workloadCluster();
    w.client.create('persistentvolumeclaims', claim('x', '1Gi', { storageClassName: 'fast' }));
    w.clock.runDue();
    expect(w.client.get('persistentvolumeclaims', 'default', 'x')!.status.phase).toBe('Pending');
    expect(w.events('FailedBinding').map((e) => e.message)).toEqual([
      'storageclass.storage.k8s.io "fast" not found',
    ]);
  });
});

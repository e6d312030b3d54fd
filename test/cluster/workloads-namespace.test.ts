import { describe, expect, it } from 'vitest';
import { ApiError, type KubeObject } from '../../src/cluster/index.js';
import { reconcileNamespace } from '../../src/cluster/controllers/namespace.js';
import { deployment } from './world-helpers.js';
import { workloadCluster } from './workloads-helpers.js';

const inTeam = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, namespace: 'team' } });

describe('Namespace controller', () => {
  it('gives a new namespace its default ServiceAccount', () => {
    const w = workloadCluster();
    w.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    w.clock.runDue();
    expect(w.client.get('serviceaccounts', 'team', 'default')).toBeDefined();
  });

  it('deletes everything in a Terminating namespace, refuses new content, then removes the namespace', () => {
    const w = workloadCluster();
    w.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    w.clock.runDue();
    w.client.create('deployments.apps', inTeam(deployment('web', 2, 'nginx:1.27')));
    w.client.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'team' },
      data: { a: '1' },
    });
    w.client.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'team' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    w.clock.advance(20_000);
    expect(w.pods('team').filter((p) => p.status?.phase === 'Running')).toHaveLength(2);

    w.client.delete('namespaces', '', 'team');
    w.clock.runDue();
    const ns = w.client.get('namespaces', '', 'team')!;
    expect(ns.status.phase).toBe('Terminating');
    expect(ns.spec.finalizers).toEqual(['kubernetes']);
    const remaining = (ns.status.conditions as { type: string; status: string; message: string }[]).find(
      (c) => c.type === 'NamespaceContentRemaining',
    )!;
    expect(remaining.status).toBe('True');
    expect(remaining.message).toMatch(/^Some resources are remaining: .*pods has 2 resource instances/);

    let refused: ApiError | undefined;
    try {
      w.client.create('configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'late', namespace: 'team' },
      });
    } catch (e) {
      refused = e as ApiError;
    }
    expect(refused?.code).toBe(403);
    expect(refused?.message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    );

    // Pods terminate gracefully; then the namespace goes.
    w.clock.advance(40_000);
    expect(w.client.get('namespaces', '', 'team')).toBeUndefined();
    for (const r of [
      'pods',
      'deployments.apps',
      'replicasets.apps',
      'services',
      'configmaps',
      'serviceaccounts',
      'endpoints',
    ])
      expect(w.client.list(r, { namespace: 'team' }).items, r).toEqual([]);
    expect(w.runtime.stats.errors).toBe(0);
  });

  it('a namespace the API removed at once (no finalizer) still has its content removed', () => {
    const w = workloadCluster({}, false);
    w.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    w.clock.runDue();
    w.client.create('deployments.apps', inTeam(deployment('web', 2, 'nginx:1.27')));
    w.clock.advance(20_000);
    expect(w.pods('team')).toHaveLength(2);
    w.client.delete('namespaces', '', 'team');
    expect(w.client.get('namespaces', '', 'team')).toBeUndefined();
    w.clock.advance(40_000);
    for (const r of ['pods', 'deployments.apps', 'replicasets.apps', 'serviceaccounts'])
      expect(w.client.list(r, { namespace: 'team' }).items, r).toEqual([]);
  });

  it('an active namespace yields no actions; an emptied terminating one only gives up its finalizer', () => {
    const active: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'x' },
      spec: { finalizers: ['kubernetes'] },
    };
    expect(reconcileNamespace(active, { content: {} }, 0).actions).toEqual([]);
    const terminating: KubeObject = {
      ...active,
      metadata: { ...active.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' },
      status: { phase: 'Terminating' },
    };
    const result = reconcileNamespace(terminating, { content: {} }, 0);
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]).toMatchObject({ type: 'update', resource: 'namespaces' });
    const after = (result.actions[0] as { object: KubeObject }).object;
    expect(after.spec.finalizers).toEqual([]);
    expect(reconcileNamespace(after, { content: {} }, 0).actions).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { Harness, replicaSet } from './fakes/harness.js';
import {
  podFromTemplate,
  reconcileReplicaSet,
  reconcileReplicationController,
} from '../../src/cluster/controllers/replica-set.js';
import { deepFreeze } from '../../src/cluster/store/keys.js';
import { sortPodsForDeletion } from '../../src/cluster/controllers/pods.js';
import { toTimestamp } from '../../src/cluster/controllers/time.js';
import type { KubeObject } from '../../src/cluster/types.js';

describe('ReplicaSet controller', () => {
  it('creates the missing pods from the template with generateName and a controller reference', () => {
    const h = new Harness();
    const rs = h.client.create('replicasets.apps', replicaSet('web', 3));
    const result = h.apply(h.reconcileRS('web'));
    expect(result.actions.filter((a) => a.type === 'create')).toHaveLength(3);
    const pods = h.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    const created = h
      .events('SuccessfulCreate')
      .map((e) => e.message)
      .sort();
    expect(created).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(h.events('SuccessfulCreate')[0]!.source).toEqual({ component: 'replicaset-controller' });
    expect(h.client.get('replicasets.apps', 'default', 'web')!.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });
  });

  it('reconciling the result again does nothing, and a converged ReplicaSet yields no actions', () => {
    const h = new Harness();
    h.client.create('replicasets.apps', replicaSet('web', 2));
    h.apply(h.reconcileRS('web'));
    expect(h.reconcileRS('web').actions).toEqual([]);
    h.kubeletTick();
    expect(h.apply(h.reconcileRS('web')).actions.map((a) => a.type)).toEqual(['updateStatus']);
    expect(h.client.get('replicasets.apps', 'default', 'web')!.status).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
    expect(h.reconcileRS('web')).toEqual({ actions: [] });
  });

  it('heals itself: a deleted pod is replaced', () => {
    const h = new Harness();
    h.client.create('replicasets.apps', replicaSet('web', 3));
    h.apply(h.reconcileRS('web'));
    h.kubeletTick();
    h.apply(h.reconcileRS('web'));
    const victim = h.pods()[1]!;
    h.client.delete('pods', 'default', victim.metadata.name!, { gracePeriodSeconds: 0 });
    expect(h.pods()).toHaveLength(2);
    h.apply(h.reconcileRS('web'));
    const names = h.pods().map((p) => p.metadata.name);
    expect(names).toHaveLength(3);
    expect(names).not.toContain(victim.metadata.name);
    expect(h.reconcileRS('web').actions).toEqual([]);
  });

  it('does not count terminating pods and replaces them at once', () => {
    const h = new Harness();
    h.client.create('replicasets.apps', replicaSet('web', 1));
    h.apply(h.reconcileRS('web'));
    h.kubeletTick();
    h.apply(h.reconcileRS('web'));
    h.client.delete('pods', 'default', h.pods()[0]!.metadata.name!);
    expect(h.pods()[0]!.metadata.deletionTimestamp).toBeDefined();
    const r = h.apply(h.reconcileRS('web'));
    expect(r.actions.filter((a) => a.type === 'create')).toHaveLength(1);
    expect(h.pods()).toHaveLength(2);
  });

  it('scales down in Kubernetes order: unscheduled, pending, not ready, then newest', () => {
    const h = new Harness();
    h.client.create('replicasets.apps', replicaSet('web', 4));
    h.apply(h.reconcileRS('web'));
    const [a, b, c, d] = h.pods().map((p) => p.metadata.name!);
    // a: unscheduled; b: scheduled, Pending; c: Running not ready; d: Running ready.
    const set = (name: string, nodeName: string | undefined, status: unknown): void => {
      const p = h.client.get('pods', 'default', name)!;
      if (nodeName)
        h.client.create('bindings', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace: 'default' },
          target: { name: nodeName },
        });
      h.client.updateStatus('pods', {
        ...h.client.get('pods', 'default', name)!,
        status: status ?? p.status,
      });
    };
    set(a!, undefined, { phase: 'Pending' });
    set(b!, 'n1', { phase: 'Pending' });
    set(c!, 'n1', { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] });
    set(d!, 'n2', {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: toTimestamp(h.clock.now()) }],
    });
    expect(sortPodsForDeletion(h.pods()).map((p) => p.metadata.name)).toEqual([a, b, c, d]);
    const rs = h.client.get('replicasets.apps', 'default', 'web')!;
    h.client.update('replicasets.apps', { ...rs, spec: { ...rs.spec, replicas: 1 } });
    h.apply(h.reconcileRS('web'));
    // Bound pods terminate gracefully; the unbound one is gone at once.
    expect(
      h
        .pods()
        .filter((p) => !p.metadata.deletionTimestamp)
        .map((p) => p.metadata.name),
    ).toEqual([d]);
    expect(h.pods().map((p) => p.metadata.name)).not.toContain(a);
    expect(
      h
        .events('SuccessfulDelete')
        .map((e) => e.message)
        .sort(),
    ).toEqual([`Deleted pod: ${a}`, `Deleted pod: ${b}`, `Deleted pod: ${c}`].sort());
  });

  it('counts a pod available only minReadySeconds after it became ready, and asks to come back then', () => {
    const h = new Harness();
    h.client.create('replicasets.apps', replicaSet('web', 1, { minReadySeconds: 10 }));
    h.apply(h.reconcileRS('web'));
    h.kubeletTick();
    const r = h.apply(h.reconcileRS('web'));
    expect(r.requeueAfterMs).toBe(10_000);
    expect(h.client.get('replicasets.apps', 'default', 'web')!.status.availableReplicas).toBeUndefined();
    h.clock.advance(10_000);
    h.apply(h.reconcileRS('web'));
    expect(h.client.get('replicasets.apps', 'default', 'web')!.status.availableReplicas).toBe(1);
    expect(h.reconcileRS('web')).toEqual({ actions: [] });
  });

  it('adopts a matching orphan pod instead of creating a new one', () => {
    const h = new Harness();
    h.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } },
      spec: { containers: [] },
    });
    const rs = h.client.create('replicasets.apps', replicaSet('web', 1));
    const r = h.apply(h.reconcileRS('web'));
    expect(r.actions.map((a) => a.type)).toEqual(['update', 'updateStatus']);
    expect(h.pods()).toHaveLength(1);
    expect(h.pods()[0]!.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
  });

  it('ignores pods of other namespaces and pods it does not select', () => {
    const rs: KubeObject = {
      ...replicaSet('web', 1),
      metadata: { name: 'web', namespace: 'default', uid: 'u1', generation: 1 },
    };
    const other: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'x', namespace: 'other', labels: { app: 'web' } },
    };
    const r = reconcileReplicaSet(rs, { pods: [other] }, 0);
    expect(r.actions.filter((a) => a.type === 'create')).toHaveLength(1);
  });

  it('ReplicationController uses the same core with a map selector and its own event source', () => {
    const h = new Harness();
    const rc = h.client.create('replicationcontrollers', {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'legacy', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { app: 'legacy' },
        template: {
          metadata: { labels: { app: 'legacy' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    const r = reconcileReplicationController(rc, { pods: [] }, h.clock.now());
    h.apply(r);
    expect(h.pods()).toHaveLength(2);
    expect(h.pods()[0]!.metadata.ownerReferences?.[0]?.kind).toBe('ReplicationController');
    expect(h.events('SuccessfulCreate')[0]!.source).toEqual({ component: 'replication-controller' });
    const again = reconcileReplicationController(
      h.client.get('replicationcontrollers', 'default', 'legacy')!,
      { pods: h.pods() },
      h.clock.now(),
    );
    expect(again.actions).toEqual([]);
  });
});

describe('podFromTemplate', () => {
  it('names, labels and owns each pod after the ReplicaSet it is asked for, whichever came before', () => {
    const a = deepFreeze({
      ...replicaSet('alpha', 1),
      metadata: { name: 'alpha', namespace: 'default', uid: 'uid-a' },
    });
    const b = deepFreeze({
      ...replicaSet('beta', 1),
      metadata: { name: 'beta', namespace: 'default', uid: 'uid-b' },
    });
    const seen = [a, b, a, a, b].map((o) => podFromTemplate(o).metadata);
    expect(seen.map((m) => m.generateName)).toEqual(['alpha-', 'beta-', 'alpha-', 'alpha-', 'beta-']);
    expect(seen.map((m) => m.ownerReferences?.[0]?.uid)).toEqual([
      'uid-a',
      'uid-b',
      'uid-a',
      'uid-a',
      'uid-b',
    ]);
    expect(seen.map((m) => m.ownerReferences?.[0]?.name)).toEqual([
      'alpha',
      'beta',
      'alpha',
      'alpha',
      'beta',
    ]);
    // a stored (frozen) template's labels are handed over as they are; the owner list is shared
    expect(seen[0]!.labels).toBe(a.spec.template.metadata.labels);
    expect(seen[0]!.ownerReferences).toBe(seen[2]!.ownerReferences);
    expect(Object.isFrozen(seen[0]!.ownerReferences)).toBe(true);
    // an object that is not stored gets copies of its own
    const plain = replicaSet('gamma', 1);
    const made = podFromTemplate(plain).metadata;
    expect(made.labels).toEqual(plain.spec.template.metadata.labels);
    expect(made.labels).not.toBe(plain.spec.template.metadata.labels);
  });
});

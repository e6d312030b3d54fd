import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { call, cluster, deployment, pod, type TestCluster } from './api-helpers.js';

const PODS = '/api/v1/namespaces/default/pods';

function clockOf(c: TestCluster): VirtualClock {
  return c.clock as VirtualClock;
}

const ref = (owner: KubeObject, block = true) => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name!,
  uid: owner.metadata.uid!,
  controller: true,
  blockOwnerDeletion: block,
});

async function exists(c: TestCluster, url: string): Promise<boolean> {
  return (await call(c, 'GET', url)).status === 200;
}

describe('graceful deletion', () => {
  it('an unscheduled pod goes at once; the answer is the pod', async () => {
    const c = cluster();
    await call(c, 'POST', PODS, pod('web'));
    const r = await call(c, 'DELETE', `${PODS}/web`, { propagationPolicy: 'Background' });
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('Pod');
    expect(await exists(c, `${PODS}/web`)).toBe(false);
  });

  it('a scheduled pod terminates for its grace period on the clock', async () => {
    const c = cluster();
    await call(c, 'POST', PODS, pod('web', { nodeName: 'n1', grace: 30 }));
    const r = await call(c, 'DELETE', `${PODS}/web`);
    expect(r.body.metadata).toMatchObject({
      deletionTimestamp: '2026-01-01T00:00:30Z',
      deletionGracePeriodSeconds: 30,
    });
    clockOf(c).advance(29_000);
    expect(await exists(c, `${PODS}/web`)).toBe(true);
    clockOf(c).advance(1_000);
    expect(await exists(c, `${PODS}/web`)).toBe(false);
  });

  it('a delete with gracePeriodSeconds=0 ends a terminating pod now; kubelet mode waits for it', async () => {
    const c = cluster({ podTermination: 'kubelet' });
    await call(c, 'POST', PODS, pod('web', { nodeName: 'n1' }));
    await call(c, 'DELETE', `${PODS}/web`);
    clockOf(c).advance(120_000);
    expect(await exists(c, `${PODS}/web`)).toBe(true); // the simulated kubelet has not stopped it yet
    await call(c, 'DELETE', `${PODS}/web?gracePeriodSeconds=0`);
    expect(await exists(c, `${PODS}/web`)).toBe(false);
  });

  it('finalizers hold an object until they are removed; the answer while held is the object', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'cm', finalizers: ['example.com/keep'] },
    });
    const r = await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/cm');
    expect(r.body.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(r.body.metadata.finalizers).toEqual(['example.com/keep']);
    const again = await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/cm');
    expect(again.body.metadata.uid).toBe(r.body.metadata.uid);
    await call(
      c,
      'PATCH',
      '/api/v1/namespaces/default/configmaps/cm',
      { metadata: { finalizers: null } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(await exists(c, '/api/v1/namespaces/default/configmaps/cm')).toBe(false);
  });

  it('a deleted object without finalizers answers a Success Status', async () => {
    const c = cluster();
    const cm = (await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm' } }))
      .body;
    const r = await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/cm');
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'cm', kind: 'configmaps', uid: cm.metadata.uid },
    });
  });

  it('checks delete preconditions and options', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm' } });
    const r = await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/cm', {
      preconditions: { uid: 'x' },
    });
    expect(r.body.reason).toBe('Conflict');
    const bad = await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/cm', {
      propagationPolicy: 'Sometimes',
    });
    expect(bad.status).toBe(422);
  });

  it('dryRun=All deletes nothing (query or DeleteOptions body)', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm' } });
    expect((await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/cm?dryRun=All')).status).toBe(200);
    expect(
      (await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/cm', { dryRun: ['All'] })).status,
    ).toBe(200);
    expect(await exists(c, '/api/v1/namespaces/default/configmaps/cm')).toBe(true);
  });
});

describe('namespaces', () => {
  it('a deleted namespace is Terminating until its spec finalizers are finalized away', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces', {
      metadata: { name: 'team' },
      spec: { finalizers: ['kubernetes'] },
    });
    const r = await call(c, 'DELETE', '/api/v1/namespaces/team');
    expect(r.body.status.phase).toBe('Terminating');
    const ns = (await call(c, 'GET', '/api/v1/namespaces/team')).body;
    const fin = await call(c, 'PUT', '/api/v1/namespaces/team/finalize', { ...ns, spec: { finalizers: [] } });
    expect(fin.status).toBe(200);
    expect(await exists(c, '/api/v1/namespaces/team')).toBe(false);
  });

  it('starts with the four default namespaces, Active', async () => {
    const list = (await call(cluster(), 'GET', '/api/v1/namespaces')).body;
    expect(list.items.map((n: KubeObject) => [n.metadata.name, n.status.phase])).toEqual([
      ['default', 'Active'],
      ['kube-node-lease', 'Active'],
      ['kube-public', 'Active'],
      ['kube-system', 'Active'],
    ]);
  });
});

describe('garbage collection', () => {
  async function family(c: TestCluster) {
    const d = (await call(c, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'))).body;
    const rs = (
      await call(c, 'POST', '/apis/apps/v1/namespaces/default/replicasets', {
        metadata: { name: 'web-1', ownerReferences: [ref(d)] },
        spec: { selector: { matchLabels: { app: 'web' } } },
      })
    ).body;
    await call(c, 'POST', PODS, pod('web-1-a', { nodeName: 'n1', grace: 10, ownerReferences: [ref(rs)] }));
    await call(c, 'POST', PODS, pod('web-1-b', { ownerReferences: [ref(rs)] }));
    return { d, rs };
  }
  const urls = {
    d: '/apis/apps/v1/namespaces/default/deployments/web',
    rs: '/apis/apps/v1/namespaces/default/replicasets/web-1',
    a: `${PODS}/web-1-a`,
    b: `${PODS}/web-1-b`,
  };
  async function state(c: TestCluster) {
    return {
      d: await exists(c, urls.d),
      rs: await exists(c, urls.rs),
      a: await exists(c, urls.a),
      b: await exists(c, urls.b),
    };
  }

  it('Background: the owner goes at once, dependents after, asynchronously', async () => {
    const c = cluster();
    await family(c);
    await call(c, 'DELETE', urls.d, { propagationPolicy: 'Background' });
    expect(await state(c)).toEqual({ d: false, rs: true, a: true, b: true });
    clockOf(c).runDue();
    expect(await state(c)).toEqual({ d: false, rs: false, a: true, b: false }); // pod a is terminating
    expect((await call(c, 'GET', urls.a)).body.metadata.deletionTimestamp).toBe('2026-01-01T00:00:10Z');
    clockOf(c).advance(10_000);
    expect(await state(c)).toEqual({ d: false, rs: false, a: false, b: false });
  });

  it('Foreground: the owner waits with foregroundDeletion until its blocking dependents are gone', async () => {
    const c = cluster();
    await family(c);
    const r = await call(c, 'DELETE', urls.d, { propagationPolicy: 'Foreground' });
    expect(r.body.metadata.finalizers).toEqual(['foregroundDeletion']);
    clockOf(c).runDue();
    // the ReplicaSet is itself deleted in the foreground and waits for the terminating pod
    expect(await state(c)).toEqual({ d: true, rs: true, a: true, b: false });
    expect((await call(c, 'GET', urls.rs)).body.metadata.finalizers).toEqual(['foregroundDeletion']);
    clockOf(c).advance(10_000);
    clockOf(c).runUntilIdle();
    expect(await state(c)).toEqual({ d: false, rs: false, a: false, b: false });
  });

  it('Orphan: owner references are removed and the dependents stay', async () => {
    const c = cluster();
    await family(c);
    const r = await call(c, 'DELETE', urls.d, { propagationPolicy: 'Orphan' });
    expect(r.body.metadata.finalizers).toEqual(['orphan']);
    clockOf(c).runUntilIdle();
    expect(await state(c)).toEqual({ d: false, rs: true, a: true, b: true });
    expect((await call(c, 'GET', urls.rs)).body.metadata.ownerReferences).toBeUndefined();
  });

  it('a dependent with another live owner only loses the dangling reference', async () => {
    const c = cluster();
    const a = (
      await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'owner-a' } })
    ).body;
    const b = (
      await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'owner-b' } })
    ).body;
    await call(c, 'POST', '/api/v1/namespaces/default/secrets', {
      metadata: { name: 's', ownerReferences: [ref(a, false), ref(b, false)] },
    });
    await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/owner-a');
    clockOf(c).runUntilIdle();
    const s = (await call(c, 'GET', '/api/v1/namespaces/default/secrets/s')).body;
    expect(s.metadata.ownerReferences.map((r: { name: string }) => r.name)).toEqual(['owner-b']);
  });

  it('a dependent created for an owner that does not exist is collected', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/secrets', {
      metadata: {
        name: 's',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' },
        ],
      },
    });
    clockOf(c).runUntilIdle();
    expect(await exists(c, '/api/v1/namespaces/default/secrets/s')).toBe(false);
  });
});

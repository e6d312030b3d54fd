import { describe, expect, it } from 'vitest';
import type { ObjectHooks } from '../../src/cluster/index.js';
import { call, cluster, deployment, pod } from './api-helpers.js';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

describe('create', () => {
  it('answers 201 with the stored object, stamped by the server', async () => {
    const c = cluster();
    const r = await call(c, 'POST', DEPLOYS, {
      ...deployment('web'),
      metadata: { name: 'web', uid: 'mine', resourceVersion: '99' },
      status: { replicas: 9 },
    });
    expect(r.status).toBe(201);
    expect(r.body.metadata).toMatchObject({
      name: 'web',
      namespace: 'default',
      generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z',
    });
    expect(r.body.metadata.uid).not.toBe('mine');
    expect(r.body.metadata.resourceVersion).toBe(c.store.resourceVersion);
    expect(r.body.status).toBeUndefined(); // status is the controllers' to write
  });

  it('fills a name from generateName with a 5-character suffix', async () => {
    const c = cluster();
    const r = await call(c, 'POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'web-7d4b9c8f6d-' },
      spec: { containers: [] },
    });
    expect(r.body.metadata.name).toMatch(/^web-7d4b9c8f6d-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(r.body.metadata.generateName).toBe('web-7d4b9c8f6d-');
    expect(r.body.status).toEqual({ phase: 'Pending' });
  });

  it('is deterministic: the same seed gives the same uids and names', async () => {
    const run = async () => {
      const c = cluster();
      const r = await call(c, 'POST', '/api/v1/namespaces/default/pods', {
        metadata: { generateName: 'x-' },
      });
      return [r.body.metadata.name, r.body.metadata.uid, c.exportSnapshot()];
    };
    expect(await run()).toEqual(await run());
  });

  it('dryRun=All validates and answers without storing', async () => {
    const c = cluster();
    const rv = c.store.resourceVersion;
    const r = await call(c, 'POST', `${DEPLOYS}?dryRun=All`, deployment('web'));
    expect(r.status).toBe(201);
    expect(r.body.metadata.uid).toBeDefined();
    expect(c.store.resourceVersion).toBe(rv);
    expect((await call(c, 'GET', `${DEPLOYS}/web`)).status).toBe(404);
  });

  it('runs default, admit, validate and validateAdmission in order, with a context', async () => {
    const order: string[] = [];
    const hooks: ObjectHooks = {
      default: (_rt, obj, ctx) => {
        order.push(`default:${ctx.operation}`);
        return { ...obj, spec: { ...obj.spec, strategy: { type: 'RollingUpdate' } } };
      },
      admit: (obj, _old, ctx) => {
        order.push(`admit:${ctx.namespace}/${ctx.name}`);
        return { object: obj, warnings: ['admitted'] };
      },
      validate: (_rt, obj) => {
        order.push(`validate:${obj.spec.strategy.type}`);
        return { causes: [] };
      },
      validateAdmission: (_obj, _old, ctx) => {
        order.push(`quota:${ctx.get('namespaces', '', 'default') ? 'ns' : '-'}`);
      },
      committed: (obj) => order.push(`committed:${obj.metadata.resourceVersion}`),
    };
    const c = cluster({ hooks });
    order.length = 0;
    const r = await call(c, 'POST', DEPLOYS, deployment('web'));
    expect(r.body.spec.strategy).toEqual({ type: 'RollingUpdate' });
    expect(r.headers.warning).toBe('299 - "admitted"');
    expect(order).toEqual([
      'default:CREATE',
      'admit:default/web',
      'validate:RollingUpdate',
      'quota:ns',
      `committed:${c.store.resourceVersion}`,
    ]);
  });
});

describe('update, status and generation', () => {
  it('keeps status on a main-resource PUT and spec on a status PUT; generation follows spec', async () => {
    const c = cluster();
    const created = (await call(c, 'POST', DEPLOYS, deployment('web'))).body;
    const withStatus = (
      await call(c, 'PUT', `${DEPLOYS}/web/status`, {
        ...created,
        spec: { ...created.spec, replicas: 50 },
        status: { replicas: 1, observedGeneration: 1 },
      })
    ).body;
    expect(withStatus.spec.replicas).toBe(1);
    expect(withStatus.status).toEqual({ replicas: 1, observedGeneration: 1 });
    expect(withStatus.metadata.generation).toBe(1);
    const scaled = (
      await call(c, 'PUT', `${DEPLOYS}/web`, {
        ...withStatus,
        spec: { ...withStatus.spec, replicas: 3 },
        status: {},
      })
    ).body;
    expect(scaled.status).toEqual({ replicas: 1, observedGeneration: 1 });
    expect(scaled.metadata.generation).toBe(2);
  });

  it('PUT to a missing object is 404, or creates it for kinds that allow it (201)', async () => {
    const c = cluster();
    expect((await call(c, 'PUT', `${DEPLOYS}/nope`, deployment('nope'))).status).toBe(404);
    const ev = await call(c, 'PUT', '/api/v1/namespaces/default/events/e1', {
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'x' },
      reason: 'Test',
    });
    expect(ev.status).toBe(201);
  });

  it('forbids new finalizers on an object being deleted', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'cm', finalizers: ['a/b'] },
    });
    const deleting = (await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/cm')).body;
    const r = await call(c, 'PUT', '/api/v1/namespaces/default/configmaps/cm', {
      ...deleting,
      metadata: { ...deleting.metadata, finalizers: ['a/b', 'c/d'] },
    });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'ConfigMap "cm" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"c/d"}',
    );
  });
});

describe('patch', () => {
  it('applies JSON merge patches (labels, removal with null)', async () => {
    const c = cluster();
    await call(c, 'POST', DEPLOYS, deployment('web'));
    const r = await call(
      c,
      'PATCH',
      `${DEPLOYS}/web`,
      { metadata: { labels: { app: null, tier: 'front' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(r.status).toBe(200);
    expect(r.body.metadata.labels).toEqual({ tier: 'front' });
    expect(r.body.metadata.generation).toBe(1);
  });

  it('applies JSON patches, as rollout undo sends them, and reports failing operations', async () => {
    const c = cluster();
    // the deployment controller always leaves a revision annotation, which the undo patch replaces
    await call(
      c,
      'POST',
      DEPLOYS,
      deployment('web', 1, { annotations: { 'deployment.kubernetes.io/revision': '3' } }),
    );
    const undo = [
      {
        op: 'replace',
        path: '/spec/template',
        value: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2' } },
    ];
    const r = await call(c, 'PATCH', `${DEPLOYS}/web`, undo, {
      'content-type': 'application/json-patch+json',
    });
    expect(r.status).toBe(200);
    expect(r.body.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(r.body.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2' });
    expect(r.body.metadata.generation).toBe(2);
    const bad = await call(c, 'PATCH', `${DEPLOYS}/web`, [{ op: 'remove', path: '/spec/nothing' }], {
      'content-type': 'application/json-patch+json',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes[0].field).toBe('patch');
    const malformed = await call(
      c,
      'PATCH',
      `${DEPLOYS}/web`,
      { op: 'add' },
      { 'content-type': 'application/json-patch+json' },
    );
    expect(malformed.status).toBe(400);
  });

  it('a patch carrying a stale resourceVersion conflicts; a missing object is 404', async () => {
    const c = cluster();
    await call(c, 'POST', DEPLOYS, deployment('web'));
    const r = await call(
      c,
      'PATCH',
      `${DEPLOYS}/web`,
      { metadata: { resourceVersion: '1' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(r.body.reason).toBe('Conflict');
    expect(
      (await call(c, 'PATCH', `${DEPLOYS}/nope`, {}, { 'content-type': 'application/merge-patch+json' }))
        .status,
    ).toBe(404);
  });

  it('takes extra patch types through patchHandlers, including upserts', async () => {
    const c = cluster({
      patchHandlers: {
        'application/apply-patch+yaml': {
          upsert: true,
          apply: (current, text, ctx) => ({
            ...(current ?? {}),
            ...JSON.parse(text),
            metadata: {
              ...(current?.metadata ?? {}),
              name: ctx.name,
              annotations: { manager: ctx.fieldManager ?? '' },
            },
          }),
        },
      },
    });
    const created = await call(
      c,
      'PATCH',
      '/api/v1/namespaces/default/configmaps/cm?fieldManager=kubectl',
      { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } },
      { 'content-type': 'application/apply-patch+yaml' },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      data: { a: '1' },
      metadata: { annotations: { manager: 'kubectl' } },
    });
    const updated = await call(
      c,
      'PATCH',
      '/api/v1/namespaces/default/configmaps/cm?fieldManager=kubectl',
      { data: { a: '2' } },
      { 'content-type': 'application/apply-patch+yaml' },
    );
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ a: '2' });
  });
});

describe('scale subresource', () => {
  it('answers an autoscaling/v1 Scale and scales through merge patches, as kubectl scale does', async () => {
    const c = cluster();
    await call(c, 'POST', DEPLOYS, deployment('web', 2));
    const get = await call(c, 'GET', `${DEPLOYS}/web/scale`);
    expect(get.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web' },
    });
    const r = await call(
      c,
      'PATCH',
      `${DEPLOYS}/web/scale`,
      { spec: { replicas: 5 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(r.body).toMatchObject({ kind: 'Scale', spec: { replicas: 5 } });
    expect((await call(c, 'GET', `${DEPLOYS}/web`)).body.spec.replicas).toBe(5);
    const stale = await call(c, 'PUT', `${DEPLOYS}/web/scale`, { ...get.body, spec: { replicas: 1 } });
    expect(stale.body.message).toContain('Operation cannot be fulfilled on deployments.apps "web"');
    const negative = await call(c, 'PUT', `${DEPLOYS}/web/scale`, { kind: 'Scale', spec: { replicas: -1 } });
    expect(negative.body.message).toBe(
      'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('formats ReplicationController map selectors', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/replicationcontrollers', {
      metadata: { name: 'rc' },
      spec: { replicas: 1, selector: { b: '2', a: '1' } },
    });
    expect(
      (await call(c, 'GET', '/api/v1/namespaces/default/replicationcontrollers/rc/scale')).body.status
        .selector,
    ).toBe('a=1,b=2');
  });
});

describe('pod subresources', () => {
  it('binds a pod once, setting nodeName and PodScheduled', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/pods', pod('web'));
    const r = await call(c, 'POST', '/api/v1/namespaces/default/pods/web/binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'web' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'worker-1' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const p = (await call(c, 'GET', '/api/v1/namespaces/default/pods/web')).body;
    expect(p.spec.nodeName).toBe('worker-1');
    expect(p.status.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ]);
    const again = await call(c, 'POST', '/api/v1/namespaces/default/bindings', {
      metadata: { name: 'web' },
      target: { name: 'worker-2' },
    });
    expect(again.body.message).toBe(
      'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "worker-1"',
    );
  });

  it('routes logs to the provider and checks the container name', async () => {
    const c = cluster({
      providers: { podLogs: (p, o) => `${p.metadata.name}/${o.container} tail=${o.tailLines}\n` },
    });
    await call(c, 'POST', '/api/v1/namespaces/default/pods', pod('web'));
    const r = await call(c, 'GET', '/api/v1/namespaces/default/pods/web/log?tailLines=10');
    expect(r.headers['content-type']).toBe('text/plain');
    expect(r.text).toBe('web/web tail=10\n');
    const two = {
      ...pod('two'),
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
    };
    await call(c, 'POST', '/api/v1/namespaces/default/pods', two);
    expect((await call(c, 'GET', '/api/v1/namespaces/default/pods/two/log')).body.message).toBe(
      'a container name must be specified for pod two, choose one of: [a b]',
    );
    expect((await call(c, 'GET', '/api/v1/namespaces/default/pods/two/log?container=c')).body.message).toBe(
      'container c is not valid for pod two',
    );
    expect((await call(c, 'POST', '/api/v1/namespaces/default/pods/two/exec?command=ls')).body.message).toBe(
      'Upgrade request required',
    );
  });

  it('serves metrics from the provider', async () => {
    const c = cluster({
      providers: {
        nodeMetrics: () => [
          {
            apiVersion: 'metrics.k8s.io/v1beta1',
            kind: 'NodeMetrics',
            metadata: { name: 'n1' },
            usage: { cpu: '100m' },
          },
        ],
      },
    });
    const list = await call(c, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes');
    expect(list.body).toMatchObject({
      kind: 'NodeMetricsList',
      items: [{ metadata: { name: 'n1' }, usage: { cpu: '100m' } }],
    });
    // metrics-server: its node lister's NotFound for a node that does not exist.
    expect((await call(c, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes/n2')).body.message).toBe(
      'node "n2" not found',
    );
  });
});

describe('list', () => {
  it('filters by label and field selectors and omits item kinds, as real lists do', async () => {
    const c = cluster();
    await call(
      c,
      'POST',
      '/api/v1/namespaces/default/pods',
      pod('a', { labels: { app: 'web' }, nodeName: 'n1' }),
    );
    await call(c, 'POST', '/api/v1/namespaces/default/pods', pod('b', { labels: { app: 'db' } }));
    await call(c, 'POST', '/api/v1/namespaces/kube-system/pods', pod('c', { labels: { app: 'web' } }));
    const web = (await call(c, 'GET', '/api/v1/pods?labelSelector=app%3Dweb')).body;
    expect(web).toMatchObject({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: c.store.resourceVersion },
    });
    expect(web.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['a', 'c']);
    expect(web.items[0].kind).toBeUndefined();
    const unscheduled = (
      await call(c, 'GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3D')
    ).body;
    expect(unscheduled.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['b']);
  });

  it('pages with limit and continue', async () => {
    const c = cluster();
    for (const n of ['a', 'b', 'c', 'd', 'e'])
      await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: n } });
    const names: string[] = [];
    let url = '/api/v1/namespaces/default/configmaps?limit=2';
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const page = (await call(c, 'GET', url)).body;
      names.push(...page.items.map((o: { metadata: { name: string } }) => o.metadata.name));
      if (page.metadata.remainingItemCount !== undefined) remaining.push(page.metadata.remainingItemCount);
      if (!page.metadata.continue) break;
      url = `/api/v1/namespaces/default/configmaps?limit=2&continue=${encodeURIComponent(page.metadata.continue)}`;
    }
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(remaining).toEqual([3, 1]);
    expect(
      (await call(c, 'GET', '/api/v1/namespaces/default/configmaps?limit=2&continue=garbage')).status,
    ).toBe(400);
  });

  it('later pages show the state of the first page, and expire with 410 once compacted', async () => {
    const c = cluster({ historyLimit: 20 });
    for (const n of ['a', 'b', 'c', 'd'])
      await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: n } });
    const first = (await call(c, 'GET', '/api/v1/namespaces/default/configmaps?limit=2')).body;
    // changes after the first page do not leak into the next one
    await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps/c');
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'bb' } });
    const next = `/api/v1/namespaces/default/configmaps?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`;
    const second = (await call(c, 'GET', next)).body;
    expect(second.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(['c', 'd']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    for (let i = 0; i < 25; i++)
      await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `z${i}` } });
    const expired = await call(c, 'GET', next);
    expect(expired.status).toBe(410);
    expect(expired.body.reason).toBe('Expired');
    expect(expired.body.message).toMatch(
      /^The provided continue parameter is too old to display a consistent list result\./,
    );
  });

  it('deletes a collection by selector', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'a', labels: { x: '1' } },
    });
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'b' } });
    const r = await call(c, 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=x%3D1');
    expect(r.body.kind).toBe('ConfigMapList');
    expect(r.body.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(['a']);
    expect(
      (await call(c, 'GET', '/api/v1/namespaces/default/configmaps')).body.items.map(
        (o: { metadata: { name: string } }) => o.metadata.name,
      ),
    ).toEqual(['b']);
  });
});

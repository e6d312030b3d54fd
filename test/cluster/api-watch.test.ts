import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/cluster/clock.js';
import type { KubeObject, WatchEvent } from '../../src/cluster/types.js';
import { call, cluster, deployment, drain, openStream, pod, readAll } from './api-helpers.js';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

describe('HTTP watch', () => {
  it('streams NDJSON events from the list’s resourceVersion (the rollout status handshake)', async () => {
    const c = cluster();
    await call(c, 'POST', DEPLOYS, deployment('web'));
    const list = (
      await call(c, 'GET', `${DEPLOYS}?fieldSelector=metadata.name%3Dweb&limit=500&resourceVersion=0`)
    ).body;
    // a change lands between the list and the watch
    const current = (await call(c, 'GET', `${DEPLOYS}/web`)).body;
    await call(c, 'PUT', `${DEPLOYS}/web/status`, {
      ...current,
      status: { observedGeneration: 1, replicas: 1 },
    });
    await call(c, 'POST', DEPLOYS, deployment('other'));
    const stream = await openStream(
      c,
      `${DEPLOYS}?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dweb&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=300&watch=true`,
    );
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('application/json');
    const [first] = await drain(stream, 1);
    expect(first).toMatchObject({
      type: 'MODIFIED',
      object: {
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadata: { name: 'web' },
        status: { replicas: 1 },
      },
    });
    await call(c, 'DELETE', `${DEPLOYS}/web`);
    const [deleted] = await drain(stream, 1);
    expect(deleted!.type).toBe('DELETED');
    stream.close();
  });

  it('accepts the legacy /watch/ prefix and sends current objects first without a resourceVersion', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/pods', pod('a'));
    const stream = await openStream(c, '/api/v1/watch/namespaces/default/pods');
    const [added] = await drain(stream, 1);
    expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    stream.close();
  });

  it('watches a single object through its item path', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'a' } });
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'b' } });
    for (const url of [
      '/api/v1/watch/namespaces/default/configmaps/b',
      '/api/v1/namespaces/default/configmaps/b?watch=1',
    ]) {
      const stream = await openStream(c, url);
      expect((await drain(stream, 1)).map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:b']);
      stream.close();
    }
  });

  it('closes after timeoutSeconds of cluster time and sends bookmarks when allowed', async () => {
    const c = cluster();
    const clock = c.clock as VirtualClock;
    const stream = await openStream(
      c,
      '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=' +
        c.store.resourceVersion +
        '&allowWatchBookmarks=true&timeoutSeconds=150',
    );
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm' } });
    clock.advance(150_000);
    const events = await readAll(stream);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK', 'BOOKMARK']);
    expect(events[1]!.object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: c.store.resourceVersion },
    });
    expect(clock.pending).toBe(0); // timers released on close
  });

  it('answers a compacted resourceVersion with an ERROR event carrying 410 Expired', async () => {
    const c = cluster({ historyLimit: 2 });
    for (const n of ['a', 'b', 'c', 'd'])
      await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: n } });
    const stream = await openStream(c, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2');
    const events = await readAll(stream);
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'too old resource version: 2 (6)',
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
  });

  it('stops delivering once the client closes', async () => {
    const c = cluster();
    const stream = await openStream(
      c,
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${c.store.resourceVersion}`,
    );
    stream.close();
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'late' } });
    expect(await readAll(stream)).toEqual([]);
  });

  it('ends open watches when a snapshot is imported', async () => {
    const c = cluster();
    const saved = c.exportSnapshot();
    const stream = await openStream(
      c,
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${c.store.resourceVersion}`,
    );
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } });
    c.importSnapshot(saved);
    expect((await readAll(stream)).map((e) => e.object.metadata.name)).toEqual(['x']);
    expect((await call(c, 'GET', '/api/v1/namespaces/default/configmaps/x')).status).toBe(404);
    expect(c.exportSnapshot()).toBe(saved);
  });
});

describe('in-process client', () => {
  it('writes through the same hooks as HTTP', () => {
    const c = cluster({
      hooks: {
        validate: (_rt, obj) => ({
          causes: (obj.data as Record<string, string> | undefined)?.bad
            ? [{ reason: 'FieldValueInvalid', message: 'Invalid value: "x": nope', field: 'data.bad' }]
            : [],
        }),
      },
    });
    expect(() =>
      c.client.create('configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cm', namespace: 'default' },
        data: { bad: 'x' },
      }),
    ).toThrow('ConfigMap "cm" is invalid: data.bad: Invalid value: "x": nope');
    const ok = c.client.create<KubeObject>('cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
      data: { good: 'y' },
    });
    expect(ok.metadata.namespace).toBe('default');
    ok.data = { changed: 'locally' }; // returned objects are copies
    expect(c.client.get('configmaps', 'default', 'cm')!.data).toEqual({ good: 'y' });
    expect(c.client.get('configmaps', 'default', 'missing')).toBeUndefined();
  });

  it('watches synchronously from now, in order, and binds pods through bindings', () => {
    const c = cluster();
    const seen: string[] = [];
    const stop = c.client.watch('pods', { namespace: 'default' }, (e: WatchEvent) =>
      seen.push(`${e.type}:${e.object.metadata.name}:${e.object.spec?.nodeName ?? '-'}`),
    );
    c.client.create('pods', pod('web') as never);
    c.client.create('bindings', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'web', namespace: 'default' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'n1' },
    });
    stop();
    c.client.delete('pods', 'default', 'web');
    expect(seen).toEqual(['ADDED:web:-', 'MODIFIED:web:n1']);
  });

  it('patches, including the scale subresource, and updates status', () => {
    const c = cluster();
    c.client.create('deployments.apps', {
      ...deployment('web'),
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    } as never);
    const scale = c.client.patch('deploy', 'default', 'web', 'merge', { spec: { replicas: 4 } }, 'scale');
    expect(scale.kind).toBe('Scale');
    const d = c.client.get('deployments.apps', 'default', 'web')!;
    expect(d.spec.replicas).toBe(4);
    const s = c.client.updateStatus('deployments.apps', {
      ...d,
      status: { replicas: 4, observedGeneration: d.metadata.generation },
    });
    expect(s.status.replicas).toBe(4);
    const listed = c.client.list('deployments.apps', { labelSelector: 'app=web' });
    expect(listed.items).toHaveLength(1);
    expect(listed.resourceVersion).toBe(c.store.resourceVersion);
  });

  it('lists shared frozen objects on request, copies otherwise', () => {
    const c = cluster();
    const shared = c.client.list('namespaces', { shared: true }).items[0]!;
    expect(Object.isFrozen(shared.metadata)).toBe(true);
    const copy = c.client.list('namespaces').items[0]!;
    expect(Object.isFrozen(copy.metadata)).toBe(false);
    expect(copy).toEqual(shared);
    const events: boolean[] = [];
    c.client.watch('configmaps', { shared: true }, (e) => events.push(Object.isFrozen(e.object)));
    c.client.watch('configmaps', {}, (e) => events.push(Object.isFrozen(e.object)));
    c.client.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'default' },
    });
    expect(events).toEqual([true, false]);
  });

  it('relists after a snapshot import, so in-process watchers resync', () => {
    const c = cluster();
    const saved = c.exportSnapshot();
    const seen: string[] = [];
    c.client.watch('namespaces', {}, (e) => seen.push(`${e.type}:${e.object.metadata.name}`));
    c.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'temp' } });
    c.importSnapshot(saved);
    c.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'after' } });
    expect(seen).toEqual([
      'ADDED:temp',
      'ADDED:default',
      'ADDED:kube-node-lease',
      'ADDED:kube-public',
      'ADDED:kube-system',
      'ADDED:after',
    ]);
  });
});

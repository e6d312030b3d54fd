import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/cluster/clock.js';
import { Random } from '../../src/cluster/machinery/random.js';
import { parseLabelSelector } from '../../src/cluster/machinery/selectors.js';
import { Store, type StoreEvent } from '../../src/cluster/store/index.js';
import { ApiError, type KubeObject } from '../../src/cluster/types.js';

function setup(options: { historyLimit?: number; historyWindowMs?: number } = {}) {
  const clock = new VirtualClock();
  const store = new Store({ clock, random: new Random(1), ...options });
  return { clock, store };
}

const dk = (name: string, namespace = 'default') => ({
  group: 'apps',
  resource: 'deployments',
  namespace,
  name,
});
const deploy = (name: string, replicas = 1, labels: Record<string, string> = { app: name }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default', labels },
  spec: { replicas },
});

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('Store writes', () => {
  it('stamps uid, creationTimestamp, generation and a rising resourceVersion', () => {
    const { store, clock } = setup();
    const a = store.create(dk('a'), deploy('a'));
    clock.advance(61_000);
    const b = store.create(dk('b'), deploy('b'));
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(b.metadata.creationTimestamp).toBe('2026-01-01T00:01:01Z');
    expect(a.metadata.generation).toBe(1);
    expect([a.metadata.resourceVersion, b.metadata.resourceVersion, store.resourceVersion]).toEqual([
      '1',
      '2',
      '2',
    ]);
    expect(Object.isFrozen(a.metadata)).toBe(true);
  });

  it('rejects a second create with AlreadyExists', () => {
    const { store } = setup();
    store.create(dk('web'), deploy('web'));
    const e = caught(() => store.create(dk('web'), deploy('web')));
    expect(e.status).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'deployments.apps "web" already exists',
    });
  });

  it('rejects a stale resourceVersion with Kubernetes’ Conflict message', () => {
    const { store } = setup();
    const v1 = store.create(dk('web'), deploy('web'));
    store.update(dk('web'), { ...deploy('web', 2), metadata: { ...v1.metadata } });
    const e = caught(() => store.update(dk('web'), { ...deploy('web', 3), metadata: { ...v1.metadata } }));
    expect(e.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
  });

  it('bumps generation on spec changes only, and skips no-op writes', () => {
    const { store } = setup();
    const v1 = store.create(dk('web'), deploy('web'));
    const labelled = store.update(dk('web'), {
      ...v1,
      metadata: { ...v1.metadata, labels: { app: 'web', x: 'y' } },
    });
    expect(labelled.metadata.generation).toBe(1);
    const status = store.update(dk('web'), { ...labelled, status: { replicas: 1 } });
    expect(status.metadata.generation).toBe(1);
    const scaled = store.update(dk('web'), { ...status, spec: { replicas: 5 } });
    expect(scaled.metadata.generation).toBe(2);
    const same = store.update(dk('web'), { ...scaled });
    expect(same).toBe(scaled);
    expect(store.resourceVersion).toBe(scaled.metadata.resourceVersion);
  });

  it('for kinds without spec, generation follows the other non-metadata content', () => {
    const { store } = setup();
    const key = { group: 'rbac.authorization.k8s.io', resource: 'roles', namespace: 'default', name: 'r' };
    const r1 = store.create(key, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r' },
      rules: [],
    });
    const r2 = store.update(key, { ...r1, metadata: { ...r1.metadata, annotations: { a: 'b' } } });
    expect(r2.metadata.generation).toBe(1);
    const r3 = store.update(key, { ...r2, rules: [{ verbs: ['get'] }] });
    expect(r3.metadata.generation).toBe(2);
  });

  it('keeps uid and creationTimestamp on update', () => {
    const { store, clock } = setup();
    const v1 = store.create(dk('web'), deploy('web'));
    clock.advance(5000);
    const v2 = store.update(dk('web'), {
      ...deploy('web', 2),
      metadata: { name: 'web', uid: 'forged', creationTimestamp: 'never' },
    });
    expect(v2.metadata.uid).toBe(v1.metadata.uid);
    expect(v2.metadata.creationTimestamp).toBe(v1.metadata.creationTimestamp);
  });

  it('deletes with preconditions and a final resourceVersion', () => {
    const { store } = setup();
    const v1 = store.create(dk('web'), deploy('web'));
    expect(caught(() => store.delete(dk('web'), { uid: 'other' })).status.reason).toBe('Conflict');
    const gone = store.delete(dk('web'), { uid: v1.metadata.uid });
    expect(gone.metadata.resourceVersion).toBe('2');
    expect(store.get(dk('web'))).toBeUndefined();
    expect(caught(() => store.delete(dk('web'))).status).toMatchObject({
      code: 404,
      message: 'deployments.apps "web" not found',
    });
  });

  it('indexes dependents by owner uid', () => {
    const { store } = setup();
    const owner = store.create(dk('web'), deploy('web'));
    const ref = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      uid: owner.metadata.uid!,
      controller: true,
    };
    const rsKey = { group: 'apps', resource: 'replicasets', namespace: 'default', name: 'web-1' };
    store.create(rsKey, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', ownerReferences: [ref] },
    });
    expect(store.dependents(owner.metadata.uid!)).toEqual([rsKey]);
    store.delete(rsKey);
    expect(store.dependents(owner.metadata.uid!)).toEqual([]);
  });
});

describe('Store lists and watches', () => {
  it('lists in key order with selectors and the store resourceVersion', () => {
    const { store } = setup();
    store.create(dk('b'), deploy('b', 1, { tier: 'front' }));
    store.create(dk('a'), deploy('a', 1, { tier: 'back' }));
    store.create(dk('c', 'other'), deploy('c', 1, { tier: 'front' }));
    const all = store.list({ group: 'apps', resource: 'deployments' });
    expect(all.items.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(all.resourceVersion).toBe('3');
    const front = store.list({
      group: 'apps',
      resource: 'deployments',
      namespace: 'default',
      label: parseLabelSelector('tier=front'),
    });
    expect(front.items.map((o) => o.metadata.name)).toEqual(['b']);
  });

  it('replays from a resourceVersion, then goes live', () => {
    const { store } = setup();
    store.create(dk('a'), deploy('a'));
    const rv = store.resourceVersion;
    const b = store.create(dk('b'), deploy('b'));
    const seen: string[] = [];
    store.watch({ group: 'apps', resource: 'deployments' }, rv, (e) =>
      seen.push(`${e.type} ${e.object.metadata.name} ${e.rv}`),
    );
    store.update(dk('b'), { ...b, spec: { replicas: 2 } });
    store.delete(dk('a'));
    expect(seen).toEqual(['ADDED b 2', 'MODIFIED b 3', 'DELETED a 4']);
  });

  it('sends the current objects as ADDED for resourceVersion 0 or none', () => {
    const { store } = setup();
    store.create(dk('a'), deploy('a'));
    store.create(dk('b'), deploy('b'));
    const seen: string[] = [];
    store.watch({ group: 'apps', resource: 'deployments' }, '0', (e) =>
      seen.push(`${e.type} ${e.object.metadata.name}`),
    );
    expect(seen).toEqual(['ADDED a', 'ADDED b']);
  });

  it('turns selector transitions into ADDED and DELETED, as the watch cache does', () => {
    const { store } = setup();
    const v1 = store.create(dk('web'), deploy('web', 1, { tier: 'front' }));
    const events: StoreEvent[] = [];
    store.watch(
      { group: 'apps', resource: 'deployments', label: parseLabelSelector('tier=front') },
      store.resourceVersion,
      (e) => events.push(e),
    );
    const v2 = store.update(dk('web'), { ...v1, metadata: { ...v1.metadata, labels: { tier: 'back' } } });
    const v3 = store.update(dk('web'), { ...v2, metadata: { ...v2.metadata, labels: { tier: 'front' } } });
    store.update(dk('web'), { ...v3, spec: { replicas: 4 } });
    expect(events.map((e) => e.type)).toEqual(['DELETED', 'ADDED', 'MODIFIED']);
    // the DELETED event carries the old state stamped with the change's resourceVersion
    expect(events[0]!.object.metadata.labels).toEqual({ tier: 'front' });
    expect(events[0]!.object.metadata.resourceVersion).toBe(v2.metadata.resourceVersion);
  });

  it('answers 410 Gone with "too old resource version" once history is compacted by count', () => {
    const { store } = setup({ historyLimit: 3 });
    for (let i = 0; i < 6; i++) store.create(dk(`d${i}`), deploy(`d${i}`));
    expect(store.compactedResourceVersion).toBe('3');
    const e = caught(() => store.watch({ group: 'apps', resource: 'deployments' }, '2', () => {}));
    expect(e.status).toMatchObject({
      code: 410,
      reason: 'Expired',
      message: 'too old resource version: 2 (3)',
    });
    const seen: string[] = [];
    store.watch({ group: 'apps', resource: 'deployments' }, '3', (ev) => seen.push(ev.object.metadata.name!));
    expect(seen).toEqual(['d3', 'd4', 'd5']);
  });

  it('compacts changes older than the time window on the next write', () => {
    const { store, clock } = setup({ historyWindowMs: 5 * 60_000 });
    store.create(dk('old1'), deploy('old1'));
    store.create(dk('old2'), deploy('old2'));
    clock.advance(4 * 60_000);
    store.create(dk('mid'), deploy('mid'));
    expect(store.compactedResourceVersion).toBe('0');
    clock.advance(2 * 60_000);
    store.create(dk('new'), deploy('new'));
    expect(store.compactedResourceVersion).toBe('2');
    expect(caught(() => store.watch(undefined, '1', () => {})).status.message).toBe(
      'too old resource version: 1 (2)',
    );
    const seen: string[] = [];
    store.watch(undefined, '2', (e) => seen.push(e.object.metadata.name!));
    expect(seen).toEqual(['mid', 'new']);
  });

  it('rejects a resourceVersion that is not a number with 410', () => {
    const { store } = setup();
    expect(caught(() => store.watch(undefined, 'abc', () => {})).status.code).toBe(410);
  });

  it('answers 504 for a resourceVersion from the future', () => {
    const { store } = setup();
    const e = caught(() => store.watch(undefined, '99', () => {}));
    expect(e.status).toMatchObject({
      code: 504,
      reason: 'Timeout',
      message: 'Too large resource version: 99, current: 0',
    });
  });

  it('delivers writes made inside a watcher after the current event reached everyone', () => {
    const { store } = setup();
    const log: string[] = [];
    store.watch(undefined, store.resourceVersion, (e) => {
      log.push(`A:${e.object.metadata.name}@${e.rv}`);
      if (e.object.metadata.name === 'first') store.create(dk('second'), deploy('second'));
    });
    store.watch(undefined, store.resourceVersion, (e) => log.push(`B:${e.object.metadata.name}@${e.rv}`));
    store.create(dk('first'), deploy('first'));
    expect(log).toEqual(['A:first@1', 'B:first@1', 'A:second@2', 'B:second@2']);
  });
});

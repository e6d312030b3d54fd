/**
 * The write path copies less: request bodies are copied once (by defaulting), and a write stores
 * the previous version's frozen parts where the new object is identical to them (same keys, same
 * order, same values), so only what changed is copied, frozen and compared. These tests pin what
 * that must never change: the caller's objects are left alone, stored objects are the same JSON,
 * and a part that differs (even only in key order) is stored as written.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import { createCluster } from '../../src/cluster/index.js';
import { VirtualClock } from '../../src/cluster/clock.js';
import { adoptShared, clone, copySharing, deepFreeze, shareIdentical } from '../../src/cluster/store/keys.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const podBody = (): Loose => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] },
    ],
  },
});

function complete() {
  const c = createCompleteCluster({ clock: new VirtualClock() });
  c.client.create('serviceaccounts', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace: 'default' },
  });
  return c;
}

describe('write path sharing', () => {
  it('leaves the objects a caller writes untouched (create, update, status update)', () => {
    const c = complete();
    const body = podBody();
    const before = JSON.stringify(body);
    const created = c.client.create<Loose>('pods', body);
    expect(JSON.stringify(body)).toBe(before);
    expect(Object.isFrozen(body.spec.containers[0])).toBe(false);

    const update = clone(created);
    update.metadata.labels.tier = 'front';
    const updateText = JSON.stringify(update);
    c.client.update('pods', update);
    expect(JSON.stringify(update)).toBe(updateText);
    expect(Object.isFrozen(update.spec)).toBe(false);

    const status = clone(c.client.get<Loose>('pods', 'default', 'web')!);
    status.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    const statusText = JSON.stringify(status);
    c.client.updateStatus('pods', status);
    expect(JSON.stringify(status)).toBe(statusText);
    expect(Object.isFrozen(status.status.conditions)).toBe(false);
  });

  it('a status update keeps the stored spec object; an update keeps what it did not change', () => {
    const c = complete();
    c.client.create('pods', podBody());
    const key = { group: '', resource: 'pods', namespace: 'default', name: 'web' };
    const first = c.store.get(key)!;
    const status = clone(first) as Loose;
    status.status = { phase: 'Running' };
    c.client.updateStatus('pods', status);
    const second = c.store.get(key)! as Loose;
    expect(second.status.phase).toBe('Running');
    expect(second.spec).toBe(first.spec);
    expect(second.metadata.labels).toBe(first.metadata.labels);

    const relabel = clone(second);
    relabel.metadata.labels = { app: 'web', tier: 'front' };
    c.client.update('pods', relabel);
    const third = c.store.get(key)! as Loose;
    expect(third.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(third.spec).toBe(first.spec);
    expect(third.status).toBe(second.status);
    expect(Object.isFrozen(third.metadata.labels)).toBe(true);
  });

  it('stores a part whose key order differs as written', () => {
    const c = complete();
    c.client.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default', labels: { x: '1', y: '2' } },
      data: { a: '1' },
    });
    const stored = c.client.get<Loose>('configmaps', 'default', 'cfg')!;
    // the same labels in another order, and a change elsewhere so that the write is not a no-op
    c.client.update('configmaps', {
      ...stored,
      metadata: { ...stored.metadata, labels: { y: '2', x: '1' } },
      data: { a: '2' },
    });
    const key = { group: '', resource: 'configmaps', namespace: 'default', name: 'cfg' };
    expect(Object.keys((c.store.get(key) as Loose).metadata.labels)).toEqual(['y', 'x']);
  });

  it('a status update still defaults a stored spec that was never defaulted, then keeps it', () => {
    const c = complete();
    const key = { group: '', resource: 'pods', namespace: 'default', name: 'raw' };
    // stored without the API's defaulting (as a system write could)
    c.store.create(key, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'raw', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
    } as Loose);
    const write = (phase: string) => {
      const p = clone(c.store.get(key)!) as Loose;
      p.status = { phase };
      c.client.updateStatus('pods', p);
      return c.store.get(key)! as Loose;
    };
    const first = write('Pending');
    expect(first.spec.restartPolicy).toBe('Always');
    expect(first.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    const second = write('Running');
    expect(second.spec).toBe(first.spec);
    expect(second.status.phase).toBe('Running');
  });

  it('get gives a copy, or with shared the stored (frozen) object', () => {
    const c = complete();
    c.client.create('pods', podBody());
    const copy = c.client.get<Loose>('pods', 'default', 'web')!;
    const shared = c.client.get<Loose>('pods', 'default', 'web', { shared: true })!;
    expect(shared).toBe(c.store.get({ group: '', resource: 'pods', namespace: 'default', name: 'web' }));
    expect(Object.isFrozen(shared.spec)).toBe(true);
    expect(copy).not.toBe(shared);
    expect(copy).toEqual(shared);
    copy.spec.containers[0].image = 'mine';
    expect(shared.spec.containers[0].image).toBe('nginx:1.27');
    expect(c.client.get('pods', 'default', 'absent', { shared: true })).toBeUndefined();
  });

  it('writes give a copy of what was stored, or with shared the stored object itself', () => {
    const c = complete();
    const key = { group: '', resource: 'pods', namespace: 'default', name: 'web' };
    const created = c.client.create<Loose>('pods', podBody(), { shared: true });
    expect(created).toBe(c.store.get(key));
    const next = clone(created);
    next.metadata.labels.tier = 'front';
    const updated = c.client.update<Loose>('pods', next, { shared: true });
    expect(updated).toBe(c.store.get(key));
    expect(Object.isFrozen(updated)).toBe(true);
    const status = clone(updated);
    status.status = { phase: 'Running' };
    const copy = c.client.updateStatus<Loose>('pods', status);
    expect(copy).not.toBe(c.store.get(key));
    expect(copy).toEqual(c.store.get(key));
    expect(Object.isFrozen(copy)).toBe(false);
  });

  it('copies bodies itself when the hooks do not default by copying', () => {
    const c = createCluster({
      clock: new VirtualClock(),
      hooks: {
        admit(object, _old, ctx) {
          if (ctx.resource.resource === 'pods') (object as Loose).spec.containers[0].image = 'changed';
          return object;
        },
      },
    });
    const body = podBody();
    c.client.create('pods', body);
    expect(body.spec.containers[0].image).toBe('nginx:1.27');
    expect((c.client.get('pods', 'default', 'web') as Loose).spec.containers[0].image).toBe('changed');
  });
});

// random JSON values, and edits of them
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '1', '02'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

function edit(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return seed % 3 === 0 ? [...v].reverse() : v.map((x, i) => edit(x, seed + i));
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x], i) => [k, edit(x, seed * 7 + i)] as const);
    if (seed % 5 === 0) entries.reverse();
    if (seed % 11 === 0) entries.pop();
    return Object.fromEntries(entries);
  }
  if (seed % 4 === 0) return typeof v === 'number' ? v + 1 : 'x';
  return v;
}

describe('shareIdentical', () => {
  it('serializes exactly as the value did, sharing only identical frozen parts', () => {
    fc.assert(
      fc.property(json, fc.nat(1000), (v, seed) => {
        const previous = deepFreeze(clone(edit(v, seed)));
        const value = clone(v);
        const text = JSON.stringify(value);
        const out = shareIdentical(value, previous);
        expect(JSON.stringify(out)).toBe(text);
        if (out === previous) expect(JSON.stringify(previous)).toBe(text);
        // every shared part is a part of previous at the same place, and identical to it
        const check = (a: unknown, p: unknown): void => {
          if (a === null || typeof a !== 'object') return;
          if (Object.isFrozen(a)) {
            expect(a).toBe(p);
            return;
          }
          for (const [k, x] of Object.entries(a))
            check(x, p !== null && typeof p === 'object' ? (p as Record<string, unknown>)[k] : undefined);
        };
        check(out, previous);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the previous value when all is identical, and keeps undefined fields out of it', () => {
    const previous = deepFreeze({ a: { b: [1, { c: 2 }] }, d: 'x' });
    expect(shareIdentical({ a: { b: [1, { c: 2 }] }, d: 'x' }, previous)).toBe(previous);
    const withUndefined = { a: { b: [1, { c: 2 }] }, d: 'x', e: undefined };
    const out = shareIdentical(withUndefined, previous) as Loose;
    expect(out).toBe(withUndefined);
    expect(out.a).toBe(previous.a);
    const reordered = { d: 'x', a: { b: [1, { c: 2 }] } };
    const kept = shareIdentical(reordered, previous) as Loose;
    expect(kept).toBe(reordered);
    expect(Object.keys(kept)).toEqual(['d', 'a']);
    expect(kept.a).toBe(previous.a);
  });

  it('never shares a part that is not frozen', () => {
    const previous = { a: { b: 1 } };
    const value = { a: { b: 1 } };
    expect(shareIdentical(value, previous)).toBe(value);
    expect(value.a).not.toBe(previous.a);
  });
});

describe('adoptShared', () => {
  it('gives what a copy would give, frozen, keeping the plain parts it was given', () => {
    fc.assert(
      fc.property(json, fc.nat(1000), (v, seed) => {
        // a value with some frozen (stored) parts, undefined fields and missing array items
        const value = clone(v) as Loose;
        const shared = deepFreeze(clone(edit(v, seed)));
        const given = { value, shared, gone: undefined, list: [1, undefined, value] };
        const expected = JSON.stringify(copySharing(given));
        const keys = Object.keys(copySharing(given));
        const out = adoptShared(given) as Loose;
        expect(out).toBe(given);
        expect(JSON.stringify(out)).toBe(expected);
        expect(Object.keys(out)).toEqual(keys);
        expect(out.shared).toBe(shared);
        expect(out.list[1]).toBeNull();
        const frozenAll = (x: unknown): boolean =>
          x === null || typeof x !== 'object' || (Object.isFrozen(x) && Object.values(x).every(frozenAll));
        expect(frozenAll(out)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('copies parts of another prototype, as a copy does', () => {
    class Odd {
      a = 1;
    }
    const odd = new Odd();
    const out = adoptShared({ odd }) as Loose;
    expect(out.odd).not.toBe(odd);
    expect(Object.getPrototypeOf(out.odd)).toBe(Object.prototype);
    expect(out.odd).toEqual({ a: 1 });
    expect(Object.isFrozen(out.odd)).toBe(true);
    expect(Object.isFrozen(odd)).toBe(false);
  });
});

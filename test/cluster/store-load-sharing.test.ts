/**
 * `Store.load` (snapshot import) stores plain-JSON objects as they are, frozen, instead of copying
 * them: importing one parsed snapshot into several stores (the grader's replays) gives the same
 * content and exports as copying did, and anything that is not plain JSON is still copied.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/cluster/clock.js';
import { Random } from '../../src/cluster/machinery/random.js';
import { exportSnapshot, importSnapshot, parseSnapshot, Store } from '../../src/cluster/store/index.js';
import { isPlainJson } from '../../src/cluster/store/keys.js';
import type { KubeObject } from '../../src/cluster/types.js';

const fresh = () => new Store({ clock: new VirtualClock(), random: new Random(7) });
const key = (name: string) => ({ group: '', resource: 'configmaps', namespace: 'default', name });
const cm = (name: string, data: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data }) as KubeObject;

describe('store load', () => {
  it('imports one parsed snapshot into several stores with identical results', () => {
    const a = fresh();
    a.create(key('one'), cm('one', { x: '1' }));
    a.create(key('two'), cm('two', { y: '2', '10': 'ten', '2': 'two' }));
    const text = exportSnapshot(a);
    const parsed = parseSnapshot(text);
    const b = fresh();
    const c = fresh();
    importSnapshot(b, parsed);
    importSnapshot(c, parsed);
    expect(exportSnapshot(b)).toBe(text);
    expect(exportSnapshot(c)).toBe(text);
    // Shared and frozen, not copied; writes replace it and leave the other store alone.
    const stored = b.get(key('one'))!;
    expect(stored).toBe(parsed.objects[0]!.object);
    expect(Object.isFrozen(stored.metadata)).toBe(true);
    b.update(key('one'), { ...cm('one', { x: 'changed' }), metadata: { ...stored.metadata } });
    expect(exportSnapshot(c)).toBe(text);
    expect((c.get(key('one')) as KubeObject & { data: unknown }).data).toEqual({ x: '1' });
  });

  it('copies objects that are not plain JSON (undefined fields dropped, as before)', () => {
    const given = cm('odd', { x: '1', y: undefined });
    const b = fresh();
    b.load([{ group: '', resource: 'configmaps', object: given }], 5);
    const stored = b.get(key('odd'))!;
    expect(stored).not.toBe(given);
    expect(Object.isFrozen(given)).toBe(false);
    expect(Object.keys((stored as KubeObject & { data: object }).data)).toEqual(['x']);
  });

  it('tells plain JSON from other values', () => {
    expect(isPlainJson({ a: [1, 'b', null, true, { c: {} }] })).toBe(true);
    expect(isPlainJson({ a: undefined })).toBe(false);
    expect(isPlainJson([1, undefined])).toBe(false);
    expect(isPlainJson(new Array(2))).toBe(false);
    expect(isPlainJson({ f: () => 1 })).toBe(false);
    expect(isPlainJson({ n: Number.NaN })).toBe(false);
    expect(isPlainJson({ d: new Date(0) })).toBe(false);
    expect(isPlainJson(Object.create(null))).toBe(false);
  });
});

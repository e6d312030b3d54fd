import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VirtualClock } from '../../src/cluster/clock.js';
import { Random } from '../../src/cluster/machinery/random.js';
import { Store, clone, deepFreeze, jsonEqual } from '../../src/cluster/store/index.js';
import { copySharing } from '../../src/cluster/store/keys.js';
import type { KubeObject } from '../../src/cluster/types.js';

const json = fc.jsonValue({ maxDepth: 3 });

describe('store writes share frozen parts', () => {
  it('copySharing equals a full copy, with new unfrozen parts and the frozen parts shared', () => {
    fc.assert(
      fc.property(json, json, fc.boolean(), (a, b, freezeB) => {
        const frozen = freezeB ? deepFreeze(clone({ inner: b })) : { inner: clone(b) };
        const input = { top: clone(a), shared: frozen };
        const copy = copySharing(input);
        expect(copy).toEqual(clone(input));
        expect(copy).not.toBe(input);
        if (a !== null && typeof a === 'object') expect(copy.top).not.toBe(input.top);
        if (freezeB) expect(copy.shared).toBe(frozen);
        else expect(copy.shared).not.toBe(frozen);
      }),
    );
  });

  it('a status write keeps the stored spec object and stores what a full copy would', () => {
    const store = new Store({ clock: new VirtualClock(), random: new Random(1) });
    const key = { group: '', resource: 'pods', namespace: 'default', name: 'p' };
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    const created = store.create(key, pod);
    const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    const updated = store.update(key, { ...created, status });
    expect(updated.spec).toBe(created.spec);
    expect(Object.isFrozen(updated.status.conditions[0])).toBe(true);
    // The caller's own (unfrozen) objects were copied: changing them later changes nothing stored.
    status.conditions[0]!.status = 'False';
    expect(store.get(key)!.status.conditions[0].status).toBe('True');
    expect(JSON.parse(JSON.stringify(updated))).toEqual(
      JSON.parse(
        JSON.stringify({
          ...clone(created),
          status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
          metadata: { ...created.metadata, resourceVersion: updated.metadata.resourceVersion },
        }),
      ),
    );
  });

  it('an update with the stored object itself is a no-op that returns the stored object', () => {
    const store = new Store({ clock: new VirtualClock(), random: new Random(1) });
    const key = { group: '', resource: 'configmaps', namespace: 'default', name: 'c' };
    const created = store.create(key, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { a: '1' },
    });
    expect(store.update(key, created)).toBe(created);
  });
});

describe('jsonEqual (the store sees no-op writes with it)', () => {
  /** The definition: same sorted-key JSON text, undefined fields absent. */
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;

  it('is true exactly for equal JSON values, whatever the key order', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(jsonEqual(a, b)).toBe(JSON.stringify(sorted(a)) === JSON.stringify(sorted(b)));
        const reversed = JSON.parse(JSON.stringify(a), (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        );
        expect(jsonEqual(a, reversed)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

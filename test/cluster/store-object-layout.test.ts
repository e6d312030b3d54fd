/**
 * Memory layout helpers of the write path: `objectFor` (objects laid out for their field count)
 * must give plain objects indistinguishable from `{}` ones, copies built with it must be the same
 * JSON with the same key order, `flatString` must keep every character, `rfc3339`'s last-second
 * cache must never answer for another second, and `LeafPool` must share only equal small objects.
 */
import { describe, expect, it } from 'vitest';
import {
  clone,
  copyShared,
  deepFreeze,
  isPlainJson,
  LeafPool,
  objectFor,
} from '../../src/cluster/store/keys.js';
import { Store } from '../../src/cluster/store/store.js';
import { VirtualClock } from '../../src/cluster/clock.js';
import { Random } from '../../src/cluster/machinery/random.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { flatString } from '../../src/cluster/machinery/flat-string.js';
import { rfc3339 } from '../../src/cluster/machinery/timestamps.js';

const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${(i * 7919) % 101}_${i}`);

describe('objectFor', () => {
  it('gives plain objects equal to ones built from {} for every field count', () => {
    for (let n = 0; n <= 40; n++) {
      const a = objectFor(n);
      const b: Record<string, unknown> = {};
      keys(n).forEach((k, i) => {
        a[k] = i % 3 === 0 ? { nested: i } : i;
        b[k] = i % 3 === 0 ? { nested: i } : i;
      });
      expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
      expect(a.constructor).toBe(Object);
      expect(Object.keys(a)).toEqual(keys(n));
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(a).toStrictEqual(b);
      expect(structuredClone(a)).toStrictEqual(b);
      expect(isPlainJson(a)).toBe(true);
      expect(Object.prototype.toString.call(a)).toBe('[object Object]');
    }
  });

  it('lets copies keep key order, drop undefined fields and share frozen parts', () => {
    const frozen = deepFreeze({ z: 1, a: [1, 2] });
    for (let n = 0; n <= 40; n++) {
      const src: Record<string, unknown> = {};
      for (const k of keys(n)) src[k] = { v: k, list: [k, null] };
      src.gone = undefined;
      src.kept = frozen;
      const expected = JSON.parse(JSON.stringify(src)) as Record<string, unknown>;
      for (const copy of [clone(src), copyShared(src) as Record<string, unknown>]) {
        expect(JSON.stringify(copy)).toBe(JSON.stringify(expected));
        expect(Object.keys(copy)).toEqual([...keys(n), 'kept']);
        expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      }
      expect((copyShared(src) as Record<string, unknown>).kept).toBe(frozen);
      expect(clone(src).kept).not.toBe(frozen);
    }
  });
});

describe('flatString', () => {
  it('keeps every character, short or long', () => {
    const name = ['d1-574bdd5d6c', 'x2kqp'].join('-');
    for (const text of [
      '',
      'short',
      `Successfully assigned default/${name} to worker-1`,
      'quotes " and \\ backslashes\n\ttabs',
      'lone surrogate \ud800 and pair \ud83d\ude00 and é',
      'x'.repeat(10_000),
    ])
      expect(flatString(text)).toBe(text);
  });
});

describe('rfc3339 last-second cache', () => {
  it('answers each second with its own text, whatever the order of the calls', () => {
    const cases: [number, string][] = [
      [0, '1970-01-01T00:00:00Z'],
      [999, '1970-01-01T00:00:00Z'],
      [1_000, '1970-01-01T00:00:01Z'],
      [0, '1970-01-01T00:00:00Z'],
      [1_767_225_600_000, '2026-01-01T00:00:00Z'],
      [1_767_225_601_500, '2026-01-01T00:00:01Z'],
      [1_767_225_601_999, '2026-01-01T00:00:01Z'],
      [1_767_225_600_000, '2026-01-01T00:00:00Z'],
    ];
    for (const [ms, text] of cases) expect(rfc3339(ms)).toBe(text);
  });
});

describe('LeafPool', () => {
  it('gives back one frozen object for equal small objects of plain values, in key order', () => {
    const pool = new LeafPool();
    const a = pool.share({ component: 'kubelet', host: 'worker-1' });
    const b = pool.share({ component: 'kubelet', host: 'worker-1' });
    const swapped = pool.share({ host: 'worker-1', component: 'kubelet' });
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(swapped).not.toBe(a);
    expect(Object.keys(swapped as object)).toEqual(['host', 'component']);
    expect(pool.share({ n: 1 })).not.toBe(pool.share({ n: '1' }));
    expect(pool.share({})).toBe(pool.share({}));
  });

  it('leaves alone what it does not pool: nested, larger, arrays, undefined fields', () => {
    const pool = new LeafPool();
    for (const v of [
      { nested: { x: 1 } },
      { a: 1, b: 2, c: 3, d: 4, e: 5 },
      ['a'],
      { gone: undefined },
      'text',
      null,
    ]) {
      expect(pool.share(v)).toBe(v);
      if (v !== null && typeof v === 'object') expect(Object.isFrozen(v)).toBe(false);
    }
  });

  it('empties itself at its limit and still answers equal objects with equal JSON', () => {
    const pool = new LeafPool(2);
    const first = pool.share({ ip: '10.0.0.1' });
    pool.share({ ip: '10.0.0.2' });
    pool.share({ ip: '10.0.0.3' }); // the limit reached: emptied, then this one kept
    const again = pool.share({ ip: '10.0.0.1' });
    expect(again).not.toBe(first);
    expect(again).toStrictEqual(first);
  });

  it('makes stored objects share small top-level fields (an Event source), never a spec or a status', () => {
    const store = new Store({ clock: new VirtualClock(), random: new Random(3) });
    const pod = (name: string): KubeObject =>
      ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', labels: { app: 'web' } },
        spec: { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }] },
        status: {},
      }) as KubeObject;
    const a = store.create({ group: '', resource: 'pods', namespace: 'default', name: 'a' }, pod('a'));
    const b = store.create({ group: '', resource: 'pods', namespace: 'default', name: 'b' }, pod('b'));
    // Only small top-level fields are pooled: not a spec, a status or anything inside them.
    expect(b.spec!.tolerations[0]).not.toBe(a.spec!.tolerations[0]);
    expect(b.status).not.toBe(a.status);
    expect(JSON.stringify(b.spec)).toBe(JSON.stringify(a.spec));
    const event = (name: string): KubeObject =>
      ({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: 'default' },
        source: { component: 'kubelet', host: 'worker-1' },
      }) as KubeObject;
    const e1 = store.create({ group: '', resource: 'events', namespace: 'default', name: 'e1' }, event('e1'));
    const e2 = store.create(
      { group: '', resource: 'events', namespace: 'default', name: 'e2' },
      event('e2'),
      {
        owned: true,
      },
    );
    expect(e2.source).toBe(e1.source);
    expect(Object.keys(e2)).toEqual(['apiVersion', 'kind', 'metadata', 'source']);
  });
});

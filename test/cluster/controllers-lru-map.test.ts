import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/cluster/controllers/event-correlator.js';

const keys = (m: LruMap<number>): string[] => [...m.entries()].map(([k]) => k);

describe('LruMap (the event correlator caches)', () => {
  it('forgets the least recently used key beyond its capacity; reads count as use', () => {
    const m = new LruMap<number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.get('a')).toBe(1); // a is now the newest
    m.set('d', 4); // b, the oldest, goes
    expect(m.get('b')).toBeUndefined();
    expect(keys(m)).toEqual(['c', 'a', 'd']);
    expect(m.size).toBe(3);
  });

  it('a write to a known key replaces its value and makes it the newest without growing', () => {
    const m = new LruMap<number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 10);
    expect(keys(m)).toEqual(['b', 'a']);
    m.set('c', 3);
    expect(keys(m)).toEqual(['a', 'c']);
    expect(m.get('a')).toBe(10);
  });

  it('entries, set again in their order, rebuild the same map; clear forgets everything', () => {
    const m = new LruMap<number>(4);
    for (const [k, v] of [
      ['x', 1],
      ['y', 2],
      ['z', 3],
    ] as const)
      m.set(k, v);
    m.get('x');
    const copy = new LruMap<number>(4);
    for (const [k, v] of m.entries()) copy.set(k, v);
    expect([...copy.entries()]).toEqual([...m.entries()]);
    expect([...m.entries()]).toEqual([
      ['y', 2],
      ['z', 3],
      ['x', 1],
    ]);
    m.clear();
    expect(m.size).toBe(0);
    expect([...m.entries()]).toEqual([]);
    m.set('n', 5);
    expect([...m.entries()]).toEqual([['n', 5]]);
  });

  it('with capacity 1 keeps only the newest key', () => {
    const m = new LruMap<number>(1);
    m.set('a', 1);
    m.set('b', 2);
    expect([...m.entries()]).toEqual([['b', 2]]);
    expect(m.get('a')).toBeUndefined();
  });
});

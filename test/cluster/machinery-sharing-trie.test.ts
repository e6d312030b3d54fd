import { describe, expect, it } from 'vitest';
import { SharingTrie } from '../../src/cluster/machinery/sharing-trie.js';

describe('SharingTrie', () => {
  it('gives every equal path the first value kept there, frozen', () => {
    const trie = new SharingTrie(10);
    const a = { x: 1 };
    const first = trie.begin().step('k').step(a).end({ v: 1 });
    expect(Object.isFrozen(first)).toBe(true);
    expect(trie.begin().step('k').step(a).end({ v: 2 })).toBe(first);
    expect(trie.size).toBe(1);
  });

  it('tells paths apart by object identity and by primitive value, level by level', () => {
    const trie = new SharingTrie(10);
    const a = { x: 1 };
    const twin = { x: 1 };
    const one = trie.begin().step(a).end({ n: 1 });
    expect(trie.begin().step(twin).end({ n: 2 })).not.toBe(one);
    expect(trie.begin().step(1).step('1').end({ n: 3 })).not.toBe(
      trie.begin().step('1').step(1).end({ n: 4 }),
    );
    // a path and its prefix are different places
    const longer = trie.begin().step(a).step('more').end({ n: 5 });
    expect(longer).not.toBe(one);
    expect(trie.begin().step(a).end({ n: 6 })).toBe(one);
    expect(trie.size).toBe(5);
  });

  it('empties itself at the next walk once it holds `limit` values; shared values stay as they were', () => {
    const trie = new SharingTrie(2);
    const a = trie.begin().step('a').end({ n: 'a' });
    trie.begin().step('b').end({ n: 'b' });
    expect(trie.size).toBe(2);
    const again = trie.begin().step('a').end({ n: 'a2' });
    expect(again).not.toBe(a);
    expect(again).toEqual({ n: 'a2' });
    expect(a).toEqual({ n: 'a' });
    expect(trie.size).toBe(1);
  });

  it('lets walks of different tables nest', () => {
    const outer = new SharingTrie(10);
    const inner = new SharingTrie(10);
    const walk = (x: number) => {
      const o = outer.begin().step('list');
      const item = inner.begin().step(x).end({ x });
      return o.step(item).end([item]);
    };
    const first = walk(1);
    expect(walk(1)).toBe(first);
    expect(walk(2)).not.toBe(first);
  });
});

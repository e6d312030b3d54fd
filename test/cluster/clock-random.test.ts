import { describe, expect, it } from 'vitest';
import {
  IpAllocator,
  NAME_ALPHABET,
  Random,
  cidrContains,
  fnv32a,
  intToIp,
  ipToInt,
  parseCidr,
  safeEncode,
  subnet,
  templateHash,
} from '../../src/cluster/machinery/random.js';

describe('Random', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const sa = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(sa);
    expect(new Random('lab-1').uid()).toBe(new Random('lab-1').uid());
  });

  it('restores exactly from its state', () => {
    const a = new Random(7);
    a.uint32();
    const copy = Random.fromState(a.state());
    expect(Array.from({ length: 5 }, () => copy.uid())).toEqual(Array.from({ length: 5 }, () => a.uid()));
  });

  it('makes uids in the v4 shape', () => {
    const r = new Random(1);
    for (let i = 0; i < 200; i++)
      expect(r.uid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('makes generateName suffixes of 5 characters from the Kubernetes alphabet', () => {
    const r = new Random(3);
    const name = r.generateName('web-7d4b9c8f6d-');
    expect(name).toMatch(/^web-7d4b9c8f6d-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(r.generateName('x'.repeat(80))).toHaveLength(63);
  });

  it('int is in range and covers it', () => {
    const r = new Random(9);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const n = r.int(7);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(7);
      seen.add(n);
    }
    expect(seen.size).toBe(7);
  });
});

describe('hashes', () => {
  it('FNV-32a matches the reference values', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('safe-encodes digits into the name alphabet, giving pod-template-hash shapes', () => {
    // each digit's char code mod 27 indexes the alphabet: '1' (49) -> 22 -> '5', '0' (48) -> 21 -> '4'
    expect(safeEncode(1234567890)).toBe('56789bcdf4');
    // so hashes only use 4-9, b, c, d, f, as real ones such as 7d4b9c8f6d do
    expect(safeEncode(4294967295)).toMatch(/^[456789bcdf]+$/);
    const hash = templateHash({ spec: { containers: [{ name: 'web', image: 'nginx' }] } });
    expect(hash).toMatch(new RegExp(`^[${NAME_ALPHABET}]{1,10}$`));
    expect(templateHash({ b: 1, a: 2 })).toBe(templateHash({ a: 2, b: 1 }));
    expect(templateHash({ a: 1 }, 1)).not.toBe(templateHash({ a: 1 }));
  });
});

describe('IPs', () => {
  it('converts and parses', () => {
    expect(intToIp(ipToInt('10.96.0.1'))).toBe('10.96.0.1');
    expect(() => ipToInt('10.96.0.256')).toThrow('invalid IPv4 address');
    const c = parseCidr('10.96.0.0/12');
    expect(intToIp(c.first)).toBe('10.96.0.1');
    expect(intToIp(c.last)).toBe('10.111.255.254');
    expect(cidrContains(c, '10.100.1.1')).toBe(true);
    expect(cidrContains(c, '10.112.0.1')).toBe(false);
    expect(subnet(parseCidr('10.244.0.0/16'), 24, 2)).toBe('10.244.2.0/24');
  });

  it('allocates sequentially and at random without duplicates', () => {
    const seq = new IpAllocator('10.244.1.0/29', ['10.244.1.2']);
    expect([seq.next(), seq.next(), seq.next()]).toEqual(['10.244.1.1', '10.244.1.3', '10.244.1.4']);
    const rnd = new IpAllocator('10.96.0.0/28');
    const r = new Random(5);
    const got = new Set<string>();
    for (let i = 0; i < 14; i++) got.add(rnd.random(r)!);
    expect(got.size).toBe(14);
    expect(rnd.random(r)).toBeUndefined();
    expect(rnd.free).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sameJson, stableStringify } from '../../src/cluster/controllers/json.js';
import { pruneNulls } from '../../src/cluster/validation/index.js';
import { fnv1a32 } from '../../src/cluster/controllers/deployment/hash.js';

/** JSON-ish values with the awkward cases: undefined fields and items, NaN, -0, reordered keys. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom(null, undefined, 0, -0, 1, NaN, Infinity, '', '1', true, false),
    fc.string({ maxLength: 3 }),
    fc.integer({ min: -3, max: 3 }),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('node'), { maxKeys: 4 }),
  ),
})).node;

/** The same value with object keys inserted in reverse order. */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reordered(x)]),
    );
  return v;
}

describe('sameJson', () => {
  it('agrees with comparing stableStringify texts', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(stableStringify(a) === stableStringify(b));
        expect(sameJson(a, reordered(a))).toBe(true);
        expect(sameJson(a, reordered(b))).toBe(stableStringify(a) === stableStringify(b));
      }),
      { numRuns: 2_000 },
    );
  });

  it('treats an undefined field as absent and undefined items as null, like JSON', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson({ a: null }, {})).toBe(false);
    expect(sameJson({ a: { b: [1, 2] } }, { a: { b: [2, 1] } })).toBe(false);
    expect(sameJson(undefined, undefined)).toBe(true);
  });
});

/** The plain definition: a full copy without null-valued fields. */
function pruneNullsByCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => pruneNullsByCopy(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = pruneNullsByCopy(v);
    return out;
  }
  return value;
}

describe('pruneNulls (validation reads objects without copying the parts that have no nulls)', () => {
  it('equals a full copy without null fields, keeps key order, and never changes its input', () => {
    fc.assert(
      fc.property(value, (v) => {
        const before = JSON.stringify(v);
        const pruned = pruneNulls(v);
        expect(pruned).toEqual(pruneNullsByCopy(v));
        expect(JSON.stringify(pruned)).toBe(JSON.stringify(pruneNullsByCopy(v)));
        expect(JSON.stringify(v)).toBe(before);
      }),
      { numRuns: 2_000 },
    );
  });

  it('shares what has no nulls', () => {
    const spec = { containers: [{ name: 'a' }] };
    const pruned = pruneNulls({ metadata: { creationTimestamp: null, name: 'x' }, spec });
    expect(pruned).toEqual({ metadata: { name: 'x' }, spec });
    expect(pruned.spec).toBe(spec);
  });
});

describe('fnv1a32 (hashes names, pod-template-hash, container ids)', () => {
  /** The definition: FNV-1a over the UTF-8 bytes. */
  const reference = (text: string): number => {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h;
  };

  it('equals FNV-1a over the UTF-8 bytes, for ASCII and any well-formed text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
        expect(fnv1a32(text)).toBe(reference(text));
      }),
      { numRuns: 2_000 },
    );
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });
});

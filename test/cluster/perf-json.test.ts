import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sameJson, stableStringify } from '../../src/cluster/controllers/json.js';

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

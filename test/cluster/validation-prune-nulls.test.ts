/**
 * `pruneNulls` drops null-valued fields (as Go's decoder reads `null` as absent), copies only
 * the parts that held one, and remembers frozen specs and FieldsV1 found to hold none. These
 * properties hold it equal to a plain recursive model, frozen or not, asked once or twice.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pruneNulls } from '../../src/cluster/validation/index';
import { clone, deepFreeze } from '../../src/cluster/store/keys';

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.integer(), fc.string({ maxLength: 2 }), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('spec', 'fieldsV1', 'a', 'b'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

function model(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(model);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, model(x)]),
    );
  return v;
}

describe('pruneNulls', () => {
  it('equals the model on plain and frozen values, every time it is asked', () => {
    fc.assert(
      fc.property(json, (v) => {
        const expected = JSON.stringify(model(v));
        expect(JSON.stringify(pruneNulls(clone(v)))).toBe(expected);
        const frozen = deepFreeze(clone(v));
        expect(JSON.stringify(pruneNulls(frozen))).toBe(expected);
        expect(JSON.stringify(pruneNulls(frozen))).toBe(expected);
        expect(JSON.stringify(frozen)).toBe(JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
  });

  it('returns parts without nulls as they are', () => {
    const spec = deepFreeze({ containers: [{ name: 'a', args: [null] }] });
    const obj = { spec, status: { podIP: null, phase: 'Running' } };
    const out = pruneNulls(obj) as Record<string, unknown>;
    expect(out.spec).toBe(spec);
    expect(out.status).toEqual({ phase: 'Running' });
    expect(obj.status.podIP).toBeNull();
    expect(pruneNulls(obj) as Record<string, unknown>).toEqual(out);
  });
});

/**
 * FieldSet, the trie of field paths behind `managedFields`: its set operations work node by node
 * and return the set itself when nothing changes. These properties hold them equal to a model
 * that works path by path (every path listed, then inserted one at a time), for random sets,
 * including their order of paths and their FieldsV1.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FieldSet } from '../../src/cluster/machinery/server-side-apply/index';
import { ALL } from '../../src/cluster/machinery/server-side-apply/field-set';
import { trackedOnly } from '../../src/cluster/machinery/server-side-apply/managed-fields';

const element = fc.constantFrom(
  'f:a',
  'f:b',
  'f:metadata',
  'f:status',
  'f:spec',
  'f:name',
  'k:{"x":1}',
  'v:2',
);
const paths = fc.array(fc.array(element, { minLength: 1, maxLength: 4 }), { maxLength: 12 });

function setOf(list: string[][]): FieldSet {
  const s = new FieldSet();
  for (const p of list) s.insert(p);
  return s;
}

// the model: what each operation means, path by path
const model = {
  union(a: FieldSet, b: FieldSet) {
    return setOf([...a.paths(), ...b.paths()]);
  },
  difference(a: FieldSet, b: FieldSet) {
    return setOf(a.paths().filter((p) => !b.has(p)));
  },
  intersection(a: FieldSet, b: FieldSet) {
    return setOf(a.paths().filter((p) => b.has(p)));
  },
};

const same = (x: FieldSet, y: FieldSet) => {
  expect(x.paths()).toEqual(y.paths());
  expect(x.toFieldsV1()).toEqual(y.toFieldsV1());
};

describe('FieldSet operations', () => {
  it('union, difference and intersection equal the path-by-path model', () => {
    fc.assert(
      fc.property(paths, paths, (p, q) => {
        const a = setOf(p);
        const b = setOf(q);
        same(a.union(b), model.union(a, b));
        same(a.difference(b), model.difference(a, b));
        same(a.intersection(b), model.intersection(a, b));
        expect(a.equals(b)).toBe(model.difference(a, b).empty() && model.difference(b, a).empty());
      }),
      { numRuns: 500 },
    );
  });

  it('returns the set itself when a union adds nothing or a difference removes nothing', () => {
    const a = setOf([
      ['f:spec', 'f:replicas'],
      ['f:spec', 'f:template'],
    ]);
    expect(a.union(setOf([['f:spec', 'f:replicas']]))).toBe(a);
    expect(a.union(setOf([['f:spec']]))).not.toBe(a);
    expect(a.difference(setOf([['f:status']]))).toBe(a);
    expect(a.difference(setOf([['f:spec']]))).toBe(a); // f:spec itself is not a member of a
    expect(a.difference(setOf([['f:spec', 'f:replicas']])).paths()).toEqual([['f:spec', 'f:template']]);
  });

  it('new sets share no node with the sets they were made from', () => {
    fc.assert(
      fc.property(paths, paths, (p, q) => {
        const a = setOf(p);
        const b = setOf(q);
        const before = [a.paths(), b.paths()];
        // a result that is not one of its inputs may be changed without changing them
        const results = [
          a.union(b),
          a.difference(b),
          a.intersection(b),
          a.retain(0, (pe, depth) => (pe === 'f:a' ? undefined : depth + 1)),
        ];
        for (const r of results)
          if (r !== a && r !== b)
            for (const path of [...a.paths(), ...b.paths()]) r.insert([...path, 'f:zz']);
        expect([a.paths(), b.paths()]).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('retain drops exactly the paths with a refused element, or gives the set itself', () => {
    fc.assert(
      fc.property(paths, element, fc.boolean(), (p, refused, wholeSpec) => {
        const a = setOf(p);
        // refuse `refused` anywhere except below a top-level f:spec, which is kept whole (ALL)
        const kept = a.retain('top', (pe, where) => {
          if (where === 'top' && wholeSpec && pe === 'f:spec') return ALL;
          return pe === refused ? undefined : 'below';
        });
        const expected = a
          .paths()
          .filter((path) => (wholeSpec && path[0] === 'f:spec') || !path.includes(refused));
        expect(kept.paths()).toEqual(expected);
        if (expected.length === a.paths().length) expect(kept).toBe(a);
      }),
      { numRuns: 500 },
    );
  });

  it('trackedOnly keeps what a write of each part may own', () => {
    const all = setOf([
      ['f:apiVersion'],
      ['f:kind'],
      ['f:metadata'],
      ['f:metadata', 'f:name'],
      ['f:metadata', 'f:resourceVersion'],
      ['f:metadata', 'f:labels'],
      ['f:metadata', 'f:labels', 'f:app'],
      ['f:spec'],
      ['f:spec', 'f:replicas'],
      ['f:status', 'f:phase'],
    ]);
    expect(trackedOnly(all, 'all').paths()).toEqual([
      ['f:metadata', 'f:labels'],
      ['f:metadata', 'f:labels', 'f:app'],
      ['f:spec'],
      ['f:spec', 'f:replicas'],
      ['f:status', 'f:phase'],
    ]);
    expect(trackedOnly(all, 'spec').paths()).toEqual([
      ['f:metadata', 'f:labels'],
      ['f:metadata', 'f:labels', 'f:app'],
      ['f:spec'],
      ['f:spec', 'f:replicas'],
    ]);
    expect(trackedOnly(all, 'status').paths()).toEqual([['f:status', 'f:phase']]);
    expect(trackedOnly(setOf([['f:metadata', 'f:uid']]), 'all').toFieldsV1()).toEqual({});
  });

  it('a set writes one frozen FieldsV1, and a stored FieldsV1 is read once', () => {
    const a = setOf([['f:spec', 'f:replicas'], ['f:spec']]);
    const v1 = a.toFieldsV1();
    expect(v1).toEqual({ 'f:spec': { '.': {}, 'f:replicas': {} } });
    expect(Object.isFrozen(v1)).toBe(true);
    expect(a.toFieldsV1()).toBe(v1);
    expect(a.union(setOf([['f:spec', 'f:replicas']])).toFieldsV1()).toBe(v1);
    const read = FieldSet.fromFieldsV1(v1);
    expect(read.paths()).toEqual(a.paths());
    expect(FieldSet.fromFieldsV1(v1)).toBe(read);
    expect(read.toFieldsV1()).toBe(v1);
    a.insert(['f:status']);
    expect(a.toFieldsV1()).toEqual({ 'f:spec': { '.': {}, 'f:replicas': {} }, 'f:status': {} });
    expect(FieldSet.fromFieldsV1(v1).paths()).toEqual([['f:spec'], ['f:spec', 'f:replicas']]);
  });

  it('child and prune build a set node by node without leaving empty branches', () => {
    const s = new FieldSet();
    s.child('f:spec').child('f:template'); // nothing marked below
    s.child('f:metadata').child('f:labels').mark();
    expect(s.prune().paths()).toEqual([['f:metadata', 'f:labels']]);
    expect(s.toFieldsV1()).toEqual({ 'f:metadata': { 'f:labels': {} } });
    expect(s.union(setOf([['f:metadata', 'f:labels']]))).toBe(s);
  });
});

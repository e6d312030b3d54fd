import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatLabelSelector,
  fromLabelMap,
  fromLabelSelectorObject,
  matchesLabels,
  parseLabelSelector,
} from '../../src/cluster/machinery/selectors.js';

const match = (sel: string, labels: Record<string, string>) => matchesLabels(parseLabelSelector(sel), labels);

describe('label selector matching', () => {
  const web = { app: 'web', tier: 'front', env: 'prod' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['env in (prod,staging)', true],
    ['env in (dev)', false],
    ['env notin (dev, staging)', true],
    ['env notin (prod)', false],
    ['missing notin (x)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['  app = web ,  env in ( prod ) ', true],
    ['', true],
  ])('%s -> %s', (sel, expected) => {
    expect(match(sel, web)).toBe(expected);
  });

  it('handles gt and lt on integer values', () => {
    expect(match('replicas>2', { replicas: '3' })).toBe(true);
    expect(match('replicas<2', { replicas: '3' })).toBe(false);
    expect(match('replicas>2', { replicas: 'many' })).toBe(false);
  });

  it('in with an empty value matches an empty label', () => {
    expect(match('a in (,x)', { a: '' })).toBe(true);
    expect(match('a=', { a: '' })).toBe(true);
  });
});

describe('label selector errors (Kubernetes wording)', () => {
  it.each([
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['a in b', "found 'b', expected: '('"],
    [
      'a in ()',
      "unable to parse requirement: values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    ],
    ['a (b)', "found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['a=b,', "found '', expected: !, identifier, or 'end of string'"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['!', "found '', expected: identifier"],
    [
      'a>b',
      `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
  ])('%s', (sel, message) => {
    expect(() => parseLabelSelector(sel)).toThrow(message);
  });

  it('rejects invalid keys and values with the validation message', () => {
    expect(() => parseLabelSelector('-bad=x')).toThrow(
      `unable to parse requirement: <nil>: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
    expect(() => parseLabelSelector('app=-x')).toThrow(
      `unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters`,
    );
    expect(() => parseLabelSelector('Example.com/app=x')).toThrow(
      'prefix part a lowercase RFC 1123 subdomain',
    );
    expect(() => parseLabelSelector(`${'a'.repeat(64)}=x`)).toThrow(
      'name part must be no more than 63 characters',
    );
  });
});

describe('LabelSelector objects', () => {
  it('converts matchLabels and matchExpressions and prints the canonical text', () => {
    const sel = fromLabelSelectorObject({
      matchLabels: { tier: 'front', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['staging', 'prod'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
        { key: 'os', operator: 'NotIn', values: ['windows'] },
      ],
    });
    expect(formatLabelSelector(sel)).toBe(
      'app=web,!canary,env in (prod,staging),os notin (windows),tier=front,zone',
    );
    expect(matchesLabels(sel, { app: 'web', tier: 'front', env: 'prod', zone: 'a' })).toBe(true);
    expect(matchesLabels(sel, { app: 'web', tier: 'front', env: 'prod', zone: 'a', canary: 'y' })).toBe(
      false,
    );
  });

  it('null selects nothing; {} selects everything', () => {
    expect(matchesLabels(fromLabelSelectorObject(null), {})).toBe(false);
    expect(matchesLabels(fromLabelSelectorObject({}), { any: 'x' })).toBe(true);
  });

  it('rejects bad operators and value sets', () => {
    expect(() =>
      fromLabelSelectorObject({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }),
    ).toThrow('"Equals" is not a valid label selector operator');
    expect(() =>
      fromLabelSelectorObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toThrow("values set can't be empty");
    expect(() =>
      fromLabelSelectorObject({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    ).toThrow('values set must be empty for exists and does not exist');
  });

  it('formats a map selector sorted by key', () => {
    expect(formatLabelSelector(fromLabelMap({ b: '2', a: '1' }))).toBe('a=1,b=2');
  });

  it('round-trips: parsing the canonical text gives the same matches (property)', () => {
    const key = fc.constantFrom('app', 'tier', 'env', 'k8s.io/zone');
    const value = fc.constantFrom('web', 'db', 'prod', 'x-1', '');
    const req = fc.oneof(
      fc.record({
        key,
        operator: fc.constantFrom('In', 'NotIn'),
        values: fc.array(
          value.filter((v) => v !== ''),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      fc.record({ key, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
    );
    const labels = fc.dictionary(key, value, { maxKeys: 4 });
    fc.assert(
      fc.property(
        fc.array(req, { maxLength: 4 }),
        fc.dictionary(
          key,
          value.filter((v) => v !== ''),
          { maxKeys: 2 },
        ),
        labels,
        (exprs, matchLabels, l) => {
          const sel = fromLabelSelectorObject({ matchLabels, matchExpressions: exprs });
          const reparsed = parseLabelSelector(formatLabelSelector(sel));
          expect(matchesLabels(reparsed, l)).toBe(matchesLabels(sel, l));
        },
      ),
    );
  });
});

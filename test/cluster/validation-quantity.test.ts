import { describe, expect, it } from 'vitest';
import {
  addQuantity,
  canonicalQuantity,
  compareQuantity,
  integerValue,
  isQuantity,
  milliValue,
  parseQuantity,
  QuantityError,
} from '../../src/cluster/machinery/quantity';

describe('Kubernetes quantities', () => {
  it.each([
    ['0.5', '500m'],
    ['500m', '500m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2000', '2k'],
    ['1500', '1500'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['1536', '1536'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['12e6', '12e6'],
    ['100M', '100M'],
    ['0', '0'],
    ['-1', '-1'],
    ['0.1n', '1n'],
  ])('%s prints as %s', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  it('numbers are quantities too', () => {
    expect(canonicalQuantity(0.25)).toBe('250m');
    expect(canonicalQuantity(2)).toBe('2');
  });

  it('rejects what the API server rejects', () => {
    for (const bad of ['', '1GB', '1 Gi', 'abc', '1.2.3', 'Mi', '--1'])
      expect(isQuantity(bad), bad).toBe(false);
    expect(() => parseQuantity('1GB')).toThrow(QuantityError);
  });

  it('compares, adds and converts exactly', () => {
    expect(compareQuantity(parseQuantity('1Gi'), parseQuantity('1000Mi'))).toBe(1);
    expect(compareQuantity(parseQuantity('1'), parseQuantity('1000m'))).toBe(0);
    expect(canonicalQuantityOf(addQuantity(parseQuantity('250m'), parseQuantity('0.75')))).toBe('1');
    expect(milliValue(parseQuantity('1.5'))).toBe(1500);
    expect(milliValue(parseQuantity('1n'))).toBe(1);
    expect(integerValue(parseQuantity('1Gi'))).toBe(1073741824);
    expect(integerValue(parseQuantity('100m'))).toBe(1);
  });
});

import { formatQuantity, type Quantity } from '../../src/cluster/machinery/quantity';
function canonicalQuantityOf(q: Quantity): string {
  return formatQuantity(q);
}

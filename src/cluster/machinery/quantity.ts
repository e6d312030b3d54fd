/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`): parsing, the API server's canonical
 * form, arithmetic and comparison.
 *
 * A quantity is held exactly as a count of nano-units (10^-9) in a bigint, plus the format its
 * text used (binary SI suffixes, decimal SI suffixes or a decimal exponent), which decides how it
 * is printed. Like Kubernetes, precision finer than 1n is rounded up.
 */

/** How a quantity prints: `Ki`/`Mi`/... , `m`/`k`/`M`/... , or `e3`/`e6`/... */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** An exact quantity. */
export interface Quantity {
  /** The value in units of 10^-9. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

/** The message the API server gives for text that is not a quantity. */
export const QUANTITY_SYNTAX_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Thrown for text that does not parse as a quantity. */
export class QuantityError extends Error {
  constructor(readonly input: string) {
    super(QUANTITY_SYNTAX_MESSAGE);
    this.name = 'QuantityError';
  }
}

const NANO = 1_000_000_000n;
const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = Object.fromEntries(
  Object.entries(DECIMAL).map(([s, e]) => [e, s]),
);
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Divides rounding away from zero (Kubernetes rounds sub-nano precision up). */
function divCeil(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : a > 0n ? q + 1n : q - 1n;
}

/** Parses quantity text or a JSON number. Throws QuantityError when it is not a quantity. */
export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === 'number' ? numberText(input) : input.trim();
  const m = SYNTAX.exec(text);
  if (!m || text === '' || (m[2] === '' && (m[3] === undefined || m[3] === '')))
    throw new QuantityError(String(input));
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  // digits as an integer, scaled by 10^-frac.length
  let digits = BigInt((whole || '0') + frac);
  let scale = -frac.length;
  let format: QuantityFormat = 'DecimalSI';
  let nanos: bigint;
  if (suffix in BINARY) {
    format = 'BinarySI';
    digits *= BINARY[suffix]!;
  } else if (suffix in DECIMAL) {
    scale += DECIMAL[suffix]!;
  } else {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  }
  // value = digits * 10^scale; nanos = digits * 10^(scale + 9)
  const shift = scale + 9;
  nanos = shift >= 0 ? digits * pow10(shift) : divCeil(digits, pow10(-shift));
  if (sign === '-') nanos = -nanos;
  return { nanos, format };
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(String(n));
  return String(n).replace('e+', 'e');
}

/** True when the text (or number) is a valid quantity. */
export function isQuantity(input: string | number): boolean {
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}

/** The quantity, or undefined when the input is not one. */
export function tryParseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

function formatDecimal(nanos: bigint, exponentStyle: boolean): string {
  if (nanos === 0n) return '0';
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  let exp = -9;
  let mantissa = abs;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  const suffix = exponentStyle ? (exp === 0 ? '' : `e${exp}`) : DECIMAL_SUFFIX[exp]!;
  return `${negative ? '-' : ''}${mantissa}${suffix}`;
}

/** The canonical text the API server stores and prints (`0.5` -> `500m`, `1.5Gi` -> `1536Mi`). */
export function formatQuantity(q: Quantity): string {
  if (q.format === 'BinarySI') {
    const small = q.nanos > -1024n * NANO && q.nanos < 1024n * NANO;
    if (!small && q.nanos % NANO === 0n) {
      let n = q.nanos / NANO;
      let i = 0;
      while (i < BINARY_SUFFIXES.length - 1 && n % 1024n === 0n) {
        n /= 1024n;
        i++;
      }
      return `${n}${BINARY_SUFFIXES[i]}`;
    }
    return formatDecimal(q.nanos, false);
  }
  return formatDecimal(q.nanos, q.format === 'DecimalExponent');
}

/** Parses and prints in canonical form; throws QuantityError for bad input. */
export function canonicalQuantity(input: string | number): string {
  return formatQuantity(parseQuantity(input));
}

/** -1, 0 or 1. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** a + b, in a's format (b's when a is zero, as Kubernetes does). */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

/** a - b, in a's format. */
export function subtractQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.format };
}

/** q times an integer factor. */
export function multiplyQuantity(q: Quantity, factor: number): Quantity {
  return { nanos: q.nanos * BigInt(Math.trunc(factor)), format: q.format };
}

/** A zero quantity in the given format. */
export function zeroQuantity(format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: 0n, format };
}

/** The value in thousandths, rounded up (Kubernetes' MilliValue: `250m` -> 250, `1` -> 1000). */
export function milliValue(q: Quantity): number {
  return Number(divCeil(q.nanos, 1_000_000n));
}

/** The value rounded up to an integer (Kubernetes' Value: `1Gi` -> 1073741824, `100m` -> 1). */
export function integerValue(q: Quantity): number {
  return Number(divCeil(q.nanos, NANO));
}

/** The value as a floating-point number (for ratios and display only). */
export function quantityToNumber(q: Quantity): number {
  return Number(q.nanos) / 1e9;
}

/**
 * A seeded pseudo-random generator and the names and ids Kubernetes makes with randomness:
 * uids (v4 shape), `generateName` suffixes (`x2kqp`), pod-template-hash strings (`7d4b9c8f6d`)
 * and IPs. The same seed gives the same sequence, so a cluster is reproducible bit for bit.
 */

/** The alphabet Kubernetes uses for random name suffixes (no vowels, no 0/1/3, so no words). */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Length of the random suffix added to `metadata.generateName`. */
export const GENERATE_NAME_SUFFIX = 5;

/** Longest name a `generateName` base keeps (63 - 5), as the API server truncates it. */
const MAX_GENERATED_BASE = 58;

/** splitmix32: turns any 32-bit value into a well-mixed one (used to seed). */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a 32-bit hash of a string (Kubernetes hashes pod templates with FNV-32a). */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    // UTF-8 encode so the hash matches a byte-wise FNV over the same text.
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
    }
    const bytes =
      c < 0x800
        ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
        : c < 0x10000
          ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
          : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Kubernetes' `rand.SafeEncodeString` of a number's decimal form: each digit character mapped
 * into `NAME_ALPHABET`. This is how `pod-template-hash` values such as `7d4b9c8f6d` arise.
 */
export function safeEncode(value: number | string): string {
  const digits = String(value);
  let out = '';
  for (let i = 0; i < digits.length; i++) out += NAME_ALPHABET[digits.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

/** A pod-template-hash for any JSON-able template (FNV-32a of its canonical JSON, safe-encoded). */
export function templateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(fnv32a(canonicalJson(template) + (collisionCount ? `#${collisionCount}` : '')));
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The exportable state of a `Random` (four 32-bit words). */
export type RandomState = [number, number, number, number];

/**
 * sfc32, a small fast generator with a 128-bit state. Seed it with a number or a string;
 * `state()`/`Random.fromState` save and restore it exactly (snapshots carry it).
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string = 1) {
    let s = typeof seed === 'number' ? seed >>> 0 : fnv32a(seed);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      s = splitmix32(s);
      words.push(s);
    }
    [this.a, this.b, this.c, this.d] = words as RandomState;
    for (let i = 0; i < 12; i++) this.uint32(); // warm up
  }

  /** A generator continuing exactly where `state` was taken. */
  static fromState(state: RandomState): Random {
    const r = new Random(0);
    [r.a, r.b, r.c, r.d] = state.map((x) => x >>> 0) as RandomState;
    return r;
  }

  state(): RandomState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n) without modulo bias. */
  int(n: number): number {
    if (!(n >= 1) || n > 4294967296) throw new RangeError(`Random.int: bad bound ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return x % n;
    }
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.pick: empty array');
    return items[this.int(items.length)]!;
  }

  /** `n` characters from `NAME_ALPHABET`, like Kubernetes' `rand.String(n)`. */
  string(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return out;
  }

  /**
   * A uid in the v4 UUID shape: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`. Built from character
   * codes into one flat string: every object keeps its uid for life, and a concatenation would
   * stay a chain of small strings in memory (about five times the size).
   */
  uid(): string {
    const w0 = this.uint32();
    const w1 = this.uint32();
    const w2 = this.uint32();
    const w3 = this.uint32();
    const codes = UID_CODES;
    let at = 0;
    at = hexCodes(codes, at, w0, 8);
    codes[at++] = DASH;
    at = hexCodes(codes, at, w1 >>> 16, 4);
    codes[at++] = DASH;
    at = hexCodes(codes, at, 0x4000 | (w1 & 0x0fff), 4);
    codes[at++] = DASH;
    at = hexCodes(codes, at, 0x8000 | ((w2 >>> 16) & 0x3fff), 4);
    codes[at++] = DASH;
    at = hexCodes(codes, at, w2 & 0xffff, 4);
    hexCodes(codes, at, w3, 8);
    return String.fromCharCode.apply(null, codes as unknown as number[]);
  }

  /** A name from `generateName`: the base (cut to 58 characters) plus 5 random characters. */
  generateName(base: string): string {
    // Joined: one flat string (a `+` of 13 characters or more is a pair of pointers until flattened).
    return [base.slice(0, MAX_GENERATED_BASE), this.string(GENERATE_NAME_SUFFIX)].join('');
  }

  /** A random pod-template-hash-shaped string (10 characters of the name alphabet). */
  hashLike(): string {
    return safeEncode(this.uint32()).padEnd(10, NAME_ALPHABET[0]).slice(0, 10);
  }
}

// ---------------------------------------------------------------- IPv4 helpers

/** `10.96.0.1` -> 174063617. Throws on malformed input. */
export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    throw new Error(`invalid IPv4 address: ${ip}`);
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** 174063617 -> `10.96.0.1`. */
export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** A parsed IPv4 CIDR: its first address, size, and the usable host range. */
export interface Cidr {
  text: string;
  base: number;
  size: number;
  /** First usable address (network + 1). */
  first: number;
  /** Last usable address (broadcast - 1). */
  last: number;
}

/** Parses `10.96.0.0/12`. */
export function parseCidr(text: string): Cidr {
  const [ip, bitsText] = text.split('/');
  const bits = Number(bitsText);
  if (!ip || !Number.isInteger(bits) || bits < 0 || bits > 32) throw new Error(`invalid CIDR: ${text}`);
  const size = 2 ** (32 - bits);
  const base = ipToInt(ip) - (ipToInt(ip) % size);
  return {
    text,
    base,
    size,
    first: size > 2 ? base + 1 : base,
    last: size > 2 ? base + size - 2 : base + size - 1,
  };
}

/** True when `ip` lies in `cidr`. */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  const n = ipToInt(ip);
  return n >= cidr.base && n < cidr.base + cidr.size;
}

/** The `index`-th /`bits` subnet of a CIDR: `subnet(parseCidr('10.244.0.0/16'), 24, 2)` = `10.244.2.0/24`. */
export function subnet(cidr: Cidr, bits: number, index: number): string {
  const size = 2 ** (32 - bits);
  if (size > cidr.size || (index + 1) * size > cidr.size)
    throw new RangeError(`no subnet ${index} of /${bits} in ${cidr.text}`);
  return `${intToIp(cidr.base + index * size)}/${bits}`;
}

/**
 * Hands out addresses from a CIDR: sequentially (pod IPs per node, as host-local IPAM does) or at
 * random (Service cluster IPs, as the API server does), never one in use. `reserve` marks
 * addresses taken (e.g. after a snapshot import); `release` frees one.
 */
export class IpAllocator {
  readonly cidr: Cidr;
  private readonly used = new Set<number>();
  private cursor: number;

  constructor(cidr: string, reserved: string[] = []) {
    this.cidr = parseCidr(cidr);
    this.cursor = this.cidr.first;
    for (const ip of reserved) this.reserve(ip);
  }

  /** Marks `ip` as in use; false if it is outside the range or already taken. */
  reserve(ip: string): boolean {
    const n = ipToInt(ip);
    if (n < this.cidr.first || n > this.cidr.last || this.used.has(n)) return false;
    this.used.add(n);
    return true;
  }

  release(ip: string): void {
    this.used.delete(ipToInt(ip));
  }

  /** How many addresses are still free. */
  get free(): number {
    return this.cidr.last - this.cidr.first + 1 - this.used.size;
  }

  /** The next free address after the last one handed out (wrapping); undefined when full. */
  next(): string | undefined {
    const span = this.cidr.last - this.cidr.first + 1;
    for (let i = 0; i < span; i++) {
      const n = this.cursor;
      this.cursor = n >= this.cidr.last ? this.cidr.first : n + 1;
      if (!this.used.has(n)) {
        this.used.add(n);
        return intToIp(n);
      }
    }
    return undefined;
  }

  /** A free address chosen with `random` (falls back to a scan when the range is nearly full). */
  random(random: Random): string | undefined {
    const span = this.cidr.last - this.cidr.first + 1;
    if (this.used.size >= span) return undefined;
    for (let tries = 0; tries < 32; tries++) {
      const n = this.cidr.first + random.int(span);
      if (!this.used.has(n)) {
        this.used.add(n);
        return intToIp(n);
      }
    }
    return this.next();
  }
}

const DASH = 0x2d;
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** The character codes of the uid being built (36: 32 hex digits and 4 dashes). */
const UID_CODES: number[] = new Array<number>(36).fill(0);

/** Writes `n` (unsigned, 32 bits at most) as `width` lowercase hex digits at `at`; returns the end. */
function hexCodes(codes: number[], at: number, n: number, width: number): number {
  for (let i = width - 1; i >= 0; i--) {
    codes[at + i] = HEX_CODES[n & 0xf]!;
    n >>>= 4;
  }
  return at + width;
}

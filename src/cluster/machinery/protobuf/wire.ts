/**
 * A reader for the protobuf wire format: varints (up to 64 bits), length-delimited fields and
 * skipping of fixed 32/64-bit fields, with errors that name the byte where the input went wrong.
 * Offsets in errors count from the start of the whole body, not of the nested message.
 */

/**
 * A malformed or unsupported protobuf body. The message starts with `protobuf body: `; `status` is
 * the HTTP status to answer with: 400 for a malformed body, 415 for a kind or content encoding
 * that cannot be decoded.
 */
export class ProtobufError extends Error {
  constructor(
    detail: string,
    readonly status: 400 | 415 = 400,
  ) {
    super(`protobuf body: ${detail}`);
    this.name = 'ProtobufError';
  }
}

/** Wire types that Kubernetes messages use (3 and 4, the deprecated groups, are rejected). */
export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

/** One field as it appeared on the wire. */
export interface WireField {
  readonly no: number;
  readonly wire: number;
  /** Offset of the field's tag in the whole body. */
  readonly at: number;
  /** The value of a varint field (unsigned, as read). */
  readonly varint?: bigint;
  /** The payload of a length-delimited field: [start, end) offsets into the body. */
  readonly start?: number;
  readonly end?: number;
}

/** Reads fields from `bytes[pos, end)`. */
export class WireReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  /** True when every byte up to `end` has been read. */
  done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a varint of up to ten bytes as an unsigned 64-bit value. */
  varint(): bigint {
    const start = this.pos;
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtobufError(`truncated varint at byte ${start}`);
      const b = this.bytes[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new ProtobufError(`varint longer than 10 bytes at byte ${start}`);
  }

  /** Reads a varint that must fit a non-negative safe integer (tags and lengths). */
  smallVarint(what: string): number {
    const at = this.pos;
    const v = this.varint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtobufError(`${what} too large at byte ${at}`);
    return Number(v);
  }

  /** Skips `n` bytes, failing if fewer remain. */
  skip(n: number, at: number): void {
    if (n > this.end - this.pos) {
      throw new ProtobufError(`truncated field at byte ${at}: needs ${n} bytes, ${this.end - this.pos} left`);
    }
    this.pos += n;
  }

  /** Reads the next field: its tag and its value (varint) or payload range (length-delimited). */
  field(): WireField {
    const at = this.pos;
    const tag = this.smallVarint('tag');
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    if (no === 0) throw new ProtobufError(`field number 0 at byte ${at}`);
    switch (wire) {
      case WireType.Varint:
        return { no, wire, at, varint: this.varint() };
      case WireType.Fixed64:
        this.skip(8, at);
        return { no, wire, at };
      case WireType.Fixed32:
        this.skip(4, at);
        return { no, wire, at };
      case WireType.Bytes: {
        const len = this.smallVarint('length');
        const start = this.pos;
        this.skip(len, at);
        return { no, wire, at, start, end: start + len };
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wire} at byte ${at}`);
    }
  }

  /** Reads every field up to `end`. */
  fields(): WireField[] {
    const out: WireField[] = [];
    while (!this.done()) out.push(this.field());
    return out;
  }
}

/** Reads all fields of the message held in `bytes[start, end)`. */
export function readFields(bytes: Uint8Array, start = 0, end = bytes.length): WireField[] {
  return new WireReader(bytes, start, end).fields();
}

/** The signed 32-bit value of a varint (negative int32 values are sent as ten-byte varints). */
export function int32Of(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** The signed 64-bit value of a varint as a JS number (exact up to 2^53). */
export function int64Of(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

/** UTF-8 text of `bytes[start, end)`; invalid sequences become U+FFFD. */
export function utf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  const units: number[] = [];
  for (let i = start; i < end;) {
    const b = bytes[i]!;
    let cp = 0xfffd;
    let n = 1;
    const cont = (k: number) => i + k < end && (bytes[i + k]! & 0xc0) === 0x80;
    if (b < 0x80) cp = b;
    else if (b >= 0xc2 && b < 0xe0 && cont(1)) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      n = 2;
    } else if (b >= 0xe0 && b < 0xf0 && cont(1) && cont(2)) {
      cp = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      n = cp < 0x800 || (cp >= 0xd800 && cp < 0xe000) ? 1 : 3;
      if (n === 1) cp = 0xfffd;
    } else if (b >= 0xf0 && b < 0xf5 && cont(1) && cont(2) && cont(3)) {
      cp =
        ((b & 0x07) << 18) |
        ((bytes[i + 1]! & 0x3f) << 12) |
        ((bytes[i + 2]! & 0x3f) << 6) |
        (bytes[i + 3]! & 0x3f);
      n = cp < 0x10000 || cp > 0x10ffff ? 1 : 4;
      if (n === 1) cp = 0xfffd;
    }
    i += n;
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
    if (units.length >= 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding) of `bytes[start, end)`, as Go's JSON encodes a []byte. */
export function base64(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < end ? bytes[i + 1]! : 0;
    const c = i + 2 < end ? bytes[i + 2]! : 0;
    out += B64[a >> 2]! + B64[((a & 3) << 4) | (b >> 4)]!;
    out += i + 1 < end ? B64[((b & 15) << 2) | (c >> 6)]! : '=';
    out += i + 2 < end ? B64[c & 63]! : '=';
  }
  return out;
}

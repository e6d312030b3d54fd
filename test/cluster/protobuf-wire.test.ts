/** The protobuf wire reader: varints, length-delimited fields, skipping, and its error messages. */
import { describe, expect, it } from 'vitest';
import {
  ProtobufError,
  WireReader,
  base64,
  int32Of,
  int64Of,
  readFields,
  utf8,
} from '../../src/cluster/machinery/protobuf/wire';
import { formatUtc } from '../../src/cluster/machinery/protobuf/go-json';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('varints', () => {
  it('reads one-byte, two-byte and 64-bit values', () => {
    expect(new WireReader(bytes(0x00)).varint()).toBe(0n);
    expect(new WireReader(bytes(0x7f)).varint()).toBe(127n);
    expect(new WireReader(bytes(0xac, 0x02)).varint()).toBe(300n);
    expect(new WireReader(bytes(0x80, 0x80, 0x80, 0x80, 0x10)).varint()).toBe(1n << 32n);
    const max = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    expect(new WireReader(max).varint()).toBe((1n << 64n) - 1n);
  });

  it('turns ten-byte negative values into signed int32 and int64', () => {
    const minusOne = new WireReader(
      bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
    ).varint();
    expect(int32Of(minusOne)).toBe(-1);
    expect(int64Of(minusOne)).toBe(-1);
    expect(int32Of(300n)).toBe(300);
    // 2^53 is still exact as a JS number.
    expect(int64Of(1n << 53n)).toBe(2 ** 53);
  });

  it('advances past what it read', () => {
    const r = new WireReader(bytes(0xac, 0x02, 0x05));
    expect(r.varint()).toBe(300n);
    expect(r.pos).toBe(2);
    expect(r.varint()).toBe(5n);
    expect(r.done()).toBe(true);
  });

  it('reports a truncated varint at the byte where it starts', () => {
    const r = new WireReader(bytes(0x08, 0x96));
    r.pos = 1;
    expect(() => r.varint()).toThrow(new ProtobufError('truncated varint at byte 1'));
    expect(() => new WireReader(bytes()).varint()).toThrow('protobuf body: truncated varint at byte 0');
  });

  it('rejects a varint longer than ten bytes', () => {
    const long = new Uint8Array(11).fill(0x80);
    expect(() => new WireReader(long).varint()).toThrow(
      'protobuf body: varint longer than 10 bytes at byte 0',
    );
  });
});

describe('fields', () => {
  it('reads varint and length-delimited fields with their offsets', () => {
    // field 1 varint 150, field 2 "hi"
    const f = readFields(bytes(0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69));
    expect(f).toEqual([
      { no: 1, wire: 0, at: 0, varint: 150n },
      { no: 2, wire: 2, at: 3, start: 5, end: 7 },
    ]);
  });

  it('skips fixed 32- and 64-bit fields', () => {
    // field 3 fixed32, field 4 fixed64, field 5 varint 1
    const data = bytes(0x1d, 1, 2, 3, 4, 0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x28, 0x01);
    const f = readFields(data);
    expect(f.map((x) => [x.no, x.wire])).toEqual([
      [3, 5],
      [4, 1],
      [5, 0],
    ]);
    expect(f[2]!.varint).toBe(1n);
  });

  it('reads only inside the given range (nested messages)', () => {
    const data = bytes(0x0a, 0x02, 0x08, 0x07, 0x10, 0x01);
    const outer = readFields(data);
    expect(outer.map((x) => x.no)).toEqual([1, 2]);
    const inner = readFields(data, outer[0]!.start, outer[0]!.end);
    expect(inner).toEqual([{ no: 1, wire: 0, at: 2, varint: 7n }]);
  });

  it('reports a length that runs past the end', () => {
    expect(() => readFields(bytes(0x08, 0x01, 0x12, 0x05, 0x61))).toThrow(
      'protobuf body: truncated field at byte 2: needs 5 bytes, 1 left',
    );
    expect(() => readFields(bytes(0x1d, 1, 2))).toThrow(
      'protobuf body: truncated field at byte 0: needs 4 bytes, 2 left',
    );
  });

  it('reports a truncated tag, group wire types and field number 0', () => {
    expect(() => readFields(bytes(0x08, 0x01, 0x80))).toThrow('protobuf body: truncated varint at byte 2');
    expect(() => readFields(bytes(0x0b))).toThrow('protobuf body: unsupported wire type 3 at byte 0');
    expect(() => readFields(bytes(0x00, 0x00))).toThrow('protobuf body: field number 0 at byte 0');
  });

  it('stays inside a nested range even when a length points beyond it', () => {
    // outer field 1 holds 2 bytes: an inner length-delimited field claiming 9 bytes
    const data = bytes(0x0a, 0x02, 0x0a, 0x09, 0x00, 0x00, 0x00);
    expect(() => readFields(data, 2, 4)).toThrow(
      'protobuf body: truncated field at byte 2: needs 9 bytes, 0 left',
    );
  });
});

describe('text helpers', () => {
  it('decodes UTF-8, replacing invalid bytes', () => {
    const enc = new TextEncoder();
    for (const s of ['', 'nginx', 'ünïcødé', '日本', 'emoji 🚀']) expect(utf8(enc.encode(s))).toBe(s);
    expect(utf8(bytes(0x61, 0xff, 0x62))).toBe('a\ufffdb');
    expect(utf8(bytes(0xe6, 0x97))).toBe('\ufffd\ufffd');
  });

  it('encodes base64 with padding, as Go prints []byte', () => {
    const enc = new TextEncoder();
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['s3cr3t', 'czNjcjN0'],
    ];
    for (const [text, b64] of cases) expect(base64(enc.encode(text))).toBe(b64);
    expect(base64(bytes(0x00, 0xff, 0xfe, 0x80, 0x41, 0x0a))).toBe('AP/+gEEK');
    expect(base64(bytes(9, 0x66, 0x6f, 9), 1, 3)).toBe('Zm8=');
  });

  it('formats Unix seconds as RFC 3339 in UTC', () => {
    expect(formatUtc(0)).toBe('1970-01-01T00:00:00Z');
    expect(formatUtc(1767225600)).toBe('2026-01-01T00:00:00Z');
    expect(formatUtc(951782400 + 86399)).toBe('2000-02-29T23:59:59Z');
    expect(formatUtc(1767225600, 123456789, 6)).toBe('2026-01-01T00:00:00.123456Z');
  });
});

/**
 * Turns protobuf messages into the JSON that Go's encoding/json would print for the same
 * Kubernetes object, driven by the message tables (schema.ts). The Go rules it applies:
 * non-pointer scalars print even when zero unless `omitempty`; pointers print exactly when set;
 * structs always print (`omitempty` does not drop them); nil lists and maps without `omitempty`
 * print as `null`; `[]byte` prints as base64; embedded structs are inlined.
 *
 * Special messages: `Time` (RFC 3339 in UTC, `null` when zero), `MicroTime` (six fraction
 * digits), `Quantity` (its string, `"0"` when empty), `IntOrString` (a number or a string) and
 * `FieldsV1` (its raw JSON).
 */
import type { FieldDef, MessageDef, ScalarType } from './schema';
import {
  ProtobufError,
  WireReader,
  WireType,
  base64,
  int32Of,
  int64Of,
  readFields,
  utf8,
  type WireField,
} from './wire';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Messages whose JSON form is computed by code rather than from a table. */
export const SPECIAL_MESSAGES = new Set(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'FieldsV1']);

/** Go's zero `time.Time` as Unix seconds (what a zero Time would carry if sent with its value). */
const GO_ZERO_TIME_SECONDS = -62135596800;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2026-01-01T00:00:00Z` for Unix seconds (proleptic Gregorian, UTC), plus optional fraction digits. */
export function formatUtc(seconds: number, nanos = 0, fractionDigits = 0): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  // Civil date from a day count (days since 1970-01-01).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hh = Math.floor(rest / 3600);
  const mm = Math.floor(rest / 60) % 60;
  const fraction = fractionDigits > 0 ? '.' + pad(nanos, 9).slice(0, fractionDigits) : '';
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hh)}:${pad(mm)}:${pad(rest % 60)}${fraction}Z`;
}

const EXPECTED_WIRE: Record<ScalarType, number> = {
  string: WireType.Bytes,
  bytes: WireType.Bytes,
  int32: WireType.Varint,
  int64: WireType.Varint,
  bool: WireType.Varint,
};

const ZERO: Record<ScalarType, Json> = { string: '', bytes: '', int32: 0, int64: 0, bool: false };

/** Decodes messages by name from a set of tables. */
export class GoJsonDecoder {
  constructor(private readonly messages: ReadonlyMap<string, MessageDef>) {
    for (const def of messages.values()) {
      for (const f of def.fields) {
        if (
          f.type.kind === 'message' &&
          !messages.has(f.type.message) &&
          !SPECIAL_MESSAGES.has(f.type.message)
        ) {
          throw new Error(`${def.name}.${f.json || '(inline)'}: unknown message ${f.type.message}`);
        }
        if (f.inline && (f.type.kind !== 'message' || f.repeated || f.map)) {
          throw new Error(`${def.name}: only a single message field can be inline`);
        }
      }
    }
  }

  /** Whether a message of this name can be decoded. */
  has(name: string): boolean {
    return this.messages.has(name) || SPECIAL_MESSAGES.has(name);
  }

  /** Decodes the message held in `bytes[start, end)`. */
  decode(name: string, bytes: Uint8Array, start = 0, end = bytes.length): Json {
    return this.fromFields(name, bytes, readFields(bytes, start, end));
  }

  /** The JSON of a message given all its wire fields (occurrences of one field merge, as in protobuf). */
  private fromFields(name: string, bytes: Uint8Array, fields: WireField[]): Json {
    if (SPECIAL_MESSAGES.has(name)) return this.special(name, bytes, fields);
    const def = this.messages.get(name);
    if (!def) throw new ProtobufError(`no definition for message ${name}`);
    const byNo = new Map<number, WireField[]>();
    for (const w of fields) {
      if (!def.byNumber.has(w.no)) continue; // unknown fields are skipped
      const list = byNo.get(w.no);
      if (list) list.push(w);
      else byNo.set(w.no, [w]);
    }
    const out: { [key: string]: Json } = {};
    for (const f of def.fields) this.field(def, f, byNo.get(f.no) ?? [], bytes, out);
    return out;
  }

  private field(
    def: MessageDef,
    f: FieldDef,
    occ: WireField[],
    bytes: Uint8Array,
    out: { [key: string]: Json },
  ): void {
    if (f.map) {
      const obj: { [key: string]: Json } = {};
      for (const w of occ) {
        this.expectWire(def, f, w, WireType.Bytes);
        const entry = readFields(bytes, w.start, w.end);
        let key = '';
        const valueFields: WireField[] = [];
        let scalar: WireField | undefined;
        for (const e of entry) {
          if (e.no === 1) {
            this.expectWire(def, f, e, WireType.Bytes);
            key = utf8(bytes, e.start, e.end);
          } else if (e.no === 2) {
            if (f.type.kind === 'message') {
              this.expectWire(def, f, e, WireType.Bytes);
              valueFields.push(...readFields(bytes, e.start, e.end));
            } else scalar = e;
          }
        }
        obj[key] =
          f.type.kind === 'message'
            ? this.fromFields(f.type.message, bytes, valueFields)
            : scalar
              ? this.scalar(def, f, f.type.scalar, scalar, bytes)
              : ZERO[f.type.scalar];
      }
      if (Object.keys(obj).length > 0) out[f.json] = obj;
      else if (!f.omitempty) out[f.json] = null;
      return;
    }
    if (f.repeated) {
      const list: Json[] = [];
      for (const w of occ) {
        if (f.type.kind === 'message') {
          this.expectWire(def, f, w, WireType.Bytes);
          list.push(this.fromFields(f.type.message, bytes, readFields(bytes, w.start, w.end)));
        } else if (w.wire === WireType.Bytes && EXPECTED_WIRE[f.type.scalar] === WireType.Varint) {
          // A packed list of varints.
          const reader = new WireReader(bytes, w.start, w.end);
          while (!reader.done()) list.push(this.varintValue(f.type.scalar, reader.varint()));
        } else list.push(this.scalar(def, f, f.type.scalar, w, bytes));
      }
      if (list.length > 0) out[f.json] = list;
      else if (!f.omitempty) out[f.json] = null;
      return;
    }
    if (f.type.kind === 'message') {
      if (occ.length === 0 && f.pointer) return;
      const sub: WireField[] = [];
      for (const w of occ) {
        this.expectWire(def, f, w, WireType.Bytes);
        sub.push(...readFields(bytes, w.start, w.end));
      }
      const value = this.fromFields(f.type.message, bytes, sub);
      if (f.inline) {
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, value);
      } else out[f.json] = value;
      return;
    }
    const last = occ[occ.length - 1];
    if (!last && f.pointer) return;
    const value = last ? this.scalar(def, f, f.type.scalar, last, bytes) : ZERO[f.type.scalar];
    if (!f.pointer && f.omitempty && value === ZERO[f.type.scalar]) return;
    out[f.json] = value;
  }

  private expectWire(def: MessageDef, f: FieldDef, w: WireField, wire: number): void {
    if (w.wire !== wire) {
      throw new ProtobufError(
        `${def.name}.${f.json || '(inline)'} (field ${f.no}) has wire type ${w.wire}, expected ${wire}, at byte ${w.at}`,
      );
    }
  }

  private scalar(def: MessageDef, f: FieldDef, type: ScalarType, w: WireField, bytes: Uint8Array): Json {
    this.expectWire(def, f, w, EXPECTED_WIRE[type]);
    if (type === 'string') return utf8(bytes, w.start, w.end);
    if (type === 'bytes') return base64(bytes, w.start, w.end);
    return this.varintValue(type, w.varint!);
  }

  private varintValue(type: ScalarType, v: bigint): Json {
    if (type === 'int32') return int32Of(v);
    if (type === 'int64') return int64Of(v);
    return v !== 0n;
  }

  private special(name: string, bytes: Uint8Array, fields: WireField[]): Json {
    const last = (no: number): WireField | undefined => fields.filter((w) => w.no === no).pop();
    const num = (no: number, signed: (v: bigint) => number): number => {
      const w = last(no);
      if (!w) return 0;
      if (w.wire !== WireType.Varint)
        throw new ProtobufError(`${name} field ${no} has wire type ${w.wire} at byte ${w.at}`);
      return signed(w.varint!);
    };
    const str = (no: number): string => {
      const w = last(no);
      if (!w) return '';
      if (w.wire !== WireType.Bytes)
        throw new ProtobufError(`${name} field ${no} has wire type ${w.wire} at byte ${w.at}`);
      return utf8(bytes, w.start, w.end);
    };
    switch (name) {
      case 'Time':
      case 'MicroTime': {
        const seconds = num(1, int64Of);
        const nanos = num(2, int32Of);
        if ((seconds === 0 && nanos === 0) || seconds === GO_ZERO_TIME_SECONDS) return null;
        return formatUtc(seconds, nanos, name === 'MicroTime' ? 6 : 0);
      }
      case 'Quantity':
        return str(1) || '0';
      case 'IntOrString':
        return num(1, int64Of) === 1 ? str(3) : num(2, int32Of);
      case 'FieldsV1': {
        const text = str(1);
        if (!text) return null;
        try {
          return JSON.parse(text) as Json;
        } catch {
          throw new ProtobufError('FieldsV1 does not hold JSON');
        }
      }
      default:
        throw new ProtobufError(`no definition for message ${name}`);
    }
  }
}

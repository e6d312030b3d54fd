/**
 * The project's format for Kubernetes message definitions: per message, its fields in the order
 * the Go struct declares them (which is the order of keys in the JSON the API server and kubectl
 * print), each as `[field number, JSON name, type, ...flags]`.
 *
 * Types: `string`, `int32`, `int64`, `bool`, `bytes`, a message name, `repeated T`, or
 * `map<string, T>`. The special messages `Time`, `MicroTime`, `Quantity`, `IntOrString` and
 * `FieldsV1` have their own JSON forms (see go-json.ts).
 *
 * Flags carry the Go JSON rules that the wire cannot show:
 * - `omitempty`: a zero scalar, empty list or empty map is left out (structs are never left out
 *   by `omitempty`, as in Go);
 * - `pointer`: the Go field is a pointer, so it is printed exactly when it was on the wire
 *   (including an explicit zero) and left out otherwise;
 * - `inline`: an embedded Go struct, whose fields appear in the parent object.
 * A field with neither flag is printed even when zero (`"containerPort": 0`, `"containers": null`).
 */

/** A Go JSON rule of one field. */
export type FieldFlag = 'omitempty' | 'pointer' | 'inline';

/** One field, as written in the tables. */
export type FieldSpec = readonly [no: number, json: string, type: string, ...flags: FieldFlag[]];

/** The scalar types. */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';

/** A parsed field type. */
export type FieldType =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType }
  | { readonly kind: 'message'; readonly message: string };

/** A field ready for decoding. */
export interface FieldDef {
  readonly no: number;
  readonly json: string;
  readonly type: FieldType;
  readonly repeated: boolean;
  /** Set for `map<string, T>`: `type` is then the value type. */
  readonly map: boolean;
  readonly omitempty: boolean;
  readonly pointer: boolean;
  readonly inline: boolean;
}

/** A message ready for decoding: fields in output order, and by number. */
export interface MessageDef {
  readonly name: string;
  readonly fields: readonly FieldDef[];
  readonly byNumber: ReadonlyMap<number, FieldDef>;
}

const SCALARS = new Set<string>(['string', 'int32', 'int64', 'bool', 'bytes']);

function parseType(text: string): FieldType {
  return SCALARS.has(text)
    ? { kind: 'scalar', scalar: text as ScalarType }
    : { kind: 'message', message: text };
}

/** Parses one table entry; throws on a malformed type so a bad table fails at load. */
export function parseField(message: string, spec: FieldSpec): FieldDef {
  const [no, json, typeText, ...flags] = spec;
  let text = typeText.trim();
  let repeated = false;
  let map = false;
  if (text.startsWith('repeated ')) {
    repeated = true;
    text = text.slice('repeated '.length).trim();
  } else {
    const m = /^map<\s*string\s*,\s*([A-Za-z0-9]+)\s*>$/.exec(text);
    if (m) {
      map = true;
      text = m[1]!;
    }
  }
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(text)) throw new Error(`${message}.${json}: bad type "${typeText}"`);
  return {
    no,
    json,
    type: parseType(text),
    repeated,
    map,
    omitempty: flags.includes('omitempty'),
    pointer: flags.includes('pointer'),
    inline: flags.includes('inline'),
  };
}

/** Builds the decoding form of a table, checking that field numbers are unique per message. */
export function buildMessages(
  tables: readonly Readonly<Record<string, readonly FieldSpec[]>>[],
): Map<string, MessageDef> {
  const out = new Map<string, MessageDef>();
  for (const table of tables) {
    for (const [name, specs] of Object.entries(table)) {
      if (out.has(name)) throw new Error(`message ${name} defined twice`);
      const fields = specs.map((s) => parseField(name, s));
      const byNumber = new Map<number, FieldDef>();
      for (const f of fields) {
        if (byNumber.has(f.no)) throw new Error(`${name}: field number ${f.no} used twice`);
        byNumber.set(f.no, f);
      }
      out.set(name, { name, fields, byNumber });
    }
  }
  return out;
}

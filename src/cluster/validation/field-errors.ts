/**
 * Field errors in the API server's shape: a cause with a reason, a message and a field path such
 * as `spec.template.spec.containers[0].image`, plus Go-style rendering of values for messages.
 */

/** One entry of a 422 `Status`'s `details.causes`. */
export interface Cause {
  reason: string;
  message: string;
  field: string;
}

/** A field path under construction: `path('spec').child('containers').index(0).key('app')`. */
export class FieldPath {
  private constructor(private readonly text: string) {}

  /** A path starting at a top-level field (or the empty root). */
  static root(name = ''): FieldPath {
    return new FieldPath(name);
  }

  /** `a.b` */
  child(name: string): FieldPath {
    return new FieldPath(this.text ? `${this.text}.${name}` : name);
  }

  /** `a[3]` */
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  /** `a[key]` (map keys, as Kubernetes prints them) */
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

type PathLike = FieldPath | string;

/** Renders a value as Go's `%v`/`%q` would in a field error: strings quoted, numbers bare. */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]string{${value.map((v) => goValue(v)).join(', ')}}`;
  return goStringMap(value as Record<string, unknown>);
}

/** `map[string]string{"app":"web", "tier":"front"}`: Go's `%#v` of a map (keys sorted). */
export function goStringMap(map: Record<string, unknown> | undefined): string {
  if (!map) return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(map[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** Go's `%#v` of a LabelSelector, as immutable-field and empty-selector messages print it. */
export function goLabelSelector(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined,
): string {
  if (!selector) return '(*v1.LabelSelector)(nil)';
  const labels = selector.matchLabels ? goStringMap(selector.matchLabels) : 'map[string]string(nil)';
  const exprs = selector.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${(
        selector.matchExpressions as { key: string; operator: string; values?: string[] }[]
      )
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${
              e.values ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'
            }}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
}

function cause(reason: string, path: PathLike, message: string): Cause {
  return { reason, message, field: String(path) };
}

/** `Required value` (with an optional detail). */
export function required(path: PathLike, detail = ''): Cause {
  return cause('FieldValueRequired', path, detail ? `Required value: ${detail}` : 'Required value');
}

/** `Invalid value: <value>: <detail>` */
export function invalid(path: PathLike, value: unknown, detail: string): Cause {
  return cause(
    'FieldValueInvalid',
    path,
    `Invalid value: ${typeof value === 'string' && value.startsWith('map[') ? value : goValue(value)}${detail ? `: ${detail}` : ''}`,
  );
}

/** Like `invalid`, with the value already rendered (Go `%#v` of a struct, for instance). */
export function invalidRendered(path: PathLike, rendered: string, detail: string): Cause {
  return cause('FieldValueInvalid', path, `Invalid value: ${rendered}: ${detail}`);
}

/** `Unsupported value: "x": supported values: "a", "b"` */
export function notSupported(path: PathLike, value: unknown, supported: readonly string[]): Cause {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return cause(
    'FieldValueNotSupported',
    path,
    `Unsupported value: ${goValue(value)}: supported values: ${list}`,
  );
}

/** `Duplicate value: "x"` */
export function duplicate(path: PathLike, value: unknown): Cause {
  return cause('FieldValueDuplicate', path, `Duplicate value: ${goValue(value)}`);
}

/** `Forbidden: <detail>` */
export function forbidden(path: PathLike, detail: string): Cause {
  return cause('FieldValueForbidden', path, `Forbidden: ${detail}`);
}

/** `Too long: may not be more than <n> bytes` style limits. */
export function tooLong(path: PathLike, detail: string): Cause {
  return cause('FieldValueTooLong', path, `Too long: ${detail}`);
}

/** `Too many: <n>: must have at most <max> items` */
export function tooMany(path: PathLike, actual: number, max: number): Cause {
  return cause('FieldValueTooMany', path, `Too many: ${actual}: must have at most ${max} items`);
}

/** The `field: message` line the API server joins into a Status message. */
export function causeLine(c: Cause): string {
  return c.field ? `${c.field}: ${c.message}` : c.message;
}

/**
 * Sets of field paths, as server-side apply records them in `metadata.managedFields`
 * (`fieldsType: FieldsV1`). A path is a list of elements: `f:<field>`, `k:<json of the key
 * fields>` (an item of a keyed list), `v:<json value>` (a value of a set). In FieldsV1 a path is a
 * nested object ending in `{}`; `.` marks a member that also has members below it.
 */

/** One path element, exactly as FieldsV1 spells it. */
export type PathElement = string;
/** A field path. */
export type FieldPath = readonly PathElement[];

const parsed = new WeakMap<object, FieldSet>();
const written = new WeakMap<FieldSet, Record<string, unknown>>();

/**
 * A set of field paths, kept as a trie. Sets read from stored (frozen) FieldsV1 are shared: the
 * operations below return new sets and never change a set they were given.
 */
export class FieldSet {
  private member = false;
  private readonly children = new Map<PathElement, FieldSet>();

  /** Adds a path. */
  insert(path: FieldPath): void {
    let node = this.self();
    for (const pe of path) {
      let next = node.children.get(pe);
      if (!next) {
        next = new FieldSet();
        node.children.set(pe, next);
      }
      node = next;
    }
    node.member = true;
  }

  /** Whether the path is in the set. */
  has(path: FieldPath): boolean {
    return this.at(path)?.member ?? false;
  }

  /** Whether the path or any path below it is in the set. */
  hasWithin(path: FieldPath): boolean {
    const node = this.at(path);
    return !!node && !node.empty();
  }

  /** No paths at all. */
  empty(): boolean {
    if (this.member) return false;
    for (const c of this.children.values()) if (!c.empty()) return false;
    return true;
  }

  /** Every path in the set, parents before children. */
  paths(): PathElement[][] {
    const out: PathElement[][] = [];
    const walk = (node: FieldSet, prefix: PathElement[]) => {
      if (node.member && prefix.length > 0) out.push(prefix);
      for (const [pe, c] of node.children) walk(c, [...prefix, pe]);
    };
    walk(this, []);
    return out;
  }

  /** The paths in this set and in `other`. */
  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const p of this.paths()) out.insert(p);
    for (const p of other.paths()) out.insert(p);
    return out;
  }

  /** The paths in this set that are not in `other` (this set itself when they share none). */
  difference(other: FieldSet): FieldSet {
    if (!other.paths().some((p) => this.has(p))) return this;
    const out = new FieldSet();
    for (const p of this.paths()) if (!other.has(p)) out.insert(p);
    return out;
  }

  /** The paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const p of this.paths()) if (other.has(p)) out.insert(p);
    return out;
  }

  /** Equal membership. */
  equals(other: FieldSet): boolean {
    return this.difference(other).empty() && other.difference(this).empty();
  }

  /** The FieldsV1 object of this set (children in sorted order, `.` first). */
  toFieldsV1(): Record<string, unknown> {
    return written.get(this) ?? this.build();
  }

  private build(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const pe of [...this.children.keys()].sort()) {
      const c = this.children.get(pe)!;
      if (!c.empty()) out[pe] = c.build();
    }
    return out;
  }

  /** Reads a FieldsV1 object (malformed parts are skipped). */
  static fromFieldsV1(value: unknown): FieldSet {
    // stored objects are frozen and shared, so a stored FieldsV1 is parsed once
    const frozen = value !== null && typeof value === 'object' && Object.isFrozen(value);
    if (frozen) {
      const known = parsed.get(value);
      if (known) return known;
    }
    const set = new FieldSet();
    const walk = (v: unknown, prefix: PathElement[]) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0 && prefix.length > 0) set.insert(prefix);
      for (const [k, c] of entries) {
        if (k === '.') set.insert(prefix);
        else walk(c, [...prefix, k]);
      }
    };
    walk(value, []);
    if (frozen) {
      parsed.set(value, set);
      written.set(set, value as Record<string, unknown>);
    }
    return set;
  }

  private self(): FieldSet {
    return this;
  }

  private at(path: FieldPath): FieldSet | undefined {
    let node: FieldSet | undefined = this.self();
    for (const pe of path) {
      node = node.children.get(pe);
      if (!node) return undefined;
    }
    return node;
  }
}

/** A path as Kubernetes prints it in conflicts: `.spec.template.spec.containers[name="web"].image`. */
export function pathString(path: FieldPath): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      if (pe.startsWith('f:')) return `.${body}`;
      if (pe.startsWith('v:')) return `[=${body}]`;
      if (pe.startsWith('k:')) {
        const keys = JSON.parse(body) as Record<string, unknown>;
        return `[${Object.entries(keys)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      return `[${body}]`;
    })
    .join('');
}

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

/** FieldsV1 that arrived frozen (stored objects, snapshots), parsed once. */
const parsed = new WeakMap<object, FieldSet>();
const NO_CHILDREN: Map<PathElement, FieldSet> = new Map();

/**
 * A set of field paths, kept as a trie. Sets read from stored (frozen) FieldsV1 are shared: the
 * operations below return new sets (or, when nothing would change, the set itself) and never
 * change a set they were given. A set keeps the FieldsV1 it was written as (`toFieldsV1`, frozen),
 * so a manager whose fields did not change writes the same object again, and the store shares it.
 *
 * Every node of a trie leads to a member (walks that make nodes with `child` prune those left
 * without one; the operations drop such branches), and the root's own membership is not a path:
 * `paths()` never lists it and the operations do not carry it into new sets.
 */
export class FieldSet {
  private member = false;
  /** The FieldsV1 this set was written as or read from (frozen), while the set is unchanged. */
  private fieldsV1: Record<string, unknown> | undefined;
  /** Shared and empty until the first child (most nodes are leaves): written through `setChild`. */
  private children: Map<PathElement, FieldSet> = NO_CHILDREN;

  /** Adds a path. */
  insert(path: FieldPath): void {
    if (this.fieldsV1) {
      parsed.delete(this.fieldsV1);
      this.fieldsV1 = undefined;
    }
    let node = this.self();
    for (const pe of path) {
      let next = node.children.get(pe);
      if (!next) {
        next = new FieldSet();
        node.setChild(pe, next);
      }
      node = next;
    }
    node.member = true;
  }

  /** The child at `pe`, made when absent (for walks that build a set node by node; see `prune`). */
  child(pe: PathElement): FieldSet {
    let next = this.children.get(pe);
    if (!next) this.setChild(pe, (next = new FieldSet()));
    return next;
  }

  /** Makes this node's own path a member (the root's own membership is not a path). */
  mark(): void {
    this.member = true;
  }

  /** Removes the branches `child` made that hold no member, so every node leads to one again. */
  prune(): this {
    for (const [pe, c] of this.children)
      if (!c.prune().member && c.children.size === 0) this.children.delete(pe);
    return this;
  }

  private setChild(pe: PathElement, node: FieldSet): void {
    if (this.children === NO_CHILDREN) this.children = new Map();
    this.children.set(pe, node);
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

  /**
   * The paths in this set and in `other`: this set itself when `other` adds none, `other` itself
   * when this set has no path.
   */
  union(other: FieldSet): FieldSet {
    if (!this.member && other.within(this)) return this;
    if (this.children.size === 0 && !other.member) return other;
    const out = new FieldSet();
    FieldSet.mergeInto(out, this);
    FieldSet.mergeInto(out, other);
    return out;
  }

  /** The paths in this set that are not in `other` (this set itself when they share none). */
  difference(other: FieldSet): FieldSet {
    if (!this.shares(other)) return this;
    const out = new FieldSet();
    FieldSet.differenceInto(out, this, other);
    return out;
  }

  /** The paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    FieldSet.intersectionInto(out, this, other);
    return out;
  }

  /** Equal membership. */
  equals(other: FieldSet): boolean {
    return this.difference(other).empty() && other.difference(this).empty();
  }

  /**
   * A new set of the paths whose first element passes `first` or, for the first elements `first`
   * answers `'children'` for, of the paths below it whose second element passes `second` (the
   * first element alone is then not kept). The new set takes over this set's nodes below those
   * elements: for a set its owner gives up (as `changedFields` and `fieldsOf` results are).
   */
  select(first: (pe: PathElement) => boolean | 'children', second: (pe: PathElement) => boolean): FieldSet {
    const out = new FieldSet();
    for (const [pe, c] of this.children) {
      const verdict = first(pe);
      if (verdict === true) out.setChild(pe, c);
      else if (verdict === 'children') {
        const node = new FieldSet();
        for (const [pe2, c2] of c.children) if (second(pe2)) node.setChild(pe2, c2);
        if (node.children.size > 0) out.setChild(pe, node);
      }
    }
    return out;
  }

  /**
   * The set without the paths `keep` refuses, or this set itself when it keeps all of them.
   * `keep(element, state)` is asked for each child of a node reached with `state`, parents
   * first, and answers `undefined` to drop the child with everything below it, or the state to
   * carry to the child's own children (`ALL` keeps the child's whole subtree without asking).
   */
  retain<S>(root: S, keep: (pe: PathElement, state: S) => S | undefined | typeof ALL): FieldSet {
    return FieldSet.retainNode(this, root, keep, true);
  }

  /** The FieldsV1 object of this set (children in sorted order, `.` first), frozen. */
  toFieldsV1(): Record<string, unknown> {
    if (this.fieldsV1) return this.fieldsV1;
    const built = this.build() ?? {};
    this.fieldsV1 = deepFreeze(built);
    return built;
  }

  /** The FieldsV1 object of this node, or undefined when no member is at or below it. */
  private build(): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    let members = this.member;
    if (this.children.size > 0) {
      if (this.member) out['.'] = {};
      for (const pe of [...this.children.keys()].sort()) {
        const built = this.children.get(pe)!.build();
        if (built) {
          out[pe] = built;
          members = true;
        }
      }
    }
    return members ? out : undefined;
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
      set.fieldsV1 = value as Record<string, unknown>;
    }
    return set;
  }

  /** Every path of this set (the root's membership aside) is in `other`. */
  private within(other: FieldSet): boolean {
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (!o || (c.member && !o.member) || !c.within(o)) return false;
    }
    return true;
  }

  /** Some path of this set (the root's membership aside) is in `other`. */
  private shares(other: FieldSet): boolean {
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (o && ((c.member && o.member) || c.shares(o))) return true;
    }
    return false;
  }

  /** A copy of this subtree (fresh nodes). */
  private copy(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [pe, c] of this.children) out.setChild(pe, c.copy());
    return out;
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

  /** Adds the paths of `src` below `out` (fresh nodes), children in `src`'s order after `out`'s. */
  private static mergeInto(out: FieldSet, src: FieldSet): void {
    for (const [pe, c] of src.children) {
      let target = out.children.get(pe);
      if (!target) out.setChild(pe, (target = new FieldSet()));
      if (c.member) target.member = true;
      FieldSet.mergeInto(target, c);
    }
  }

  /** The paths of `a` below `out` that are not in `b`. */
  private static differenceInto(out: FieldSet, a: FieldSet, b: FieldSet | undefined): void {
    for (const [pe, c] of a.children) {
      const other = b?.children.get(pe);
      const node = new FieldSet();
      node.member = c.member && !other?.member;
      FieldSet.differenceInto(node, c, other);
      if (node.member || node.children.size > 0) out.setChild(pe, node);
    }
  }

  /** The paths of `a` below `out` that are also in `b`. */
  private static intersectionInto(out: FieldSet, a: FieldSet, b: FieldSet): void {
    for (const [pe, c] of a.children) {
      const other = b.children.get(pe);
      if (!other) continue;
      const node = new FieldSet();
      node.member = c.member && other.member;
      FieldSet.intersectionInto(node, c, other);
      if (node.member || node.children.size > 0) out.setChild(pe, node);
    }
  }

  /** `retain` below one node: the node itself when nothing below it is dropped, else a new node. */
  private static retainNode<S>(
    node: FieldSet,
    state: S,
    keep: (pe: PathElement, state: S) => S | undefined | typeof ALL,
    root: boolean,
  ): FieldSet {
    let changed: Map<PathElement, FieldSet | undefined> | undefined;
    for (const [pe, c] of node.children) {
      const next = keep(pe, state);
      const kept =
        next === undefined ? undefined : next === ALL ? c : FieldSet.retainNode(c, next as S, keep, false);
      if (kept !== c) (changed ??= new Map()).set(pe, kept);
    }
    if (!changed) return node;
    // fresh nodes for what is kept: the result shares nothing with the set it was made from
    const out = new FieldSet();
    out.member = !root && node.member;
    for (const [pe, c] of node.children) {
      const kept = changed.has(pe) ? changed.get(pe) : c;
      if (!kept || (!kept.member && kept.children.size === 0)) continue;
      const fresh = new FieldSet();
      fresh.member = kept.member;
      FieldSet.mergeInto(fresh, kept);
      out.setChild(pe, fresh);
    }
    return out;
  }
}

/** `retain`'s answer for a child kept with its whole subtree. */
export const ALL: unique symbol = Symbol('all');

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
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

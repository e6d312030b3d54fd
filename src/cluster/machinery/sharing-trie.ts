/**
 * A bounded table of frozen values found by a path of keys, for sharing one frozen object among
 * everything that holds an equal one (the same parts in the same order): walk the path with
 * `step` from `begin`, then `end` gives the value kept there, or keeps the one given. Keys
 * compare as Map keys do: objects by identity, other values by value. When it holds `limit`
 * values, the next `begin` empties it (what was shared stays shared; later ones start anew).
 *
 * One walk at a time: `begin` resets the position, and a walk must not be interleaved with
 * another walk of the same table (walks of different tables may nest).
 */
const END = Symbol('end');

export class SharingTrie {
  private root = new Map<unknown, unknown>();
  private level = this.root;
  private held = 0;

  constructor(private readonly limit: number) {}

  /** How many values the table holds now. */
  get size(): number {
    return this.held;
  }

  /** Starts a walk at the root (emptying the table first when it is full). */
  begin(): this {
    if (this.held >= this.limit) {
      this.root = new Map();
      this.held = 0;
    }
    this.level = this.root;
    return this;
  }

  /** Goes one level down the path, by `key`. */
  step(key: unknown): this {
    let next = this.level.get(key) as Map<unknown, unknown> | undefined;
    if (!next) this.level.set(key, (next = new Map()));
    this.level = next;
    return this;
  }

  /** The value kept at the end of the path walked, or `value`, frozen and kept there. */
  end<T extends object>(value: T): T {
    let known = this.level.get(END) as T | undefined;
    if (known === undefined) {
      this.level.set(END, (known = Object.freeze(value)));
      this.held++;
    }
    return known;
  }
}

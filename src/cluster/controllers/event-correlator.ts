/**
 * The event correlator of Kubernetes' core/v1 event recorder (client-go's `tools/record`, used by
 * the kubelet and kube-controller-manager's controllers), as pure state over the injected clock.
 * Each event passes three steps, in this order:
 *
 * 1. Aggregation. Events that differ only in their message (same source, object, type, reason)
 *    are "similar". Once 10 distinct messages have been seen within 10 minutes of each other, an
 *    event becomes a new `(combined from similar events): <message>` Event, and every later
 *    similar event counts into that one.
 * 2. Observation. Repeats of the same event (or of the same combined Event) fold into one Event:
 *    same name, first timestamp kept, `count` one more than last time. The count grows here even
 *    when step 3 then drops the event, so the next write that goes through jumps.
 * 3. Spam filter. A token bucket per source and object: 25 events, then one every 5 minutes.
 *
 * The correlator decides; `EventRecorder` writes. All three caches keep the 4,096 most recently
 * used keys, as Kubernetes' do.
 */
import type { EventSpec } from './types.js';

/** How many keys each of the correlator's caches remembers (Kubernetes: 4,096). */
export const EVENT_CACHE_SIZE = 4_096;
/** Distinct messages of similar events after which they are combined (Kubernetes: 10). */
export const AGGREGATE_MAX_EVENTS = 10;
/** Similar events further apart than this start a fresh aggregation record (Kubernetes: 600 s). */
export const AGGREGATE_INTERVAL_MS = 600_000;
/** Events a source may write about one object in a burst (Kubernetes: 25). */
export const SPAM_BURST = 25;
/** One more event is allowed per this much time once the burst is spent (Kubernetes: 300 s). */
export const SPAM_REFILL_MS = 300_000;
/** What a combined Event's message starts with, as Kubernetes words it. */
export const COMBINED_PREFIX = '(combined from similar events): ';

/** One key of an `LruMap`, linked into its recency order. */
interface LruNode<V> {
  key: string;
  value: V;
  /** Less recently used neighbour (undefined: the oldest). */
  older: LruNode<V> | undefined;
  /** More recently used neighbour (undefined: the newest). */
  newer: LruNode<V> | undefined;
}

/**
 * A map that keeps its `capacity` most recently used keys (reads and writes both count as use).
 * Recency is a linked list through the entries, so a use of a known key moves a node and leaves
 * the hash table alone (a delete and a re-insert per use left the table rehashing every few
 * thousand events of a big cluster).
 */
export class LruMap<V> {
  private readonly map = new Map<string, LruNode<V>>();
  private oldest: LruNode<V> | undefined = undefined;
  private newest: LruNode<V> | undefined = undefined;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value for `key`, which becomes the most recently used. */
  get(key: string): V | undefined {
    const node = this.map.get(key);
    if (node === undefined) return undefined;
    this.touch(node);
    return node.value;
  }

  /** Sets `key` (the most recently used now) and forgets the least recently used beyond capacity. */
  set(key: string, value: V): void {
    const known = this.map.get(key);
    if (known !== undefined) {
      known.value = value;
      this.touch(known);
      return;
    }
    const node: LruNode<V> = { key, value, older: this.newest, newer: undefined };
    if (this.newest) this.newest.newer = node;
    else this.oldest = node;
    this.newest = node;
    this.map.set(key, node);
    if (this.map.size > this.capacity) {
      const gone = this.oldest!;
      this.unlink(gone);
      this.map.delete(gone.key);
    }
  }

  /** Every entry, least recently used first (setting them in this order rebuilds the same map). */
  *entries(): IterableIterator<[string, V]> {
    for (let n = this.oldest; n; n = n.newer) yield [n.key, n.value];
  }

  /** Forgets every entry. */
  clear(): void {
    this.map.clear();
    this.oldest = this.newest = undefined;
  }

  /** Makes `node` the most recently used. */
  private touch(node: LruNode<V>): void {
    if (node === this.newest) return;
    this.unlink(node);
    node.older = this.newest;
    node.newer = undefined;
    this.newest!.newer = node;
    this.newest = node;
  }

  private unlink(node: LruNode<V>): void {
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    node.older = node.newer = undefined;
  }
}

/** What the correlator remembers of one Event it let through or would have. */
export interface Observation {
  /** How many times the event happened (the Event's `count` on its next write). */
  count: number;
  /** The Event's name. */
  name: string;
  /** The Event's `firstTimestamp`. */
  firstTimestamp: string;
}

/** The messages of similar events seen lately, in the order first seen, and when the last came. */
interface AggregateRecord {
  messages: Set<string>;
  lastMs: number;
}

/** A token bucket; `credit` counts refill time in milliseconds (one token per SPAM_REFILL_MS). */
interface Bucket {
  credit: number;
  atMs: number;
}

/**
 * The correlator's memory as plain data, each cache least recently used first, so a snapshot of a
 * cluster carries it and a restored cluster goes on as the saved one would have.
 */
export interface CorrelatorState {
  /** `[key, count, name, firstTimestamp]` */
  observations: [string, number, string, string][];
  /** `[key, time of the last similar event, messages in the order first seen]` */
  aggregates: [string, number, string[]][];
  /** `[key, refill credit in ms, time of the last update]` */
  buckets: [string, number, number][];
}

/** The verdict on one event. */
export interface Correlation {
  /** True when this event is to be written as a combined Event (new or counted into). */
  combined: boolean;
  /** The event as last seen before this one (undefined: a new Event is due). */
  previous: Observation | undefined;
  /** The cache key under which the observation is kept (the recorder stores the outcome there). */
  key: string;
  /** False when the spam filter drops the event: nothing is written. */
  allowed: boolean;
}

/** Joins the fields of the correlator's keys (none of the fields before a message can hold it). */
export const KEY_SEPARATOR = '|';
const SEP = KEY_SEPARATOR;

/** Source and object: the fields the spam filter's key and the similar-events key start with. */
function sourceAndObject(spec: EventSpec): string[] {
  const o = spec.involvedObject;
  return [
    spec.component,
    spec.host ?? '',
    o.kind,
    o.metadata.namespace ?? '',
    o.metadata.name ?? '',
    o.metadata.uid ?? '',
    o.apiVersion,
  ];
}

/** The similar-events key: source, object, type, reason and reporter (everything but the message). */
export function aggregateKey(spec: EventSpec): string {
  const parts = sourceAndObject(spec);
  // reportingController and reportingInstance: the same source for every recorded event
  parts.push(spec.type, spec.reason, spec.component, spec.host ?? '');
  return parts.join(SEP);
}

/** The spam filter's key: source and object. */
export function spamKey(spec: EventSpec): string {
  return sourceAndObject(spec).join(SEP);
}

/** The correlator's state: three least-recently-used caches. Pure; time comes from the caller. */
export class EventCorrelator {
  private readonly aggregates: LruMap<AggregateRecord>;
  private readonly observations: LruMap<Observation>;
  private readonly buckets: LruMap<Bucket>;

  constructor(cacheSize = EVENT_CACHE_SIZE) {
    this.aggregates = new LruMap(cacheSize);
    this.observations = new LruMap(cacheSize);
    this.buckets = new LruMap(cacheSize);
  }

  /** How many event keys are remembered now (at most the cache size). */
  get rememberedKeys(): number {
    return this.observations.size;
  }

  /**
   * Steps 1 and 3 for `spec` at `now`, and the lookup of step 2. `fullKey` is the event's own key
   * (`eventKey`); `message` is the message as it will be stored. The caller then calls `observe`
   * with the Event it would write, whether or not the event is allowed.
   */
  correlate(spec: EventSpec, fullKey: string, message: string, now: number): Correlation {
    const aggKey = aggregateKey(spec);
    let record = this.aggregates.get(aggKey);
    if (record === undefined || now - record.lastMs > AGGREGATE_INTERVAL_MS) {
      record = { messages: new Set(), lastMs: now };
    }
    record.messages.add(message);
    record.lastMs = now;
    this.aggregates.set(aggKey, record);
    let combined = false;
    let key = fullKey;
    if (record.messages.size >= AGGREGATE_MAX_EVENTS) {
      // keep nine: Kubernetes drops an arbitrary one; here the one seen first, so it is repeatable
      const first = record.messages.values().next().value as string;
      record.messages.delete(first);
      combined = true;
      key = ['combined', aggKey].join(SEP);
    }
    const previous = this.observations.get(key);
    return { combined, previous, key, allowed: this.allow(spamKey(spec), now) };
  }

  /** Step 2's memory: the Event as it is now (counted even when the spam filter dropped it). */
  observe(key: string, observation: Observation): void {
    this.observations.set(key, observation);
  }

  /** The correlator's memory as plain data. */
  exportState(): CorrelatorState {
    return {
      observations: [...this.observations.entries()].map(([k, o]) => [k, o.count, o.name, o.firstTimestamp]),
      aggregates: [...this.aggregates.entries()].map(([k, r]) => [k, r.lastMs, [...r.messages]]),
      buckets: [...this.buckets.entries()].map(([k, b]) => [k, b.credit, b.atMs]),
    };
  }

  /** Replaces the correlator's memory with `state` (checked by `correlatorStateProblem`), or forgets it all. */
  importState(state: CorrelatorState | undefined): void {
    this.observations.clear();
    this.aggregates.clear();
    this.buckets.clear();
    for (const [k, count, name, firstTimestamp] of state?.observations ?? [])
      this.observations.set(k, { count, name, firstTimestamp });
    for (const [k, lastMs, messages] of state?.aggregates ?? [])
      this.aggregates.set(k, { messages: new Set(messages), lastMs });
    for (const [k, credit, atMs] of state?.buckets ?? []) this.buckets.set(k, { credit, atMs });
  }

  /** Takes a token from the object's bucket if it has one (a bucket starts full). */
  private allow(key: string, now: number): boolean {
    const full = SPAM_BURST * SPAM_REFILL_MS;
    const bucket = this.buckets.get(key) ?? { credit: full, atMs: now };
    bucket.credit = Math.min(full, bucket.credit + Math.max(0, now - bucket.atMs));
    bucket.atMs = now;
    this.buckets.set(key, bucket);
    if (bucket.credit < SPAM_REFILL_MS) return false;
    bucket.credit -= SPAM_REFILL_MS;
    return true;
  }
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Checks `value` as a `CorrelatorState` found at `path` (e.g. `world.events`); returns a message
 * naming the first problem and where it is, if any.
 */
export function correlatorStateProblem(value: unknown, path: string): string | undefined {
  if (!value || typeof value !== 'object') return `${path} must be an object`;
  const v = value as Record<string, unknown>;
  const lists: [string, string, (e: unknown[]) => boolean][] = [
    [
      'observations',
      '[key, count, name, firstTimestamp]',
      (e) => e.length === 4 && isString(e[0]) && isNumber(e[1]) && isString(e[2]) && isString(e[3]),
    ],
    [
      'aggregates',
      '[key, lastMs, [message, ...]]',
      (e) =>
        e.length === 3 && isString(e[0]) && isNumber(e[1]) && Array.isArray(e[2]) && e[2].every(isString),
    ],
    [
      'buckets',
      '[key, credit, atMs]',
      (e) => e.length === 3 && isString(e[0]) && isNumber(e[1]) && isNumber(e[2]),
    ],
  ];
  for (const [field, shape, ok] of lists) {
    const list = v[field];
    if (!Array.isArray(list)) return `${path}.${field} must be a list`;
    const bad = list.findIndex((e) => !Array.isArray(e) || !ok(e as unknown[]));
    if (bad >= 0) return `${path}.${field}[${bad}] must be ${shape}`;
  }
  return undefined;
}

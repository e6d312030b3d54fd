/**
 * Records Events through the client, folding repeats of the same event (same object, reason,
 * message, source) into one Event whose `count` and `lastTimestamp` grow, as Kubernetes'
 * event recorder does. Like Kubernetes' event correlator, it remembers the most recently used
 * 4,096 keys only (a least-recently-used cache): a repeat of an event forgotten since is
 * recorded as a new Event. A lab-sized cluster never has that many distinct events; a
 * 150,000-pod cluster would otherwise keep one key per Event it ever recorded.
 */
import type { ClusterClient, KubeObject } from '../types.js';
import type { EventSpec } from './types.js';
import { buildEvent, eventKey, eventNamespace } from './events.js';

/** How many event keys the recorder remembers (Kubernetes' event correlator: 4,096). */
export const EVENT_KEY_CACHE_SIZE = 4_096;
import { toTimestamp } from './time.js';

/** Writes Events, aggregating repeats. One recorder per cluster. */
export class EventRecorder {
  /** Event names by key, least recently used first (a Map keeps insertion order). */
  private readonly seen = new Map<string, string>();
  private seq = 0;
  private lastMs = -1;

  constructor(
    private readonly client: ClusterClient,
    private readonly keyCacheSize = EVENT_KEY_CACHE_SIZE,
  ) {}

  /** How many event keys are remembered now (at most the cache size). */
  get rememberedKeys(): number {
    return this.seen.size;
  }

  /**
   * Records `spec` at `now`; returns the Event as stored (the store's frozen object), or
   * undefined if the write failed.
   */
  record(spec: EventSpec, now: number): KubeObject | undefined {
    const key = eventKey(spec);
    const known = this.seen.get(key);
    if (known !== undefined) {
      // most recently used: to the end of the order
      this.seen.delete(key);
      this.seen.set(key, known);
      // read only: the update below is a new top level over the stored Event's frozen parts
      const existing = this.client.get('events', eventNamespace(spec), known, { shared: true });
      if (existing) {
        const updated = {
          ...existing,
          count: Number(existing.count ?? 1) + 1,
          lastTimestamp: toTimestamp(now),
        };
        try {
          return this.client.update('events', updated, { shared: true });
        } catch {
          return undefined;
        }
      }
    }
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.seq = 0;
    }
    const event = buildEvent(spec, now, this.seq++);
    try {
      const created = this.client.create('events', event, { shared: true });
      this.remember(key, created.metadata.name ?? '');
      return created;
    } catch {
      return undefined;
    }
  }

  private remember(key: string, name: string): void {
    this.seen.delete(key);
    this.seen.set(key, name);
    if (this.seen.size > this.keyCacheSize) {
      // the least recently used key is the first in the Map's order
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
  }
}

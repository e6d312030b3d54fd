/**
 * Records Events through the client, folding repeats of the same event (same object, reason,
 * message, source) into one Event whose `count` and `lastTimestamp` grow, as Kubernetes'
 * event recorder does.
 */
import type { ClusterClient, KubeObject } from '../types.js';
import type { EventSpec } from './types.js';
import { buildEvent, eventKey } from './events.js';
import { toTimestamp } from './time.js';

/** Writes Events, aggregating repeats. One recorder per cluster. */
export class EventRecorder {
  private readonly seen = new Map<string, { namespace: string; name: string }>();
  private seq = 0;
  private lastMs = -1;

  constructor(private readonly client: ClusterClient) {}

  /**
   * Records `spec` at `now`; returns the Event as stored (the store's frozen object), or
   * undefined if the write failed.
   */
  record(spec: EventSpec, now: number): KubeObject | undefined {
    const key = eventKey(spec);
    const known = this.seen.get(key);
    if (known) {
      // read only: the update below is a new top level over the stored Event's frozen parts
      const existing = this.client.get('events', known.namespace, known.name, { shared: true });
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
      this.seen.set(key, { namespace: created.metadata.namespace ?? '', name: created.metadata.name ?? '' });
      return created;
    } catch {
      return undefined;
    }
  }
}

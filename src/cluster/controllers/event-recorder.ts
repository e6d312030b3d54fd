/**
 * Records Events through the client the way Kubernetes' core/v1 event recorder does: every event
 * passes the event correlator (`event-correlator.ts`): similar events are combined after ten
 * distinct messages, repeats fold into one Event whose `count` and `lastTimestamp` grow, and a
 * source may write 25 events about one object, then one every 5 minutes.
 *
 * The scheduler is the exception: kube-scheduler 1.32 records through the newer events.k8s.io/v1
 * recorder, which neither combines nor filters. Its repeats fold into `count` only.
 */
import type { ClusterClient, KubeObject } from '../types.js';
import type { EventSpec } from './types.js';
import { buildEvent, combinedMessage, eventKey, eventNamespace, sharedMessage } from './events.js';
import {
  correlatorStateProblem,
  EVENT_CACHE_SIZE,
  EventCorrelator,
  LruMap,
  type CorrelatorState,
} from './event-correlator.js';
import { toTimestamp } from './time.js';
import { flatString } from '../machinery/flat-string.js';

/** How many event keys the recorder remembers (Kubernetes' event correlator: 4,096). */
export const EVENT_KEY_CACHE_SIZE = EVENT_CACHE_SIZE;

/** Components that record through events.k8s.io/v1 in Kubernetes 1.32: no aggregation, no spam filter. */
const EVENTS_API_COMPONENTS: ReadonlySet<string> = new Set(['default-scheduler']);

/** The recorder's memory as plain data (a cluster snapshot carries it: `world.events`). */
export interface RecorderState extends CorrelatorState {
  /** The scheduler's Events: `[key, name]`, least recently used first. */
  series: [string, string][];
  /** `[time, sequence]`: the next Event name built at that time takes the sequence number. */
  seq: [number, number];
}

/** Checks `value` as a `RecorderState` at `path`; returns a message naming the first problem, if any. */
export function recorderStateProblem(value: unknown, path: string): string | undefined {
  const problem = correlatorStateProblem(value, path);
  if (problem) return problem;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.series)) return `${path}.series must be a list`;
  const bad = v.series.findIndex(
    (e) => !Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'string',
  );
  if (bad >= 0) return `${path}.series[${bad}] must be [key, name]`;
  if (!Array.isArray(v.seq) || v.seq.length !== 2 || !v.seq.every((n) => typeof n === 'number'))
    return `${path}.seq must be [time, sequence]`;
  return undefined;
}

/** Writes Events, correlated as Kubernetes' recorder does. One recorder per cluster. */
export class EventRecorder {
  private readonly correlator: EventCorrelator;
  /** The scheduler's Event names by key (it has no correlator). */
  private readonly seriesNames: LruMap<string>;
  private seq = 0;
  private lastMs = -1;

  constructor(
    private readonly client: ClusterClient,
    keyCacheSize = EVENT_KEY_CACHE_SIZE,
  ) {
    this.correlator = new EventCorrelator(keyCacheSize);
    this.seriesNames = new LruMap(keyCacheSize);
  }

  /** How many event keys the correlator remembers now (at most the cache size). */
  get rememberedKeys(): number {
    return this.correlator.rememberedKeys;
  }

  /** What the recorder remembers, as plain data, for a snapshot. */
  exportState(): RecorderState {
    return {
      ...this.correlator.exportState(),
      series: [...this.seriesNames.entries()],
      seq: [this.lastMs, this.seq],
    };
  }

  /**
   * Takes what a snapshot kept (checked with `recorderStateProblem`), so the restored cluster
   * counts, combines and filters as the saved one would have; without one, forgets everything
   * (as a restarted component would).
   */
  importState(state: RecorderState | undefined): void {
    this.correlator.importState(state);
    this.seriesNames.clear();
    for (const [key, name] of state?.series ?? []) this.seriesNames.set(key, name);
    [this.lastMs, this.seq] = state?.seq ?? [-1, 0];
  }

  /**
   * Records `spec` at `now`; returns the Event as stored (the store's frozen object), or
   * undefined if nothing was written (the spam filter dropped it, or the write failed).
   */
  record(spec: EventSpec, now: number): KubeObject | undefined {
    if (EVENTS_API_COMPONENTS.has(spec.component)) return this.recordSeries(spec, now);
    // one shared string for a message many Events say (see sharedMessage)
    const message = sharedMessage(spec.message);
    const fullKey = eventKey(spec);
    const verdict = this.correlator.correlate(spec, fullKey, message, now);
    const { previous, combined } = verdict;
    if (previous === undefined) {
      const event = buildEvent(spec, now, this.nextSeq(now), combined);
      this.correlator.observe(verdict.key, {
        count: 1,
        name: event.metadata.name ?? '',
        firstTimestamp: event.firstTimestamp as string,
      });
      return verdict.allowed ? this.create(event) : undefined;
    }
    const count = previous.count + 1;
    this.correlator.observe(verdict.key, { ...previous, count });
    if (!verdict.allowed) return undefined;
    const stored = combined ? combinedMessage(message) : message;
    // read only: the update below is a new top level over the stored Event's frozen parts
    const existing = this.client.get('events', eventNamespace(spec), previous.name, { shared: true });
    if (existing) {
      const updated = {
        ...existing,
        count,
        lastTimestamp: toTimestamp(now),
        message: existing.message === stored ? existing.message : flatString(stored),
      };
      try {
        return this.client.update('events', updated, { shared: true });
      } catch {
        return undefined;
      }
    }
    // gone (deleted, or never written): written again under its name, with its count
    const event = buildEvent(spec, now, 0, combined);
    return this.create({
      ...event,
      metadata: { ...event.metadata, name: previous.name },
      count,
      firstTimestamp: previous.firstTimestamp,
    });
  }

  /** The scheduler's events: repeats of the same event fold into its Event's count. */
  private recordSeries(spec: EventSpec, now: number): KubeObject | undefined {
    const key = eventKey(spec);
    const known = this.seriesNames.get(key);
    if (known !== undefined) {
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
    const created = this.create(buildEvent(spec, now, this.nextSeq(now)));
    if (created) this.seriesNames.set(key, created.metadata.name ?? '');
    return created;
  }

  /** Sequence numbers that keep names unique among Events built in the same millisecond. */
  private nextSeq(now: number): number {
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.seq = 0;
    }
    return this.seq++;
  }

  private create(event: KubeObject): KubeObject | undefined {
    try {
      return this.client.create('events', event, { shared: true });
    } catch {
      return undefined;
    }
  }
}

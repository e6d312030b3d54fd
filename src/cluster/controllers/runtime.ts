/**
 * The controller runtime: wires pure reconcilers to a ClusterClient. Watches put keys on a
 * de-duplicating work queue; one loop takes a key, reads the current object and what its
 * controller observes, reconciles, and applies the actions. Timed work (a pod becoming
 * available, the next kubelet stage, a progress deadline) comes back through the injected clock.
 */
import type { ApiError, ClusterClient, Clock, KubeObject, WatchEvent } from '../types.js';
import type { Action, ReconcileResult } from './types.js';
import { applyActions } from './apply.js';
import { EventRecorder } from './event-recorder.js';
import { CachedClient, InformerCache } from './informer.js';

/** How one controller is wired: its primary resource, what it watches, what it observes. */
export interface ControllerDefinition<O = unknown, M = unknown> {
  /** A name for logs and tests (`replicaset`, `scheduler`, `kubelet`). */
  name: string;
  /** The primary resource (`replicasets.apps`); queue keys are `namespace/name` of these objects. */
  resource: string;
  /** Other resources whose changes affect primary objects, and which keys they affect. */
  watches?: { resource: string; keys(event: WatchEvent, client: ClusterClient): string[] }[];
  /** Whether this controller acts on this primary object (default: all). */
  handles?(object: KubeObject, client: ClusterClient): boolean;
  /**
   * Reads what the reconciler needs besides the object itself. `failures` are the writes of
   * this key's previous sync that the API refused (e.g. a pod create over quota).
   */
  observe(object: KubeObject, client: ClusterClient, memo: M | undefined, failures: readonly Failure[]): O;
  /** The pure reconciler. */
  reconcile(object: KubeObject, observed: O, now: number): ReconcileResult<M>;
  /** Actions for a primary object that no longer exists (most controllers rely on garbage collection). */
  onMissing?(namespace: string, name: string, client: ClusterClient): Action[];
}

/** Syncs of one key in one drain before it is deferred. */
const MAX_SYNCS_PER_KEY = 50;
const THROTTLE_MS = 1_000;

/** A write the API refused. */
export interface Failure {
  action: Action;
  error: ApiError;
}

/** Counters a test or a UI can read. */
export interface RuntimeStats {
  syncs: number;
  /** Keys deferred because they were synced too often in one drain (controllers fighting). */
  throttled: number;
  conflicts: number;
  errors: number;
}

/** Splits a `namespace/name` key ('' namespace for cluster-scoped objects). */
export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

/** The queue key of an object. */
export function keyOf(o: KubeObject): string {
  // joined, not a template: one flat string instead of a chain of pieces (the key is kept in maps)
  return [o.metadata.namespace ?? '', '/', o.metadata.name ?? ''].join('');
}

/**
 * A queue item: `controller|namespace/name`, as one flat string (a template's result is a chain
 * of pieces until something flattens it; items are kept as keys of the memos, timers and queue).
 */
function queueItem(controller: number, key: string): string {
  return [String(controller), '|', key].join('');
}

/** Runs controllers against a client on a clock. */
export class ControllerRuntime {
  readonly stats: RuntimeStats = { syncs: 0, throttled: 0, conflicts: 0, errors: 0 };
  readonly recorder: EventRecorder;
  /** Queued items from `head` on; taken items before it are dropped in batches (O(1) per take). */
  private queue: string[] = [];
  private head = 0;
  private readonly queued = new Set<string>();
  /** Requeue timers by queue item: when each is due and how to cancel it. */
  private readonly timers = new Map<string, { at: number; cancel: () => void }>();
  private readonly memos = new Map<string, unknown>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly unwatch: (() => void)[] = [];
  private drainScheduled: (() => void) | undefined;
  /** Reads for controllers come from informer caches; writes go to the client. */
  private readonly cache: InformerCache;
  private readonly reader: CachedClient;
  private draining = false;
  private stopped = true;

  constructor(
    private readonly client: ClusterClient,
    private readonly clock: Clock,
    private readonly controllers: readonly ControllerDefinition<never, never>[],
    /** Upper bound on syncs in one drain, so a controller fighting another cannot hang the host. */
    private readonly maxSyncsPerDrain = 1_000_000,
  ) {
    this.recorder = new EventRecorder(client);
    this.cache = new InformerCache(client);
    this.reader = new CachedClient(client, this.cache);
  }

  /** Subscribes to watches and queues every existing primary object. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.controllers.forEach((c, i) => {
      this.unwatch.push(this.cache.subscribe(c.resource, (e) => this.enqueue(i, keyOf(e.object))));
      for (const w of c.watches ?? []) {
        this.unwatch.push(
          this.cache.subscribe(w.resource, (e) => w.keys(e, this.reader).forEach((k) => this.enqueue(i, k))),
        );
      }
      for (const o of this.reader.list(c.resource).items) this.enqueue(i, keyOf(o));
    });
  }

  /** Unsubscribes and cancels timers. */
  stop(): void {
    this.stopped = true;
    this.unwatch.splice(0).forEach((u) => u());
    this.cache.reset();
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.drainScheduled?.();
    this.drainScheduled = undefined;
  }

  /** Puts a key on the queue (once) and makes sure a drain will run. */
  enqueue(controller: number, key: string): void {
    if (this.stopped) return;
    const item = queueItem(controller, key);
    if (this.queued.has(item)) return;
    this.queued.add(item);
    this.queue.push(item);
    if (!this.drainScheduled && !this.draining) {
      this.drainScheduled = this.clock.at(this.clock.now(), () => {
        this.drainScheduled = undefined;
        this.drain();
      });
    }
  }

  /** Processes the queue until it is empty; returns the number of syncs. */
  drain(): number {
    if (this.draining) return 0;
    this.draining = true;
    let n = 0;
    const perKey = new Map<string, number>();
    try {
      while (this.head < this.queue.length && n < this.maxSyncsPerDrain) {
        const item = this.queue[this.head++]!;
        if (this.head >= 1_024 && this.head * 2 >= this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        this.queued.delete(item);
        const bar = item.indexOf('|');
        const index = Number(item.slice(0, bar));
        const key = item.slice(bar + 1);
        const count = (perKey.get(item) ?? 0) + 1;
        perKey.set(item, count);
        if (count > MAX_SYNCS_PER_KEY) {
          // A key that keeps coming back at the same instant waits a second, like a rate-limited queue.
          this.stats.throttled++;
          this.setTimer(item, index, key, this.clock.now() + THROTTLE_MS);
          continue;
        }
        this.sync(index, key);
        n++;
      }
    } finally {
      this.draining = false;
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
      }
    }
    return n;
  }

  /**
   * Rebuilds the caches from the client and queues every primary object again. Call after the
   * store's content was replaced (snapshot import).
   */
  resync(): void {
    if (this.stopped) return;
    this.stop();
    this.start();
  }

  /** Number of keys waiting. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /**
   * All work the runtime still holds: whether keys are queued (or a drain is due), and every
   * requeue timer with its controller, key and due time (in due order, then by controller
   * and key). For callers that must know what could still change (the grader's quiescence test).
   */
  pendingWork(): { queued: boolean; timers: { controller: string; key: string; at: number }[] } {
    const timers = [...this.timers].map(([item, t]) => {
      const bar = item.indexOf('|');
      return {
        controller: this.controllers[Number(item.slice(0, bar))]!.name,
        key: item.slice(bar + 1),
        at: t.at,
      };
    });
    timers.sort(
      (a, b) =>
        a.at - b.at ||
        (a.controller < b.controller ? -1 : a.controller > b.controller ? 1 : 0) ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    return { queued: this.pending > 0 || this.drainScheduled !== undefined, timers };
  }

  private sync(index: number, key: string): void {
    const c = this.controllers[index]! as ControllerDefinition<unknown, unknown>;
    const [ns, name] = splitKey(key);
    const item = queueItem(index, key);
    this.stats.syncs++;
    const object = this.reader.get(c.resource, ns, name);
    if (!object || (c.handles && !c.handles(object, this.reader))) {
      this.clearTimer(item);
      if (!object) {
        this.memos.delete(item);
        this.failures.delete(item);
        if (c.onMissing) this.applyAll(index, key, c.onMissing(ns, name, this.reader));
      }
      return;
    }
    const now = this.clock.now();
    const result = c.reconcile(
      object,
      c.observe(object, this.reader, this.memos.get(item), this.failures.get(item) ?? []),
      now,
    );
    if (result.forgetMemo) this.memos.delete(item);
    else if (result.memo !== undefined) this.memos.set(item, result.memo);
    const failed = this.applyAll(index, key, result.actions);
    if (failed.length) this.failures.set(item, failed);
    else this.failures.delete(item);
    this.clearTimer(item);
    if (result.requeueAfterMs !== undefined) this.setTimer(item, index, key, now + result.requeueAfterMs);
  }

  private clearTimer(item: string): void {
    this.timers.get(item)?.cancel();
    this.timers.delete(item);
  }

  private setTimer(item: string, index: number, key: string, at: number): void {
    this.clearTimer(item);
    const cancel = this.clock.at(at, () => {
      this.timers.delete(item);
      this.enqueue(index, key);
    });
    this.timers.set(item, { at, cancel });
  }

  private applyAll(index: number, key: string, actions: Action[]): Failure[] {
    if (!actions.length) return [];
    const outcome = applyActions(this.client, actions, this.clock.now(), this.recorder);
    this.stats.conflicts += outcome.conflicts;
    this.stats.errors += outcome.errors.length;
    // Stale read: sync again with fresh state.
    if (outcome.conflicts) this.enqueue(index, key);
    return outcome.failed;
  }

  /** A controller's memo for a key (the kubelet's record of a pod), for tests and UIs. */
  memoOf(controllerName: string, key: string): unknown {
    const i = this.controllers.findIndex((c) => c.name === controllerName);
    return this.memos.get(queueItem(i, key));
  }
}

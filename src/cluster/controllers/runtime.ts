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
import { objectKey } from './object-key.js';

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

/** The queue key of an object (the informer cache's key string for it, shared). */
export function keyOf(o: KubeObject): string {
  return objectKey(o);
}

/** A requeue timer: when it is due and how to cancel it. */
interface Timer {
  at: number;
  cancel: () => void;
}

/**
 * What the runtime holds for one controller, by queue key: the keys queued, requeue timers, the
 * reconciler's memos and the last sync's refused writes. Keyed per controller by the objects' own
 * key strings, so no `controller|key` string is built per event or kept per object.
 */
class ControllerState {
  readonly queued = new Set<string>();
  readonly timers = new Map<string, Timer>();
  readonly memos = new Map<string, unknown>();
  readonly failures = new Map<string, Failure[]>();
}

/** Runs controllers against a client on a clock. */
export class ControllerRuntime {
  readonly stats: RuntimeStats = { syncs: 0, throttled: 0, conflicts: 0, errors: 0 };
  readonly recorder: EventRecorder;
  /**
   * The queue, first in first out, as two parallel lists (controller index, key) from `head` on;
   * taken entries before it are dropped in batches (O(1) per take).
   */
  private queueControllers: number[] = [];
  private queueKeys: string[] = [];
  private head = 0;
  /** Per controller (by index): queued keys, timers, memos, failures. */
  private readonly states: ControllerState[];
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
    this.states = controllers.map(() => new ControllerState());
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
    for (const state of this.states) {
      for (const t of state.timers.values()) t.cancel();
      state.timers.clear();
    }
    this.drainScheduled?.();
    this.drainScheduled = undefined;
  }

  /** Puts a key on the queue (once) and makes sure a drain will run. */
  enqueue(controller: number, key: string): void {
    if (this.stopped) return;
    const queued = this.states[controller]!.queued;
    if (queued.has(key)) return;
    queued.add(key);
    this.queueControllers.push(controller);
    this.queueKeys.push(key);
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
    // syncs per key in this drain, per controller (made when a controller first syncs)
    const perKey: (Map<string, number> | undefined)[] = [];
    try {
      while (this.head < this.queueKeys.length && n < this.maxSyncsPerDrain) {
        const index = this.queueControllers[this.head]!;
        const key = this.queueKeys[this.head++]!;
        if (this.head >= 1_024 && this.head * 2 >= this.queueKeys.length) {
          this.queueControllers = this.queueControllers.slice(this.head);
          this.queueKeys = this.queueKeys.slice(this.head);
          this.head = 0;
        }
        this.states[index]!.queued.delete(key);
        const counts = (perKey[index] ??= new Map());
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        if (count > MAX_SYNCS_PER_KEY) {
          // A key that keeps coming back at the same instant waits a second, like a rate-limited queue.
          this.stats.throttled++;
          this.setTimer(index, key, this.clock.now() + THROTTLE_MS);
          continue;
        }
        this.sync(index, key);
        n++;
      }
    } finally {
      this.draining = false;
      if (this.head === this.queueKeys.length) {
        this.queueControllers.length = 0;
        this.queueKeys.length = 0;
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
    return this.queueKeys.length - this.head;
  }

  /**
   * All work the runtime still holds: whether keys are queued (or a drain is due), and every
   * requeue timer with its controller, key and due time (in due order, then by controller
   * and key). For callers that must know what could still change (the grader's quiescence test).
   */
  pendingWork(): { queued: boolean; timers: { controller: string; key: string; at: number }[] } {
    const timers = this.states.flatMap((state, i) =>
      [...state.timers].map(([key, t]) => ({ controller: this.controllers[i]!.name, key, at: t.at })),
    );
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
    const state = this.states[index]!;
    this.stats.syncs++;
    // a `namespace/name` key is the informer cache's own key: looked up as it is (no key string
    // built per sync); a bare name (cluster-scoped, from a watch's keys) goes by its parts
    const object =
      key.charCodeAt(ns.length) === 47 /* '/' */
        ? this.cache.getByKey(c.resource, key)
        : this.reader.get(c.resource, ns, name);
    if (!object || (c.handles && !c.handles(object, this.reader))) {
      this.clearTimer(state, key);
      if (!object) {
        state.memos.delete(key);
        state.failures.delete(key);
        if (c.onMissing) this.applyAll(index, key, c.onMissing(ns, name, this.reader));
      }
      return;
    }
    const now = this.clock.now();
    const result = c.reconcile(
      object,
      c.observe(object, this.reader, state.memos.get(key), state.failures.get(key) ?? []),
      now,
    );
    if (result.forgetMemo) state.memos.delete(key);
    else if (result.memo !== undefined) state.memos.set(key, result.memo);
    const failed = this.applyAll(index, key, result.actions);
    if (failed.length) state.failures.set(key, failed);
    else state.failures.delete(key);
    this.clearTimer(state, key);
    if (result.requeueAfterMs !== undefined) this.setTimer(index, key, now + result.requeueAfterMs);
  }

  private clearTimer(state: ControllerState, key: string): void {
    const timer = state.timers.get(key);
    if (timer === undefined) return;
    timer.cancel();
    state.timers.delete(key);
  }

  private setTimer(index: number, key: string, at: number): void {
    const state = this.states[index]!;
    this.clearTimer(state, key);
    const cancel = this.clock.at(at, () => {
      state.timers.delete(key);
      this.enqueue(index, key);
    });
    state.timers.set(key, { at, cancel });
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
    return this.states[i]?.memos.get(key);
  }
}

/**
 * The cluster's clocks. Every controller, kubelet stage, back-off, grace period and age reads
 * time from one injected `Clock` (types.ts); nothing in src/cluster touches `Date` or timers.
 *
 * - `VirtualClock`: time moves only when told (`advance`, `runUntilIdle`). Tests and graders.
 * - `ScaledClock`: real time times a speed factor, with the host's `now`/`setTimeout` injected.
 */
import type { Clock } from './types.js';

/** The default start of virtual time: 2026-01-01T00:00:00Z, fixed for determinism. */
export const DEFAULT_EPOCH = 1767225600000;

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  /** In the heap (pushed and not yet popped). */
  queued?: boolean;
  /** Cancelled while queued: skipped when it reaches the top, dropped at the next compaction. */
  cancelled?: boolean;
}

/**
 * A min-heap of timers ordered by time, then by insertion. Cancelling only marks a timer, so it
 * costs O(1) however many timers wait (a large cluster has one per pod); marked timers are
 * dropped when they reach the top, or all at once when they are the majority.
 */
class TimerQueue {
  private heap: Timer[] = [];
  private dead = 0;

  get size(): number {
    return this.heap.length - this.dead;
  }

  push(t: Timer): void {
    t.queued = true;
    t.cancelled = false;
    this.siftUp(t);
  }

  private siftUp(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  peek(): Timer | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  pop(): Timer | undefined {
    this.dropCancelled();
    const top = this.take();
    if (top) top.queued = false;
    return top;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) {
      this.take()!.queued = false;
      this.dead--;
    }
  }

  private take(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  remove(t: Timer): void {
    if (!t.queued || t.cancelled) return;
    t.cancelled = true;
    this.dead++;
    if (this.dead > 1_024 && this.dead * 2 > this.heap.length) {
      // Mostly cancelled: rebuild from the live timers (the order is by (at, seq), so unchanged).
      const live = this.heap.filter((x) => {
        if (x.cancelled) x.queued = false;
        return !x.cancelled;
      });
      this.heap = [];
      this.dead = 0;
      for (const x of live) this.siftUp(x);
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Thrown by `runUntilIdle` when timers keep scheduling timers past the limit. */
export class ClockLimitError extends Error {
  constructor(limit: number) {
    super(`VirtualClock.runUntilIdle: still busy after ${limit} timers (a timer loop?)`);
    this.name = 'ClockLimitError';
  }
}

/**
 * Virtual time. `at(time, fn)` queues `fn`; timers run in order of time, then insertion, only
 * inside `advance`, `runUntilIdle` or `runDue`. A timer scheduled in the past runs at the next
 * of those calls without moving time backwards.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly queue = new TimerQueue();

  constructor(start: number = DEFAULT_EPOCH) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  at(at: number, fn: () => void): () => void {
    const timer: Timer = { at, seq: this.seq++, fn };
    this.queue.push(timer);
    return () => this.queue.remove(timer);
  }

  /** Milliseconds from now: `after(5000, fn)`. */
  after(ms: number, fn: () => void): () => void {
    return this.at(this.current + ms, fn);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.queue.size;
  }

  /** The time of the next timer, if any. */
  nextAt(): number | undefined {
    return this.queue.peek()?.at;
  }

  /** Runs every timer due now (including ones they add for now). Returns how many ran. */
  runDue(limit = 1_000_000): number {
    return this.runUntil(this.current, limit);
  }

  /**
   * Moves time forward by `ms`, running each timer at its own time (time is set to the timer's
   * `at` while it runs), then settles at `now + ms`.
   */
  advance(ms: number, limit = 1_000_000): number {
    if (ms < 0) throw new RangeError('VirtualClock.advance: ms must not be negative');
    return this.runUntil(this.current + ms, limit);
  }

  /** Moves time to `time` (no-op when it is in the past), running timers on the way. */
  advanceTo(time: number, limit = 1_000_000): number {
    return this.runUntil(Math.max(time, this.current), limit);
  }

  /**
   * Runs timers until none is left, jumping time to each one. Throws `ClockLimitError` after
   * `limit` timers (a controller that requeues itself forever never goes idle).
   */
  runUntilIdle(limit = 100_000): number {
    let ran = 0;
    for (;;) {
      const t = this.queue.pop();
      if (!t) return ran;
      if (ran >= limit) {
        this.queue.push(t);
        throw new ClockLimitError(limit);
      }
      if (t.at > this.current) this.current = t.at;
      ran++;
      t.fn();
    }
  }

  private runUntil(end: number, limit: number): number {
    let ran = 0;
    for (;;) {
      const t = this.queue.peek();
      if (!t || t.at > end) break;
      if (ran >= limit) throw new ClockLimitError(limit);
      this.queue.pop();
      if (t.at > this.current) this.current = t.at;
      ran++;
      t.fn();
    }
    this.current = end;
    return ran;
  }
}

/** What a host hands a `ScaledClock`: its wall clock and its one-shot timer. */
export interface HostTimers {
  /** Host milliseconds (e.g. `() => Date.now()` or `performance.now()`). */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Real time times a speed factor: with speed 10, one host second is ten cluster seconds.
 * The cluster's time starts at `start` (default `DEFAULT_EPOCH`) when the clock is created.
 */
export class ScaledClock implements Clock {
  private readonly hostStart: number;
  private base: number;
  private scale: number;

  constructor(
    private readonly host: HostTimers,
    options: { speed?: number; start?: number } = {},
  ) {
    this.hostStart = host.now();
    this.base = options.start ?? DEFAULT_EPOCH;
    this.scale = options.speed ?? 1;
    if (!(this.scale > 0)) throw new RangeError('ScaledClock: speed must be positive');
  }

  get speed(): number {
    return this.scale;
  }

  /** Changes the speed from now on (time never jumps). Timers already set keep their host delay. */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError('ScaledClock: speed must be positive');
    const now = this.now();
    this.base = now - (this.host.now() - this.hostStart) * speed;
    this.scale = speed;
  }

  now(): number {
    return Math.floor(this.base + (this.host.now() - this.hostStart) * this.scale);
  }

  at(at: number, fn: () => void): () => void {
    const delay = Math.max(0, (at - this.now()) / this.scale);
    let done = false;
    const handle = this.host.setTimeout(() => {
      done = true;
      fn();
    }, delay);
    return () => {
      if (!done) this.host.clearTimeout(handle);
      done = true;
    };
  }
}

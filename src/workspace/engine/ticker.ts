/**
 * Drives a `VirtualClock` from the host's real timers: every `interval` real milliseconds the
 * cluster's time moves `interval x speed`. A virtual clock (rather than a scaled one) lets the
 * engine fast-forward a new cluster through its boot (`clock.advance`) and restore a snapshot's
 * time exactly, while the learner still sees time pass.
 */
import type { VirtualClock } from '../../cluster/clock.js';

export interface Ticker {
  stop(): void;
  speed: number;
}

export function startTicker(
  clock: VirtualClock,
  host: { setInterval(fn: () => void, ms: number): unknown; clearInterval(h: unknown): void; now(): number },
  options: { speed?: number; interval?: number; afterTick?: () => void } = {},
): Ticker {
  const interval = options.interval ?? 100;
  let last = host.now();
  const ticker: Ticker = {
    speed: options.speed ?? 1,
    stop: () => host.clearInterval(handle),
  };
  const handle = host.setInterval(() => {
    const now = host.now();
    // Never more than a second of real time at once (a throttled background tab catches up slowly).
    const elapsed = Math.min(1000, Math.max(0, now - last));
    last = now;
    clock.advance(Math.round(elapsed * ticker.speed));
    options.afterTick?.();
  }, interval);
  return ticker;
}

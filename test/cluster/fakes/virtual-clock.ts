/** A virtual clock for tests: time moves only when the test says so. */
import type { Clock } from '../../../src/cluster/types.js';

export class VirtualClock implements Clock {
  private timers: { at: number; seq: number; fn: () => void; cancelled: boolean }[] = [];
  private seq = 0;
  constructor(private current = Date.UTC(2026, 0, 5, 9, 0, 0)) {}

  now(): number {
    return this.current;
  }

  at(at: number, fn: () => void): () => void {
    const t = { at, seq: this.seq++, fn, cancelled: false };
    this.timers.push(t);
    return () => {
      t.cancelled = true;
    };
  }

  /** Runs every timer due by now (including ones that due timers add). */
  flush(): void {
    for (let guard = 0; guard < 100000; guard++) {
      const due = this.next(this.current);
      if (!due) return;
      due.fn();
    }
    throw new Error('VirtualClock.flush: timers keep firing');
  }

  /** Moves time forward by `ms`, firing timers in time order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (let guard = 0; guard < 100000; guard++) {
      this.flush();
      const pending = this.timers
        .filter((t) => !t.cancelled && t.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!pending) break;
      this.current = Math.max(this.current, pending.at);
    }
    this.current = end;
    this.flush();
  }

  private next(limit: number): { fn: () => void } | undefined {
    const due = this.timers
      .filter((t) => !t.cancelled && t.at <= limit)
      .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    if (due) this.timers = this.timers.filter((t) => t !== due);
    return due;
  }
}

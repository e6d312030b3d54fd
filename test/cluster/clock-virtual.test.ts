import { describe, expect, it } from 'vitest';
import { ClockLimitError, DEFAULT_EPOCH, ScaledClock, VirtualClock } from '../../src/cluster/clock.js';
import { rfc3339, parseRfc3339 } from '../../src/cluster/machinery/timestamps.js';

describe('VirtualClock', () => {
  it('starts at 2026-01-01T00:00:00Z by default', () => {
    expect(rfc3339(new VirtualClock().now())).toBe('2026-01-01T00:00:00Z');
    expect(DEFAULT_EPOCH).toBe(Date.UTC(2026, 0, 1));
  });

  it('runs timers in time order, then insertion order, each at its own time', () => {
    const clock = new VirtualClock(0);
    const seen: string[] = [];
    clock.at(200, () => seen.push(`b@${clock.now()}`));
    clock.at(100, () => seen.push(`a1@${clock.now()}`));
    clock.at(100, () => seen.push(`a2@${clock.now()}`));
    clock.at(300, () => seen.push(`c@${clock.now()}`));
    expect(clock.advance(250)).toBe(3);
    expect(seen).toEqual(['a1@100', 'a2@100', 'b@200']);
    expect(clock.now()).toBe(250);
    expect(clock.pending).toBe(1);
  });

  it('runs timers that timers add when they fall inside the window', () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.at(10, () => {
      seen.push(clock.now());
      clock.at(clock.now() + 10, () => seen.push(clock.now()));
    });
    clock.advance(25);
    expect(seen).toEqual([10, 20]);
  });

  it('cancels timers', () => {
    const clock = new VirtualClock(0);
    let ran = false;
    const cancel = clock.at(5, () => (ran = true));
    cancel();
    clock.advance(10);
    expect(ran).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('runUntilIdle jumps to each timer and stops with a clear error on loops', () => {
    const clock = new VirtualClock(0);
    const at: number[] = [];
    clock.at(1000, () => at.push(clock.now()));
    clock.at(60_000, () => at.push(clock.now()));
    expect(clock.runUntilIdle()).toBe(2);
    expect(at).toEqual([1000, 60_000]);
    const loop = () => clock.at(clock.now() + 1, loop);
    loop();
    expect(() => clock.runUntilIdle(50)).toThrow(ClockLimitError);
  });

  it('runs past-due timers without moving time backwards', () => {
    const clock = new VirtualClock(1000);
    let when = -1;
    clock.at(10, () => (when = clock.now()));
    clock.runDue();
    expect(when).toBe(1000);
  });
});

describe('ScaledClock', () => {
  function fakeHost() {
    let t = 5000;
    const timers: { at: number; fn: () => void; id: number }[] = [];
    let id = 0;
    return {
      host: {
        now: () => t,
        setTimeout: (fn: () => void, ms: number) => {
          timers.push({ at: t + ms, fn, id: ++id });
          return id;
        },
        clearTimeout: (h: unknown) => {
          const i = timers.findIndex((x) => x.id === h);
          if (i >= 0) timers.splice(i, 1);
        },
      },
      tick(ms: number) {
        t += ms;
        for (const x of timers.filter((x) => x.at <= t)) {
          timers.splice(timers.indexOf(x), 1);
          x.fn();
        }
      },
      timers,
    };
  }

  it('runs cluster time at speed times host time', () => {
    const h = fakeHost();
    const clock = new ScaledClock(h.host, { speed: 10, start: 0 });
    h.tick(1000);
    expect(clock.now()).toBe(10_000);
    clock.setSpeed(2);
    h.tick(1000);
    expect(clock.now()).toBe(12_000);
  });

  it('schedules host timers for the scaled delay and cancels them', () => {
    const h = fakeHost();
    const clock = new ScaledClock(h.host, { speed: 60, start: 0 });
    let fired = 0;
    clock.at(60_000, () => fired++); // one cluster minute = one host second
    const cancel = clock.at(120_000, () => fired++);
    cancel();
    h.tick(999);
    expect(fired).toBe(0);
    h.tick(1);
    expect(fired).toBe(1);
    h.tick(5000);
    expect(fired).toBe(1);
  });
});

describe('timestamps', () => {
  it('formats and parses RFC 3339 like Kubernetes (seconds, UTC)', () => {
    expect(rfc3339(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29T23:59:59Z');
    expect(rfc3339(0)).toBe('1970-01-01T00:00:00Z');
    expect(parseRfc3339('2026-01-01T00:00:00Z')).toBe(DEFAULT_EPOCH);
    expect(parseRfc3339('2026-01-01T02:00:00+02:00')).toBe(DEFAULT_EPOCH);
    expect(parseRfc3339('yesterday')).toBeUndefined();
    for (const ms of [0, 951782400000, 4102444799000, DEFAULT_EPOCH + 123456789000])
      expect(parseRfc3339(rfc3339(ms))).toBe(ms);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VirtualClock } from '../../src/cluster/clock.js';

type Op =
  | { op: 'at'; delay: number }
  | { op: 'cancel'; which: number }
  | { op: 'advance'; ms: number }
  | { op: 'runDue' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('at' as const), delay: fc.integer({ min: -5, max: 50 }) }),
  fc.record({ op: fc.constant('cancel' as const), which: fc.nat() }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ op: fc.constant('runDue' as const) }),
);

describe('VirtualClock with cancellations', () => {
  it('fires exactly the uncancelled timers, in (time, insertion) order, like a sorted list', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 3_000 }), (ops) => {
        const clock = new VirtualClock(0);
        const fired: [number, number][] = [];
        const cancels: (() => void)[] = [];
        // The model: a plain list of live timers.
        let model: { at: number; id: number }[] = [];
        const modelFired: [number, number][] = [];
        let now = 0;
        const runModel = (end: number): void => {
          for (;;) {
            model.sort((a, b) => a.at - b.at || a.id - b.id);
            const t = model[0];
            if (!t || t.at > end) break;
            model = model.slice(1);
            now = Math.max(now, t.at);
            modelFired.push([t.id, now]);
          }
          now = Math.max(now, end);
        };
        for (const o of ops) {
          if (o.op === 'at') {
            const id = cancels.length;
            const at = clock.now() + o.delay;
            cancels.push(clock.at(at, () => fired.push([id, clock.now()])));
            model.push({ at, id });
          } else if (o.op === 'cancel') {
            if (!cancels.length) continue;
            const id = o.which % cancels.length;
            cancels[id]!();
            model = model.filter((t) => t.id !== id);
          } else if (o.op === 'advance') {
            clock.advance(o.ms);
            runModel(now + o.ms);
          } else {
            clock.runDue();
            runModel(now);
          }
          expect(clock.pending).toBe(model.length);
        }
        expect(fired).toEqual(modelFired);
        expect(clock.nextAt()).toBe(model.sort((a, b) => a.at - b.at || a.id - b.id)[0]?.at);
      }),
      { numRuns: 60 },
    );
  });

  it('cancelled timers never fire, and timers added after a compaction run in order', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    const cancels = Array.from({ length: 5_000 }, (_, i) => clock.at(5_000 - i, () => fired.push(i)));
    cancels.forEach((c, i) => i % 3 !== 0 && c());
    cancels.forEach((c) => c()); // cancelling twice, or after compaction, is harmless
    expect(clock.pending).toBe(0);
    const kept = Array.from({ length: 5 }, (_, i) => clock.at(10 + i, () => fired.push(100 + i)));
    expect(kept).toHaveLength(5);
    clock.advance(10_000);
    expect(fired).toEqual([100, 101, 102, 103, 104]);
  });
});

/** `ControllerRuntime.pendingWork()`: queued keys and requeue timers with their due times. */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock } from '../../src/cluster/index.js';
import { ControllerRuntime, type ControllerDefinition } from '../../src/cluster/controllers/runtime.js';

/** Requeues every ConfigMap after its `data.every` milliseconds; does nothing else. */
const ticker: ControllerDefinition = {
  name: 'ticker',
  resource: 'configmaps',
  observe: () => undefined,
  reconcile: (o) => ({ actions: [], requeueAfterMs: Number((o.data as Record<string, string>).every) }),
};

function setup() {
  const clock = new VirtualClock();
  const c = createCluster({ clock });
  const cm = (name: string, every: number) =>
    c.client.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'default' },
      data: { every: String(every) },
    });
  return {
    clock,
    c,
    cm,
    runtime: new ControllerRuntime(c.client, clock, [ticker as ControllerDefinition<never, never>]),
  };
}

describe('ControllerRuntime.pendingWork', () => {
  it('reports queued keys until a drain, then each requeue timer with its due time, in due order', () => {
    const { clock, cm, runtime } = setup();
    const t0 = clock.now();
    cm('slow', 9_000);
    cm('fast', 4_000);
    runtime.start();
    expect(runtime.pendingWork()).toEqual({ queued: true, timers: [] });
    clock.runDue();
    expect(runtime.pendingWork()).toEqual({
      queued: false,
      timers: [
        { controller: 'ticker', key: 'default/fast', at: t0 + 4_000 },
        { controller: 'ticker', key: 'default/slow', at: t0 + 9_000 },
      ],
    });
    // The fast timer fires, syncs again, and is re-armed 4 s later; the slow one is unchanged.
    clock.advance(4_000);
    expect(runtime.pendingWork().timers).toEqual([
      { controller: 'ticker', key: 'default/fast', at: t0 + 8_000 },
      { controller: 'ticker', key: 'default/slow', at: t0 + 9_000 },
    ]);
    // Every runtime timer is one of the clock's timers.
    expect(clock.pending).toBe(2);
  });

  it('forgets the timer of a deleted object and every timer when stopped', () => {
    const { clock, c, cm, runtime } = setup();
    cm('a', 5_000);
    cm('b', 5_000);
    runtime.start();
    clock.runDue();
    expect(runtime.pendingWork().timers.map((t) => t.key)).toEqual(['default/a', 'default/b']);
    c.client.delete('configmaps', 'default', 'a');
    clock.runDue();
    expect(runtime.pendingWork()).toEqual({
      queued: false,
      timers: [{ controller: 'ticker', key: 'default/b', at: clock.now() + 5_000 }],
    });
    runtime.stop();
    expect(runtime.pendingWork()).toEqual({ queued: false, timers: [] });
    expect(clock.pending).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock } from '../../src/cluster/index.js';

function cluster() {
  const clock = new VirtualClock();
  const c = createCluster({ clock, topology: 'default', seed: 3 });
  clock.advance(20_000);
  return { c, clock, world: c.world! };
}

describe('world state in snapshots', () => {
  it('keeps stopped nodes, a stopped scheduler and the world random state, and exports the same bytes', () => {
    const a = cluster();
    a.world.chaos.stopNode('worker-2');
    a.world.chaos.stopScheduler();
    a.clock.advance(5_000);
    const text = a.c.exportSnapshot();
    expect(JSON.parse(text).world).toMatchObject({ stoppedNodes: ['worker-2'], schedulerStopped: true });

    const b = cluster();
    b.c.importSnapshot(text);
    expect(b.world.chaos.isNodeRunning('worker-2')).toBe(false);
    expect(b.world.chaos.isNodeRunning('worker-1')).toBe(true);
    expect(b.world.chaos.schedulerRunning).toBe(false);
    expect(b.c.exportSnapshot()).toBe(text);

    // Both go on the same way: the stopped node goes NotReady in both.
    a.clock.advance(60_000);
    b.clock.advance(60_000);
    expect(b.c.exportSnapshot()).toBe(a.c.exportSnapshot());
    const ready = (c: typeof a.c) =>
      c.client
        .get('nodes', '', 'worker-2')!
        .status.conditions.find((x: { type: string }) => x.type === 'Ready').status;
    expect(ready(b.c)).toBe('Unknown');
  });

  it('a snapshot without world state (or taken before a chaos action) brings every node back', () => {
    const a = cluster();
    const before = a.c.exportSnapshot();
    a.world.chaos.stopNode('worker-1');
    a.c.importSnapshot(before);
    expect(a.world.chaos.isNodeRunning('worker-1')).toBe(true);
    const withoutWorld = JSON.stringify({ ...JSON.parse(before), world: undefined });
    a.world.chaos.stopScheduler();
    a.c.importSnapshot(withoutWorld);
    expect(a.world.chaos.schedulerRunning).toBe(true);
  });

  it('refuses a malformed world state with a clear message and keeps the cluster as it was', () => {
    const a = cluster();
    const text = a.c.exportSnapshot();
    const bad = JSON.stringify({
      ...JSON.parse(text),
      world: { ...JSON.parse(text).world, stoppedNodes: 'all' },
    });
    expect(() => a.c.importSnapshot(bad)).toThrow(
      'snapshot: world.stoppedNodes must be a list of node names',
    );
    expect(a.c.exportSnapshot()).toBe(text);
  });
});

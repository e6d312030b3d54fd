/**
 * Golden scenario through the whole stack (default topology, validation hooks, virtual time): a
 * container that exits 1 at once is restarted on Kubernetes' back-off (10 s doubling to a 5 min
 * cap), shows CrashLoopBackOff in between, and records BackOff events in the kubelet's words.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock } from '../../src/cluster/index.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';

describe('CrashLoopBackOff timing (golden)', () => {
  it('restarts at once, then after 10, 20, 40, 80, 160, 300, 300 s, and reports CrashLoopBackOff between runs', () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, topology: 'default', hooks: validationHooks(), seed: 2 });
    clock.advance(10_000);
    const { client } = cluster;
    client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crash', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] },
    });
    // Sample every second for 20 virtual minutes: when did restartCount go up?
    const restartsAt: number[] = [];
    let last = 0;
    let sawCrashLoop = false;
    const start = clock.now();
    for (let s = 0; s < 20 * 60; s++) {
      clock.advance(1_000);
      const status = client.get('pods', 'default', 'crash')!.status?.containerStatuses?.[0];
      if (!status) continue;
      if (status.restartCount > last) {
        restartsAt.push((clock.now() - start) / 1000);
        last = status.restartCount;
      }
      if (status.state?.waiting?.reason === 'CrashLoopBackOff') {
        sawCrashLoop = true;
        expect(status.state.waiting.message).toMatch(
          /^back-off (10s|20s|40s|1m20s|2m40s|5m0s) restarting failed container=app pod=crash_default\([0-9a-f-]{36}\)$/,
        );
        expect(status.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
      }
    }
    expect(sawCrashLoop).toBe(true);
    // The first exit restarts at once (no back-off yet); each later one waits the doubled back-off.
    // The container runs for less than the 1 s sampling step, so the gaps are the back-offs.
    expect(restartsAt[0]!).toBeLessThan(10);
    const gaps = restartsAt.slice(1).map((t, i) => t - restartsAt[i]!);
    expect(gaps.slice(0, 7)).toEqual([10, 20, 40, 80, 160, 300, 300]);
    const pod = client.get('pods', 'default', 'crash')!;
    const backOff = client
      .list('events', { namespace: 'default' })
      .items.filter(
        (e) =>
          (e.involvedObject as { name?: string } | undefined)?.name === 'crash' && e.reason === 'BackOff',
      );
    expect(backOff.length).toBeGreaterThan(0);
    expect(backOff[0]).toMatchObject({
      type: 'Warning',
      message: `Back-off restarting failed container app in pod crash_default(${pod.metadata.uid})`,
    });
  });
});

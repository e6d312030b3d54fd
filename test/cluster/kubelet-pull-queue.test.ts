/**
 * Image pulls of pods that start together on one node, as a kubelet with `serializeImagePulls:
 * true` (the default) reports them: one pull at a time, each Pulled event with its own pull time
 * and the time including the wait in the queue.
 */
import { describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import { VirtualClock, type Cluster, type KubeObject } from '../../src/cluster/index.js';

function setup(): { cluster: Cluster; clock: VirtualClock } {
  const clock = new VirtualClock();
  const cluster = createCompleteCluster({ clock, topology: 'default' });
  clock.advance(30_000);
  return { cluster, clock };
}

function pod(name: string, image: string, node = 'worker-1', pullPolicy?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: node,
      containers: [{ name: 'app', image, ...(pullPolicy ? { imagePullPolicy: pullPolicy } : {}) }],
    },
  };
}

/** The kubelet's Events of a pod in order, each as `<reason>: <message>`. */
function events(cluster: Cluster, name: string): string[] {
  return cluster.client
    .list('events', { namespace: 'default' })
    .items.filter((e) => {
      const event = e as { involvedObject?: { name?: string }; source?: { component?: string } };
      return event.involvedObject?.name === name && event.source?.component === 'kubelet';
    })
    .map((e) => `${e.reason}: ${e.message}`);
}

/**
 * Advances the clock 100 ms at a time for `ms` and says when (ms from the start) each named pod's
 * container was first seen running (timestamps in the API have whole seconds only).
 */
function runningTimes(cluster: Cluster, clock: VirtualClock, names: string[], ms = 10_000): number[] {
  const seen = new Map<string, number>();
  for (let t = 0; t <= ms; t += 100) {
    if (t > 0) clock.advance(100);
    for (const n of names) {
      const p = cluster.client.get('pods', 'default', n);
      const s = (p?.status?.containerStatuses as { state?: { running?: unknown } }[] | undefined)?.[0];
      if (s?.state?.running && !seen.has(n)) seen.set(n, t);
    }
  }
  return names.map((n) => seen.get(n) ?? -1);
}

const pulling = 'Pulling: Pulling image "nginx:1.27"';
const pulled = (took: string, withWaiting: string): string =>
  `Pulled: Successfully pulled image "nginx:1.27" in ${took} (${withWaiting} including waiting). Image size: 72000000 bytes.`;
const createdStarted = ['Created: Created container: app', 'Started: Started container app'];

describe('kubelet image pulls on one node', () => {
  it('serializes the pulls of two pods that start together with the same new image', () => {
    const { cluster, clock } = setup();
    cluster.client.create('pods', pod('a', 'nginx:1.27'));
    cluster.client.create('pods', pod('b', 'nginx:1.27'));
    expect(runningTimes(cluster, clock, ['a', 'b'])).toEqual([2_000, 2_400]);
    expect(events(cluster, 'a')).toEqual([pulling, pulled('2s', '2s'), ...createdStarted]);
    expect(events(cluster, 'b')).toEqual([pulling, pulled('400ms', '2.4s'), ...createdStarted]);
  });

  it('queues three pulls in order, and a pod that starts after them finds the image present', () => {
    const { cluster, clock } = setup();
    for (const n of ['a', 'b', 'c']) cluster.client.create('pods', pod(n, 'nginx:1.27'));
    expect(runningTimes(cluster, clock, ['a', 'b', 'c'])).toEqual([2_000, 2_400, 2_800]);
    expect(events(cluster, 'a')).toEqual([pulling, pulled('2s', '2s'), ...createdStarted]);
    expect(events(cluster, 'b')).toEqual([pulling, pulled('400ms', '2.4s'), ...createdStarted]);
    expect(events(cluster, 'c')).toEqual([pulling, pulled('400ms', '2.8s'), ...createdStarted]);

    cluster.client.create('pods', pod('d', 'nginx:1.27'));
    expect(runningTimes(cluster, clock, ['d'], 2_000)).toEqual([500]);
    expect(events(cluster, 'd')).toEqual([
      'Pulled: Container image "nginx:1.27" already present on machine',
      ...createdStarted,
    ]);
  });

  it('keeps the queues of different nodes apart, and a different image waits for the pull before it', () => {
    const { cluster, clock } = setup();
    cluster.client.create('pods', pod('a', 'nginx:1.27'));
    cluster.client.create('pods', pod('b', 'nginx:1.27', 'worker-2'));
    cluster.client.create('pods', pod('c', 'redis:7'));
    expect(runningTimes(cluster, clock, ['a', 'b', 'c'])).toEqual([2_000, 2_000, 3_500]);
    expect(events(cluster, 'b')).toEqual([pulling, pulled('2s', '2s'), ...createdStarted]);
    // none of redis' layers are on worker-1: a full pull (1.5 s) once nginx's has ended
    expect(events(cluster, 'c')).toEqual([
      'Pulling: Pulling image "redis:7"',
      'Pulled: Successfully pulled image "redis:7" in 1.5s (3.5s including waiting). Image size: 45000000 bytes.',
      ...createdStarted,
    ]);
  });

  it("pulls a pod's app containers one after another, each asking when the one before has started", () => {
    const { cluster, clock } = setup();
    cluster.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'multi', namespace: 'default' },
      spec: {
        nodeName: 'worker-1',
        containers: [
          { name: 'a', image: 'nginx:1.27' },
          { name: 'b', image: 'busybox:1.36', command: ['sleep', '3600'] },
        ],
      },
    });
    const times = (): number[] => {
      const seen: number[] = [-1, -1];
      for (let t = 0; t <= 5_000; t += 100) {
        if (t > 0) clock.advance(100);
        const p = cluster.client.get('pods', 'default', 'multi');
        const ss = (p?.status?.containerStatuses ?? []) as { name: string; state?: { running?: unknown } }[];
        ss.forEach((s) => {
          const i = s.name === 'a' ? 0 : 1;
          if (s.state?.running && seen[i] === -1) seen[i] = t;
        });
      }
      return seen;
    };
    expect(times()).toEqual([2_000, 2_800]);
    expect(events(cluster, 'multi')).toEqual([
      pulling,
      pulled('2s', '2s'),
      'Created: Created container: a',
      'Started: Started container a',
      'Pulling: Pulling image "busybox:1.36"',
      'Pulled: Successfully pulled image "busybox:1.36" in 800ms (800ms including waiting). Image size: 2200000 bytes.',
      'Created: Created container: b',
      'Started: Started container b',
    ]);
  });

  it('pulls each time for imagePullPolicy Always, quickly when the node has the image', () => {
    const { cluster, clock } = setup();
    cluster.client.create('pods', pod('a', 'nginx:1.27'));
    clock.advance(10_000);
    cluster.client.create('pods', pod('b', 'nginx:1.27', 'worker-1', 'Always'));
    cluster.client.create('pods', pod('c', 'nginx:1.27', 'worker-1', 'Always'));
    expect(runningTimes(cluster, clock, ['b', 'c'])).toEqual([400, 800]);
    expect(events(cluster, 'a')).toEqual([pulling, pulled('2s', '2s'), ...createdStarted]);
    expect(events(cluster, 'b')).toEqual([pulling, pulled('400ms', '400ms'), ...createdStarted]);
    expect(events(cluster, 'c')).toEqual([pulling, pulled('400ms', '800ms'), ...createdStarted]);
  });

  it('pulls again before each restart under imagePullPolicy Always', () => {
    const { cluster, clock } = setup();
    // node:22 exits 300 ms after it starts: the kubelet restarts it (restartPolicy Always)
    cluster.client.create('pods', pod('n', 'node:22', 'worker-1', 'Always'));
    clock.advance(9_600);
    expect(cluster.client.get('pods', 'default', 'n')?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    clock.advance(200); // the pull took 8 s, the process 300 ms, the restart 1 s, the pull again 400 ms
    expect(cluster.client.get('pods', 'default', 'n')?.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    clock.advance(20_000);
    const counted = cluster.client
      .list('events', { namespace: 'default' })
      .items.filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === 'n')
      .map((e) => `${String(e.count)} ${String(e.reason)}: ${String(e.message)}`);
    expect(counted.slice(0, 5)).toEqual([
      '3 Pulling: Pulling image "node:22"',
      '1 Pulled: Successfully pulled image "node:22" in 8s (8s including waiting). Image size: 400000000 bytes.',
      '3 Created: Created container: app',
      '3 Started: Started container app',
      '2 Pulled: Successfully pulled image "node:22" in 400ms (400ms including waiting). Image size: 400000000 bytes.',
    ]);
  });
});

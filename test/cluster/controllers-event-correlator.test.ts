/**
 * The event correlator through the whole stack (createCompleteCluster, default topology, virtual
 * time): what a real cluster shows for a big ReplicaSet and a crash-looping pod.
 */
import { describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import { VirtualClock } from '../../src/cluster/clock.js';
import type { Cluster } from '../../src/cluster/index.js';
import type { KubeObject, WatchEvent } from '../../src/cluster/types.js';

interface Involved {
  kind: string;
  name: string;
}

/** A settled cluster and every Event write (ADDED or MODIFIED) from now on, in order. */
function cluster(): { cluster: Cluster; clock: VirtualClock; writes: { at: number; event: KubeObject }[] } {
  const clock = new VirtualClock();
  const c = createCompleteCluster({ clock, topology: 'default', seed: 1 });
  clock.advance(30_000);
  const writes: { at: number; event: KubeObject }[] = [];
  c.client.watch('events', {}, (e: WatchEvent) => {
    if (e.type === 'ADDED' || e.type === 'MODIFIED') writes.push({ at: clock.now(), event: e.object });
  });
  return { cluster: c, clock, writes };
}

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  };
}

const involved = (e: KubeObject): Involved => e.involvedObject as Involved;

/** The ReplicaSet's Events as stored, and the writes about it. */
function replicaSetEvents(c: Cluster, writes: { at: number; event: KubeObject }[]) {
  const rs = c.client.list('replicasets', { namespace: 'default' }).items[0]!;
  const about = (e: KubeObject): boolean =>
    involved(e).kind === 'ReplicaSet' && involved(e).name === rs.metadata.name;
  const stored = c.client.list('events', { namespace: 'default' }).items.filter(about);
  return { rs, stored, writes: writes.filter((w) => about(w.event)) };
}

/** The name of the pod the ReplicaSet created last (the highest creation resourceVersion). */
function lastCreatedPod(c: Cluster): string {
  const pods = c.client.list('pods', { namespace: 'default' }).items;
  const last = pods.reduce((a, b) =>
    Number(a.metadata.resourceVersion) > Number(b.metadata.resourceVersion) ? a : b,
  );
  return last.metadata.name!;
}

describe('Event correlator (cluster)', () => {
  it('a 20-replica ReplicaSet shows 9 "Created pod" Events and one combined Event with count 11', () => {
    const { cluster: c, clock, writes } = cluster();
    c.client.create('deployments', deployment('web', 20));
    clock.advance(60_000);
    const { rs, stored } = replicaSetEvents(c, writes);
    const plain = stored.filter((e) => !String(e.message).startsWith('('));
    const combined = stored.filter((e) => String(e.message).startsWith('('));
    expect(plain).toHaveLength(9);
    for (const e of plain) {
      expect(e.reason).toBe('SuccessfulCreate');
      expect(e.count).toBe(1);
      expect(e.message).toMatch(new RegExp(`^Created pod: ${rs.metadata.name}-[a-z0-9]{5}$`));
    }
    expect(combined).toHaveLength(1);
    expect(combined[0]).toMatchObject({
      type: 'Normal',
      reason: 'SuccessfulCreate',
      count: 11,
      message: `(combined from similar events): Created pod: ${lastCreatedPod(c)}`,
      source: { component: 'replicaset-controller' },
      reportingComponent: '',
      reportingInstance: '',
    });
  });

  it('a 500-replica ReplicaSet writes 25 Events about it; the combined count stops at 16, and the next write after 300 s jumps', () => {
    const { cluster: c, clock, writes } = cluster();
    c.client.create('deployments', deployment('big', 500));
    clock.advance(60_000);
    const first = replicaSetEvents(c, writes);
    expect(first.writes).toHaveLength(25);
    expect(first.writes.filter((w) => w.event.count === 1)).toHaveLength(10); // 9 + 1 combined
    const combined = first.stored.find((e) => String(e.message).startsWith('('))!;
    expect(combined.count).toBe(16);
    expect(c.client.list('pods', { namespace: 'default' }).items).toHaveLength(500);

    // every create burst happened at one instant: 300 s later the bucket holds one token again
    const burstEnd = first.writes.at(-1)!.at;
    clock.advance(burstEnd + 300_000 - clock.now());
    const victim = c.client.list('pods', { namespace: 'default' }).items[0]!;
    c.client.delete('pods', 'default', victim.metadata.name!);
    clock.advance(1_000);
    const later = replicaSetEvents(c, writes);
    // 491 creates counted into the combined Event so far (500 - 9), the replacement is the 492nd
    expect(later.writes.slice(25).map((w) => [w.event.metadata.name, w.event.count])).toEqual([
      [combined.metadata.name, 492],
    ]);
    expect(later.writes[25]!.event.message).toBe(
      `(combined from similar events): Created pod: ${lastCreatedPod(c)}`,
    );
  });

  it("a crash-looping pod's kubelet Events stop at 25 writes, then one write per 5 minutes", () => {
    const { cluster: c, clock, writes } = cluster();
    c.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crash', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] },
    });
    clock.advance(90 * 60_000);
    const kubelet = writes.filter(
      (w) =>
        involved(w.event).name === 'crash' &&
        (w.event.source as { component: string }).component === 'kubelet',
    );
    const start = kubelet[0]!.at;
    // the bucket starts with 25 tokens and gains one per 300 s: never more writes than that
    for (const [i, w] of kubelet.entries())
      expect(i + 1).toBeLessThanOrEqual(25 + Math.floor((w.at - start) / 300_000));
    // and the pod keeps failing all along, so every token is used: 25 + 1 per 5 min in 90 min
    const minutes = (kubelet.at(-1)!.at - start) / 60_000;
    expect(minutes).toBeGreaterThan(85);
    expect(kubelet).toHaveLength(25 + Math.floor((kubelet.at(-1)!.at - start) / 300_000));
    // after the burst, writes come at least 5 min apart
    const tail = kubelet.slice(26).map((w, i) => w.at - kubelet[25 + i]!.at);
    expect(tail.length).toBeGreaterThan(10);
    for (const gap of tail) expect(gap).toBeGreaterThanOrEqual(300_000);
    // exact repeats still fold into one Event each: one Event per reason, counts jumped by drops
    const stored = c.client
      .list('events', { namespace: 'default' })
      .items.filter(
        (e) => involved(e).name === 'crash' && (e.source as { component: string }).component === 'kubelet',
      );
    expect(stored.map((e) => e.reason).sort()).toEqual([
      'BackOff',
      'Created',
      'Pulled',
      'Pulled',
      'Pulling',
      'Started',
    ]);
    // one token per 5 min goes to the first event of each restart (Pulled): it counts every
    // restart, while Created, Started and BackOff were counted but not written since the burst
    const pod = c.client.get('pods', 'default', 'crash')!;
    const restarts = Number(pod.status?.containerStatuses?.[0]?.restartCount);
    const count = (reason: string, message?: string): number =>
      Number(
        stored.find((e) => e.reason === reason && (!message || String(e.message).includes(message)))?.count,
      );
    expect(restarts).toBeGreaterThan(20);
    expect(count('Pulled', 'already present')).toBeGreaterThanOrEqual(restarts);
    for (const reason of ['Created', 'Started', 'BackOff']) expect(count(reason)).toBeLessThan(10);
  });

  it('a snapshot carries what the recorder remembers: the restored cluster goes on as the saved one', () => {
    const { cluster: a, clock } = cluster();
    // 30 creates: 9 Events, a combined one, and the ReplicaSet's 25 writes spent
    a.client.create('deployments', deployment('web', 30));
    clock.advance(60_000);
    const text = a.exportSnapshot();
    const restore = (snapshot: string): { c: Cluster; clock: VirtualClock } => {
      const bClock = new VirtualClock();
      const c = createCompleteCluster({ clock: bClock, topology: 'default', seed: 1 });
      c.importSnapshot(snapshot);
      return { c, clock: bClock };
    };
    const b = restore(text);
    expect(b.c.exportSnapshot()).toBe(text);
    // Without the recorder's memory the restored cluster is a restarted one: a fresh bucket and
    // no similar messages, so it writes the 10 new "Created pod" Events the saved one holds back.
    const parsed = JSON.parse(text) as { world: { events?: unknown } };
    delete parsed.world.events;
    const fresh = restore(JSON.stringify(parsed));
    for (const x of [a, b.c, fresh.c])
      x.client.patch('deployments', 'default', 'web', 'merge', { spec: { replicas: 40 } });
    for (const x of [clock, b.clock, fresh.clock]) x.advance(60_000);
    expect(b.c.exportSnapshot()).toBe(a.exportSnapshot());
    expect(fresh.c.exportSnapshot()).not.toBe(a.exportSnapshot());
    const created = (c: Cluster): number =>
      c.client
        .list('events', { namespace: 'default' })
        .items.filter((e) => e.reason === 'SuccessfulCreate' && !String(e.message).startsWith('(')).length;
    expect([created(a), created(b.c), created(fresh.c)]).toEqual([9, 9, 18]);
    for (const x of [a, b.c, fresh.c]) x.world?.stop();
  });

  it('refuses a snapshot whose recorder memory is malformed, naming the field', () => {
    const { cluster: a } = cluster();
    const parsed = JSON.parse(a.exportSnapshot()) as { world: { events: { buckets: unknown[] } } };
    parsed.world.events.buckets = [['kubelet|worker-1|Pod', 'full', 0]];
    const b = createCompleteCluster({ clock: new VirtualClock(), topology: 'default', seed: 1 });
    expect(() => b.importSnapshot(JSON.stringify(parsed))).toThrow(
      new Error('snapshot: world.events.buckets[0] must be [key, credit, atMs]'),
    );
    a.world?.stop();
    b.world?.stop();
  });
});

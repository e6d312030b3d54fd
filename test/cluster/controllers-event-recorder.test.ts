import { describe, expect, it } from 'vitest';
import { EVENT_KEY_CACHE_SIZE, EventRecorder } from '../../src/cluster/controllers/event-recorder.js';
import type { EventSpec } from '../../src/cluster/controllers/types.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { FakeClient } from './fakes/fake-client.js';
import { VirtualClock } from './fakes/virtual-clock.js';

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'lab', uid: `uid-${name}` },
});

const spec = (name: string, message = 'Pulling image "nginx:1.27"'): EventSpec => ({
  involvedObject: pod(name),
  type: 'Normal',
  reason: 'Pulling',
  message,
  component: 'kubelet',
  host: 'worker-1',
  fieldPath: 'spec.containers{nginx}',
});

/** Every Event in `lab` as `pod-name count`, in name order. */
function counts(client: FakeClient): string[] {
  return client
    .list('events', { namespace: 'lab' })
    .items.map((e) => `${(e.involvedObject as { name: string }).name} ${String(e.count)}`)
    .sort();
}

describe('EventRecorder', () => {
  it('folds repeats of the same event into one Event with a growing count', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client);
    recorder.record(spec('a'), 1_000);
    recorder.record(spec('a'), 2_000);
    const third = recorder.record(spec('a'), 3_000);
    recorder.record(spec('a', 'Pulling image "nginx:1.28"'), 3_000);
    expect(third?.count).toBe(3);
    expect(third?.lastTimestamp).toBe('1970-01-01T00:00:03Z');
    expect(third?.firstTimestamp).toBe('1970-01-01T00:00:01Z');
    expect(counts(client)).toEqual(['a 1', 'a 3']);
  });

  it('forgets the least recently used key beyond its cache size, so a forgotten repeat is a new Event', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client, 3);
    recorder.record(spec('a'), 1_000);
    recorder.record(spec('b'), 1_000);
    recorder.record(spec('c'), 1_000);
    recorder.record(spec('a'), 2_000); // a is now the most recently used: b is the oldest
    recorder.record(spec('d'), 2_000); // forgets b
    expect(recorder.rememberedKeys).toBe(3);
    recorder.record(spec('a'), 3_000); // still remembered: count 3
    recorder.record(spec('b'), 3_000); // forgotten: a second Event for b; forgets c
    recorder.record(spec('c'), 4_000); // forgotten: a second Event for c
    expect(counts(client)).toEqual(['a 3', 'b 1', 'b 1', 'c 1', 'c 1', 'd 1']);
    expect(recorder.rememberedKeys).toBe(3);
  });

  it('keeps 4,096 keys by default, as Kubernetes event correlator does', () => {
    expect(EVENT_KEY_CACHE_SIZE).toBe(4_096);
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client);
    for (let i = 0; i <= EVENT_KEY_CACHE_SIZE; i++) recorder.record(spec(`p${i}`), 1_000);
    expect(recorder.rememberedKeys).toBe(EVENT_KEY_CACHE_SIZE);
    // p1 was remembered (the 4,096 most recent keys are p1..p4096); p0 was not
    expect(recorder.record(spec('p1'), 2_000)?.count).toBe(2);
    expect(recorder.record(spec('p0'), 2_000)?.count).toBe(1);
    expect(client.list('events', { namespace: 'lab' }).items).toHaveLength(EVENT_KEY_CACHE_SIZE + 2);
  });

  it('writes a deleted Event again under its name with the next count, as Kubernetes recorder does', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client);
    const first = recorder.record(spec('a'), 1_000)!;
    client.delete('events', 'lab', first.metadata.name!);
    const again = recorder.record(spec('a'), 2_000);
    expect(again).toMatchObject({
      metadata: { name: first.metadata.name },
      count: 2,
      firstTimestamp: '1970-01-01T00:00:01Z',
      lastTimestamp: '1970-01-01T00:00:02Z',
    });
    expect(recorder.record(spec('a'), 3_000)?.count).toBe(3);
    expect(counts(client)).toEqual(['a 3']);
  });
});

/** `n` SuccessfulCreate events of one ReplicaSet, each about another pod. */
const rs: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-5d8f7c', namespace: 'lab', uid: 'uid-rs' },
};
const created = (pod: string): EventSpec => ({
  involvedObject: rs,
  type: 'Normal',
  reason: 'SuccessfulCreate',
  message: `Created pod: ${pod}`,
  component: 'replicaset-controller',
});

/** Every write to an Event, as `ADDED|MODIFIED count message`. */
function writes(client: FakeClient): string[] {
  const seen: string[] = [];
  client.watch('events', {}, (e) =>
    seen.push(`${e.type} ${String(e.object.count)} ${String(e.object.message)}`),
  );
  return seen;
}

describe('EventRecorder: the event correlator', () => {
  it('combines similar events after nine distinct messages, and counts later ones into the combined Event', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const seen = writes(client);
    const recorder = new EventRecorder(client);
    for (let i = 0; i < 12; i++) recorder.record(created(`web-5d8f7c-p${i}`), 5_000);
    expect(seen).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `ADDED 1 Created pod: web-5d8f7c-p${i}`),
      'ADDED 1 (combined from similar events): Created pod: web-5d8f7c-p9',
      'MODIFIED 2 (combined from similar events): Created pod: web-5d8f7c-p10',
      'MODIFIED 3 (combined from similar events): Created pod: web-5d8f7c-p11',
    ]);
    const combined = client
      .list('events', { namespace: 'lab' })
      .items.find((e) => String(e.message).startsWith('(combined'))!;
    expect(combined).toMatchObject({
      involvedObject: { kind: 'ReplicaSet', name: 'web-5d8f7c', uid: 'uid-rs' },
      reason: 'SuccessfulCreate',
      type: 'Normal',
      source: { component: 'replicaset-controller' },
      reportingComponent: '',
      reportingInstance: '',
      firstTimestamp: '1970-01-01T00:00:05Z',
    });
    expect(combined.metadata.name).toMatch(/^web-5d8f7c\.[0-9a-f]+$/);
  });

  it('keeps counting an exact repeat of one of the nine messages into its own Event', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client);
    for (let i = 0; i < 11; i++) recorder.record(created(`p${i}`), 5_000);
    // p10 displaced p1 from the nine remembered messages; p2 is still among them
    expect(recorder.record(created('p2'), 6_000)?.count).toBe(2);
    expect(recorder.record(created('p2'), 6_000)?.message).toBe('Created pod: p2');
    // p1 is not: it counts into the combined Event
    expect(recorder.record(created('p1'), 6_000)).toMatchObject({
      count: 3,
      message: '(combined from similar events): Created pod: p1',
    });
  });

  it('starts a fresh aggregation record when the last similar event is more than 600 s old', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const seen = writes(client);
    const recorder = new EventRecorder(client);
    for (let i = 0; i < 9; i++) recorder.record(created(`a${i}`), 1_000);
    // 600,001 ms later: the nine messages are forgotten, so this is the first of a new record
    recorder.record(created('b0'), 601_001);
    for (let i = 1; i < 9; i++) recorder.record(created(`b${i}`), 601_001);
    // exactly 600 s after the last one: still the same record, which now holds ten messages
    recorder.record(created('c0'), 1_201_001);
    expect(seen.slice(9)).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `ADDED 1 Created pod: b${i}`),
      'ADDED 1 (combined from similar events): Created pod: c0',
    ]);
  });

  it('lets 25 events about one object through, then drops them, and refills one per 300 s', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const seen = writes(client);
    const recorder = new EventRecorder(client);
    for (let i = 0; i < 40; i++) recorder.record(created(`p${i}`), 10_000);
    // 9 Events, 1 combined Event and 15 more counts into it: 25 writes; the other 15 are dropped
    expect(seen).toHaveLength(25);
    expect(seen.at(-1)).toBe('MODIFIED 16 (combined from similar events): Created pod: p24');
    expect(recorder.record(created('p40'), 309_999)).toBeUndefined();
    expect(seen).toHaveLength(25);
    // one token 300 s after the burst: the write carries every count the filter held back
    expect(recorder.record(created('p41'), 310_000)?.count).toBe(33);
    expect(seen.at(-1)).toBe('MODIFIED 33 (combined from similar events): Created pod: p41');
    expect(recorder.record(created('p42'), 310_000)).toBeUndefined();
    expect(seen).toHaveLength(26);
  });

  it('filters per source and object: another object, or the same object from another host, has its own 25', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client);
    const ok = (s: EventSpec): boolean => recorder.record(s, 1_000) !== undefined;
    for (let i = 0; i < 25; i++) expect(ok(spec('a', `m${i}`))).toBe(true);
    expect(ok(spec('a', 'm25'))).toBe(false);
    expect(ok(spec('b', 'm0'))).toBe(true);
    expect(ok({ ...spec('a', 'm0'), host: 'worker-2' })).toBe(true);
  });

  it('writes an event the filter dropped at first under the name it was given, with its count', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client);
    // 25 different reasons: no aggregation, the bucket is empty afterwards
    for (let i = 0; i < 25; i++) recorder.record({ ...spec('a'), reason: `R${i}` }, 1_000);
    expect(recorder.record(spec('a'), 1_000)).toBeUndefined();
    expect(recorder.record(spec('a'), 2_000)).toBeUndefined();
    const late = recorder.record(spec('a'), 301_000);
    expect(late).toMatchObject({
      count: 3,
      firstTimestamp: '1970-01-01T00:00:01Z',
      lastTimestamp: '1970-01-01T00:05:01Z',
      message: 'Pulling image "nginx:1.27"',
    });
  });

  it("neither combines nor filters the scheduler's events (kube-scheduler uses events.k8s.io/v1)", () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client);
    const scheduled = (i: number): EventSpec => ({
      involvedObject: pod('a'),
      type: 'Warning',
      reason: 'FailedScheduling',
      message: `0/${i} nodes are available.`,
      component: 'default-scheduler',
    });
    for (let i = 0; i < 30; i++) expect(recorder.record(scheduled(i), 1_000)?.count).toBe(1);
    expect(recorder.record(scheduled(3), 2_000)?.count).toBe(2);
    const messages = client.list('events', { namespace: 'lab' }).items.map((e) => String(e.message));
    expect(messages).toHaveLength(30);
    expect(messages.some((m) => m.startsWith('(combined'))).toBe(false);
  });
});

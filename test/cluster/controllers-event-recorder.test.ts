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

  it('records a new Event when the remembered one was deleted', () => {
    const clock = new VirtualClock();
    const client = new FakeClient(clock);
    const recorder = new EventRecorder(client);
    const first = recorder.record(spec('a'), 1_000)!;
    client.delete('events', 'lab', first.metadata.name!);
    const again = recorder.record(spec('a'), 2_000);
    expect(again?.count).toBe(1);
    expect(again?.metadata.name).not.toBe(first.metadata.name);
    expect(recorder.record(spec('a'), 3_000)?.count).toBe(2);
  });
});

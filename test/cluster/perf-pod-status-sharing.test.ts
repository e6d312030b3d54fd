/**
 * Per-pod memory outside the store's own tables: the kubelet reports the parts of a status that
 * many pods report alike (an empty lastState, waiting and running states, a node's hostIPs) as
 * shared frozen objects, and the scheduler keeps no record of a pod once it is bound. These tests
 * pin that the stored JSON is what a per-pod copy gave, key order included, and what is shared.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock } from '../../src/cluster/index.js';
import type { KubeObject } from '../../src/cluster/types.js';
import type { PodMemo } from '../../src/cluster/kubelet/kubelet.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const pod = (name: string, spec: Loose): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
});

function world() {
  const clock = new VirtualClock();
  // wired as \`cadet serve\` and the large bench are: a status write keeps the frozen parts it is given
  const cluster = createCluster({
    clock,
    topology: 'default',
    hooks: validationHooks(),
    world: { controllers: { stageDelayScale: 0 } },
  });
  clock.advance(1_000);
  return { clock, cluster };
}

const get = (cluster: ReturnType<typeof world>['cluster'], name: string): Loose =>
  cluster.client.get('pods', 'default', name, { shared: true });

describe('kubelet status parts shared between pods', () => {
  it('pods on one node started in the same second share lastState, state and hostIPs', () => {
    const { clock, cluster } = world();
    for (const name of ['a', 'b']) cluster.client.create('pods', pod(name, { nodeName: 'worker-1' }));
    clock.advance(5_000);
    const [a, b] = [get(cluster, 'a'), get(cluster, 'b')];
    expect([a.status.phase, b.status.phase]).toEqual(['Running', 'Running']);
    const [sa, sb] = [a.status.containerStatuses[0], b.status.containerStatuses[0]];
    expect(sa.lastState).toBe(sb.lastState);
    expect(sa.state).toBe(sb.state);
    expect(a.status.hostIPs).toBe(b.status.hostIPs);
    for (const part of [sa.lastState, sa.state, sa.state.running, a.status.hostIPs, a.status.hostIPs[0]])
      expect(Object.isFrozen(part)).toBe(true);
    // what each pod has of its own stays its own
    expect(a.status.podIPs).not.toBe(b.status.podIPs);
    expect(sa.containerID).not.toBe(sb.containerID);
    // the same JSON, in the same order, as the kubelet wrote before the sharing
    expect(JSON.stringify(sa)).toBe(
      JSON.stringify({
        image: 'docker.io/library/nginx:1.27',
        imageID: sa.imageID,
        name: 'web',
        restartCount: 0,
        containerID: sa.containerID,
        lastState: {},
        ready: true,
        started: true,
        state: { running: { startedAt: a.status.startTime } },
      }),
    );
    expect(sa.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(a.status.hostIPs)).toBe('[{"ip":"10.0.1.21"}]');
    // the condition list, and the kubelet's records of those conditions
    expect(a.status.conditions).toBe(b.status.conditions);
    expect(Object.isFrozen(a.status.conditions)).toBe(true);
    expect(a.status.conditions.map((c: Loose) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    const memo = (name: string) => cluster.world!.runtime.memoOf('kubelet', `default/${name}`) as PodMemo;
    expect(memo('a').conditions).toBe(memo('b').conditions);
    expect(Object.isFrozen(memo('a').conditions)).toBe(true);
    // and the records of their containers, started in the same sync
    expect(memo('a').containers).toBe(memo('b').containers);
    expect(Object.isFrozen(memo('a').containers.web)).toBe(true);
    expect(JSON.stringify(memo('a').containers)).toBe(
      JSON.stringify({
        web: {
          image: 'nginx:1.27',
          phase: 'running',
          since: memo('a').containers.web!.since,
          restartCount: 0,
          startedAt: memo('a').containers.web!.startedAt,
        },
      }),
    );
    expect(memo('a')).not.toBe(memo('b'));
    cluster.world!.stop();
  });

  it('pods on different nodes, or started in different seconds, do not share what differs', () => {
    const { clock, cluster } = world();
    cluster.client.create('pods', pod('a', { nodeName: 'worker-1' }));
    clock.advance(2_000);
    cluster.client.create('pods', pod('b', { nodeName: 'worker-2' }));
    clock.advance(5_000);
    const [a, b] = [get(cluster, 'a'), get(cluster, 'b')];
    expect(a.status.hostIPs).toEqual([{ ip: '10.0.1.21' }]);
    expect(b.status.hostIPs).toEqual([{ ip: '10.0.1.22' }]);
    expect(a.status.containerStatuses[0].state.running.startedAt).not.toBe(
      b.status.containerStatuses[0].state.running.startedAt,
    );
    expect(a.status.containerStatuses[0].lastState).toBe(b.status.containerStatuses[0].lastState);
    expect(a.status.conditions).not.toBe(b.status.conditions);
    expect(a.status.conditions[2].lastTransitionTime).toBe(a.status.startTime);
    expect(b.status.conditions[2].lastTransitionTime).toBe(b.status.startTime);
    cluster.world!.stop();
  });

  it('a copy read by a client is its own: changing it changes no other pod', () => {
    const { clock, cluster } = world();
    for (const name of ['a', 'b']) cluster.client.create('pods', pod(name, { nodeName: 'worker-1' }));
    clock.advance(5_000);
    const copy: Loose = cluster.client.get('pods', 'default', 'a');
    copy.status.hostIPs[0].ip = '1.2.3.4';
    copy.status.containerStatuses[0].lastState.waiting = { reason: 'X' };
    const b = get(cluster, 'b');
    expect(b.status.hostIPs).toEqual([{ ip: '10.0.1.21' }]);
    expect(b.status.containerStatuses[0].lastState).toEqual({});
    cluster.world!.stop();
  });
});

describe('kubelet records', () => {
  it('deleting a pod whose record shares its conditions ends it and leaves its sibling untouched', () => {
    const { clock, cluster } = world();
    for (const name of ['a', 'b']) cluster.client.create('pods', pod(name, { nodeName: 'worker-1' }));
    clock.advance(5_000);
    const before = JSON.stringify(get(cluster, 'b'));
    cluster.client.delete('pods', 'default', 'a');
    clock.advance(1_000);
    expect(get(cluster, 'a')).toBeUndefined();
    expect(JSON.stringify(get(cluster, 'b'))).toBe(before);
    cluster.world!.stop();
  });
});

describe('scheduler records', () => {
  it('keeps no record of a bound pod, and forgets an unschedulable attempt once the pod is bound', () => {
    const { clock, cluster } = world();
    const runtime = cluster.world!.runtime;
    cluster.client.create('pods', pod('now', {}));
    cluster.client.create('pods', pod('later', { nodeSelector: { disk: 'ssd' } }));
    clock.advance(2_000);
    expect(get(cluster, 'now').spec.nodeName).toMatch(/^worker-[123]$/);
    expect(runtime.memoOf('scheduler', 'default/now')).toBeUndefined();
    const pending = runtime.memoOf('scheduler', 'default/later') as Loose;
    expect(pending.nodeName).toBeUndefined();
    expect(pending.message).toBe(get(cluster, 'later').status.conditions[0].message);

    const node: Loose = cluster.client.get('nodes', '', 'worker-2');
    node.metadata.labels.disk = 'ssd';
    cluster.client.update('nodes', node);
    clock.advance(2_000);
    expect(get(cluster, 'later').spec.nodeName).toBe('worker-2');
    expect(runtime.memoOf('scheduler', 'default/later')).toBeUndefined();
    cluster.world!.stop();
  });
});

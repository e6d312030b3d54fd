/**
 * Golden scenario through the whole stack (default topology, validation hooks, virtual time): a
 * pod no node can take is explained in kube-scheduler's words, on its PodScheduled condition and
 * in one FailedScheduling event; once room appears (a smaller request) it is placed.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type KubeObject } from '../../src/cluster/index.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';

const MESSAGE =
  '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
  'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';

function pod(name: string, cpu: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu } } }],
      ...extra,
    },
  };
}

function setup() {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, topology: 'default', hooks: validationHooks(), seed: 5 });
  clock.advance(10_000);
  return { clock, client: cluster.client };
}

const scheduledCondition = (p: KubeObject) =>
  (p.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');

describe('unschedulable pod explanation (golden)', () => {
  it('writes PodScheduled=False/Unschedulable and one FailedScheduling event in kube-scheduler 1.32 words', () => {
    const { clock, client } = setup();
    client.create('pods', pod('big', '3'));
    for (let i = 0; i < 30; i++) clock.advance(1_000);

    const p = client.get('pods', 'default', 'big')!;
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.phase).toBe('Pending');
    expect(scheduledCondition(p)).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: MESSAGE,
    });
    const events = client
      .list('events', { namespace: 'default' })
      .items.filter(
        (e) =>
          (e.involvedObject as { name?: string } | undefined)?.name === 'big' &&
          e.reason === 'FailedScheduling',
      );
    expect(events).toHaveLength(1); // the same message is not repeated as new events
    expect(events[0]).toMatchObject({
      type: 'Warning',
      reason: 'FailedScheduling',
      message: MESSAGE,
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'big', uid: p.metadata.uid },
    });
  });

  it('explains a nodeSelector no node matches', () => {
    const { clock, client } = setup();
    client.create('pods', pod('picky', '100m', { nodeSelector: { disktype: 'ssd' } }));
    for (let i = 0; i < 10; i++) clock.advance(1_000);
    expect(scheduledCondition(client.get('pods', 'default', 'picky')!)?.message).toBe(
      // The control plane fails TaintToleration first (filters stop at the first failing plugin).
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        "3 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );
  });

  it('a pod that fits is bound, Scheduled, and Running on a worker', () => {
    const { clock, client } = setup();
    client.create('pods', pod('small', '500m'));
    for (let i = 0; i < 30; i++) clock.advance(1_000);
    const p = client.get('pods', 'default', 'small')!;
    expect(p.spec.nodeName).toMatch(/^worker-\d$/);
    expect(p.status.phase).toBe('Running');
    expect(scheduledCondition(p)).toMatchObject({ status: 'True' });
    const scheduled = client
      .list('events', { namespace: 'default' })
      .items.find(
        (e) =>
          (e.involvedObject as { name?: string } | undefined)?.name === 'small' && e.reason === 'Scheduled',
      );
    expect(scheduled?.message).toBe(`Successfully assigned default/small to ${p.spec.nodeName}`);
  });
});

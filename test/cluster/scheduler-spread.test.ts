import { describe, expect, it } from 'vitest';
import { defaultNodes, node, pod, withRequests } from './fakes/topology.js';
import { reconcileScheduling, schedulePod } from '../../src/cluster/scheduler/scheduler.js';
import { Harness } from './fakes/harness.js';
import type { KubeObject } from '../../src/cluster/types.js';

const spread = {
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { app: 'web' } },
    },
  ],
};

/** Schedules pods one by one, binding each, and returns the zone of each pod. */
function placeAll(
  nodes: KubeObject[],
  count: number,
  seed = 1,
): { zones: string[]; pods: KubeObject[]; last?: string } {
  const pods: KubeObject[] = [];
  const zones: string[] = [];
  let last: string | undefined;
  for (let i = 0; i < count; i++) {
    const p = pod(`web-${i}`, { ...spread, ...withRequests('100m') });
    const d = schedulePod(p, { nodes, pods, seed });
    if (!d.nodeName) {
      last = d.message;
      continue;
    }
    pods.push({ ...p, spec: { ...p.spec, nodeName: d.nodeName }, status: { phase: 'Running' } });
    zones.push(
      nodes.find((n) => n.metadata.name === d.nodeName)!.metadata.labels!['topology.kubernetes.io/zone']!,
    );
  }
  return { zones, pods, ...(last ? { last } : {}) };
}

describe('topology spread across three zones', () => {
  it('places six pods two per zone with maxSkew 1 (golden)', () => {
    const { zones } = placeAll(defaultNodes(), 6);
    const count = (z: string): number => zones.filter((x) => x === z).length;
    expect([count('zone-a'), count('zone-b'), count('zone-c')]).toEqual([2, 2, 2]);
    // At every step the zones stay within one pod of each other.
    for (let i = 1; i <= zones.length; i++) {
      const prefix = zones.slice(0, i);
      const c = ['zone-a', 'zone-b', 'zone-c'].map((z) => prefix.filter((x) => x === z).length);
      expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
    }
  });

  it('keeps pods Pending when a zone is down and the skew would grow (the zone still counts)', () => {
    const nodes = defaultNodes().map((n) =>
      n.metadata.name === 'worker-3' ? node('worker-3', 'zone-c', { ready: 'False' }) : n,
    );
    const { zones, last } = placeAll(nodes, 3);
    expect(zones.sort()).toEqual(['zone-a', 'zone-b']);
    expect(last).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, ' +
        "2 node(s) didn't match pod topology spread constraints. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });

  it('rejects nodes without the topology label as unresolvable', () => {
    const bare = node('bare', 'x');
    delete bare.metadata.labels!['topology.kubernetes.io/zone'];
    const d = schedulePod(pod('p', spread), { nodes: [bare], pods: [] });
    expect(d.message).toBe(
      "0/1 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
  });
});

describe('scheduling reconciler', () => {
  it('binds a pod and records Scheduled; a bound pod needs nothing more', () => {
    const h = new Harness();
    const p = h.client.create('pods', pod('web-1'));
    const r = h.apply(reconcileScheduling(p, { nodes: defaultNodes(), pods: [p], seed: 7 }, h.clock.now()));
    expect(r.actions.map((a) => a.type)).toEqual(['bind', 'event']);
    const after = h.client.get('pods', 'default', 'web-1')!;
    expect(after.spec.nodeName).toMatch(/^worker-[123]$/);
    expect(h.events('Scheduled')[0]!.message).toBe(
      `Successfully assigned default/web-1 to ${after.spec.nodeName}`,
    );
    expect(
      reconcileScheduling(after, { nodes: defaultNodes(), pods: [after] }, h.clock.now()).actions,
    ).toEqual([]);
  });

  it('marks an unschedulable pod with PodScheduled=False and one FailedScheduling event; reconciling again does nothing', () => {
    const h = new Harness();
    const p = h.client.create('pods', pod('big', withRequests('3')));
    h.apply(reconcileScheduling(p, { nodes: defaultNodes(), pods: [p] }, h.clock.now()));
    const after = h.client.get('pods', 'default', 'big')!;
    const cond = after.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toMatch(/^0\/4 nodes are available: 1 node\(s\) had untolerated taint/);
    const events = h.events('FailedScheduling');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'Warning',
      message: cond.message,
      source: { component: 'default-scheduler' },
    });
    h.clock.advance(5000);
    const again = reconcileScheduling(after, { nodes: defaultNodes(), pods: [after] }, h.clock.now());
    expect(again.actions).toEqual([]);
    expect(again.memo?.message).toBe(cond.message);
    // A bigger node arrives: now it binds.
    const bigger = [...defaultNodes(), node('worker-4', 'zone-a', { cpu: '4' })];
    const bind = reconcileScheduling(after, { nodes: bigger, pods: [after] }, h.clock.now());
    expect(bind.actions[0]).toMatchObject({ type: 'bind', nodeName: 'worker-4' });
  });
});

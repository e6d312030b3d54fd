import { describe, expect, it } from 'vitest';
import { layout, podState, topOwner } from '../../src/workspace/map-model';
import type { ClusterView, MapPod } from '../../src/workspace/engine/types';

const pod = (name: string, node: string, extra: Partial<MapPod> = {}): MapPod => ({
  namespace: 'default',
  name,
  node,
  phase: 'Running',
  ready: true,
  restarts: 0,
  labels: {},
  ...extra,
});

const view: ClusterView = {
  time: '2026-01-01T00:01:00Z',
  nodes: [
    { name: 'worker-1', zone: 'zone-a', role: 'worker', ready: 'True', unschedulable: false },
    { name: 'cp-1', zone: 'zone-a', role: 'control-plane', ready: 'True', unschedulable: false },
    { name: 'worker-2', zone: 'zone-b', role: 'worker', ready: 'Unknown', unschedulable: false },
  ],
  pods: [
    pod('web-abc-1', 'worker-1', { owner: 'ReplicaSet/web-abc' }),
    pod('solo', 'worker-1'),
    pod('web-abc-2', 'worker-2', { owner: 'ReplicaSet/web-abc', ready: false }),
    pod('big', '', { phase: 'Pending', ready: false }),
    pod('coredns-x', 'worker-1', { namespace: 'kube-system', owner: 'ReplicaSet/coredns-1' }),
  ],
  workloads: [
    { kind: 'Deployment', namespace: 'default', name: 'web', desired: 2, ready: 1 },
    {
      kind: 'ReplicaSet',
      namespace: 'default',
      name: 'web-abc',
      owner: 'Deployment/web',
      desired: 2,
      ready: 1,
    },
  ],
  services: [],
  events: [],
};

describe('the map layout', () => {
  it('groups nodes by zone and pods by the workload at the top of their owners', () => {
    const l = layout(view);
    expect(l.zones.map((z) => [z.zone, z.nodes.map((n) => n.node.name)])).toEqual([
      ['zone-a', ['worker-1', 'cp-1']],
      ['zone-b', ['worker-2']],
    ]);
    expect(l.zones[0]!.nodes[0]!.groups.map((g) => [g.owner, g.pods.map((p) => p.name)])).toEqual([
      ['Deployment/web', ['web-abc-1']],
      ['', ['solo']],
    ]);
    expect(l.unscheduled.map((g) => g.pods.map((p) => p.name))).toEqual([['big']]);
    expect(layout(view, true).zones[0]!.nodes[0]!.groups.map((g) => g.owner)).toEqual([
      'Deployment/web',
      'ReplicaSet/coredns-1',
      '',
    ]);
    expect(topOwner(view.pods[4]!, view)).toBe('ReplicaSet/coredns-1');
  });
  it('names pod states for colour and text', () => {
    expect(view.pods.map(podState)).toEqual(['Running', 'Running', 'Starting', 'Pending', 'Running']);
  });
});

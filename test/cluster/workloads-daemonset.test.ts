import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { reconcileDaemonSet } from '../../src/cluster/controllers/daemonset.js';
import { node } from './fakes/topology.js';
import { workloadCluster } from './workloads-helpers.js';

function daemonSet(name: string, podSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'agent', image: 'nginx:1.27' }], ...podSpec },
      },
    },
  };
}

const nodesOf = (pods: KubeObject[]): string[] => pods.map((p) => p.spec.nodeName as string).sort();
const live = (pods: KubeObject[]): KubeObject[] => pods.filter((p) => !p.metadata.deletionTimestamp);

describe('DaemonSet controller', () => {
  it('runs one pod per untainted node; a toleration admits the control plane; status counts them', () => {
    const w = workloadCluster();
    w.client.create('daemonsets.apps', daemonSet('agent'));
    w.client.create(
      'daemonsets.apps',
      daemonSet('everywhere', {
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        ],
      }),
    );
    w.client.create(
      'daemonsets.apps',
      daemonSet('zonal', { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-b' } }),
    );
    w.clock.advance(30_000);
    const by = (app: string) => w.pods().filter((p) => p.metadata.labels?.app === app);
    expect(nodesOf(by('agent'))).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(nodesOf(by('everywhere'))).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    expect(nodesOf(by('zonal'))).toEqual(['worker-2']);
    const ds = w.client.get('daemonsets.apps', 'default', 'agent')!;
    expect(ds.status).toEqual({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      numberAvailable: 3,
      updatedNumberScheduled: 3,
      observedGeneration: 1,
    });
    const p = by('agent')[0]!;
    expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.metadata.labels).toMatchObject({ 'pod-template-generation': '1' });
    expect(p.metadata.labels!['controller-revision-hash']).toBeTruthy();
    // The automatic tolerations and the node pin.
    expect(p.spec.tolerations).toContainEqual({
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
    });
    expect(p.spec.tolerations).toContainEqual({
      key: 'node.kubernetes.io/unschedulable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
    expect(
      p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
    ).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
    // Converged: no actions.
    const observed = { pods: w.pods(), nodes: w.client.list('nodes').items };
    expect(reconcileDaemonSet(ds, observed, w.clock.now()).actions).toEqual([]);
    expect(w.runtime.stats.errors).toBe(0);
  });

  it('follows nodes: a new node gets a pod, a node that stops matching loses it', () => {
    const w = workloadCluster();
    w.client.create('daemonsets.apps', daemonSet('agent'));
    w.clock.advance(20_000);
    const extra = node('worker-4', 'zone-a', { podCIDR: '10.244.4.0/24', ip: '172.18.0.6' });
    w.client.create('nodes', { ...extra, metadata: { ...extra.metadata, uid: undefined } });
    w.clock.advance(20_000);
    expect(nodesOf(live(w.pods()))).toEqual(['worker-1', 'worker-2', 'worker-3', 'worker-4']);
    const n2 = w.client.get('nodes', '', 'worker-2')!;
    w.client.update('nodes', {
      ...n2,
      spec: { ...n2.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
    });
    w.clock.advance(60_000);
    expect(nodesOf(live(w.pods()))).toEqual(['worker-1', 'worker-3', 'worker-4']);
    expect(w.client.get('daemonsets.apps', 'default', 'agent')!.status.desiredNumberScheduled).toBe(3);
  });

  it('rolls a template change one node at a time (maxUnavailable 1)', () => {
    const w = workloadCluster();
    w.client.create('daemonsets.apps', daemonSet('agent'));
    w.clock.advance(20_000);
    const ds = w.client.get('daemonsets.apps', 'default', 'agent')!;
    const next = structuredClone(ds);
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    w.client.update('daemonsets.apps', next);
    let mostOld = 0;
    for (let i = 0; i < 120; i++) {
      w.clock.advance(500);
      const terminating = w.pods().filter((p) => p.metadata.deletionTimestamp).length;
      mostOld = Math.max(mostOld, terminating);
    }
    expect(mostOld).toBe(1);
    const pods = w.pods();
    expect(pods.map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    expect(w.client.get('daemonsets.apps', 'default', 'agent')!.status).toMatchObject({
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      observedGeneration: 2,
    });
  });
});

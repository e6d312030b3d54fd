import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type KubeObject } from '../../src/cluster/index.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';
import type { NodeSpec, Topology } from '../../src/cluster/world/topologies.js';

/** 120 workers: above the 100 nodes from which the scheduler samples nodes. */
function topology(): Topology {
  const nodes: NodeSpec[] = [
    {
      name: 'cp-1',
      role: 'control-plane',
      zone: 'zone-a',
      pool: 'control-plane',
      ip: '10.0.0.10',
      podCIDR: '10.244.0.0/24',
      cpu: '4',
      memoryKi: 8_148_176,
    },
  ];
  for (let i = 1; i <= 120; i++)
    nodes.push({
      name: `worker-${i}`,
      role: 'worker',
      zone: `zone-${'abc'[i % 3]}`,
      pool: 'general',
      ip: `10.1.0.${i}`,
      podCIDR: `10.64.${i}.0/24`,
      cpu: '8',
      memoryKi: 8_148_176 * 4,
      pods: 110,
    });
  return { name: 'wide', region: 'region-1', nodes };
}

const web: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 150,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
};

function run(seed: number) {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, topology: topology(), hooks: validationHooks(), seed });
  clock.advance(1_000);
  cluster.client.create('deployments.apps', web);
  clock.advance(5_000);
  return { cluster, clock };
}

describe('determinism in a cluster big enough for node sampling', () => {
  it('gives byte-identical snapshots for the same seed, and a restored snapshot goes on byte-identically', () => {
    const a = run(7);
    const b = run(7);
    const text = a.cluster.exportSnapshot();
    expect(b.cluster.exportSnapshot()).toBe(text);
    const bound = a.cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.filter((p) => p.spec?.nodeName);
    expect(bound).toHaveLength(150);
    // Spread over many nodes, not piled up where the search starts.
    expect(new Set(bound.map((p) => p.spec.nodeName)).size).toBeGreaterThan(60);

    const cClock = new VirtualClock();
    const c = createCluster({
      clock: cClock,
      topology: topology(),
      hooks: validationHooks(),
      seed: 7,
    });
    c.importSnapshot(text);
    expect(c.exportSnapshot()).toBe(text);
    // Scale up in both: the new pods land on the same nodes.
    for (const x of [a.cluster, c])
      x.client.patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 180 } });
    a.clock.advance(5_000);
    cClock.advance(5_000);
    // Restored kubelets take running containers and condition times from pod status (no new
    // Pulled/Started events, no status rewrites): the whole cluster stays byte-identical.
    expect(c.exportSnapshot()).toBe(a.cluster.exportSnapshot());
    expect(
      c.client
        .list('pods', { namespace: 'default', labelSelector: 'app=web' })
        .items.filter((p) => p.spec?.nodeName),
    ).toHaveLength(180);
    for (const x of [a.cluster, b.cluster, c]) x.world?.stop();
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultNodes, node, pod, withRequests } from './fakes/topology.js';
import { schedulePod } from '../../src/cluster/scheduler/scheduler.js';
import { SchedulerCache } from '../../src/cluster/scheduler/cache.js';
import { activeFilters, podWants, runFilters } from '../../src/cluster/scheduler/filters.js';
import type { KubeObject } from '../../src/cluster/types.js';

const bound = (p: KubeObject, nodeName: string): KubeObject => ({
  ...p,
  spec: { ...p.spec, nodeName },
  status: { phase: 'Running' },
});

describe('scheduler filters and the FailedScheduling message', () => {
  it('explains an unschedulable pod in kube-scheduler 1.32 words (pinned)', () => {
    const d = schedulePod(pod('big', withRequests('3')), { nodes: defaultNodes(), pods: [] });
    expect(d.nodeName).toBeUndefined();
    expect(d.message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
        'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
    expect(d.nodes).toEqual([
      {
        node: 'control-plane',
        feasible: false,
        plugin: 'TaintToleration',
        code: 'UnschedulableAndUnresolvable',
        reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
      },
      {
        node: 'worker-1',
        feasible: false,
        plugin: 'NodeResourcesFit',
        code: 'Unschedulable',
        reasons: ['Insufficient cpu'],
      },
      {
        node: 'worker-2',
        feasible: false,
        plugin: 'NodeResourcesFit',
        code: 'Unschedulable',
        reasons: ['Insufficient cpu'],
      },
      {
        node: 'worker-3',
        feasible: false,
        plugin: 'NodeResourcesFit',
        code: 'Unschedulable',
        reasons: ['Insufficient cpu'],
      },
    ]);
  });

  it('counts every reason of a node, sorted as text', () => {
    const d = schedulePod(pod('huge', withRequests('3', '8Gi')), {
      nodes: defaultNodes().slice(1),
      pods: [],
    });
    expect(d.message).toBe(
      '0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });

  it('counts requests of pods already on the node', () => {
    const nodes = [node('w', 'a', { cpu: '1' })];
    const running = [bound(pod('a', withRequests('600m')), 'w')];
    expect(schedulePod(pod('b', withRequests('500m')), { nodes, pods: running }).message).toMatch(
      /^0\/1 nodes are available: 1 Insufficient cpu\./,
    );
    expect(schedulePod(pod('c', withRequests('400m')), { nodes, pods: running }).nodeName).toBe('w');
  });

  it('honours nodeSelector and required node affinity', () => {
    const p = pod('p', { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-b' } });
    expect(schedulePod(p, { nodes: defaultNodes(), pods: [] }).nodeName).toBe('worker-2');
    const none = pod('q', { nodeSelector: { disktype: 'ssd' } });
    expect(schedulePod(none, { nodes: defaultNodes(), pods: [] }).message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );
    const aff = pod('r', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-c'] },
                ],
              },
            ],
          },
        },
      },
    });
    expect(schedulePod(aff, { nodes: defaultNodes(), pods: [] }).nodeName).toBe('worker-3');
  });

  it('lets a toleration reach the control plane', () => {
    const p = pod('p', {
      nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
    expect(schedulePod(p, { nodes: defaultNodes(), pods: [] }).nodeName).toBe('control-plane');
  });

  it('skips cordoned and NotReady nodes', () => {
    const nodes = [
      node('a', 'z', { unschedulable: true }),
      node('b', 'z', { ready: 'False' }),
      node('c', 'z', { ready: 'Unknown' }),
    ];
    expect(schedulePod(pod('p'), { nodes, pods: [] }).message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable. ' +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('keeps host ports apart', () => {
    const withPort = (name: string): KubeObject =>
      pod(name, {
        containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }],
      });
    const nodes = [node('a', 'z')];
    const d = schedulePod(withPort('second'), { nodes, pods: [bound(withPort('first'), 'a')] });
    expect(d.message).toMatch(
      /^0\/1 nodes are available: 1 node\(s\) didn't have free ports for the requested pod ports\./,
    );
  });

  it('applies required pod anti-affinity and affinity', () => {
    const anti = (name: string): KubeObject =>
      pod(name, {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      });
    const nodes = defaultNodes().slice(1);
    const pods = [bound(anti('a'), 'worker-1'), bound(anti('b'), 'worker-2')];
    expect(schedulePod(anti('c'), { nodes, pods }).nodeName).toBe('worker-3');
    const d = schedulePod(anti('d'), { nodes, pods: [...pods, bound(anti('c'), 'worker-3')] });
    expect(d.message).toMatch(
      /^0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\./,
    );
    const near = pod(
      'cache-client',
      {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: { matchLabels: { app: 'cache' } },
                topologyKey: 'topology.kubernetes.io/zone',
              },
            ],
          },
        },
      },
      { labels: { app: 'client' } },
    );
    const cache = bound(pod('cache', {}, { labels: { app: 'cache' } }), 'worker-2');
    expect(schedulePod(near, { nodes, pods: [cache] }).nodeName).toBe('worker-2');
    expect(schedulePod(near, { nodes, pods: [] }).message).toMatch(
      /3 node\(s\) didn't match pod affinity rules\./,
    );
  });

  it('prefers the least allocated node and breaks ties with the seed, deterministically', () => {
    const nodes = [node('a', 'z'), node('b', 'z')];
    const busy = [bound(pod('x', withRequests('1', '1Gi')), 'a')];
    expect(schedulePod(pod('p', withRequests('100m')), { nodes, pods: busy }).nodeName).toBe('b');
    const picks = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const p = pod('p');
      const first = schedulePod(p, { nodes, pods: [], seed }).nodeName!;
      expect(schedulePod(JSON.parse(JSON.stringify(p)), { nodes, pods: [], seed }).nodeName).toBe(first);
      picks.add(first);
    }
    expect([...picks].sort()).toEqual(['a', 'b']);
  });

  it('scores preferred node affinity, PreferNoSchedule taints and sibling spreading, and explains the scores', () => {
    const nodes = [node('a', 'z1'), node('b', 'z2')];
    const prefer = pod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 50,
              preference: {
                matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['z2'] }],
              },
            },
          ],
        },
      },
    });
    const d = schedulePod(prefer, { nodes, pods: [], seed: 3 });
    expect(d.nodeName).toBe('b');
    expect(d.nodes.find((n) => n.node === 'b')!.scores!.NodeAffinity).toBe(100);
    expect(d.nodes.find((n) => n.node === 'a')!.scores!.NodeAffinity).toBe(0);
    const soft = [
      node('a', 'z1'),
      {
        ...node('b', 'z2'),
        spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'PreferNoSchedule' }] },
      },
    ];
    for (let seed = 0; seed < 5; seed++)
      expect(schedulePod(pod('q'), { nodes: soft, pods: [], seed }).nodeName).toBe('a');
    // Siblings of the same ReplicaSet spread out.
    const owner = {
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-1', controller: true },
      ],
    };
    const sibling = bound(pod('s1', {}, owner), 'a');
    for (let seed = 0; seed < 5; seed++)
      expect(schedulePod(pod('s2', {}, owner), { nodes, pods: [sibling], seed }).nodeName).toBe('b');
  });
});

describe('nodes without a flag skip NodeUnschedulable, TaintToleration and NodePorts', () => {
  const hostPort = [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }];
  const nodeArb = fc.record({
    cordoned: fc.boolean(),
    taint: fc.constantFrom(undefined, 'NoSchedule', 'NoExecute', 'PreferNoSchedule'),
    ready: fc.constantFrom('True' as const, 'False' as const, 'Unknown' as const),
    cpu: fc.constantFrom('500m', '2'),
    ssd: fc.boolean(),
  });
  const placedArb = fc.record({ node: fc.nat(5), port: fc.boolean(), cpu: fc.constantFrom('100m', '1') });
  const incomingArb = fc.record({
    port: fc.boolean(),
    tolerateAll: fc.boolean(),
    cpu: fc.constantFrom(undefined, '300m', '1500m'),
    ssd: fc.boolean(),
  });

  it('finds the same first failure on every node as running every active filter (property)', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 6 }),
        fc.array(placedArb, { maxLength: 8 }),
        incomingArb,
        (ns, ps, inc) => {
          const nodes = ns.map((n, i) => {
            const o = node(`n${i}`, 'z', { cpu: n.cpu, ready: n.ready, unschedulable: n.cordoned });
            if (n.taint) o.spec = { ...o.spec, taints: [{ key: 'k', value: 'v', effect: n.taint }] };
            if (n.ssd) o.metadata.labels!.disk = 'ssd';
            return o;
          });
          const placed = ps.map((p, i) =>
            bound(
              pod(`placed-${i}`, p.port ? { containers: hostPort } : withRequests(p.cpu)),
              `n${p.node % ns.length}`,
            ),
          );
          const incoming = pod('incoming', {
            ...(inc.port ? { containers: hostPort } : inc.cpu ? withRequests(inc.cpu) : {}),
            ...(inc.tolerateAll ? { tolerations: [{ operator: 'Exists' }] } : {}),
            ...(inc.ssd ? { nodeSelector: { disk: 'ssd' } } : {}),
          });
          const cache = SchedulerCache.from(nodes, placed);
          const ctx = { pod: incoming, cache, nodes: cache.nodes(), wants: podWants(incoming) };
          const filters = activeFilters(incoming, cache);
          const everyFilter = { all: filters.all, unflagged: filters.all };
          for (const info of cache.nodes())
            expect(runFilters(ctx, info, filters)).toEqual(runFilters(ctx, info, everyFilter));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves only the other active filters for nodes without a flag', () => {
    const filters = activeFilters(pod('p', { nodeSelector: { disk: 'ssd' } }), new SchedulerCache());
    expect(filters.all).toHaveLength(5);
    expect(filters.unflagged).toHaveLength(2);
  });
});

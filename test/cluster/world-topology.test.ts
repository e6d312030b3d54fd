import { describe, it, expect } from 'vitest';
import { createCluster, VirtualClock } from '../../src/cluster/index.js';
import { TOPOLOGIES } from '../../src/cluster/world/index.js';
import { worldCluster, readyOf, podReady } from './world-helpers.js';

describe('default topology', () => {
  it('registers one control-plane node and three workers in three zones (kubectl get nodes)', () => {
    const { cluster } = worldCluster();
    const nodes = cluster.client.list('nodes').items;
    const rows = nodes.map((n) => ({
      name: n.metadata.name,
      ready: readyOf(n),
      controlPlane: 'node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {}),
      zone: n.metadata.labels?.['topology.kubernetes.io/zone'],
      pool: n.metadata.labels?.['cadet.dev/pool'],
      hostname: n.metadata.labels?.['kubernetes.io/hostname'],
      version: n.status.nodeInfo.kubeletVersion,
      taints: n.spec.taints ?? [],
    }));
    expect(rows).toEqual([
      {
        name: 'cp-1',
        ready: 'True',
        controlPlane: true,
        zone: 'zone-a',
        pool: 'control-plane',
        hostname: 'cp-1',
        version: 'v1.32.2',
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      },
      {
        name: 'worker-1',
        ready: 'True',
        controlPlane: false,
        zone: 'zone-a',
        pool: 'general',
        hostname: 'worker-1',
        version: 'v1.32.2',
        taints: [],
      },
      {
        name: 'worker-2',
        ready: 'True',
        controlPlane: false,
        zone: 'zone-b',
        pool: 'general',
        hostname: 'worker-2',
        version: 'v1.32.2',
        taints: [],
      },
      {
        name: 'worker-3',
        ready: 'True',
        controlPlane: false,
        zone: 'zone-c',
        pool: 'general',
        hostname: 'worker-3',
        version: 'v1.32.2',
        taints: [],
      },
    ]);
    const w1 = nodes[1]!;
    expect(w1.status.capacity).toMatchObject({ cpu: '2', pods: '110' });
    expect(w1.status.allocatable.memory).toMatch(/^\d+Ki$/);
    expect(w1.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\/1\.7\./);
    expect(w1.status.addresses).toContainEqual({ type: 'InternalIP', address: '10.0.1.21' });
    expect(w1.spec.podCIDR).toBe('10.244.1.0/24');
    expect(w1.metadata.labels).toMatchObject({
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'topology.kubernetes.io/region': 'region-1',
    });
  });

  it('shows the control plane, CoreDNS and kube-proxy in kube-system (kubectl get pods -A)', () => {
    const { cluster } = worldCluster();
    const pods = cluster.client.list('pods').items;
    expect(pods.every((p) => p.metadata.namespace === 'kube-system')).toBe(true);
    expect(pods.every(podReady)).toBe(true);
    const shape = pods.map(
      (p) =>
        `${p.metadata.name!.replace(/-[a-z0-9]{5}$/, '-xxxxx').replace(/^coredns-[a-z0-9]+-/, 'coredns-HASH-')} ${p.spec.nodeName}`,
    );
    const kubeProxyNodes = pods
      .filter((p) => p.metadata.name!.startsWith('kube-proxy-'))
      .map((p) => p.spec.nodeName)
      .sort();
    expect(kubeProxyNodes).toEqual(['cp-1', 'worker-1', 'worker-2', 'worker-3']);
    expect(shape.filter((s) => !s.startsWith('kube-proxy') && !s.startsWith('coredns'))).toEqual([
      'etcd-cp-1 cp-1',
      'kube-apiserver-cp-1 cp-1',
      'kube-controller-manager-cp-1 cp-1',
      'kube-scheduler-cp-1 cp-1',
    ]);
    const coredns = pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(coredns).toHaveLength(2);
    expect(coredns.every((p) => p.metadata.name!.startsWith('coredns-'))).toBe(true);
    // Static pods run on the host network and belong to their Node.
    const apiserver = pods.find((p) => p.metadata.name === 'kube-apiserver-cp-1')!;
    expect(apiserver.status.podIP).toBe('10.0.1.10');
    expect(apiserver.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'cp-1' });
    // CoreDNS pods get pod-network addresses from their node's CIDR.
    for (const p of coredns)
      expect(
        p.status.podIP.startsWith(`10.244.${p.spec.nodeName === 'cp-1' ? 0 : p.spec.nodeName.slice(-1)}.`),
      ).toBe(true);
  });

  it('has the kube-dns and kubernetes Services, node Leases and default ServiceAccounts', () => {
    const { cluster } = worldCluster();
    const dns = cluster.client.get('services', 'kube-system', 'kube-dns')!;
    expect(dns.spec.clusterIP).toBe('10.96.0.10');
    expect(dns.metadata.labels?.['kubernetes.io/cluster-service']).toBe('true');
    expect(dns.spec.ports.map((p: { port: number; protocol: string }) => `${p.port}/${p.protocol}`)).toEqual([
      '53/UDP',
      '53/TCP',
      '9153/TCP',
    ]);
    const k8s = cluster.client.get('services', 'default', 'kubernetes')!;
    expect(k8s.spec.clusterIP).toBe('10.96.0.1');
    expect(k8s.spec.ports[0]).toMatchObject({ port: 443, targetPort: 6443 });
    const slices = cluster.client.list('endpointslices.discovery.k8s.io', { namespace: 'kube-system' }).items;
    const dnsAddrs = slices.flatMap((s) =>
      ((s.endpoints ?? []) as { conditions: { ready: boolean } }[]).filter(
        (e: { conditions: { ready: boolean } }) => e.conditions.ready,
      ),
    );
    expect(dnsAddrs).toHaveLength(2);
    const leases = cluster.client.list('leases.coordination.k8s.io', { namespace: 'kube-node-lease' }).items;
    expect(leases.map((l) => l.metadata.name)).toEqual(['cp-1', 'worker-1', 'worker-2', 'worker-3']);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
      expect(cluster.client.get('serviceaccounts', ns, 'default')).toBeDefined();
  });

  it('renews every Lease every 10 s while kubelets run', () => {
    const { cluster, clock } = worldCluster();
    const before = cluster.client.get('leases.coordination.k8s.io', 'kube-node-lease', 'worker-2')!.spec
      .renewTime;
    clock.advance(25_000);
    const after = cluster.client.get('leases.coordination.k8s.io', 'kube-node-lease', 'worker-2')!.spec
      .renewTime;
    expect(Date.parse(after) - Date.parse(before)).toBe(20_000);
  });

  it('single-node keeps its one node schedulable; two-zones has four workers in two zones', () => {
    const single = worldCluster('single-node').cluster.client.list('nodes').items;
    expect(single.map((n) => n.metadata.name)).toEqual(['cp-1']);
    expect(single[0]!.spec.taints).toBeUndefined();
    const two = worldCluster('two-zones').cluster.client.list('nodes').items;
    const zones = two
      .filter((n) => !n.spec.taints)
      .map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']);
    expect(zones).toEqual(['zone-a', 'zone-a', 'zone-b', 'zone-b']);
    expect(Object.keys(TOPOLOGIES)).toEqual(['default', 'single-node', 'two-zones']);
  });

  it('is deterministic: the same seed gives byte-identical state', () => {
    const run = (): string => {
      const clock = new VirtualClock();
      const c = createCluster({ clock, topology: 'default', seed: 7 });
      clock.advance(60_000);
      return c.exportSnapshot();
    };
    expect(run()).toBe(run());
  });
});

describe('snapshots', () => {
  it('a world keeps reconciling after a snapshot is restored', () => {
    const a = worldCluster();
    a.cluster.client.create('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    });
    a.clock.advance(30_000);
    const snapshot = a.cluster.exportSnapshot();
    const b = worldCluster();
    b.cluster.importSnapshot(snapshot);
    expect(b.pods().filter(podReady)).toHaveLength(2);
    b.cluster.client.patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 3 } });
    b.clock.advance(30_000);
    expect(b.pods().filter(podReady)).toHaveLength(3);
  });
});

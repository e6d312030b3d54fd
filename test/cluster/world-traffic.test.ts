import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { worldCluster, deployment, service, podReady } from './world-helpers.js';

function client(): { namespace: string } {
  return { namespace: 'default' };
}

function setup(affinity = false) {
  const w = worldCluster();
  w.cluster.client.create('deployments.apps', deployment('web', 3, 'nginx:1.27'));
  w.cluster.client.create(
    'services',
    service(
      'web',
      '10.96.100.10',
      80,
      80,
      affinity
        ? { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } }
        : {},
    ),
  );
  // A client pod to send from.
  w.cluster.client.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'curl', namespace: 'default', labels: { run: 'curl' } },
    spec: {
      containers: [{ name: 'curl', image: 'busybox:1.36', command: ['sleep', '3600'] }],
      restartPolicy: 'Always',
    },
  });
  w.clock.advance(30_000);
  expect(w.pods('default', 'app=web').filter(podReady)).toHaveLength(3);
  return w;
}

describe('DNS', () => {
  it('resolves svc, svc.ns and the full name; nslookup prints what busybox prints', () => {
    const { world } = setup();
    for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local'])
      expect(world.nslookup(name)).toBe(
        'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.96.100.10\n\n',
      );
    expect(world.nslookup('kube-dns.kube-system')).toContain('Address: 10.96.0.10\n');
    expect(world.nslookup('kubernetes')).toContain('Address: 10.96.0.1\n');
    expect(world.nslookup('web', 'kube-system')).toContain("** server can't find web: NXDOMAIN");
  });

  it('headless Services give pod records; ExternalName gives a CNAME', () => {
    const { cluster, world, pods, clock } = setup();
    cluster.client.create('services', service('web-headless', 'None', 80, 80, { selector: { app: 'web' } }));
    cluster.client.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'search', namespace: 'default' },
      spec: { type: 'ExternalName', externalName: 'search.example.com' },
    });
    clock.advance(1_000); // the EndpointSlice controller runs
    const out = world.nslookup('web-headless');
    const ips = pods('default', 'app=web')
      .map((p) => p.status.podIP)
      .sort();
    for (const ip of ips) expect(out).toContain(`Address: ${ip}\n`);
    expect(world.nslookup('search')).toContain(
      'search.default.svc.cluster.local\tcanonical name = search.example.com',
    );
    // A request through the headless name reaches a pod directly.
    const r = world.request(client(), 'http://web-headless/');
    expect(r.ok).toBe(true);
    expect(ips).toContain(r.pod!.ip);
  });
});

describe('load balancing over Services (golden)', () => {
  it('spreads requests over all three ready pods at random', () => {
    const { world, pods } = setup();
    const hits = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const r = world.request('default/curl', 'http://web.default.svc.cluster.local:80/');
      expect(r).toMatchObject({ ok: true, status: 200, service: { name: 'web', clusterIP: '10.96.100.10' } });
      expect(r.body).toContain('Welcome to nginx!');
      hits.set(r.pod!.name, (hits.get(r.pod!.name) ?? 0) + 1);
    }
    expect([...hits.keys()].sort()).toEqual(
      pods('default', 'app=web')
        .map((p) => p.metadata.name)
        .sort(),
    );
    for (const n of hits.values()) expect(n).toBeGreaterThan(5);
  });

  it('with ClientIP affinity one pod answers every request from a client', () => {
    const { world } = setup(true);
    const answered = new Set<string>();
    for (let i = 0; i < 30; i++) answered.add(world.request('default/curl', 'http://web/').pod!.name);
    expect(answered.size).toBe(1);
  });

  it('nginx writes an access line per request into the pod log', () => {
    const { cluster, world } = setup();
    const r = world.request('default/curl', 'http://web/index.html');
    const pod = cluster.client.get('pods', 'default', r.pod!.name)!;
    const curl = cluster.client.get('pods', 'default', 'curl')!;
    const log = world.podLogs(pod, { container: 'web' });
    expect(log).toMatch(
      new RegExp(
        `${curl.status.podIP.replace(/\./g, '\\.')} - - \\[01/Jan/2026:00:01:00 \\+0000\\] "GET /index.html HTTP/1.1" 200 615`,
      ),
    );
    expect(log.split('\n')[0]).toContain('/docker-entrypoint.sh');
    expect(world.request('default/curl', 'http://web/nope')).toMatchObject({ ok: true, status: 404 });
  });

  it('fails clearly: no endpoints, nothing listening, unknown host', () => {
    const { cluster, world, clock } = setup();
    cluster.client.create(
      'services',
      service('ghost', '10.96.100.20', 80, 80, { selector: { app: 'ghost' } }),
    );
    cluster.client.create(
      'services',
      service('wrong-port', '10.96.100.21', 80, 8080, { selector: { app: 'web' } }),
    );
    clock.advance(1_000);
    expect(world.request(client(), 'http://ghost/')).toMatchObject({
      ok: false,
      error: 'no endpoints available for service "ghost"',
    });
    expect(world.request(client(), 'http://wrong-port/').error).toMatch(/port 8080 .*Connection refused/);
    expect(world.request(client(), 'http://nope/').error).toBe('Could not resolve host: nope');
  });

  it('pods on a NotReady node stop receiving traffic', () => {
    const { world, clock, pods } = setup();
    const target = pods('default', 'app=web').find((p: KubeObject) => p.spec.nodeName === 'worker-1')!;
    world.chaos.stopNode('worker-1');
    clock.advance(60_000);
    for (let i = 0; i < 30; i++)
      expect(world.request(client(), 'http://web/').pod!.name).not.toBe(target.metadata.name);
  });
});

describe('metrics.k8s.io', () => {
  it('serves NodeMetrics and PodMetrics; traffic raises a pod’s CPU', () => {
    const { cluster, world, clock } = setup(true);
    const pod = world.request('default/curl', 'http://web/').pod!;
    const cpuOf = (): number => {
      const m = world.metrics.podMetrics('default').find((x) => x.metadata.name === pod.name)!;
      return Number((m.containers as { usage: { cpu: string } }[])[0]!.usage.cpu.replace('n', ''));
    };
    const idle = cpuOf();
    for (let i = 0; i < 600; i++) {
      world.request('default/curl', 'http://web/');
      clock.advance(100);
    }
    expect(cpuOf()).toBeGreaterThan(idle * 20);
    const nodes = world.metrics.nodeMetrics();
    expect(nodes.map((n) => n.metadata.name)).toEqual(['cp-1', 'worker-1', 'worker-2', 'worker-3']);
    expect((nodes[0]!.usage as { memory: string }).memory).toMatch(/^\d+Ki$/);
    // Through the API, as kubectl top asks.
    expect(cluster.client.list('nodes.metrics.k8s.io').items).toHaveLength(4);
    world.chaos.stopNode('worker-3');
    expect(world.metrics.nodeMetrics().map((n) => n.metadata.name)).not.toContain('worker-3');
  });
});

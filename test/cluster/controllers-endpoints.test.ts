import { describe, expect, it } from 'vitest';
import { Harness } from './fakes/harness.js';
import { reconcileEndpoints } from '../../src/cluster/controllers/endpoints.js';
import { reconcileEndpointSlices } from '../../src/cluster/controllers/endpoint-slices.js';
import type { KubeObject } from '../../src/cluster/types.js';

function svc(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', labels: { tier: 'front' } },
    spec: {
      selector: { app: 'web' },
      clusterIP: '10.96.0.10',
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      ...extra,
    },
  };
}

function pod(
  name: string,
  ip: string | undefined,
  ready: boolean,
  opts: { port?: number; node?: string; deleting?: boolean; labels?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: opts.labels ?? { app: 'web' },
      ...(opts.deleting ? { deletionTimestamp: '2026-01-05T09:00:30Z' } : {}),
    },
    spec: {
      nodeName: opts.node ?? 'worker-1',
      containers: [
        { name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: opts.port ?? 8080 }] },
      ],
    },
    status: {
      phase: 'Running',
      ...(ip ? { podIP: ip } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

describe('Endpoints controller', () => {
  it('lists ready pods as addresses and the others as notReadyAddresses, resolving named target ports', () => {
    const pods = [
      pod('b', '10.244.1.10', true),
      pod('a', '10.244.1.9', true, { node: 'worker-2' }),
      pod('c', '10.244.2.4', false),
      pod('noip', undefined, true),
      pod('other', '10.244.2.5', true, { labels: { app: 'db' } }),
    ];
    const r = reconcileEndpoints(svc(), { pods });
    expect(r.actions).toHaveLength(1);
    const ep = (r.actions[0] as { object: KubeObject }).object;
    expect(ep).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } },
      subsets: [
        {
          addresses: [
            {
              ip: '10.244.1.9',
              nodeName: 'worker-2',
              targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
            },
            {
              ip: '10.244.1.10',
              nodeName: 'worker-1',
              targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' },
            },
          ],
          notReadyAddresses: [
            {
              ip: '10.244.2.4',
              nodeName: 'worker-1',
              targetRef: { kind: 'Pod', namespace: 'default', name: 'c', uid: 'uid-c' },
            },
          ],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
  });

  it('groups pods whose named port resolves differently into separate subsets and leaves out terminating pods', () => {
    const pods = [
      pod('a', '10.244.1.2', true, { port: 8080 }),
      pod('b', '10.244.1.3', true, { port: 9090 }),
      pod('gone', '10.244.1.4', true, { deleting: true }),
    ];
    const ep = (reconcileEndpoints(svc(), { pods }).actions[0] as { object: KubeObject }).object;
    const subsets = ep.subsets as { addresses: { ip: string }[]; ports: { port: number }[] }[];
    expect(subsets.map((s) => [s.addresses.map((a) => a.ip), s.ports[0]!.port])).toEqual([
      [['10.244.1.2'], 8080],
      [['10.244.1.3'], 9090],
    ]);
  });

  it('leaves Services without a selector alone, and gives headless Services without ports bare addresses', () => {
    expect(
      reconcileEndpoints(svc({ selector: undefined }), { pods: [pod('a', '10.244.1.2', true)] }).actions,
    ).toEqual([]);
    const headless = svc({ clusterIP: 'None', ports: undefined });
    const ep = (
      reconcileEndpoints(headless, { pods: [pod('a', '10.244.1.2', true)] }).actions[0] as {
        object: KubeObject;
      }
    ).object;
    expect(ep.subsets).toEqual([
      {
        addresses: [
          {
            ip: '10.244.1.2',
            nodeName: 'worker-1',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
          },
        ],
      },
    ]);
  });

  it('converges: applying the result and reconciling again does nothing; a change updates it', () => {
    const h = new Harness();
    const s = h.client.create('services', svc());
    const pods = [pod('a', '10.244.1.2', true)];
    h.apply(reconcileEndpoints(s, { pods }));
    const current = h.client.get('endpoints', 'default', 'web')!;
    expect(reconcileEndpoints(s, { pods, endpoints: current }).actions).toEqual([]);
    const r = h.apply(reconcileEndpoints(s, { pods: [], endpoints: current }));
    expect(r.actions.map((a) => a.type)).toEqual(['update']);
    expect(h.client.get('endpoints', 'default', 'web')!.subsets).toBeUndefined();
  });
});

describe('EndpointSlice controller', () => {
  it('creates one owned, labelled IPv4 slice with ready/serving/terminating conditions and zones', () => {
    const h = new Harness();
    const s = h.client.create('services', svc());
    const nodes: KubeObject[] = [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'worker-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } },
      },
    ];
    const pods = [
      pod('a', '10.244.1.2', true),
      pod('b', '10.244.1.3', false),
      pod('c', '10.244.1.4', true, { deleting: true }),
    ];
    h.apply(reconcileEndpointSlices(s, { pods, slices: [], nodes }));
    const slices = h.client.list('endpointslices.discovery.k8s.io').items;
    expect(slices).toHaveLength(1);
    const slice = slices[0]!;
    expect(slice.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice.metadata.labels).toEqual({
      tier: 'front',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: s.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(
      (slice.endpoints as { addresses: string[]; conditions: unknown; zone: string }[]).map((e) => [
        e.addresses[0],
        e.conditions,
        e.zone,
      ]),
    ).toEqual([
      ['10.244.1.2', { ready: true, serving: true, terminating: false }, 'zone-a'],
      ['10.244.1.3', { ready: false, serving: false, terminating: false }, 'zone-a'],
      ['10.244.1.4', { ready: false, serving: true, terminating: true }, 'zone-a'],
    ]);
    expect(reconcileEndpointSlices(s, { pods, slices, nodes }).actions).toEqual([]);
    // Pods go away: the slice empties but stays.
    const r = h.apply(reconcileEndpointSlices(s, { pods: [], slices, nodes }));
    expect(r.actions.map((a) => a.type)).toEqual(['update']);
    expect(
      reconcileEndpointSlices(s, {
        pods: [],
        slices: h.client.list('endpointslices.discovery.k8s.io').items,
        nodes,
      }).actions,
    ).toEqual([]);
  });
});

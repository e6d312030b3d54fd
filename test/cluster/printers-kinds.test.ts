/**
 * The Table presenter and the printers of the other kinds: every registry kind prints one cell
 * per column, the Accept negotiation, PartialObjectMetadata rows, watch events, and the cells
 * whose rules are easy to get wrong (node roles and status, service ports and external IPs,
 * selectors, job completions and duration, HPA targets, events).
 */
import { describe, expect, it } from 'vitest';
import { createCluster, RESOURCES, VirtualClock, type KubeObject } from '../../src/cluster/index';
import {
  formatLabelSelector,
  printerFor,
  hasOwnPrinter,
  tablePresenter,
  tableVersion,
} from '../../src/cluster/printers/index';
import { wireExtensions } from '../../src/cluster/openapi/index';
import { parseRfc3339 } from '../../src/cluster/machinery/timestamps';

const NOW = parseRfc3339('2026-01-01T02:00:00Z')!;
const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

const info = (resource: string, group = '') =>
  RESOURCES.find((r) => r.resource === resource && r.group === group)!;

function obj(kind: string, rest: Record<string, unknown>, name = 'x'): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
    ...rest,
  };
}

function cells(resource: string, group: string, o: KubeObject): unknown[] {
  return printerFor(info(resource, group)).cells(o, { now: NOW });
}

describe('printer registry', () => {
  it('every served kind but Binding and the metrics has its own printer; cells match columns', () => {
    const generic = RESOURCES.filter((r) => !hasOwnPrinter(r)).map((r) => `${r.resource}.${r.group}`);
    expect(generic).toEqual([
      'bindings.',
      // access reviews are only created (kubectl auth can-i / whoami), never listed
      'localsubjectaccessreviews.authorization.k8s.io',
      'selfsubjectaccessreviews.authorization.k8s.io',
      'selfsubjectrulesreviews.authorization.k8s.io',
      'subjectaccessreviews.authorization.k8s.io',
      'selfsubjectreviews.authentication.k8s.io',
      'nodes.metrics.k8s.io',
      'pods.metrics.k8s.io',
    ]);
    for (const r of RESOURCES) {
      const p = printerFor(r);
      const row = p.cells(obj(r.kind, {}), { now: NOW });
      expect(row.length, r.resource).toBe(p.columns.length);
      expect(
        p.columns.some((c) => c.format === 'name'),
        r.resource,
      ).toBe(true);
    }
  });
});

describe('Table presenter', () => {
  const presenter = tablePresenter(() => NOW);
  const pod = obj('Pod', {
    spec: { containers: [{ name: 'c', image: 'i' }] },
    status: { phase: 'Pending' },
  });
  pod.metadata.labels = { app: 'web' };
  pod.metadata.resourceVersion = '42';
  pod.metadata.managedFields = [{ manager: 'kubectl' }];

  it('answers only when Accept asks for a meta.k8s.io Table', () => {
    expect(tableVersion(TABLE_ACCEPT)).toBe('v1');
    expect(tableVersion('application/json;as=Table;v=v1beta1;g=meta.k8s.io')).toBe('v1beta1');
    expect(tableVersion('application/json')).toBeUndefined();
    expect(tableVersion(undefined)).toBeUndefined();
    const req = {
      method: 'GET' as const,
      url: '/api/v1/namespaces/default/pods/x',
      headers: { accept: 'application/json' },
    };
    expect(presenter.object!(info('pods'), pod, req)).toBeUndefined();
  });

  it('a single object is a one-row Table with PartialObjectMetadata (managedFields dropped)', () => {
    const req = {
      method: 'GET' as const,
      url: '/api/v1/namespaces/default/pods/x',
      headers: { accept: TABLE_ACCEPT },
    };
    const t = presenter.object!(info('pods'), pod, req) as Record<string, unknown>;
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '42' });
    expect(t.rows).toEqual([
      {
        cells: ['x', '0/1', 'Pending', '0', '120m', '<none>', '<none>', '<none>', '<none>'],
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: {
            name: 'x',
            namespace: 'default',
            creationTimestamp: '2026-01-01T00:00:00Z',
            labels: { app: 'web' },
            resourceVersion: '42',
          },
        },
      },
    ]);
  });

  it('includeObject=None leaves the object out, includeObject=Object puts the whole object in', () => {
    const none = presenter.list!(
      info('pods'),
      { metadata: { resourceVersion: '9' }, items: [pod] },
      { method: 'GET' as const, url: '/api/v1/pods?includeObject=None', headers: { accept: TABLE_ACCEPT } },
    ) as { rows: Record<string, unknown>[]; metadata: unknown };
    expect(none.metadata).toEqual({ resourceVersion: '9' });
    expect(none.rows[0]!.object).toBeUndefined();
    const full = presenter.list!(
      info('pods'),
      { metadata: { resourceVersion: '9' }, items: [pod] },
      { method: 'GET' as const, url: '/api/v1/pods?includeObject=Object', headers: { accept: TABLE_ACCEPT } },
    ) as { rows: { object: KubeObject }[] };
    expect(full.rows[0]!.object.kind).toBe('Pod');
    expect(full.rows[0]!.object.spec).toEqual(pod.spec);
  });

  it('watch events carry column definitions in the first event only', () => {
    const req = { method: 'GET' as const, url: '/api/v1/pods?watch=true', headers: { accept: TABLE_ACCEPT } };
    const first = presenter.watchObject!(info('pods'), { type: 'ADDED', object: pod }, req, true) as {
      columnDefinitions: unknown[];
      rows: unknown[];
    };
    const next = presenter.watchObject!(info('pods'), { type: 'MODIFIED', object: pod }, req, false) as {
      columnDefinitions: unknown[];
      rows: unknown[];
    };
    expect(first.columnDefinitions).toHaveLength(9);
    expect(next.columnDefinitions).toEqual([]);
    expect(next.rows).toHaveLength(1);
  });

  it('through the HTTP entry: ages come from the cluster clock', async () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, extensions: wireExtensions(clock) });
    clock.advance(5 * 60_000 + 30_000);
    const res = await cluster.handle({
      method: 'GET',
      url: '/api/v1/namespaces',
      headers: { accept: TABLE_ACCEPT },
    });
    const t = JSON.parse((res as { body: string }).body) as { rows: { cells: unknown[] }[] };
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['default', 'Active', '5m30s'],
      ['kube-node-lease', 'Active', '5m30s'],
      ['kube-public', 'Active', '5m30s'],
      ['kube-system', 'Active', '5m30s'],
    ]);
  });
});

describe('cells of other kinds', () => {
  it('nodes: roles sorted, NotReady, SchedulingDisabled, Unknown without a Ready condition', () => {
    const node = obj('Node', {
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        nodeInfo: { kubeletVersion: 'v1.32.2' },
        addresses: [{ type: 'InternalIP', address: '10.0.0.5' }],
      },
    });
    node.metadata.labels = {
      'node-role.kubernetes.io/worker': '',
      'node-role.kubernetes.io/control-plane': '',
    };
    expect(cells('nodes', '', node)).toEqual([
      'x',
      'NotReady,SchedulingDisabled',
      'control-plane,worker',
      '120m',
      'v1.32.2',
      '10.0.0.5',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
    expect(cells('nodes', '', obj('Node', {}))[1]).toBe('Unknown');
  });

  it('services: load balancer pending, external name, several ports', () => {
    const lb = obj('Service', {
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.20',
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
        selector: { b: '2', a: '1' },
      },
    });
    expect(cells('services', '', lb)).toEqual([
      'x',
      'LoadBalancer',
      '10.96.0.20',
      '<pending>',
      '80:30080/TCP,53/UDP',
      '120m',
      'a=1,b=2',
    ]);
    lb.status = { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } };
    expect(cells('services', '', lb)[3]).toBe('203.0.113.7');
    const ext = obj('Service', { spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    expect(cells('services', '', ext).slice(1, 5)).toEqual([
      'ExternalName',
      '<none>',
      'db.example.com',
      '<none>',
    ]);
  });

  it('label selectors print sorted requirements', () => {
    expect(
      formatLabelSelector({
        matchLabels: { tier: 'web', app: 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=shop,!canary,env in (dev,prod),tier=web');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(undefined)).toBe('<none>');
  });

  it('jobs: status, completions and duration', () => {
    const job = obj('Job', {
      spec: {
        completions: 3,
        parallelism: 1,
        template: { spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
      status: {
        succeeded: 3,
        startTime: '2026-01-01T01:00:00Z',
        completionTime: '2026-01-01T01:02:05Z',
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    });
    expect(cells('jobs', 'batch', job).slice(0, 5)).toEqual(['x', 'Complete', '3/3', '2m5s', '120m']);
    const running = obj('Job', { spec: { parallelism: 2 }, status: { startTime: '2026-01-01T01:59:30Z' } });
    expect(cells('jobs', 'batch', running).slice(1, 4)).toEqual(['Running', '0/1 of 2', '30s']);
  });

  it('HPA targets name the resource and show <unknown> before metrics arrive', () => {
    const hpa = obj('HorizontalPodAutoscaler', {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
          },
        ],
      },
      status: {
        currentReplicas: 2,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } },
        ],
      },
    });
    expect(cells('horizontalpodautoscalers', 'autoscaling', hpa)).toEqual([
      'x',
      'Deployment/web',
      'cpu: 45%/80%, memory: <unknown>/100Mi',
      '<unset>',
      5,
      2,
      '120m',
    ]);
  });

  it('events: last seen, object, count 1 for singletons, source', () => {
    const ev = obj('Event', {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container\n',
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
      source: { component: 'kubelet', host: 'worker-1' },
      firstTimestamp: '2026-01-01T01:50:00Z',
      lastTimestamp: '2026-01-01T01:59:00Z',
    });
    expect(cells('events', '', ev)).toEqual([
      '60s',
      'Warning',
      'BackOff',
      'pod/web-1',
      'spec.containers{app}',
      'kubelet, worker-1',
      'Back-off restarting failed container',
      '10m',
      1,
      'x',
    ]);
  });

  it('configmaps, secrets, PVCs, quotas and bindings', () => {
    expect(
      cells('configmaps', '', obj('ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: '' } })),
    ).toEqual(['x', 3, '120m']);
    expect(cells('secrets', '', obj('Secret', { type: 'Opaque', data: { a: 'MQ==' } }))).toEqual([
      'x',
      'Opaque',
      1,
      '120m',
    ]);
    const pvc = obj('PersistentVolumeClaim', {
      spec: { volumeName: 'pv-1', storageClassName: 'standard' },
      status: {
        phase: 'Bound',
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
      },
    });
    expect(cells('persistentvolumeclaims', '', pvc)).toEqual([
      'x',
      'Bound',
      'pv-1',
      '1Gi',
      'RWO,RWX',
      'standard',
      '<unset>',
      '120m',
      '<unset>',
    ]);
    const quota = obj('ResourceQuota', {
      spec: { hard: { pods: '10', 'limits.cpu': '2', 'requests.cpu': '1' } },
      status: {
        hard: { pods: '10', 'limits.cpu': '2', 'requests.cpu': '1' },
        used: { pods: '3', 'requests.cpu': '500m' },
      },
    });
    expect(cells('resourcequotas', '', quota)).toEqual([
      'x',
      '120m',
      'pods: 3/10, requests.cpu: 500m/1',
      'limits.cpu: 0/2',
    ]);
    const rb = obj('RoleBinding', {
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' },
      ],
    });
    expect(cells('rolebindings', 'rbac.authorization.k8s.io', rb)).toEqual([
      'x',
      'ClusterRole/view',
      '120m',
      'jane',
      '',
      'ci/bot',
    ]);
    expect(cells('roles', 'rbac.authorization.k8s.io', obj('Role', {}))).toEqual([
      'x',
      '2026-01-01T00:00:00Z',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError, type KubeObject } from '../../src/cluster/index.js';
import { reconcileQuota } from '../../src/cluster/controllers/quota.js';
import { QUOTA_RESOURCES } from '../../src/cluster/controllers/quota-usage.js';
import { deployment } from './world-helpers.js';
import { workloadCluster } from './workloads-helpers.js';

function pod(
  name: string,
  resources?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.27', ...(resources ? { resources } : {}) }],
      ...extra,
    },
  };
}

function refusal(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

const quota = (hard: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'compute', namespace: 'default' },
  spec: { hard },
});

describe('ResourceQuota', () => {
  it('refuses a pod over quota with Kubernetes message, and tracks usage in status', () => {
    const w = workloadCluster();
    w.client.create('resourcequotas', quota({ 'requests.cpu': '2', pods: '10' }));
    for (const n of ['web-0', 'web-1', 'web-3'])
      w.client.create('pods', pod(n, { requests: { cpu: '500m' } }));
    w.clock.runDue();
    const e = refusal(() => w.client.create('pods', pod('web-2', { requests: { cpu: '600m' } })));
    expect(e.code).toBe(403);
    expect(e.reason).toBe('Forbidden');
    expect(e.message).toBe(
      'pods "web-2" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=1500m, limited: requests.cpu=2',
    );
    // Exactly at the limit is allowed.
    w.client.create('pods', pod('web-4', { requests: { cpu: '500m' } }));
    w.clock.runDue();
    const q = w.client.get('resourcequotas', 'default', 'compute')!;
    expect(q.status).toEqual({
      hard: { 'requests.cpu': '2', pods: '10' },
      used: { 'requests.cpu': '2', pods: '4' },
    });
    const objects = Object.fromEntries(
      QUOTA_RESOURCES.map((r) => [r, w.client.list(r, { namespace: 'default' }).items]),
    );
    expect(reconcileQuota(q, { objects }).actions).toEqual([]);
  });

  it('a pod without a request the quota limits is refused', () => {
    const w = workloadCluster();
    w.client.create('resourcequotas', quota({ 'requests.cpu': '2', 'limits.memory': '1Gi' }));
    const e = refusal(() => w.client.create('pods', pod('bare')));
    expect(e.message).toBe(
      'pods "bare" is forbidden: failed quota: compute: must specify limits.memory,requests.cpu',
    );
  });

  it("a ReplicaSet's refused creates become FailedCreate events and its ReplicaFailure condition", () => {
    const w = workloadCluster();
    w.client.create('resourcequotas', quota({ 'requests.cpu': '2' }));
    const d = deployment('web', 5, 'nginx:1.27');
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '500m' } };
    w.client.create('deployments.apps', d);
    w.clock.advance(30_000);
    expect(w.pods()).toHaveLength(4);
    const failed = w.events('FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toMatch(
      /^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=2, limited: requests.cpu=2$/,
    );
    const rs = w.client.list('replicasets.apps', { namespace: 'default' }).items[0]!;
    expect(rs.status.conditions[0]).toMatchObject({ type: 'ReplicaFailure', reason: 'FailedCreate' });
  });
});

describe('LimitRange', () => {
  const limitRange: KubeObject = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'defaults', namespace: 'default' },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '500m', memory: '256Mi' },
          defaultRequest: { cpu: '250m' },
          max: { cpu: '1' },
          min: { memory: '64Mi' },
        },
      ],
    },
  };

  it('fills in default requests and limits, noting it in an annotation', () => {
    const w = workloadCluster();
    w.client.create('limitranges', limitRange);
    const created = w.client.create('pods', pod('plain'));
    expect(created.spec.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(created.metadata.annotations!['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request, cpu, memory limit for container app',
    );
  });

  it('refuses containers outside min and max', () => {
    const w = workloadCluster();
    w.client.create('limitranges', limitRange);
    const big = refusal(() => w.client.create('pods', pod('big', { limits: { cpu: '2' } })));
    expect(big.code).toBe(403);
    expect(big.message).toBe('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
    const both = refusal(() =>
      w.client.create(
        'pods',
        pod('both', { requests: { memory: '32Mi' }, limits: { cpu: '2', memory: '32Mi' } }),
      ),
    );
    expect(both.message).toBe(
      'pods "both" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, minimum memory usage per Container is 64Mi, but request is 32Mi]',
    );
  });
});

describe('ServiceAccount admission', () => {
  it('refuses a pod whose ServiceAccount does not exist, and admits it once it does', () => {
    const w = workloadCluster();
    const e = refusal(() => w.client.create('pods', pod('p', undefined, { serviceAccountName: 'robot' })));
    expect(e.message).toBe(
      'pods "p" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    );
    w.client.create('serviceaccounts', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'robot', namespace: 'default' },
    });
    expect(
      w.client.create('pods', pod('p', undefined, { serviceAccountName: 'robot' })).spec.serviceAccountName,
    ).toBe('robot');
  });
});

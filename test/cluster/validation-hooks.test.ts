import { describe, expect, it } from 'vitest';
import { createCluster, ApiError, type KubeObject } from '../../src/cluster/index';
import { validationHooks } from '../../src/cluster/validation/hooks';

const cluster = () => createCluster({ hooks: validationHooks(), seed: 7 });

const deployment = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...extra }] },
    },
  },
});

function failure(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('validation hooks on the API', () => {
  it('defaults a Deployment as the API server does', () => {
    const d = cluster().client.create('deployments.apps', deployment());
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('rejects an invalid object with 422 and Kubernetes field paths', () => {
    const bad = deployment();
    delete bad.spec.template.spec.containers[0].image;
    expect(failure(() => cluster().client.create('deployments.apps', bad))).toEqual({
      code: 422,
      message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
    });
  });

  it('rejects unknown fields under Strict with 400', () => {
    const res = failure(() =>
      cluster().client.create('deployments.apps', deployment({ imagePullPolcy: 'Always' })),
    );
    expect(res.code).toBe(400);
    expect(res.message).toContain('unknown field "spec.template.spec.containers[0].imagePullPolcy"');
  });

  it('allocates a cluster IP and node ports, and keeps them on update', () => {
    const c = cluster();
    const svc = c.client.create<KubeObject>('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    expect(svc.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.spec.ports[0].targetPort).toBe(80);
    const updated = c.client.update('services', {
      ...svc,
      spec: { ...svc.spec, clusterIP: undefined, clusterIPs: undefined, selector: { app: 'api' } },
    });
    expect(updated.spec.clusterIP).toBe(svc.spec.clusterIP);
  });

  it('admits pods with the default service account and toleration seconds', () => {
    const pod = cluster().client.create<KubeObject>('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
    });
    expect(pod.spec.serviceAccountName).toBe('default');
    expect(pod.spec.tolerations.map((t: { key: string }) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
  });
});

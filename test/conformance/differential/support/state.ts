/** Cluster state the differential cases share: a few workloads, settled on the virtual clock. */
import type { KubeObject } from '../../../../src/cluster/index';
import type { Side } from './harness';

const web: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'frontend' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    },
  },
};

const api: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: { containers: [{ name: 'api', image: 'cadet/hello:1.0' }] },
    },
  },
};

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
};

const emptyNs: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty' } };

/** Creates two Deployments, a Service and an empty namespace, then lets the world settle for 60 s. */
export function seedWorkloads(side: Side): void {
  const c = side.cluster.client;
  c.create('namespaces', emptyNs);
  c.create('deployments', web);
  c.create('deployments', api);
  c.create('services', service);
  side.clock.advance(60_000);
}

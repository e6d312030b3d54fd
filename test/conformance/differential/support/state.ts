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

/** More kinds and pod states: a StatefulSet, a DaemonSet, a Job, a CronJob, an HPA, an Ingress, a ConfigMap, a Secret, a PVC, a NetworkPolicy, a crash-looping pod, a pod that cannot be scheduled and one with a bad image. */
export function seedMoreKinds(side: Side): void {
  const c = side.cluster.client;
  const labels = (app: string) => ({ matchLabels: { app } });
  const template = (app: string, extra: Record<string, unknown> = {}) => ({
    metadata: { labels: { app } },
    spec: {
      containers: [{ name: app, image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }],
      ...extra,
    },
  });
  c.create('statefulsets', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: { serviceName: 'db', replicas: 2, selector: labels('db'), template: template('db') },
  });
  c.create('daemonsets', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: labels('agent'), template: template('agent') },
  });
  c.create('jobs', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', namespace: 'default' },
    spec: { template: template('once', { restartPolicy: 'Never' }) },
  });
  c.create('cronjobs', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'default' },
    spec: {
      schedule: '0 2 * * *',
      jobTemplate: { spec: { template: template('nightly', { restartPolicy: 'OnFailure' }) } },
    },
  });
  c.create('horizontalpodautoscalers', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
      ],
    },
  });
  c.create('ingresses', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      rules: [
        {
          host: 'web.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
            ],
          },
        },
      ],
    },
  });
  c.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'default' },
    data: { mode: 'production', 'app.properties': 'color=blue\nsize: 3\n', port: '8080', flag: 'true' },
  });
  c.create('secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds', namespace: 'default' },
    type: 'Opaque',
    data: { password: 'czNjcjN0' },
  });
  c.create('persistentvolumeclaims', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  c.create('networkpolicies', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny', namespace: 'default' },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  const pod = (name: string, spec: Record<string, unknown>) =>
    c.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels: { run: name } },
      spec,
    });
  pod('crasher', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] });
  pod('huge', { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '64' } } }] });
  pod('typo', { containers: [{ name: 'c', image: 'ngnix:1.27' }] });
  side.clock.advance(90_000);
}

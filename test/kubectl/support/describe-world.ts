/**
 * The cluster the describe/logs/top/wait tests read: one object of every kind `kubectl describe`
 * has a describer for, on a virtual clock that starts at a fixed time and is settled for ten
 * minutes. The golden texts in ../describe-golden/ were printed by real kubectl 1.32 against this
 * same cluster served by `cadet serve` (test/kubectl/describe-golden/README.md says how).
 */
import { VirtualClock, type Cluster } from '../../../src/cluster/index';
import { createCompleteCluster } from '../../../src/cluster/complete';

/** When the cluster's clock starts: 2026-12-04T21:00:00Z. */
export const WORLD_START = Date.UTC(2026, 11, 4, 21, 0, 0);

export interface DescribeWorld {
  cluster: Cluster;
  clock: VirtualClock;
}

/** Builds the cluster and lets it run for ten minutes of virtual time. */
export function describeWorld(): DescribeWorld {
  const clock = new VirtualClock(WORLD_START);
  const cluster = createCompleteCluster({ clock, topology: 'default', seed: 1 });
  clock.advance(30_000);
  populate(cluster, clock);
  return { cluster, clock };
}

/** Creates the objects (one of every described kind) and lets the cluster run ten minutes. */
export function populate(cluster: Cluster, clock: VirtualClock): void {
  const c = cluster.client;
  c.create('namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team', labels: { tier: 'dev' }, annotations: { owner: 'alice' } },
  });
  c.create('resourcequotas', {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'quota', namespace: 'team' },
    spec: { hard: { pods: '10', 'requests.cpu': '2', 'requests.memory': '2Gi' } },
  });
  // One resource per limit: kubectl prints the resources of one limit in Go's random map order.
  c.create('limitranges', {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'limits', namespace: 'team' },
    spec: {
      limits: [
        { type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' } },
      ],
    },
  });
  c.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default', labels: { app: 'web' } },
    data: { 'index.html': '<h1>hi</h1>\n<p>two</p>\n', mode: 'fast' },
    binaryData: { blob: 'AAEC' },
  });
  c.create('secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'sec', namespace: 'default' },
    type: 'Opaque',
    data: { password: 'c2VjcmV0', user: 'YWRtaW4=' },
  });
  c.create('serviceaccounts', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'robot', namespace: 'default' },
  });
  const labels = { app: 'web' };
  c.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      labels,
      annotations: { 'kubernetes.io/change-cause': 'first' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80 }],
              env: [
                { name: 'MODE', value: 'fast' },
                { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
                { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'PASS', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
              ],
              resources: {
                requests: { cpu: '100m', memory: '64Mi' },
                limits: { cpu: '200m', memory: '128Mi' },
              },
              readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
              volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html', readOnly: true }],
            },
          ],
          volumes: [{ name: 'html', configMap: { name: 'cfg' } }],
        },
      },
    },
  });
  c.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: { selector: labels, ports: [{ port: 80, targetPort: 80 }] },
  });
  c.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'np', namespace: 'default' },
    spec: {
      type: 'NodePort',
      selector: labels,
      ports: [
        { name: 'http', port: 8080, targetPort: 80 },
        { name: 'https', port: 8443, targetPort: 443 },
      ],
    },
  });
  c.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'multi', namespace: 'default' },
    spec: {
      containers: [
        { name: 'a', image: 'nginx:1.27' },
        { name: 'b', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello; sleep 3600'] },
      ],
    },
  });
  c.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'bad', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:nope' }] },
  });
  c.create('statefulsets.apps', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      serviceName: 'db',
      replicas: 2,
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: {
          containers: [
            { name: 'redis', image: 'redis:7', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  });
  c.create('daemonsets.apps', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
      },
    },
  });
  c.create('jobs.batch', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', namespace: 'default' },
    spec: {
      completions: 1,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'say', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }],
        },
      },
    },
  });
  c.create('cronjobs.batch', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [{ name: 'tick', image: 'busybox:1.36', command: ['date'] }],
            },
          },
        },
      },
    },
  });
  c.create('horizontalpodautoscalers.autoscaling', {
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
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    },
  });
  c.create('persistentvolumes', {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv1' },
    spec: {
      capacity: { storage: '5Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'manual',
      hostPath: { path: '/mnt/data' },
    },
  });
  c.create('persistentvolumeclaims', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'claim', namespace: 'default' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'manual',
      resources: { requests: { storage: '2Gi' } },
    },
  });
  c.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'user', namespace: 'default' },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'd', mountPath: '/d' }] }],
      volumes: [
        { name: 'd', persistentVolumeClaim: { claimName: 'claim' } },
        { name: 'e', emptyDir: {} },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
  });
  c.create('ingresses.networking.k8s.io', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      ingressClassName: 'nginx',
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
  c.create('networkpolicies.networking.k8s.io', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web-in', namespace: 'default' },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { role: 'fe' } } },
            { namespaceSelector: { matchLabels: { team: 'a' } } },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
          ],
          ports: [{ protocol: 'TCP', port: 80 }],
        },
        {},
      ],
      egress: [{ to: [{ podSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }] }],
    },
  });
  c.create('networkpolicies.networking.k8s.io', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny', namespace: 'default' },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  c.create('roles.rbac.authorization.k8s.io', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: 'default' },
    rules: [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get'] },
    ],
  });
  c.create('rolebindings.rbac.authorization.k8s.io', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'read', namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [
      { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
    ],
  });
  c.create('clusterroles.rbac.authorization.k8s.io', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'monitor', labels: { team: 'ops' } },
    rules: [
      { nonResourceURLs: ['/metrics', '/healthz'], verbs: ['get'] },
      { apiGroups: ['', 'apps'], resources: ['pods', 'deployments/scale'], verbs: ['watch', 'list', 'get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
    ],
  });
  c.create('clusterrolebindings.rbac.authorization.k8s.io', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'monitor' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'monitor' },
    subjects: [{ kind: 'Group', name: 'ops', apiGroup: 'rbac.authorization.k8s.io' }],
  });
  for (let i = 0; i < 600; i++) clock.advance(1000);
}

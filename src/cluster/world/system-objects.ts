/**
 * The objects a kubeadm-built cluster shows in `kube-system` and `default`, as data: the four
 * control-plane static pods, CoreDNS (Deployment, ConfigMap, the `kube-dns` Service), kube-proxy
 * (DaemonSet and, when no DaemonSet controller runs, its pods), and the `kubernetes` Service.
 */
import type { KubeObject } from '../types.js';
import { fnv32a } from '../machinery/random.js';
import { KUBE_VERSION } from './topologies.js';

export const SYSTEM_NAMESPACE = 'kube-system';
/** The cluster DNS Service address (kubelet `clusterDNS`). */
export const CLUSTER_DNS_IP = '10.96.0.10';
/** The `kubernetes` Service address (first address of the Service range). */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const CLUSTER_DOMAIN = 'cluster.local';
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.16-0';

/** Images of the system components; the simulated kubelet's catalogue does not run them (system-pods.ts does). */
export const SYSTEM_REPOSITORIES = [
  'registry.k8s.io/kube-apiserver',
  'registry.k8s.io/kube-controller-manager',
  'registry.k8s.io/kube-scheduler',
  'registry.k8s.io/kube-proxy',
  'registry.k8s.io/etcd',
  'registry.k8s.io/coredns/coredns',
];

/** Whether `image` is one of the system component images. */
export function isSystemImage(image: string): boolean {
  const repo = image.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
  return SYSTEM_REPOSITORIES.includes(repo);
}

/** CPU (millicores) and memory (MiB) each system component uses, for the metrics API. */
export const SYSTEM_USAGE: Readonly<Record<string, { cpu: number; memory: number }>> = {
  'kube-apiserver': { cpu: 48, memory: 260 },
  'kube-controller-manager': { cpu: 14, memory: 52 },
  'kube-scheduler': { cpu: 4, memory: 24 },
  etcd: { cpu: 22, memory: 44 },
  coredns: { cpu: 2, memory: 14 },
  'kube-proxy': { cpu: 1, memory: 18 },
};

const ts = (n: number): string => n.toString(16).padStart(8, '0');

/** The config hash kubelets stamp on static pods (stable per component and node). */
function configHash(component: string, node: string): string {
  return (
    ts(fnv32a(`${component}/${node}`)) +
    ts(fnv32a(`${node}/${component}`)) +
    ts(fnv32a(component)) +
    ts(fnv32a(node))
  );
}

interface StaticComponent {
  component: string;
  image: string;
  command: string[];
  cpu: string;
  memory?: string;
  probePort: number;
  probeScheme: 'HTTPS' | 'HTTP';
  probePath: string;
}

function components(cpIP: string): StaticComponent[] {
  return [
    {
      component: 'etcd',
      image: ETCD_IMAGE,
      command: [
        'etcd',
        `--advertise-client-urls=https://${cpIP}:2379`,
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        `--listen-client-urls=https://127.0.0.1:2379,https://${cpIP}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        '--snapshot-count=10000',
      ],
      cpu: '100m',
      memory: '100Mi',
      probePort: 2381,
      probeScheme: 'HTTP',
      probePath: '/livez',
    },
    {
      component: 'kube-apiserver',
      image: `registry.k8s.io/kube-apiserver:${KUBE_VERSION}`,
      command: [
        'kube-apiserver',
        `--advertise-address=${cpIP}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--enable-admission-plugins=NodeRestriction',
        '--etcd-servers=https://127.0.0.1:2379',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-cluster-ip-range=10.96.0.0/12',
      ],
      cpu: '250m',
      probePort: 6443,
      probeScheme: 'HTTPS',
      probePath: '/livez',
    },
    {
      component: 'kube-controller-manager',
      image: `registry.k8s.io/kube-controller-manager:${KUBE_VERSION}`,
      command: [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=cadet',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--use-service-account-credentials=true',
      ],
      cpu: '200m',
      probePort: 10257,
      probeScheme: 'HTTPS',
      probePath: '/healthz',
    },
    {
      component: 'kube-scheduler',
      image: `registry.k8s.io/kube-scheduler:${KUBE_VERSION}`,
      command: [
        'kube-scheduler',
        '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1',
        '--kubeconfig=/etc/kubernetes/scheduler.conf',
        '--leader-elect=true',
      ],
      cpu: '100m',
      probePort: 10259,
      probeScheme: 'HTTPS',
      probePath: '/livez',
    },
  ];
}

/** The control-plane static pods of a control-plane node (mirror pods, owned by the Node). */
export function staticPods(node: KubeObject, cpIP: string, seenAt: string): KubeObject[] {
  const nodeName = node.metadata.name ?? '';
  return components(cpIP).map((c) => {
    const hash = configHash(c.component, nodeName);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${c.component}-${nodeName}`,
        namespace: SYSTEM_NAMESPACE,
        labels: { component: c.component, tier: 'control-plane' },
        annotations: {
          ...(c.component === 'kube-apiserver'
            ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${cpIP}:6443` }
            : {}),
          ...(c.component === 'etcd'
            ? { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${cpIP}:2379` }
            : {}),
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': seenAt.replace('Z', '.000000000Z'),
          'kubernetes.io/config.source': 'file',
        },
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid ?? '', controller: true },
        ],
      },
      spec: {
        nodeName,
        hostNetwork: true,
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        schedulerName: 'default-scheduler',
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        terminationGracePeriodSeconds: 30,
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
        containers: [
          {
            name: c.component,
            image: c.image,
            imagePullPolicy: 'IfNotPresent',
            command: c.command,
            resources: { requests: { cpu: c.cpu, ...(c.memory ? { memory: c.memory } : {}) } },
            livenessProbe: {
              httpGet: {
                host: c.component === 'etcd' ? '127.0.0.1' : cpIP,
                path: c.probePath,
                port: c.probePort,
                scheme: c.probeScheme,
              },
              initialDelaySeconds: 10,
              periodSeconds: 10,
              timeoutSeconds: 15,
              failureThreshold: 8,
              successThreshold: 1,
            },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
      },
    };
  });
}

/** The CoreDNS configuration (the Corefile kubeadm installs). */
export function corednsConfigMap(): KubeObject {
  const corefile = [
    '.:53 {',
    '    errors',
    '    health {',
    '       lameduck 5s',
    '    }',
    '    ready',
    `    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {`,
    '       pods insecure',
    '       fallthrough in-addr.arpa ip6.arpa',
    '       ttl 30',
    '    }',
    '    prometheus :9153',
    '    forward . /etc/resolv.conf {',
    '       max_concurrent 1000',
    '    }',
    '    cache 30',
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    '',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: SYSTEM_NAMESPACE },
    data: { Corefile: corefile },
  };
}

/** The CoreDNS Deployment (two replicas, spread over hosts, allowed on the control plane). */
export function corednsDeployment(): KubeObject {
  const labels = { 'k8s-app': 'kube-dns' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: SYSTEM_NAMESPACE, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          dnsPolicy: 'Default',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: {
                      matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }],
                    },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
          containers: [
            {
              name: 'coredns',
              image: COREDNS_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
              ],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              livenessProbe: {
                httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
                initialDelaySeconds: 60,
                timeoutSeconds: 5,
                failureThreshold: 5,
              },
              readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            },
          ],
          volumes: [
            {
              name: 'config-volume',
              configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] },
            },
          ],
        },
      },
    },
  };
}

/** The `kube-dns` Service in front of CoreDNS. */
export function kubeDnsService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: SYSTEM_NAMESPACE,
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: CLUSTER_DNS_IP,
      clusterIPs: [CLUSTER_DNS_IP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  };
}

/** The `default/kubernetes` Service (no selector: the API server keeps its endpoints). */
export function kubernetesService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  };
}

/** The API server's Endpoints and EndpointSlice for the `kubernetes` Service. */
export function kubernetesEndpoints(cpIPs: string[]): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets: [
        { addresses: cpIPs.map((ip) => ({ ip })), ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
      ],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: cpIPs.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    },
  ];
}

/** The kube-proxy pod template (shared by the DaemonSet and directly created pods). */
function kubeProxyTemplate(): KubeObject['spec'] {
  return {
    metadata: { labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'kube-proxy',
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'kube-proxy',
          image: `registry.k8s.io/kube-proxy:${KUBE_VERSION}`,
          imagePullPolicy: 'IfNotPresent',
          command: [
            '/usr/local/bin/kube-proxy',
            '--config=/var/lib/kube-proxy/config.conf',
            '--hostname-override=$(NODE_NAME)',
          ],
          env: [
            { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
          ],
          securityContext: { privileged: true },
        },
      ],
    },
  };
}

/** The kube-proxy DaemonSet. */
export function kubeProxyDaemonSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: SYSTEM_NAMESPACE, labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: kubeProxyTemplate(),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
    },
  };
}

/**
 * A kube-proxy pod for one node, as the DaemonSet controller would create it (used only when no
 * DaemonSet controller runs).
 */
export function kubeProxyPod(ds: KubeObject, nodeName: string): KubeObject {
  const t = kubeProxyTemplate();
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'kube-proxy-',
      namespace: SYSTEM_NAMESPACE,
      labels: {
        ...t.metadata.labels,
        'controller-revision-hash': ts(fnv32a('kube-proxy')).slice(0, 8),
        'pod-template-generation': '1',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: ds.metadata.name ?? '',
          uid: ds.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      ...t.spec,
      nodeName,
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] },
            ],
          },
        },
      },
    },
  };
}

/** ServiceAccounts the system components run as. */
export function systemServiceAccounts(): KubeObject[] {
  return ['coredns', 'kube-proxy'].map((name) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: SYSTEM_NAMESPACE },
  }));
}

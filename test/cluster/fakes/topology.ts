/** Node and pod fixtures for scheduler and kubelet tests. */
import type { KubeObject } from '../../../src/cluster/types.js';

export function node(
  name: string,
  zone: string,
  opts: {
    cpu?: string;
    memory?: string;
    pods?: string;
    controlPlane?: boolean;
    ready?: 'True' | 'False' | 'Unknown';
    unschedulable?: boolean;
    podCIDR?: string;
    ip?: string;
  } = {},
): KubeObject {
  const alloc = { cpu: opts.cpu ?? '2', memory: opts.memory ?? '4Gi', pods: opts.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `node-${name}`,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/zone': zone,
        ...(opts.controlPlane
          ? { 'node-role.kubernetes.io/control-plane': '' }
          : { 'cadet.dev/pool': 'workers' }),
      },
    },
    spec: {
      ...(opts.podCIDR ? { podCIDR: opts.podCIDR } : {}),
      ...(opts.controlPlane
        ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
        : {}),
      ...(opts.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity: alloc,
      allocatable: alloc,
      conditions: [{ type: 'Ready', status: opts.ready ?? 'True' }],
      addresses: [{ type: 'InternalIP', address: opts.ip ?? '172.18.0.2' }],
    },
  };
}

/** The default topology: a control plane and three workers in three zones. */
export function defaultNodes(): KubeObject[] {
  return [
    node('control-plane', 'zone-a', { controlPlane: true, podCIDR: '10.244.0.0/24', ip: '172.18.0.2' }),
    node('worker-1', 'zone-a', { podCIDR: '10.244.1.0/24', ip: '172.18.0.3' }),
    node('worker-2', 'zone-b', { podCIDR: '10.244.2.0/24', ip: '172.18.0.4' }),
    node('worker-3', 'zone-c', { podCIDR: '10.244.3.0/24', ip: '172.18.0.5' }),
  ];
}

let n = 0;
export function pod(
  name: string,
  spec: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `pod-${name}-${++n}`, labels: { app: 'web' }, ...meta },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
    status: { phase: 'Pending' },
  };
}

export function withRequests(cpu: string, memory?: string): Record<string, unknown> {
  return {
    containers: [
      { name: 'web', image: 'nginx:1.27', resources: { requests: { cpu, ...(memory ? { memory } : {}) } } },
    ],
  };
}

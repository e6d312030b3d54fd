/**
 * Cluster topologies as data: which nodes exist, their roles, zones, pools and sizes. A topology
 * becomes Node objects with `nodeObject`; `bootstrap.ts` registers them and the system objects.
 */
import type { KubeObject } from '../types.js';
import { fnv32a } from '../machinery/random.js';

/** The Kubernetes version every simulated kubelet reports. */
export const KUBE_VERSION = 'v1.32.2';
/** The container runtime every simulated node reports. */
export const CONTAINER_RUNTIME = 'containerd://1.7.24';

/** One node of a topology. */
export interface NodeSpec {
  name: string;
  role: 'control-plane' | 'worker';
  zone: string;
  /** The node pool (`cadet.dev/pool`). */
  pool: string;
  /** InternalIP. */
  ip: string;
  /** `spec.podCIDR`. */
  podCIDR: string;
  /** Capacity; allocatable is derived the way the kubelet reserves (see `allocatable`). */
  cpu: string;
  /** Capacity in Ki, as the kubelet reports it. */
  memoryKi: number;
  pods?: number;
  /** Extra labels (e.g. `disktype=ssd`). */
  labels?: Record<string, string>;
}

/** A named topology. */
export interface Topology {
  name: string;
  region: string;
  nodes: NodeSpec[];
}

/** The pool label. */
export const POOL_LABEL = 'cadet.dev/pool';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const REGION_LABEL = 'topology.kubernetes.io/region';
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** About 8 GiB as a kubelet reports it (a little under 8 * 1024 * 1024 Ki). */
const MEM_8G_KI = 8_148_176;
/** About 4 GiB. */
const MEM_4G_KI = 4_025_880;

const node = (
  name: string,
  role: NodeSpec['role'],
  zone: string,
  index: number,
  extra: Partial<NodeSpec> = {},
): NodeSpec => ({
  name,
  role,
  zone,
  pool: role === 'control-plane' ? 'control-plane' : 'general',
  ip: `10.0.1.${role === 'control-plane' ? 10 + index : 20 + index}`,
  podCIDR: `10.244.${index}.0/24`,
  cpu: '2',
  memoryKi: MEM_8G_KI,
  ...extra,
});

/** The built-in topologies. */
export const TOPOLOGIES: Readonly<Record<string, Topology>> = {
  /** One control-plane node and three workers in three zones. */
  default: {
    name: 'default',
    region: 'region-1',
    nodes: [
      node('cp-1', 'control-plane', 'zone-a', 0),
      node('worker-1', 'worker', 'zone-a', 1),
      node('worker-2', 'worker', 'zone-b', 2),
      node('worker-3', 'worker', 'zone-c', 3),
    ],
  },
  /** One node that is both control plane and worker (no NoSchedule taint), like a laptop cluster. */
  'single-node': {
    name: 'single-node',
    region: 'region-1',
    nodes: [
      node('cp-1', 'control-plane', 'zone-a', 0, { cpu: '4', memoryKi: MEM_8G_KI * 2, pool: 'general' }),
    ],
  },
  /** A control plane and two workers per zone in two zones: zone outages leave half the workers. */
  'two-zones': {
    name: 'two-zones',
    region: 'region-1',
    nodes: [
      node('cp-1', 'control-plane', 'zone-a', 0),
      node('worker-a1', 'worker', 'zone-a', 1, { memoryKi: MEM_4G_KI }),
      node('worker-a2', 'worker', 'zone-a', 2, { memoryKi: MEM_4G_KI }),
      node('worker-b1', 'worker', 'zone-b', 3, { memoryKi: MEM_4G_KI }),
      node('worker-b2', 'worker', 'zone-b', 4, { memoryKi: MEM_4G_KI }),
    ],
  },
};

/** A topology by name, or the given topology itself. Throws on an unknown name. */
export function resolveTopology(topology: string | Topology): Topology {
  if (typeof topology !== 'string') return topology;
  const t = TOPOLOGIES[topology];
  if (!t) throw new Error(`unknown topology "${topology}" (known: ${Object.keys(TOPOLOGIES).join(', ')})`);
  return t;
}

/** Whether the control-plane node of a topology keeps its NoSchedule taint (not on single-node clusters). */
export function isTaintedControlPlane(topology: Topology, spec: NodeSpec): boolean {
  return spec.role === 'control-plane' && topology.nodes.some((n) => n.role === 'worker');
}

/** The kubelet's defaults: 100Mi hard eviction threshold, nothing else reserved. */
function allocatableMemoryKi(capacityKi: number): number {
  return capacityKi - 100 * 1024;
}

/** A hex id of `bytes` bytes from a name (machine ids, boot ids). */
function hexId(seed: string, chars: number): string {
  let out = '';
  for (let i = 0; out.length < chars; i++) out += fnv32a(`${seed}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, chars);
}

function uuidFrom(seed: string): string {
  const h = hexId(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The four node conditions a healthy kubelet posts. */
export function healthyConditions(ts: string): Record<string, string>[] {
  const c = (type: string, status: string, reason: string, message: string): Record<string, string> => ({
    type,
    status,
    lastHeartbeatTime: ts,
    lastTransitionTime: ts,
    reason,
    message,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** The Node object a kubelet registers for `spec` (status included, as kubelets register). */
export function nodeObject(topology: Topology, spec: NodeSpec, ts: string): KubeObject {
  const cp = spec.role === 'control-plane';
  const capacity = {
    cpu: spec.cpu,
    'ephemeral-storage': '101430960Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${spec.memoryKi}Ki`,
    pods: String(spec.pods ?? 110),
  };
  const allocatable = {
    ...capacity,
    'ephemeral-storage': '93478772582',
    memory: `${allocatableMemoryKi(spec.memoryKi)}Ki`,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        [POOL_LABEL]: spec.pool,
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        ...(cp
          ? { [CONTROL_PLANE_LABEL]: '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' }
          : {}),
        [REGION_LABEL]: topology.region,
        [ZONE_LABEL]: spec.zone,
        ...spec.labels,
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: spec.podCIDR,
      podCIDRs: [spec.podCIDR],
      ...(isTaintedControlPlane(topology, spec)
        ? { taints: [{ key: CONTROL_PLANE_LABEL, effect: 'NoSchedule' }] }
        : {}),
    },
    status: {
      capacity,
      allocatable,
      conditions: healthyConditions(ts),
      addresses: [
        { type: 'InternalIP', address: spec.ip },
        { type: 'Hostname', address: spec.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hexId(`machine/${spec.name}`, 32),
        systemUUID: uuidFrom(`system/${spec.name}`),
        bootID: uuidFrom(`boot/${spec.name}`),
        kernelVersion: '6.8.0-51-generic',
        osImage: 'Ubuntu 24.04.1 LTS',
        containerRuntimeVersion: CONTAINER_RUNTIME,
        kubeletVersion: KUBE_VERSION,
        kubeProxyVersion: KUBE_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/**
 * ResourceQuota usage: what an object adds to each quota resource name (`pods`, `requests.cpu`,
 * `limits.memory`, `services.nodeports`, `requests.storage`, `count/deployments.apps`, ...), and
 * the usage of a namespace's objects. Shared by the quota controller and quota admission.
 */
import type { KubeObject } from '../types.js';
import {
  type Quantity,
  addQuantity,
  compareQuantity,
  formatQuantity,
  parseQuantity,
  tryParseQuantity,
  zeroQuantity,
} from '../machinery/quantity.js';

/** Resources counted by their short quota names (besides `count/<resource>`). */
export const COUNTED: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

/** The resources whose objects a quota may count. */
export const QUOTA_RESOURCES = [
  'pods',
  'services',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
  'replicationcontrollers',
  'resourcequotas',
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'cronjobs.batch',
] as const;

type Usage = Map<string, Quantity>;

function add(usage: Usage, name: string, q: Quantity): void {
  const prev = usage.get(name);
  usage.set(name, prev ? addQuantity(prev, q) : q);
}

interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** A pod's effective requests or limits: the sum over containers, at least each init container's. */
function podResources(pod: KubeObject, kind: 'requests' | 'limits'): Usage {
  const sum: Usage = new Map();
  for (const c of (pod.spec?.containers ?? []) as Container[])
    for (const [name, v] of Object.entries(c.resources?.[kind] ?? {})) {
      const q = tryParseQuantity(v);
      if (q) add(sum, name, q);
    }
  for (const c of (pod.spec?.initContainers ?? []) as Container[])
    for (const [name, v] of Object.entries(c.resources?.[kind] ?? {})) {
      const q = tryParseQuantity(v);
      const cur = sum.get(name);
      if (q && (!cur || compareQuantity(q, cur) > 0)) sum.set(name, q);
    }
  return sum;
}

/** True when a pod no longer uses quota (finished). */
export function podReleasesQuota(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** What one object of `resource` adds to each quota resource name. */
export function usageOf(resource: string, o: KubeObject): Usage {
  const usage: Usage = new Map();
  const one = parseQuantity('1');
  add(usage, `count/${resource}`, one);
  const short = COUNTED[resource];
  if (resource === 'pods') {
    if (podReleasesQuota(o)) return new Map();
    add(usage, 'pods', one);
    for (const [name, q] of podResources(o, 'requests')) {
      add(usage, `requests.${name}`, q);
      if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') add(usage, name, q);
    }
    for (const [name, q] of podResources(o, 'limits')) add(usage, `limits.${name}`, q);
    return usage;
  }
  if (short) add(usage, short, one);
  if (resource === 'services') {
    const type = o.spec?.type ?? 'ClusterIP';
    if (type === 'NodePort' || type === 'LoadBalancer') {
      const ports = ((o.spec?.ports ?? []) as unknown[]).length;
      add(usage, 'services.nodeports', parseQuantity(String(ports)));
    }
    if (type === 'LoadBalancer') add(usage, 'services.loadbalancers', one);
  }
  if (resource === 'persistentvolumeclaims') {
    const q = tryParseQuantity(o.spec?.resources?.requests?.storage);
    if (q) {
      add(usage, 'requests.storage', q);
      const cls = o.spec?.storageClassName as string | undefined;
      if (cls) add(usage, `${cls}.storageclass.storage.k8s.io/requests.storage`, q);
    }
    const cls = o.spec?.storageClassName as string | undefined;
    if (cls) add(usage, `${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, one);
  }
  return usage;
}

/** Usage of the names in `hard` by `objects` (resource name to objects of the quota's namespace). */
export function namespaceUsage(
  hard: Record<string, string>,
  objects: Record<string, readonly KubeObject[]>,
): Record<string, string> {
  const total: Usage = new Map();
  for (const [resource, items] of Object.entries(objects))
    for (const o of items) for (const [name, q] of usageOf(resource, o)) add(total, name, q);
  const used: Record<string, string> = {};
  for (const name of Object.keys(hard)) {
    const q = total.get(name) ?? zeroQuantity(parseQuantity(hard[name]!).format);
    used[name] = formatQuantity(q);
  }
  return used;
}

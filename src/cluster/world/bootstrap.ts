/**
 * Builds a topology's cluster through the API: namespaces, Nodes (registered with status, as
 * kubelets register), default ServiceAccounts, the `kubernetes` Service and its endpoints, the
 * default StorageClass, the control-plane static pods, CoreDNS with the `kube-dns` Service, and kube-proxy.
 * Objects that already exist are left alone, so bootstrapping twice changes nothing.
 */
import { ApiError, type ClusterClient, type KubeObject } from '../types.js';
import { toTimestamp } from '../controllers/time.js';
import { defaultStorageClass } from '../controllers/storage.js';
import { nodeObject, type Topology } from './topologies.js';
import {
  SYSTEM_NAMESPACE,
  corednsConfigMap,
  corednsDeployment,
  kubeDnsService,
  kubeProxyDaemonSet,
  kubeProxyPod,
  kubernetesEndpoints,
  kubernetesService,
  staticPods,
  systemServiceAccounts,
} from './system-objects.js';

/** Namespaces a kubeadm cluster starts with. */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Options of `bootstrap`. */
export interface BootstrapOptions {
  /** Create kube-proxy pods directly (when no DaemonSet controller runs). */
  kubeProxyPods?: boolean;
}

/** What `bootstrap` created (names), for tests and UIs. */
export interface BootstrapResult {
  nodes: string[];
  created: number;
}

/** Creates an object unless one of that name exists; returns the stored object. */
function ensure(
  client: ClusterClient,
  resource: string,
  object: KubeObject,
  count: { n: number },
): KubeObject {
  // read only (a restored cluster has them all): the store's own object, not a copy
  const existing = client.get(resource, object.metadata.namespace ?? '', object.metadata.name ?? '', {
    shared: true,
  });
  if (existing) return existing;
  try {
    const created = client.create(resource, object);
    count.n++;
    return created;
  } catch (e) {
    if (e instanceof ApiError && e.code === 409)
      return client.get(resource, object.metadata.namespace ?? '', object.metadata.name ?? '')!;
    throw e;
  }
}

/** Registers the topology's nodes and creates the system objects. */
export function bootstrap(
  client: ClusterClient,
  topology: Topology,
  now: number,
  options: BootstrapOptions = {},
): BootstrapResult {
  const count = { n: 0 };
  const ts = toTimestamp(now);
  for (const name of SYSTEM_NAMESPACES)
    ensure(client, 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, count);
  for (const name of SYSTEM_NAMESPACES)
    ensure(
      client,
      'serviceaccounts',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } },
      count,
    );
  for (const sa of systemServiceAccounts()) ensure(client, 'serviceaccounts', sa, count);
  // The default StorageClass a kind or minikube cluster has, so claims without a class bind.
  ensure(client, 'storageclasses', defaultStorageClass(), count);

  const nodes = topology.nodes.map((spec) => ({
    spec,
    node: ensure(client, 'nodes', nodeObject(topology, spec, ts), count),
  }));
  const controlPlanes = nodes.filter((n) => n.spec.role === 'control-plane');

  ensure(client, 'services', kubernetesService(), count);
  const [endpoints, slice] = kubernetesEndpoints(controlPlanes.map((n) => n.spec.ip));
  ensure(client, 'endpoints', endpoints!, count);
  ensure(client, 'endpointslices.discovery.k8s.io', slice!, count);

  for (const cp of controlPlanes)
    for (const pod of staticPods(cp.node, cp.spec.ip, ts)) ensure(client, 'pods', pod, count);

  ensure(client, 'configmaps', corednsConfigMap(), count);
  ensure(client, 'services', kubeDnsService(), count);
  ensure(client, 'deployments.apps', corednsDeployment(), count);

  const ds = ensure(client, 'daemonsets.apps', kubeProxyDaemonSet(), count);
  if (options.kubeProxyPods) {
    const existing = client
      .list('pods', { namespace: SYSTEM_NAMESPACE, labelSelector: 'k8s-app=kube-proxy' })
      .items.map((p) => p.spec?.nodeName);
    for (const { spec } of nodes) {
      if (existing.includes(spec.name)) continue;
      client.create('pods', kubeProxyPod(ds, spec.name));
      count.n++;
    }
  }
  return { nodes: nodes.map((n) => n.spec.name), created: count.n };
}

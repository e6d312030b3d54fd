/**
 * The kinds the cluster validates, as data. The schema generator (scripts/gen-schemas.ts) reads
 * this table to know which type declarations to turn into JSON Schemas; the validator reads it to
 * know how each kind names its objects and whether it lives in a namespace.
 */

/** A group, version and kind. `group` is '' for the core group. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * How the API server checks `metadata.name` of a kind:
 * `subdomain` (RFC 1123 subdomain, 253 chars), `label` (RFC 1123 label, 63 chars),
 * `dns1035` (RFC 1035 label, 63 chars, starts with a letter), `path` (any path segment name),
 * `none` (the kind is only ever posted to a subresource and has no name rules of its own).
 */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path' | 'none';

/** One kind the cluster knows, and where its type declaration comes from. */
export interface KindInfo extends GroupVersionKind {
  /** Module path of the declaration inside the `kubernetes-models` package. */
  module: string;
  /** Schema definition name, in Kubernetes' OpenAPI style (`io.k8s.api.apps.v1.Deployment`). */
  definition: string;
  namespaced: boolean;
  nameRule: NameRule;
}

function k(
  group: string,
  version: string,
  kind: string,
  module: string,
  definition: string,
  namespaced: boolean,
  nameRule: NameRule,
): KindInfo {
  return { group, version, kind, module, definition, namespaced, nameRule };
}

/** Every kind with a schema, in the order of issue 3's list. */
export const KINDS: readonly KindInfo[] = [
  k('', 'v1', 'Pod', 'v1/Pod', 'io.k8s.api.core.v1.Pod', true, 'subdomain'),
  k('', 'v1', 'Service', 'v1/Service', 'io.k8s.api.core.v1.Service', true, 'dns1035'),
  k('', 'v1', 'Endpoints', 'v1/Endpoints', 'io.k8s.api.core.v1.Endpoints', true, 'subdomain'),
  k('', 'v1', 'Namespace', 'v1/Namespace', 'io.k8s.api.core.v1.Namespace', false, 'label'),
  k('', 'v1', 'Node', 'v1/Node', 'io.k8s.api.core.v1.Node', false, 'subdomain'),
  k('', 'v1', 'ConfigMap', 'v1/ConfigMap', 'io.k8s.api.core.v1.ConfigMap', true, 'subdomain'),
  k('', 'v1', 'Secret', 'v1/Secret', 'io.k8s.api.core.v1.Secret', true, 'subdomain'),
  k('', 'v1', 'ServiceAccount', 'v1/ServiceAccount', 'io.k8s.api.core.v1.ServiceAccount', true, 'subdomain'),
  k('', 'v1', 'Event', 'v1/Event', 'io.k8s.api.core.v1.Event', true, 'subdomain'),
  k(
    '',
    'v1',
    'PersistentVolume',
    'v1/PersistentVolume',
    'io.k8s.api.core.v1.PersistentVolume',
    false,
    'path',
  ),
  k(
    '',
    'v1',
    'PersistentVolumeClaim',
    'v1/PersistentVolumeClaim',
    'io.k8s.api.core.v1.PersistentVolumeClaim',
    true,
    'path',
  ),
  k('', 'v1', 'ResourceQuota', 'v1/ResourceQuota', 'io.k8s.api.core.v1.ResourceQuota', true, 'subdomain'),
  k('', 'v1', 'LimitRange', 'v1/LimitRange', 'io.k8s.api.core.v1.LimitRange', true, 'subdomain'),
  k(
    '',
    'v1',
    'ReplicationController',
    'v1/ReplicationController',
    'io.k8s.api.core.v1.ReplicationController',
    true,
    'subdomain',
  ),
  k('', 'v1', 'Binding', 'v1/Binding', 'io.k8s.api.core.v1.Binding', true, 'none'),
  k('policy', 'v1', 'Eviction', 'policy/v1/Eviction', 'io.k8s.api.policy.v1.Eviction', true, 'none'),
  k('apps', 'v1', 'Deployment', 'apps/v1/Deployment', 'io.k8s.api.apps.v1.Deployment', true, 'subdomain'),
  k('apps', 'v1', 'ReplicaSet', 'apps/v1/ReplicaSet', 'io.k8s.api.apps.v1.ReplicaSet', true, 'subdomain'),
  k('apps', 'v1', 'StatefulSet', 'apps/v1/StatefulSet', 'io.k8s.api.apps.v1.StatefulSet', true, 'subdomain'),
  k('apps', 'v1', 'DaemonSet', 'apps/v1/DaemonSet', 'io.k8s.api.apps.v1.DaemonSet', true, 'subdomain'),
  k('autoscaling', 'v1', 'Scale', 'autoscaling/v1/Scale', 'io.k8s.api.autoscaling.v1.Scale', true, 'none'),
  k('batch', 'v1', 'Job', 'batch/v1/Job', 'io.k8s.api.batch.v1.Job', true, 'subdomain'),
  k('batch', 'v1', 'CronJob', 'batch/v1/CronJob', 'io.k8s.api.batch.v1.CronJob', true, 'subdomain'),
  k(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'autoscaling/v2/HorizontalPodAutoscaler',
    'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
    true,
    'subdomain',
  ),
  k(
    'discovery.k8s.io',
    'v1',
    'EndpointSlice',
    'discovery.k8s.io/v1/EndpointSlice',
    'io.k8s.api.discovery.v1.EndpointSlice',
    true,
    'subdomain',
  ),
  k(
    'coordination.k8s.io',
    'v1',
    'Lease',
    'coordination.k8s.io/v1/Lease',
    'io.k8s.api.coordination.v1.Lease',
    true,
    'subdomain',
  ),
  k(
    'networking.k8s.io',
    'v1',
    'NetworkPolicy',
    'networking.k8s.io/v1/NetworkPolicy',
    'io.k8s.api.networking.v1.NetworkPolicy',
    true,
    'subdomain',
  ),
  k(
    'networking.k8s.io',
    'v1',
    'Ingress',
    'networking.k8s.io/v1/Ingress',
    'io.k8s.api.networking.v1.Ingress',
    true,
    'subdomain',
  ),
  k(
    'storage.k8s.io',
    'v1',
    'StorageClass',
    'storage.k8s.io/v1/StorageClass',
    'io.k8s.api.storage.v1.StorageClass',
    false,
    'subdomain',
  ),
  k(
    'rbac.authorization.k8s.io',
    'v1',
    'Role',
    'rbac.authorization.k8s.io/v1/Role',
    'io.k8s.api.rbac.v1.Role',
    true,
    'path',
  ),
  k(
    'rbac.authorization.k8s.io',
    'v1',
    'RoleBinding',
    'rbac.authorization.k8s.io/v1/RoleBinding',
    'io.k8s.api.rbac.v1.RoleBinding',
    true,
    'path',
  ),
  k(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRole',
    'rbac.authorization.k8s.io/v1/ClusterRole',
    'io.k8s.api.rbac.v1.ClusterRole',
    false,
    'path',
  ),
  k(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRoleBinding',
    'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    'io.k8s.api.rbac.v1.ClusterRoleBinding',
    false,
    'path',
  ),
];

/** `apps/v1` for a group and version, `v1` for the core group. */
export function apiVersionOf(gvk: { group: string; version: string }): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

/** Splits an apiVersion (`apps/v1`, `v1`) into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The kind's entry, or undefined when the cluster has no schema for it. */
export function findKind(gvk: GroupVersionKind): KindInfo | undefined {
  return KINDS.find((x) => x.group === gvk.group && x.version === gvk.version && x.kind === gvk.kind);
}

/** `Deployment.apps`, or `Pod` for the core group: how the API server names a kind in messages. */
export function qualifiedKind(gvk: { group: string; kind: string }): string {
  return gvk.group ? `${gvk.kind}.${gvk.group}` : gvk.kind;
}

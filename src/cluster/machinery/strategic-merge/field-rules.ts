/**
 * How each field of the built-in kinds merges, as data: the facts Kubernetes 1.32 keeps in its
 * Go struct tags (`patchStrategy`, `patchMergeKey`) and list markers (`listType`, `listMapKey`,
 * `structType`, `mapType`). The generated schemas lack them, so they are written down here, keyed
 * by the OpenAPI definition name of the struct that holds the field.
 *
 * A list that is not in this table is atomic: a strategic merge patch replaces it whole and
 * server-side apply owns it as one field.
 */

/** The merge behaviour of one field. */
export interface FieldRule {
  /**
   * `merge`: a list merges item by item (by `key`, or by value for primitive lists).
   * `retainKeys`: a struct keeps only the fields a patch names (`$retainKeys`); with `merge`, both.
   */
  strategy: 'merge' | 'retainKeys' | 'merge,retainKeys';
  /** Merge key of a list of objects (strategic merge patch). */
  key?: string;
  /**
   * Keys that identify an item for server-side apply (`listMapKey`), when they differ from `key`
   * (container ports are merged by `containerPort` but identified by port and protocol).
   */
  mapKeys?: string[];
  /** Values a missing key field takes (protocol defaults to TCP before items are matched). */
  keyDefaults?: Record<string, string | number>;
  /** Server-side apply treats the list as atomic although the patch strategy merges it. */
  applyAtomic?: boolean;
}

const byName: FieldRule = { strategy: 'merge', key: 'name' };
const byType: FieldRule = { strategy: 'merge', key: 'type' };
const byIp: FieldRule = { strategy: 'merge', key: 'ip' };
const primitiveSet: FieldRule = { strategy: 'merge' };

const CORE = 'io.k8s.api.core.v1.';
const APPS = 'io.k8s.api.apps.v1.';

const containerLists: Record<string, FieldRule> = {
  ports: {
    strategy: 'merge',
    key: 'containerPort',
    mapKeys: ['containerPort', 'protocol'],
    keyDefaults: { protocol: 'TCP' },
  },
  env: byName,
  volumeMounts: { strategy: 'merge', key: 'mountPath' },
  volumeDevices: { strategy: 'merge', key: 'devicePath' },
};

const conditions: Record<string, FieldRule> = { conditions: byType };

/** Field rules by definition name, then field name. */
export const FIELD_RULES: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: primitiveSet,
    ownerReferences: { strategy: 'merge', key: 'uid' },
  },
  [`${CORE}PodSpec`]: {
    volumes: { strategy: 'merge,retainKeys', key: 'name' },
    initContainers: byName,
    containers: byName,
    ephemeralContainers: byName,
    imagePullSecrets: byName,
    hostAliases: byIp,
    topologySpreadConstraints: {
      strategy: 'merge',
      key: 'topologyKey',
      mapKeys: ['topologyKey', 'whenUnsatisfiable'],
    },
    schedulingGates: byName,
    resourceClaims: { strategy: 'merge,retainKeys', key: 'name' },
  },
  [`${CORE}Container`]: containerLists,
  [`${CORE}EphemeralContainer`]: containerLists,
  [`${CORE}PodStatus`]: {
    conditions: byType,
    podIPs: byIp,
    hostIPs: { ...byIp, applyAtomic: true },
    resourceClaimStatuses: byName,
  },
  [`${CORE}ServiceSpec`]: {
    ports: {
      strategy: 'merge',
      key: 'port',
      mapKeys: ['port', 'protocol'],
      keyDefaults: { protocol: 'TCP' },
    },
  },
  [`${CORE}ServiceStatus`]: conditions,
  [`${CORE}ServiceAccount`]: { secrets: byName },
  [`${CORE}NodeSpec`]: { podCIDRs: primitiveSet },
  [`${CORE}NodeStatus`]: { conditions: byType, addresses: byType },
  [`${CORE}NamespaceStatus`]: conditions,
  [`${CORE}PersistentVolumeClaimStatus`]: conditions,
  [`${CORE}ReplicationControllerStatus`]: conditions,
  [`${APPS}DeploymentSpec`]: { strategy: { strategy: 'retainKeys' } },
  [`${APPS}DeploymentStatus`]: conditions,
  [`${APPS}ReplicaSetStatus`]: conditions,
  [`${APPS}StatefulSetStatus`]: conditions,
  [`${APPS}DaemonSetStatus`]: conditions,
  'io.k8s.api.batch.v1.JobStatus': { conditions: { ...byType, applyAtomic: true } },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': conditions,
};

/**
 * Structs that server-side apply owns as one field (`+structType=atomic`): applying one replaces
 * it, and a manager owns it whole (`f:selector: {}`).
 */
export const ATOMIC_STRUCTS: ReadonlySet<string> = new Set([
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  `${CORE}NodeSelector`,
  `${CORE}NodeSelectorTerm`,
  `${CORE}LocalObjectReference`,
  `${CORE}ObjectReference`,
  `${CORE}ConfigMapKeySelector`,
  `${CORE}SecretKeySelector`,
  `${CORE}ObjectFieldSelector`,
  `${CORE}ResourceFieldSelector`,
]);

/** String maps that server-side apply owns as one field (`+mapType=atomic`), by struct and field. */
export const ATOMIC_MAPS: Readonly<Record<string, readonly string[]>> = {
  [`${CORE}ServiceSpec`]: ['selector'],
  [`${CORE}ReplicationControllerSpec`]: ['selector'],
};

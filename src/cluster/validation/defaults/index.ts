/** Defaulting by kind: which defaulter runs for which group/version/kind. */
import type { Obj } from '../rules/meta';
import {
  defaultEndpoints,
  defaultEndpointSlice,
  defaultEvent,
  defaultHorizontalPodAutoscaler,
  defaultNamespace,
  defaultNetworkPolicy,
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  defaultRoleBinding,
  defaultSecret,
  defaultStorageClass,
} from './other';
import { defaultPod } from './pod';
import { defaultService } from './service';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultReplicaSet,
  defaultReplicationController,
  defaultStatefulSet,
} from './workloads';

/** Defaulters keyed by `group/version/Kind` (core as `/v1/Kind`). */
export const DEFAULTERS: Record<string, (obj: Obj) => void> = {
  '/v1/Pod': defaultPod,
  '/v1/Service': defaultService,
  '/v1/Namespace': defaultNamespace,
  '/v1/Secret': defaultSecret,
  '/v1/PersistentVolume': defaultPersistentVolume,
  '/v1/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/v1/ReplicationController': defaultReplicationController,
  '/v1/Endpoints': defaultEndpoints,
  '/v1/Event': defaultEvent,
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/ReplicaSet': defaultReplicaSet,
  'apps/v1/StatefulSet': defaultStatefulSet,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'batch/v1/Job': defaultJob,
  'batch/v1/CronJob': defaultCronJob,
  'autoscaling/v2/HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler,
  'discovery.k8s.io/v1/EndpointSlice': defaultEndpointSlice,
  'networking.k8s.io/v1/NetworkPolicy': defaultNetworkPolicy,
  'storage.k8s.io/v1/StorageClass': defaultStorageClass,
  'rbac.authorization.k8s.io/v1/RoleBinding': defaultRoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': defaultRoleBinding,
};

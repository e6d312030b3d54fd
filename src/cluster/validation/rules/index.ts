/** Which semantic rules run for which kind, on create and on update. */
import type { Cause } from '../field-errors';
import type { KindInfo } from '../kinds';
import { validateCronJob, validateJob, validateJobUpdate } from './batch';
import { validateObjectMeta, type Obj } from './meta';
import {
  validateConfigMap,
  validateDataUpdate,
  validateHorizontalPodAutoscaler,
  validateIngress,
  validateNetworkPolicy,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
  validateSecret,
} from './other-kinds';
import { validatePodSpec, validatePodUpdate } from './pod';
import { validateService, validateServiceUpdate } from './service';
import {
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateReplicationController,
  validateSelectorImmutable,
  validateStatefulSet,
  validateStatefulSetUpdate,
} from './workloads';
import { FieldPath, invalid } from '../field-errors';

type Rule = (obj: Obj) => Cause[];
type UpdateRule = (obj: Obj, old: Obj) => Cause[];

const CREATE: Record<string, Rule> = {
  Pod: (p) => validatePodSpec(p.spec, FieldPath.root('spec')),
  Scale: (s) =>
    typeof s.spec?.replicas === 'number' && s.spec.replicas < 0
      ? [
          invalid(
            FieldPath.root('spec').child('replicas'),
            s.spec.replicas,
            'must be greater than or equal to 0',
          ),
        ]
      : [],
  Service: validateService,
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
  PersistentVolumeClaim: validatePersistentVolumeClaim,
  ReplicationController: validateReplicationController,
  Deployment: validateDeployment,
  ReplicaSet: validateReplicaSet,
  StatefulSet: validateStatefulSet,
  DaemonSet: validateDaemonSet,
  Job: validateJob,
  CronJob: validateCronJob,
  HorizontalPodAutoscaler: validateHorizontalPodAutoscaler,
  Ingress: validateIngress,
  NetworkPolicy: validateNetworkPolicy,
  Role: validateRole,
  ClusterRole: validateRole,
  RoleBinding: validateRoleBinding,
  ClusterRoleBinding: validateRoleBinding,
};

const UPDATE: Record<string, UpdateRule> = {
  Pod: validatePodUpdate,
  Deployment: validateSelectorImmutable,
  ReplicaSet: validateSelectorImmutable,
  DaemonSet: validateSelectorImmutable,
  StatefulSet: validateStatefulSetUpdate,
  Job: validateJobUpdate,
  Service: validateServiceUpdate,
  ConfigMap: validateDataUpdate,
  Secret: validateDataUpdate,
  PersistentVolumeClaim: validatePersistentVolumeClaimUpdate,
  RoleBinding: validateRoleBindingUpdate,
  ClusterRoleBinding: validateRoleBindingUpdate,
};

/** The semantic causes for an object of `info`'s kind (`old` given on update). */
/** Whether `semanticCauses` reads the stored object for a write of `info` (to `subresource`). */
export function readsOldObject(info: KindInfo, subresource?: string): boolean {
  if (subresource === 'status' || (subresource === 'scale' && info.kind !== 'Scale')) return false;
  return UPDATE[info.kind] !== undefined;
}

export function semanticCauses(info: KindInfo, obj: Obj, old?: Obj, subresource?: string): Cause[] {
  // Status and scale writes only touch their own part; metadata and spec rules ran on create.
  if (subresource === 'status' || (subresource === 'scale' && info.kind !== 'Scale')) return [];
  const causes = validateObjectMeta(obj.metadata, info, {
    maxNameLength: info.kind === 'CronJob' ? 52 : undefined,
  });
  causes.push(...(CREATE[info.kind]?.(obj) ?? []));
  if (old) causes.push(...(UPDATE[info.kind]?.(obj, old) ?? []));
  return causes;
}

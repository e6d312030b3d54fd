/**
 * kubectl's describers: one per kind, each a function from the object (plus what it reads through
 * a `DescribeSource`) to the exact text real kubectl 1.32 prints. `describerFor(group, kind)` picks
 * one; kinds without their own get the generic describer.
 */
import type { KubeObject } from '../../cluster/types.js';
import { describeConfigMap, describeSecret, describeServiceAccount } from './config.js';
import { describeGeneric } from './generic.js';
import { describeHorizontalPodAutoscaler } from './hpa.js';
import { describeLimitRange, describeNamespace, describeResourceQuota } from './namespace.js';
import { describeEndpoints, describeIngress, describeService } from './network.js';
import { describeNetworkPolicy } from './network-policy.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { describeRole, describeRoleBinding } from './rbac.js';
import type { DescribeContext } from './source.js';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from './storage.js';
import {
  describeCronJob,
  describeDaemonSet,
  describeDeployment,
  describeJob,
  describeReplicaSet,
  describeStatefulSet,
} from './workloads.js';

export type { DescribeContext, DescribeSource, ListQuery } from './source.js';
export { tabbed, TabWriter } from './tabwriter.js';
export { rfc1123z } from './format.js';

/** A describer: the object in, kubectl's text out (ending with a newline). */
export type Describer = (obj: KubeObject, ctx: DescribeContext) => Promise<string>;

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePod,
  '/Service': describeService,
  '/Endpoints': describeEndpoints,
  '/Node': describeNode,
  '/Namespace': describeNamespace,
  '/ConfigMap': describeConfigMap,
  '/Secret': (o) => describeSecret(o),
  '/ServiceAccount': describeServiceAccount,
  '/PersistentVolumeClaim': describePersistentVolumeClaim,
  '/PersistentVolume': describePersistentVolume,
  '/ResourceQuota': (o) => describeResourceQuota(o),
  '/LimitRange': (o) => describeLimitRange(o),
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  'apps/StatefulSet': describeStatefulSet,
  'apps/DaemonSet': describeDaemonSet,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  'autoscaling/HorizontalPodAutoscaler': describeHorizontalPodAutoscaler,
  'networking.k8s.io/Ingress': describeIngress,
  'networking.k8s.io/NetworkPolicy': (o) => describeNetworkPolicy(o),
  'rbac.authorization.k8s.io/Role': (o) => describeRole(o),
  'rbac.authorization.k8s.io/ClusterRole': (o) => describeRole(o),
  'rbac.authorization.k8s.io/RoleBinding': (o) => describeRoleBinding(o),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (o) => describeRoleBinding(o),
  'storage.k8s.io/StorageClass': describeStorageClass,
};

/** The describer for a kind (`group` '' for the core group), or the generic one. */
export function describerFor(group: string, kind: string): Describer {
  return DESCRIBERS[`${group}/${kind}`] ?? describeGeneric;
}

/** Whether the kind has its own describer (not the generic one). */
export function hasDescriber(group: string, kind: string): boolean {
  return `${group}/${kind}` in DESCRIBERS;
}

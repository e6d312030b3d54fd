/** Which printer each served resource uses, by `resource.group` (a generic Name/Age table otherwise). */
import type { Printer } from './table.js';
import { POD_PRINTER } from './pod.js';
import {
  CONTROLLERREVISION_PRINTER,
  CRONJOB_PRINTER,
  DAEMONSET_PRINTER,
  DEPLOYMENT_PRINTER,
  HPA_PRINTER,
  JOB_PRINTER,
  REPLICASET_PRINTER,
  REPLICATIONCONTROLLER_PRINTER,
  STATEFULSET_PRINTER,
} from './workloads.js';
import {
  ENDPOINTS_PRINTER,
  ENDPOINTSLICE_PRINTER,
  INGRESS_PRINTER,
  NETWORKPOLICY_PRINTER,
  SERVICE_PRINTER,
} from './network.js';
import {
  BINDING_PRINTER,
  CONFIGMAP_PRINTER,
  CREATED_AT_PRINTER,
  EVENT_PRINTER,
  GENERIC_PRINTER,
  LEASE_PRINTER,
  NAMESPACE_PRINTER,
  NODE_PRINTER,
  PV_PRINTER,
  PVC_PRINTER,
  RESOURCEQUOTA_PRINTER,
  SECRET_PRINTER,
  SERVICEACCOUNT_PRINTER,
  STORAGECLASS_PRINTER,
} from './core-kinds.js';

const PRINTERS: Record<string, Printer> = {
  pods: POD_PRINTER,
  services: SERVICE_PRINTER,
  replicationcontrollers: REPLICATIONCONTROLLER_PRINTER,
  endpoints: ENDPOINTS_PRINTER,
  namespaces: NAMESPACE_PRINTER,
  nodes: NODE_PRINTER,
  configmaps: CONFIGMAP_PRINTER,
  secrets: SECRET_PRINTER,
  serviceaccounts: SERVICEACCOUNT_PRINTER,
  events: EVENT_PRINTER,
  persistentvolumes: PV_PRINTER,
  persistentvolumeclaims: PVC_PRINTER,
  resourcequotas: RESOURCEQUOTA_PRINTER,
  limitranges: CREATED_AT_PRINTER,
  'deployments.apps': DEPLOYMENT_PRINTER,
  'replicasets.apps': REPLICASET_PRINTER,
  'statefulsets.apps': STATEFULSET_PRINTER,
  'daemonsets.apps': DAEMONSET_PRINTER,
  'controllerrevisions.apps': CONTROLLERREVISION_PRINTER,
  'jobs.batch': JOB_PRINTER,
  'cronjobs.batch': CRONJOB_PRINTER,
  'horizontalpodautoscalers.autoscaling': HPA_PRINTER,
  'endpointslices.discovery.k8s.io': ENDPOINTSLICE_PRINTER,
  'leases.coordination.k8s.io': LEASE_PRINTER,
  'networkpolicies.networking.k8s.io': NETWORKPOLICY_PRINTER,
  'ingresses.networking.k8s.io': INGRESS_PRINTER,
  'storageclasses.storage.k8s.io': STORAGECLASS_PRINTER,
  'roles.rbac.authorization.k8s.io': CREATED_AT_PRINTER,
  'clusterroles.rbac.authorization.k8s.io': CREATED_AT_PRINTER,
  'rolebindings.rbac.authorization.k8s.io': BINDING_PRINTER,
  'clusterrolebindings.rbac.authorization.k8s.io': BINDING_PRINTER,
};

/** The printer of a resource (`pods`, `deployments` in `apps`), or the generic Name/Age printer. */
export function printerFor(resource: { group: string; resource: string }): Printer {
  const key = resource.group ? `${resource.resource}.${resource.group}` : resource.resource;
  return PRINTERS[key] ?? GENERIC_PRINTER;
}

/** Whether a resource has a printer of its own (for tests: every registry kind but a few does). */
export function hasOwnPrinter(resource: { group: string; resource: string }): boolean {
  return printerFor(resource) !== GENERIC_PRINTER;
}

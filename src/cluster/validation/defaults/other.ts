/**
 * Defaults for the remaining kinds: PersistentVolume(Claim), Namespace, Secret, HPA (v2),
 * NetworkPolicy, StorageClass, RBAC bindings, Endpoints, EndpointSlice and Event.
 * Functions mutate the object they are given.
 */
import type { Obj } from '../rules/meta';

/** A claim's spec: Filesystem volumes. */
export function defaultPersistentVolumeClaimSpec(spec: Obj): void {
  spec.volumeMode ??= 'Filesystem';
}

/** PersistentVolumeClaim: Filesystem; a new claim is Pending. */
export function defaultPersistentVolumeClaim(pvc: Obj): void {
  defaultPersistentVolumeClaimSpec((pvc.spec ??= {}));
  pvc.status ??= { phase: 'Pending' };
}

/** PersistentVolume: Retain, Filesystem; a new volume is Pending. */
export function defaultPersistentVolume(pv: Obj): void {
  const s = (pv.spec ??= {});
  s.persistentVolumeReclaimPolicy ??= 'Retain';
  s.volumeMode ??= 'Filesystem';
  pv.status ??= { phase: 'Pending' };
}

/** Namespace: the `kubernetes` finalizer, Active, and the `kubernetes.io/metadata.name` label. */
export function defaultNamespace(ns: Obj): void {
  ns.spec ??= {};
  ns.spec.finalizers ??= ['kubernetes'];
  ns.status ??= { phase: 'Active' };
  if (ns.metadata?.name) {
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  }
}

/** Secret: Opaque. */
export function defaultSecret(secret: Obj): void {
  secret.type ??= 'Opaque';
}

function scalingRules(rules: Obj, up: boolean): Obj {
  const r = rules ?? {};
  r.stabilizationWindowSeconds ??= up ? 0 : 300;
  r.selectPolicy ??= 'Max';
  r.policies ??= up
    ? [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ]
    : [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  return r;
}

/**
 * HorizontalPodAutoscaler (autoscaling/v2): minReplicas 1; CPU at 80% when no metric is
 * given; a `behavior` that is present gets its missing scale-up/scale-down rules filled.
 */
export function defaultHorizontalPodAutoscaler(hpa: Obj): void {
  const s = (hpa.spec ??= {});
  s.minReplicas ??= 1;
  if (!s.metrics || s.metrics.length === 0) {
    s.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  }
  if (s.behavior) {
    s.behavior.scaleUp = scalingRules(s.behavior.scaleUp, true);
    s.behavior.scaleDown = scalingRules(s.behavior.scaleDown, false);
  }
}

/** NetworkPolicy: TCP ports; policyTypes Ingress, plus Egress when egress rules exist. */
export function defaultNetworkPolicy(np: Obj): void {
  const s = (np.spec ??= {});
  for (const dir of ['ingress', 'egress'])
    for (const rule of s[dir] ?? []) for (const p of rule?.ports ?? []) if (p) p.protocol ??= 'TCP';
  if (!s.policyTypes || s.policyTypes.length === 0)
    s.policyTypes = s.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** StorageClass: Delete, Immediate binding. */
export function defaultStorageClass(sc: Obj): void {
  sc.reclaimPolicy ??= 'Delete';
  sc.volumeBindingMode ??= 'Immediate';
}

/** RoleBinding and ClusterRoleBinding: the RBAC API group on roleRef and on User/Group subjects. */
export function defaultRoleBinding(rb: Obj): void {
  if (rb.roleRef) rb.roleRef.apiGroup ||= 'rbac.authorization.k8s.io';
  for (const s of rb.subjects ?? []) {
    if (!s || s.apiGroup !== undefined) continue;
    s.apiGroup = s.kind === 'ServiceAccount' ? '' : 'rbac.authorization.k8s.io';
  }
}

/** Endpoints: TCP ports. */
export function defaultEndpoints(ep: Obj): void {
  for (const subset of ep.subsets ?? []) for (const p of subset?.ports ?? []) if (p) p.protocol ??= 'TCP';
}

/** EndpointSlice: TCP ports with an empty name. */
export function defaultEndpointSlice(slice: Obj): void {
  for (const p of slice.ports ?? []) {
    if (!p) continue;
    p.protocol ??= 'TCP';
    p.name ??= '';
  }
}

/** Event: the reporting fields a 1.32 server prints even when empty. */
export function defaultEvent(ev: Obj): void {
  ev.reportingComponent ??= '';
  ev.reportingInstance ??= '';
}

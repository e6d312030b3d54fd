/**
 * The resource registry: every resource type the cluster serves, as `kubectl api-resources`
 * lists it (group, version, plural, singular, kind, scope, short names, verbs, categories,
 * subresources), plus what the API layer needs to know about each (list kind, whether it tracks
 * `metadata.generation`, which field selectors it accepts).
 */
import type { KubeObject, ObjectKey, ResourceType } from '../types.js';
import { fieldValue } from '../machinery/selectors.js';

/** A served resource type with the API layer's per-kind facts. */
export interface ResourceInfo extends ResourceType {
  /** `PodList`. */
  listKind: string;
  /** `metadata.generation` is tracked (bumped on spec changes). */
  generation: boolean;
  /** Field labels accepted by `fieldSelector` besides `metadata.name` and `metadata.namespace`. */
  fieldLabels: string[];
  /** PUT to a missing object creates it (Events, Endpoints, Leases, RBAC, Nodes...). */
  allowCreateOnUpdate: boolean;
  /** DELETE answers with the deleted object instead of a Success Status (Pods). */
  returnDeletedObject: boolean;
  /** Served by a provider, not stored (metrics.k8s.io). */
  virtual: boolean;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Spec {
  short?: string[];
  all?: boolean;
  sub?: string[];
  verbs?: string[];
  gen?: boolean;
  fields?: string[];
  createOnUpdate?: boolean;
  returnDeleted?: boolean;
  cluster?: boolean;
  virtual?: boolean;
  singular?: string;
}

function r(group: string, version: string, resource: string, kind: string, spec: Spec = {}): ResourceInfo {
  return {
    group,
    version,
    resource,
    kind,
    singular: spec.singular ?? kind.toLowerCase(),
    namespaced: !spec.cluster,
    shortNames: spec.short ?? [],
    verbs: spec.verbs ?? ALL_VERBS,
    categories: spec.all ? ['all'] : [],
    subresources: spec.sub ?? [],
    listKind: `${kind}List`,
    generation: spec.gen ?? false,
    fieldLabels: spec.fields ?? [],
    allowCreateOnUpdate: spec.createOnUpdate ?? false,
    returnDeletedObject: spec.returnDeleted ?? false,
    virtual: spec.virtual ?? false,
  };
}

const POD_FIELDS = [
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
];
const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/**
 * Every served resource, in discovery order (the order `kubectl get all` lists them in:
 * pods, services, replicationcontrollers, then apps, batch and autoscaling).
 */
export const RESOURCES: readonly ResourceInfo[] = [
  // core/v1
  r('', 'v1', 'pods', 'Pod', {
    short: ['po'],
    all: true,
    sub: ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'ephemeralcontainers'],
    fields: POD_FIELDS,
    returnDeleted: true,
  }),
  r('', 'v1', 'services', 'Service', {
    short: ['svc'],
    all: true,
    sub: ['status'],
    fields: ['spec.clusterIP', 'spec.type'],
  }),
  r('', 'v1', 'replicationcontrollers', 'ReplicationController', {
    short: ['rc'],
    all: true,
    sub: ['status', 'scale'],
    gen: true,
    fields: ['status.replicas'],
  }),
  r('', 'v1', 'endpoints', 'Endpoints', { short: ['ep'], createOnUpdate: true, singular: 'endpoints' }),
  r('', 'v1', 'namespaces', 'Namespace', {
    short: ['ns'],
    cluster: true,
    sub: ['status', 'finalize'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    fields: ['status.phase'],
  }),
  r('', 'v1', 'nodes', 'Node', {
    short: ['no'],
    cluster: true,
    sub: ['status'],
    fields: ['spec.unschedulable'],
    createOnUpdate: true,
  }),
  r('', 'v1', 'configmaps', 'ConfigMap', { short: ['cm'] }),
  r('', 'v1', 'secrets', 'Secret', { fields: ['type'] }),
  r('', 'v1', 'serviceaccounts', 'ServiceAccount', { short: ['sa'], sub: ['token'] }),
  r('', 'v1', 'events', 'Event', { short: ['ev'], fields: EVENT_FIELDS, createOnUpdate: true }),
  r('', 'v1', 'persistentvolumes', 'PersistentVolume', { short: ['pv'], cluster: true, sub: ['status'] }),
  r('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', { short: ['pvc'], sub: ['status'] }),
  r('', 'v1', 'resourcequotas', 'ResourceQuota', { short: ['quota'], sub: ['status'] }),
  r('', 'v1', 'limitranges', 'LimitRange', { short: ['limits'] }),
  r('', 'v1', 'bindings', 'Binding', { verbs: ['create'] }),
  // apps/v1
  r('apps', 'v1', 'deployments', 'Deployment', {
    short: ['deploy'],
    all: true,
    sub: ['status', 'scale'],
    gen: true,
  }),
  r('apps', 'v1', 'replicasets', 'ReplicaSet', {
    short: ['rs'],
    all: true,
    sub: ['status', 'scale'],
    gen: true,
    fields: ['status.replicas'],
  }),
  r('apps', 'v1', 'statefulsets', 'StatefulSet', {
    short: ['sts'],
    all: true,
    sub: ['status', 'scale'],
    gen: true,
  }),
  r('apps', 'v1', 'daemonsets', 'DaemonSet', { short: ['ds'], all: true, sub: ['status'], gen: true }),
  r('apps', 'v1', 'controllerrevisions', 'ControllerRevision'),
  // batch/v1
  r('batch', 'v1', 'jobs', 'Job', { all: true, sub: ['status'], gen: true, fields: ['status.successful'] }),
  r('batch', 'v1', 'cronjobs', 'CronJob', { short: ['cj'], all: true, sub: ['status'], gen: true }),
  // autoscaling/v2
  r('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', {
    short: ['hpa'],
    all: true,
    sub: ['status'],
    gen: true,
  }),
  // autoscaling/v1: the same objects, converted (api/conversion.ts); `kubectl autoscale` writes v1
  r('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', {
    short: ['hpa'],
    all: true,
    sub: ['status'],
    gen: true,
  }),
  // discovery.k8s.io/v1
  r('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice'),
  // coordination.k8s.io/v1
  r('coordination.k8s.io', 'v1', 'leases', 'Lease', { createOnUpdate: true }),
  // networking.k8s.io/v1
  r('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', { short: ['netpol'], gen: true }),
  r('networking.k8s.io', 'v1', 'ingresses', 'Ingress', { short: ['ing'], sub: ['status'], gen: true }),
  // storage.k8s.io/v1
  r('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', { short: ['sc'], cluster: true }),
  // rbac.authorization.k8s.io/v1
  r('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', { createOnUpdate: true }),
  r('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', { createOnUpdate: true }),
  r('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', {
    cluster: true,
    createOnUpdate: true,
  }),
  r('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', {
    cluster: true,
    createOnUpdate: true,
  }),
  // authorization.k8s.io/v1 and authentication.k8s.io/v1 reviews (kubectl auth can-i / whoami):
  // created and answered, never stored (api/authorization.ts)
  r('authorization.k8s.io', 'v1', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', {
    verbs: ['create'],
    virtual: true,
  }),
  r('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', {
    cluster: true,
    verbs: ['create'],
    virtual: true,
  }),
  r('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', {
    cluster: true,
    verbs: ['create'],
    virtual: true,
  }),
  r('authorization.k8s.io', 'v1', 'subjectaccessreviews', 'SubjectAccessReview', {
    cluster: true,
    verbs: ['create'],
    virtual: true,
  }),
  r('authentication.k8s.io', 'v1', 'selfsubjectreviews', 'SelfSubjectReview', {
    cluster: true,
    verbs: ['create'],
    virtual: true,
  }),
  // metrics.k8s.io/v1beta1 (kubectl top): read-only, served by a provider
  r('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', {
    cluster: true,
    verbs: ['get', 'list'],
    virtual: true,
  }),
  r('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', { verbs: ['get', 'list'], virtual: true }),
];

/** Lookups over a list of resource types. */
export class ResourceRegistry {
  private static standard: ResourceRegistry | undefined;

  /** The registry of `RESOURCES`, built once (a registry never changes once built). */
  static shared(): ResourceRegistry {
    return (ResourceRegistry.standard ??= new ResourceRegistry(RESOURCES));
  }

  private readonly byGvr = new Map<string, ResourceInfo>();
  private readonly byGr = new Map<string, ResourceInfo>();
  private readonly byName = new Map<string, ResourceInfo[]>();

  constructor(readonly all: readonly ResourceInfo[] = RESOURCES) {
    for (const info of all) {
      this.byGvr.set(`${info.group}/${info.version}/${info.resource}`, info);
      if (!this.byGr.has(`${info.group}/${info.resource}`))
        this.byGr.set(`${info.group}/${info.resource}`, info);
      for (const name of [info.resource, info.singular, info.kind.toLowerCase(), ...info.shortNames]) {
        const list = this.byName.get(name) ?? [];
        if (!list.includes(info)) list.push(info);
        this.byName.set(name, list);
      }
    }
  }

  /** The resource served at `/apis/<group>/<version>/<resource>`. */
  get(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  /** The (preferred) resource of a group. */
  forGroupResource(group: string, resource: string): ResourceInfo | undefined {
    return this.byGr.get(`${group}/${resource}`);
  }

  /** The resource serving `apiVersion` + `kind`. */
  forKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.all.find((i) => i.group === group && i.version === version && i.kind === kind);
  }

  /**
   * Resolves a client-side name: `pods`, `po`, `pod`, `deployments.apps`, `deploy`, `hpa`...
   * A bare name prefers the core group, then the first registered (metrics are only reached by
   * `pods.metrics.k8s.io`).
   */
  resolve(name: string): ResourceInfo | undefined {
    const dot = name.indexOf('.');
    if (dot > 0) {
      const base = name.slice(0, dot);
      const group = name.slice(dot + 1);
      return this.byName.get(base)?.find((i) => i.group === group);
    }
    const matches = this.byName.get(name.toLowerCase()) ?? [];
    return matches.find((i) => !i.virtual) ?? matches[0];
  }

  /** The served group/versions, in discovery order. */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Set<string>();
    const out: { group: string; version: string }[] = [];
    for (const i of this.all) {
      const k = `${i.group}/${i.version}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ group: i.group, version: i.version });
      }
    }
    return out;
  }
}

/** `apps/v1`, or `v1` for core. */
export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** `deployments.apps`, or `pods` for core: how clients and errors name a resource. */
export function qualifiedResource(info: { group: string; resource: string }): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/**
 * Reads a field label the way the API server's per-kind field functions do: `source` of an
 * Event is its `source.component`, booleans default to `false`, counts to `0`.
 */
export function fieldLabelValue(info: ResourceInfo, obj: KubeObject, field: string): string {
  if (info.resource === 'events' && field === 'source') return fieldValue(obj, 'source.component');
  if (field === 'spec.hostNetwork' || field === 'spec.unschedulable')
    return fieldValue(obj, field) || 'false';
  if (field === 'status.replicas') return fieldValue(obj, field) || '0';
  if (info.resource === 'jobs' && field === 'status.successful')
    return fieldValue(obj, 'status.succeeded') || '0';
  return fieldValue(obj, field);
}

/** The store key of an object of `info` (namespace '' for cluster-scoped resources). */
export function keyFor(info: ResourceInfo, namespace: string, name: string): ObjectKey {
  return { group: info.group, resource: info.resource, namespace: info.namespaced ? namespace : '', name };
}

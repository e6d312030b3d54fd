/**
 * The EndpointSlice controller: for each Service with a selector, IPv4 EndpointSlices (one per
 * distinct port set) named `<service>-<random>`, labelled with the service name and owned by the
 * Service. Each endpoint carries ready/serving/terminating conditions, nodeName, zone, targetRef.
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from './types.js';
import { controllerRef } from './owners.js';
import { compareIPs, hasSelector, podServes, resolvePorts, selectedPods } from './service-pods.js';
import { clone, sameJson, stableStringify } from './json.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** What the EndpointSlice controller observes for one Service. */
export interface EndpointSlicesObserved {
  pods: KubeObject[];
  /** EndpointSlices in the namespace (the reconciler picks the ones it manages for this Service). */
  slices: KubeObject[];
  /** Nodes, for each endpoint's zone. */
  nodes?: KubeObject[];
}

/** Reconciles the EndpointSlices of one Service. */
export function reconcileEndpointSlices(svc: KubeObject, observed: EndpointSlicesObserved): ReconcileResult {
  if (!hasSelector(svc) || svc.metadata.deletionTimestamp) return { actions: [] };
  const name = svc.metadata.name ?? '';
  const zones = new Map(
    (observed.nodes ?? []).map((n) => [n.metadata.name, n.metadata.labels?.['topology.kubernetes.io/zone']]),
  );

  // Desired: endpoints grouped by the ports they expose.
  const groups = new Map<string, { ports: unknown[]; endpoints: Record<string, unknown>[] }>();
  for (const pod of selectedPods(svc, observed.pods, true)) {
    const ports = resolvePorts(svc, pod).sort((a, b) => (stableStringify(a) < stableStringify(b) ? -1 : 1));
    const key = stableStringify(ports);
    const g = groups.get(key) ?? { ports, endpoints: [] };
    groups.set(key, g);
    const terminating = !!pod.metadata.deletionTimestamp;
    const serving = podServes(svc, pod);
    const zone = zones.get(pod.spec?.nodeName);
    g.endpoints.push({
      addresses: [pod.status.podIP],
      conditions: { ready: serving && !terminating, serving, terminating },
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
      },
      ...(zone ? { zone } : {}),
    });
  }
  for (const g of groups.values())
    g.endpoints.sort((a, b) => compareIPs((a.addresses as string[])[0]!, (b.addresses as string[])[0]!));

  const labels = {
    ...(svc.metadata.labels ?? {}),
    [SERVICE_NAME_LABEL]: name,
    [MANAGED_BY_LABEL]: MANAGED_BY,
  };
  const mine = observed.slices
    .filter((s) => s.metadata.namespace === svc.metadata.namespace)
    .filter(
      (s) =>
        s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
        s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY,
    )
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  const actions: Action[] = [];
  const unused = [...mine];
  // Kubernetes keeps one (empty) slice for a Service with no endpoints.
  const wanted = groups.size
    ? [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
    : [['[]', { ports: portsWithoutPods(svc), endpoints: [] }] as const];
  for (const [key, g] of wanted) {
    let idx = unused.findIndex((s) => stableStringify(s.ports ?? []) === key);
    if (idx < 0 && unused.length && !groups.has(stableStringify(unused[0]!.ports ?? []))) idx = 0;
    const body = { addressType: 'IPv4', endpoints: g.endpoints, ports: g.ports };
    if (idx < 0) {
      actions.push({
        type: 'create',
        resource: 'endpointslices.discovery.k8s.io',
        object: {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            generateName: `${name}-`,
            namespace: svc.metadata.namespace,
            labels,
            ownerReferences: [controllerRef(svc)],
          },
          ...clone(body),
        },
      });
      continue;
    }
    const current = unused.splice(idx, 1)[0]!;
    const same =
      current.addressType === 'IPv4' &&
      sameJson(current.endpoints ?? [], body.endpoints) &&
      sameJson(current.ports ?? [], body.ports) &&
      sameJson(current.metadata.labels ?? {}, labels);
    if (!same) {
      actions.push({
        type: 'update',
        resource: 'endpointslices.discovery.k8s.io',
        object: { ...current, metadata: { ...current.metadata, labels }, ...clone(body) },
      });
    }
  }
  for (const extra of unused) {
    actions.push({
      type: 'delete',
      resource: 'endpointslices.discovery.k8s.io',
      namespace: extra.metadata.namespace ?? '',
      name: extra.metadata.name ?? '',
    });
  }
  return { actions };
}

/** The ports of an empty slice: numeric target ports only (named ones need a pod to resolve). */
function portsWithoutPods(svc: KubeObject): unknown[] {
  return resolvePorts(svc, { apiVersion: 'v1', kind: 'Pod', metadata: {} });
}

/**
 * The Endpoints controller: for each Service with a selector, an Endpoints object of the same
 * name listing ready pods under `addresses` and the others under `notReadyAddresses`, grouped
 * into subsets by the ports they expose. Services without a selector are left alone.
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from './types.js';
import { compareIPs, hasSelector, podServes, resolvePorts, selectedPods } from './service-pods.js';
import { clone, compareStrings, sameJson, stableStringify } from './json.js';

/** What the Endpoints controller observes for one Service. */
export interface EndpointsObserved {
  pods: KubeObject[];
  /** The Endpoints object of the same name, if it exists. */
  endpoints?: KubeObject;
}

interface Address {
  ip: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

/** The subsets Kubernetes would compute for `svc` over `pods`. */
export function endpointSubsets(svc: KubeObject, pods: KubeObject[]): unknown[] {
  const groups = new Map<string, { ports: unknown[]; addresses: Address[]; notReadyAddresses: Address[] }>();
  const headless = svc.spec?.clusterIP === 'None';
  for (const pod of selectedPods(svc, pods, false)) {
    const ports = resolvePorts(svc, pod);
    if (ports.length === 0 && !(headless && (svc.spec?.ports ?? []).length === 0)) continue;
    ports.sort((a, b) => compareStrings(stableStringify(a), stableStringify(b)));
    const key = stableStringify(ports);
    const group = groups.get(key) ?? { ports, addresses: [], notReadyAddresses: [] };
    groups.set(key, group);
    const address: Address = {
      ip: pod.status.podIP,
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace ?? '',
        name: pod.metadata.name ?? '',
        uid: pod.metadata.uid ?? '',
      },
    };
    (podServes(svc, pod) ? group.addresses : group.notReadyAddresses).push(address);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({
      ...(g.addresses.length ? { addresses: g.addresses.sort((a, b) => compareIPs(a.ip, b.ip)) } : {}),
      ...(g.notReadyAddresses.length
        ? { notReadyAddresses: g.notReadyAddresses.sort((a, b) => compareIPs(a.ip, b.ip)) }
        : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    }));
}

/** Reconciles the Endpoints of one Service. */
export function reconcileEndpoints(svc: KubeObject, observed: EndpointsObserved): ReconcileResult {
  if (!hasSelector(svc) || svc.metadata.deletionTimestamp) return { actions: [] };
  const subsets = endpointSubsets(svc, observed.pods);
  const labels = clone(svc.metadata.labels ?? {});
  const desired: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
    },
    ...(subsets.length ? { subsets } : {}),
  };
  const current = observed.endpoints;
  const actions: Action[] = [];
  if (!current) {
    actions.push({ type: 'create', resource: 'endpoints', object: desired });
  } else if (!sameJson(current.subsets ?? [], subsets) || !sameJson(current.metadata.labels ?? {}, labels)) {
    const next: KubeObject = { ...current, metadata: { ...current.metadata, labels } };
    if (subsets.length) next.subsets = subsets;
    else delete next.subsets;
    if (!Object.keys(labels).length) delete next.metadata.labels;
    actions.push({ type: 'update', resource: 'endpoints', object: next });
  }
  return { actions };
}

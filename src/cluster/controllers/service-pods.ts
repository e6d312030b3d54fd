/** Which pods back a Service, and which port each Service port reaches on each pod. */
import type { KubeObject } from '../types.js';
import { matchesMapSelector } from './labels.js';
import { isPodReady } from './pods.js';

/** A Service port resolved on one pod. */
export interface ResolvedPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** True when the Service has a selector (services without one are managed by hand). */
export function hasSelector(svc: KubeObject): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0;
}

/**
 * Pods the Service selects that belong in its endpoints: in the namespace, with an IP, not
 * Succeeded/Failed; terminating pods only when `includeTerminating` (EndpointSlices list them).
 */
export function selectedPods(svc: KubeObject, pods: KubeObject[], includeTerminating: boolean): KubeObject[] {
  return pods.filter((p) => {
    if (p.metadata.namespace !== svc.metadata.namespace) return false;
    if (!matchesMapSelector(svc.spec?.selector, p.metadata.labels)) return false;
    if (!p.status?.podIP) return false;
    if (p.status.phase === 'Succeeded' || p.status.phase === 'Failed') return false;
    if (p.metadata.deletionTimestamp && !includeTerminating && !svc.spec?.publishNotReadyAddresses)
      return false;
    return true;
  });
}

/** Ready for traffic (or the Service publishes not-ready addresses). */
export function podServes(svc: KubeObject, pod: KubeObject): boolean {
  return !!svc.spec?.publishNotReadyAddresses || isPodReady(pod);
}

/**
 * The Service's ports as they land on `pod`: a numeric targetPort is taken as is; a named
 * one is looked up among the pod's container ports (by name and protocol), and the Service
 * port is left out for that pod when no container declares it. Absent targetPort means `port`.
 */
export function resolvePorts(svc: KubeObject, pod: KubeObject): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const sp of (svc.spec?.ports ?? []) as {
    name?: string;
    port: number;
    targetPort?: number | string;
    protocol?: string;
    appProtocol?: string;
  }[]) {
    const protocol = sp.protocol ?? 'TCP';
    let port: number | undefined;
    const target = sp.targetPort ?? sp.port;
    if (typeof target === 'number') port = target;
    else if (/^\d+$/.test(target)) port = Number(target);
    else {
      for (const c of pod.spec?.containers ?? []) {
        for (const cp of c.ports ?? [])
          if (cp.name === target && (cp.protocol ?? 'TCP') === protocol) port ??= cp.containerPort;
      }
    }
    if (port === undefined) continue;
    out.push({
      ...(sp.name ? { name: sp.name } : {}),
      port,
      protocol,
      ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
    });
  }
  return out;
}

/** Compares IPv4 text numerically, then as text. */
export function compareIPs(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

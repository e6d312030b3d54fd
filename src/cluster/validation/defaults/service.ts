/**
 * Service defaults, and helpers for what the API layer allocates on create (cluster IPs, node
 * ports) and carries over on update. Functions mutate the object they are given.
 */
import type { Obj } from '../rules/meta';

/**
 * Service: ClusterIP, no session affinity, TCP ports, targetPort = port, Cluster traffic
 * policies, and node-port allocation for LoadBalancers. IP families are filled when the
 * cluster IP is allocated (`allocateServiceAddresses`).
 */
export function defaultService(svc: Obj): void {
  const s = (svc.spec ??= {});
  s.type ??= 'ClusterIP';
  s.sessionAffinity ??= 'None';
  if (s.sessionAffinity === 'ClientIP') {
    s.sessionAffinityConfig ??= {};
    s.sessionAffinityConfig.clientIP ??= {};
    s.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  for (const p of s.ports ?? []) {
    if (!p) continue;
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (s.type !== 'ExternalName') s.internalTrafficPolicy ??= 'Cluster';
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
  if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
  svc.status ??= { loadBalancer: {} };
}

/** Allocators the API layer owns (IP and port ranges, seeded for determinism). */
export interface ServiceAllocators {
  /** A free IPv4 address from the service CIDR (10.96.0.0/12 by default). */
  clusterIP(): string;
  /** A free port from 30000-32767. */
  nodePort(): number;
}

/**
 * What the API layer fills in on create: `clusterIP`/`clusterIPs` (None stays None; ExternalName
 * gets none), `ipFamilies: [IPv4]`, `ipFamilyPolicy: SingleStack`, and node ports for NodePort
 * and LoadBalancer Services (unless `allocateLoadBalancerNodePorts` is false).
 */
export function allocateServiceAddresses(svc: Obj, alloc: ServiceAllocators): void {
  const s = (svc.spec ??= {});
  if (s.type === 'ExternalName') return;
  if (!s.clusterIP) s.clusterIP = s.clusterIPs?.[0] || alloc.clusterIP();
  s.clusterIPs = [s.clusterIP];
  s.ipFamilies ??= ['IPv4'];
  s.ipFamilyPolicy ??= 'SingleStack';
  const wantsNodePorts =
    s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
  if (wantsNodePorts) for (const p of s.ports ?? []) if (p && !p.nodePort) p.nodePort = alloc.nodePort();
}

/**
 * On update, a Service keeps what was allocated when the new object leaves it out (as
 * `kubectl apply` does): cluster IPs, IP families, node ports (matched by port and protocol).
 */
export function carryOverServiceAllocations(svc: Obj, old: Obj): void {
  const s = (svc.spec ??= {});
  const o = old.spec ?? {};
  if (s.type === 'ExternalName' || o.type === 'ExternalName') return;
  if (!s.clusterIP && o.clusterIP) {
    s.clusterIP = o.clusterIP;
    s.clusterIPs ??= o.clusterIPs;
  }
  s.ipFamilies ??= o.ipFamilies;
  s.ipFamilyPolicy ??= o.ipFamilyPolicy;
  if (s.type === o.type && (s.type === 'NodePort' || s.type === 'LoadBalancer')) {
    for (const p of s.ports ?? []) {
      if (!p || p.nodePort) continue;
      const match = (o.ports ?? []).find(
        (q: Obj) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
      );
      if (match?.nodePort) p.nodePort = match.nodePort;
    }
  }
}

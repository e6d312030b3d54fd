/**
 * Cluster DNS as CoreDNS's `kubernetes` plugin answers it, over the API's objects:
 * `svc.ns.svc.cluster.local` gives the ClusterIP; a headless Service gives its ready pods'
 * addresses; an ExternalName Service gives a CNAME; `host.svc.ns.svc.cluster.local` gives one
 * pod of a headless Service; `a-b-c-d.ns.pod.cluster.local` gives the address it spells.
 * Short names are tried with the pod's search path (`ns.svc.cluster.local svc.cluster.local
 * cluster.local`, ndots 5), as the pod's resolv.conf says.
 */
import type { ClusterClient, KubeObject } from '../types.js';
import { compareStrings } from '../controllers/json.js';
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN } from './system-objects.js';

/** One DNS answer. */
export type DnsAnswer =
  | { kind: 'A'; name: string; addresses: string[]; service?: KubeObject }
  | { kind: 'CNAME'; name: string; target: string; service: KubeObject }
  | { kind: 'NXDOMAIN'; name: string; tried: string[] };

/** A ready (or not) endpoint of a Service. */
export interface ServiceEndpoint {
  ip: string;
  ready: boolean;
  /** Port numbers by port name ('' for an unnamed port). */
  ports: Record<string, number>;
  pod?: { namespace: string; name: string };
  hostname?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Whether `text` is an IPv4 address. */
export function isIP(text: string): boolean {
  return IPV4.test(text);
}

/** The names tried for `name` from a pod in `namespace`, in order (resolv.conf search, ndots 5). */
export function searchNames(name: string, namespace: string): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  const expanded = search.map((s) => `${name}.${s}`);
  const dots = name.split('.').length - 1;
  return dots >= 5 ? [name, ...expanded] : [...expanded, name];
}

/** A Service's endpoints from its EndpointSlices (or, failing that, its Endpoints), sorted by address. */
export function serviceEndpoints(client: ClusterClient, service: KubeObject): ServiceEndpoint[] {
  const ns = service.metadata.namespace ?? '';
  const name = service.metadata.name ?? '';
  const out = new Map<string, ServiceEndpoint>();
  const slices = client.list('endpointslices.discovery.k8s.io', {
    namespace: ns,
    labelSelector: `kubernetes.io/service-name=${name}`,
  }).items;
  if (slices.length) {
    for (const s of slices) {
      const ports: Record<string, number> = {};
      for (const p of (s.ports ?? []) as { name?: string; port?: number }[])
        if (p.port) ports[p.name ?? ''] = p.port;
      for (const e of (s.endpoints ?? []) as {
        addresses: string[];
        conditions?: { ready?: boolean };
        targetRef?: { kind?: string; name?: string; namespace?: string };
        hostname?: string;
      }[]) {
        const ip = e.addresses[0];
        if (!ip) continue;
        const prior = out.get(ip);
        out.set(ip, {
          ip,
          ready: e.conditions?.ready !== false,
          ports: { ...prior?.ports, ...ports },
          ...(e.targetRef?.kind === 'Pod'
            ? { pod: { namespace: e.targetRef.namespace ?? ns, name: e.targetRef.name ?? '' } }
            : {}),
          ...(e.hostname ? { hostname: e.hostname } : {}),
        });
      }
    }
  } else {
    const ep = client.get('endpoints', ns, name);
    for (const subset of (ep?.subsets ?? []) as {
      addresses?: { ip: string; hostname?: string; targetRef?: { name?: string; namespace?: string } }[];
      notReadyAddresses?: { ip: string; targetRef?: { name?: string; namespace?: string } }[];
      ports?: { name?: string; port: number }[];
    }[]) {
      const ports: Record<string, number> = {};
      for (const p of subset.ports ?? []) ports[p.name ?? ''] = p.port;
      const add = (
        a: { ip: string; hostname?: string; targetRef?: { name?: string; namespace?: string } },
        ready: boolean,
      ): void => {
        out.set(a.ip, {
          ip: a.ip,
          ready,
          ports: { ...out.get(a.ip)?.ports, ...ports },
          ...(a.targetRef?.name
            ? { pod: { namespace: a.targetRef.namespace ?? ns, name: a.targetRef.name } }
            : {}),
          ...(a.hostname ? { hostname: a.hostname } : {}),
        });
      };
      for (const a of subset.addresses ?? []) add(a, true);
      for (const a of subset.notReadyAddresses ?? []) add(a, false);
    }
  }
  return [...out.values()].sort((a, b) => compareStrings(a.ip, b.ip));
}

function isHeadless(service: KubeObject): boolean {
  return service.spec?.clusterIP === 'None';
}

/** Answers one fully qualified name, or undefined when it does not exist. */
export function answerFqdn(client: ClusterClient, fqdn: string): DnsAnswer | undefined {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!name.endsWith(suffix)) return undefined;
  const labels = name.slice(0, -suffix.length).split('.');
  // a-b-c-d.ns.pod.cluster.local
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0]!.replace(/-/g, '.');
    return isIP(ip) ? { kind: 'A', name, addresses: [ip] } : undefined;
  }
  if (labels.at(-1) !== 'svc') return undefined;
  if (labels.length === 3) {
    const [svcName, ns] = labels as [string, string];
    const service = client.get('services', ns, svcName);
    if (!service) return undefined;
    if (service.spec?.type === 'ExternalName')
      return { kind: 'CNAME', name, target: String(service.spec.externalName ?? ''), service };
    if (isHeadless(service)) {
      const ready = serviceEndpoints(client, service).filter((e) => e.ready);
      return ready.length ? { kind: 'A', name, addresses: ready.map((e) => e.ip), service } : undefined;
    }
    return service.spec?.clusterIP
      ? { kind: 'A', name, addresses: [service.spec.clusterIP], service }
      : undefined;
  }
  if (labels.length === 4) {
    // hostname.svc.ns.svc.cluster.local: a pod of a headless Service with that hostname.
    const [host, svcName, ns] = labels as [string, string, string];
    const service = client.get('services', ns, svcName);
    if (!service || !isHeadless(service)) return undefined;
    const e = serviceEndpoints(client, service).find((x) => x.hostname === host || x.pod?.name === host);
    return e ? { kind: 'A', name, addresses: [e.ip], service } : undefined;
  }
  return undefined;
}

/** Resolves `name` as a pod in `namespace` would (search path, ndots 5). */
export function resolveName(client: ClusterClient, name: string, namespace: string): DnsAnswer {
  const tried = searchNames(name, namespace);
  for (const fqdn of tried) {
    const a = answerFqdn(client, fqdn);
    if (a) return a;
  }
  return { kind: 'NXDOMAIN', name, tried };
}

/** What `nslookup <name>` prints inside a pod of `namespace` (busybox's format). */
export function nslookupText(client: ClusterClient, name: string, namespace: string): string {
  const head = `Server:\t\t${CLUSTER_DNS_IP}\nAddress:\t${CLUSTER_DNS_IP}:53\n\n`;
  if (isIP(name)) {
    const ptr = reverseName(client, name);
    return ptr
      ? `${head}${name.split('.').reverse().join('.')}.in-addr.arpa\tname = ${ptr}\n\n`
      : `${head}** server can't find ${name.split('.').reverse().join('.')}.in-addr.arpa: NXDOMAIN\n\n`;
  }
  const a = resolveName(client, name, namespace);
  switch (a.kind) {
    case 'A':
      return `${head}Name:\t${a.name}\n${a.addresses.map((ip) => `Address: ${ip}\n`).join('')}\n`;
    case 'CNAME':
      return `${head}${a.name}\tcanonical name = ${a.target}\n\n`;
    case 'NXDOMAIN':
      return `${head}** server can't find ${name}: NXDOMAIN\n\n`;
  }
}

/** The PTR name of a Service ClusterIP or a pod address, if the cluster has one. */
export function reverseName(client: ClusterClient, ip: string): string | undefined {
  const svc = client.list('services').items.find((s) => s.spec?.clusterIP === ip);
  if (svc) return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`;
  const pod = client.list('pods').items.find((p) => p.status?.podIP === ip && !p.spec?.hostNetwork);
  if (pod) return `${ip.replace(/\./g, '-')}.${pod.metadata.namespace}.pod.${CLUSTER_DOMAIN}`;
  return undefined;
}

/**
 * Tables of the networking kinds: Service (TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S)), Endpoints,
 * EndpointSlice, Ingress and NetworkPolicy, with the columns of Kubernetes' printers.
 */
import type { KubeObject } from '../types.js';
import { since } from './duration.js';
import {
  AGE_COLUMN,
  at,
  column,
  formatLabels,
  formatLabelSelector,
  list,
  NAME_COLUMN,
  type Printer,
} from './table.js';

const age = (o: KubeObject, now: number) => since(o.metadata.creationTimestamp, now);

/** Load balancer ingress addresses (`ip` or `hostname`), shortened to 16 characters unless wide. */
function loadBalancerAddresses(status: unknown, wide: boolean): string {
  const text = list(at(status, 'ingress'))
    .map((i) => String(i.ip || i.hostname || ''))
    .filter((s) => s !== '')
    .join(',');
  return !wide && text.length > 16 ? `${text.slice(0, 13)}...` : text;
}

/** A Service's EXTERNAL-IP cell. */
export function serviceExternalIP(svc: KubeObject): string {
  const externalIPs = list<string>(at(svc, 'spec', 'externalIPs'));
  switch (at(svc, 'spec', 'type') ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(at(svc, 'status', 'loadBalancer'), true);
      if (externalIPs.length > 0) return [...externalIPs, ...(lb ? [lb] : [])].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return String(at(svc, 'spec', 'externalName') ?? '');
    default:
      return '<unknown>';
  }
}

/** A Service's PORT(S) cell: `80/TCP`, `80:30080/TCP`, joined by commas, or `<none>`. */
export function servicePorts(svc: KubeObject): string {
  const ports = list(at(svc, 'spec', 'ports')).map((p) => {
    const protocol = String(p.protocol ?? 'TCP');
    const nodePort = typeof p.nodePort === 'number' && p.nodePort > 0 ? `:${p.nodePort}` : '';
    return `${String(p.port)}${nodePort}/${protocol}`;
  });
  return ports.length > 0 ? ports.join(',') : '<none>';
}

/** Service: Name, Type, Cluster-IP, External-IP, Port(s), Age | Selector. */
export const SERVICE_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'The type of the service: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    column('Cluster-IP', 'The IP address of the service inside the cluster.'),
    column('External-IP', 'The IP addresses at which the service is reachable from outside the cluster.'),
    column('Port(s)', 'The ports the service exposes.'),
    AGE_COLUMN,
    column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', {
      wide: true,
    }),
  ],
  cells: (o, { now }) => [
    o.metadata.name,
    String(at(o, 'spec', 'type') ?? 'ClusterIP'),
    String(at(o, 'spec', 'clusterIP') ?? '') || '<none>',
    serviceExternalIP(o),
    servicePorts(o),
    age(o, now),
    formatLabels(at(o, 'spec', 'selector')),
  ],
};

/** Up to three `ip:port` entries, then `+ N more...`; `<none>` without subsets. */
export function formatEndpoints(ep: KubeObject): string {
  const subsets = list(ep.subsets);
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = list(ss.addresses);
    const ports = list(ss.ports);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) if (shown.length < 3) shown.push(String(a.ip));
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) {
        const ip = String(a.ip);
        if (shown.length < 3) shown.push(`${ip.includes(':') ? `[${ip}]` : ip}:${String(p.port)}`);
      }
    }
  }
  const text = shown.join(',');
  return count > 3 ? `${text} + ${count - 3} more...` : text;
}

/** Endpoints: Name, Endpoints, Age. */
export const ENDPOINTS_PRINTER: Printer = {
  columns: [NAME_COLUMN, column('Endpoints', 'Endpoints of the service (address:port).'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name, formatEndpoints(o), age(o, now)],
};

function firstThree(values: string[]): string {
  if (values.length === 0) return '<unset>';
  const text = values.slice(0, 3).join(',');
  return values.length > 3 ? `${text} + ${values.length - 3} more...` : text;
}

/** EndpointSlice: Name, AddressType, Ports, Endpoints, Age. */
export const ENDPOINTSLICE_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'The type of address carried by this slice.'),
    column('Ports', 'The ports of the endpoints in this slice.'),
    column('Endpoints', 'The addresses of the endpoints in this slice.'),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => [
    o.metadata.name,
    String(o.addressType ?? ''),
    firstThree(list(o.ports).map((p) => (typeof p.port === 'number' ? String(p.port) : '<unset>'))),
    firstThree(list(o.endpoints).flatMap((e) => list<string>(e.addresses))),
    age(o, now),
  ],
};

/** Ingress: Name, Class, Hosts, Address, Ports, Age. */
export const INGRESS_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Class', 'The ingress class of the ingress.'),
    column('Hosts', 'The hosts the rules match.'),
    column('Address', 'The addresses the load balancer gave the ingress.'),
    column('Ports', 'The ports the ingress serves.'),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => {
    const hosts = list(at(o, 'spec', 'rules'))
      .map((r) => String(r.host ?? ''))
      .filter((h) => h !== '');
    let hostText = '*';
    if (hosts.length > 0)
      hostText =
        hosts.length > 4 ? `${hosts.slice(0, 4).join(',')} + ${hosts.length - 4} more...` : hosts.join(',');
    return [
      o.metadata.name,
      String(at(o, 'spec', 'ingressClassName') ?? '') || '<none>',
      hostText,
      loadBalancerAddresses(at(o, 'status', 'loadBalancer'), true),
      list(at(o, 'spec', 'tls')).length > 0 ? '80, 443' : '80',
      age(o, now),
    ];
  },
};

/** NetworkPolicy: Name, Pod-Selector, Age. */
export const NETWORKPOLICY_PRINTER: Printer = {
  columns: [NAME_COLUMN, column('Pod-Selector', 'The pods the policy applies to.'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name, formatLabelSelector(at(o, 'spec', 'podSelector')), age(o, now)],
};

/**
 * A container's environment as its process sees it: the image's variables, HOSTNAME, the
 * container's `env` and `envFrom` (ConfigMap and Secret values, the downward API, resource
 * fields, `$(VAR)` references), the Service link variables of the Services that existed when the
 * pod was created, and HOME.
 */
import type { ClusterClient, KubeObject } from '../types.js';
import { decodeBase64 } from '../machinery/base64.js';
import { fromTimestamp } from '../controllers/time.js';
import { amount } from '../scheduler/resources.js';
import type { ContainerSpec } from './target.js';
import type { ImageProfile } from './images.js';

/** Ordered name/value pairs (later entries replace earlier ones of the same name). */
export type Environment = [string, string][];

/** `$(VAR)` references expanded from the variables defined so far; `$$(VAR)` escapes. */
export function expandReferences(value: string, defined: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return defined.has(name!) ? defined.get(name!)! : whole;
  });
}

/** The value of a downward API field path of `pod` (undefined when unsupported). */
export function fieldValue(pod: KubeObject, path: string): string | undefined {
  const meta = pod.metadata;
  const keyed = /^metadata\.(labels|annotations)\['([^']+)'\]$/.exec(path);
  if (keyed) return (keyed[1] === 'labels' ? meta.labels : meta.annotations)?.[keyed[2]!] ?? '';
  const map = (m: Record<string, string> | undefined): string =>
    Object.keys(m ?? {})
      .sort()
      .map((k) => `${k}=${JSON.stringify(m![k])}`)
      .join('\n');
  switch (path) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
      return map(meta.labels);
    case 'metadata.annotations':
      return map(meta.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return ((pod.status?.hostIPs ?? []) as { ip: string }[]).map((i) => i.ip).join(',');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return ((pod.status?.podIPs ?? []) as { ip: string }[]).map((i) => i.ip).join(',');
    default:
      return undefined;
  }
}

/** A resourceFieldRef value: the container's request or limit divided by the divisor, rounded up. */
export function resourceFieldValue(
  pod: KubeObject,
  container: ContainerSpec,
  ref: { resource: string; divisor?: string | number; containerName?: string },
  nodeAllocatable: Record<string, unknown> | undefined,
): string {
  const target =
    ((pod.spec?.containers ?? []) as ContainerSpec[]).find((c) => c.name === ref.containerName) ?? container;
  const [kind, name] = ref.resource.split('.') as [string, string];
  const resource = name === 'cpu' ? 'cpu' : name === 'memory' ? 'memory' : name;
  const raw =
    (kind === 'limits' ? target.resources?.limits : target.resources?.requests)?.[resource] ??
    (kind === 'limits' ? nodeAllocatable?.[resource] : undefined);
  const divisor = ref.divisor === undefined || ref.divisor === '' ? '1' : ref.divisor;
  if (raw === undefined) return '0';
  // amount() gives millicores for cpu and bytes for memory.
  const value = amount(resource, raw);
  const div = amount(resource, divisor);
  if (!div) return '0';
  return String(Math.ceil(value / div));
}

function upperName(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}

/** The Service link variables of one Service (`WEB_SERVICE_HOST`, `WEB_PORT_80_TCP`, ...). */
export function serviceVariables(service: KubeObject): Environment {
  const ip = service.spec?.clusterIP as string | undefined;
  if (!ip || ip === 'None') return [];
  const ports = (service.spec?.ports ?? []) as { name?: string; port: number; protocol?: string }[];
  if (!ports.length) return [];
  const n = upperName(service.metadata.name ?? '');
  const out: Environment = [
    [`${n}_SERVICE_HOST`, ip],
    [`${n}_SERVICE_PORT`, String(ports[0]!.port)],
  ];
  for (const p of ports) if (p.name) out.push([`${n}_SERVICE_PORT_${upperName(p.name)}`, String(p.port)]);
  const first = ports[0]!;
  out.push([`${n}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`]);
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP').toLowerCase();
    const prefix = `${n}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push(
      [prefix, `${proto}://${ip}:${p.port}`],
      [`${prefix}_PROTO`, proto],
      [`${prefix}_PORT`, String(p.port)],
      [`${prefix}_ADDR`, ip],
    );
  }
  return out;
}

/** Services whose variables a pod got at creation: its namespace's (with service links) and `default/kubernetes`. */
function linkedServices(client: ClusterClient, pod: KubeObject): KubeObject[] {
  const created = fromTimestamp(pod.metadata.creationTimestamp) ?? Infinity;
  const existed = (s: KubeObject): boolean => (fromTimestamp(s.metadata.creationTimestamp) ?? 0) <= created;
  const ns = pod.metadata.namespace ?? 'default';
  const links = pod.spec?.enableServiceLinks !== false;
  const own = links
    ? client
        .list('services', { namespace: ns })
        .items.filter((s) => existed(s) && !(ns === 'default' && s.metadata.name === 'kubernetes'))
    : [];
  const master = client.get('services', 'default', 'kubernetes');
  const sorted = own.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  return master ? [master, ...sorted] : sorted;
}

function dataOf(obj: KubeObject | undefined, secret: boolean): Map<string, string> {
  const out = new Map<string, string>();
  if (!obj) return out;
  const data = (obj.data ?? {}) as Record<string, string>;
  for (const k of Object.keys(data)) out.set(k, secret ? (decodeBase64(data[k]!) ?? '') : data[k]!);
  if (!secret) {
    const bin = (obj.binaryData ?? {}) as Record<string, string>;
    for (const k of Object.keys(bin)) out.set(k, decodeBase64(bin[k]!) ?? '');
  }
  return out;
}

/** The process environment of `container` in `pod`, in the order `env` prints it. */
export function containerEnvironment(
  client: ClusterClient,
  pod: KubeObject,
  container: ContainerSpec,
  profile: ImageProfile,
): Environment {
  const ns = pod.metadata.namespace ?? 'default';
  const defined = new Map<string, string>();
  const own: Environment = [];
  const set = (name: string, value: string): void => {
    defined.set(name, value);
    own.push([name, value]);
  };
  const node = pod.spec?.nodeName ? client.get('nodes', '', pod.spec.nodeName) : undefined;
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    const source = from.configMapRef
      ? dataOf(client.get('configmaps', ns, from.configMapRef.name), false)
      : from.secretRef
        ? dataOf(client.get('secrets', ns, from.secretRef.name), true)
        : new Map<string, string>();
    for (const [k, v] of source) set(`${prefix}${k}`, v);
  }
  for (const e of container.env ?? []) {
    let value: string | undefined;
    if (e.value !== undefined) value = expandReferences(e.value, defined);
    else if (e.valueFrom?.fieldRef) value = fieldValue(pod, e.valueFrom.fieldRef.fieldPath);
    else if (e.valueFrom?.resourceFieldRef)
      value = resourceFieldValue(pod, container, e.valueFrom.resourceFieldRef, node?.status?.allocatable);
    else if (e.valueFrom?.configMapKeyRef) {
      const r = e.valueFrom.configMapKeyRef;
      value = dataOf(client.get('configmaps', ns, r.name), false).get(r.key);
    } else if (e.valueFrom?.secretKeyRef) {
      const r = e.valueFrom.secretKeyRef;
      value = dataOf(client.get('secrets', ns, r.name), true).get(r.key);
    } else value = '';
    if (value !== undefined) set(e.name, value);
  }
  const services: Environment = [];
  for (const s of linkedServices(client, pod))
    for (const [k, v] of serviceVariables(s)) if (!defined.has(k)) services.push([k, v]);
  const hostname = (pod.spec?.hostname as string | undefined) ?? pod.metadata.name ?? '';
  const all: Environment = [
    ['PATH', profile.env[0]![1]],
    ['HOSTNAME', hostname],
  ];
  all.push(...profile.env.slice(1), ...own, ...services, ['HOME', '/root']);
  // Later definitions win, at the position of the first.
  const merged = new Map<string, string>();
  for (const [k, v] of all) merged.set(k, v);
  return [...merged];
}

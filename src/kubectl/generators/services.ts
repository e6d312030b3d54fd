/**
 * Services as kubectl builds them: `kubectl create service clusterip|nodeport|loadbalancer|
 * externalname NAME --tcp=port[:target]` and `kubectl expose TYPE NAME`.
 */
import { KubectlError } from '../errors.js';
import { meta, sortedMap } from './workloads.js';

type Obj = Record<string, unknown>;

/** An int-or-string as kubectl parses `--target-port` and `--tcp` targets. */
export function intOrString(text: string): number | string {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** Options of `kubectl create service <type>`. */
export interface CreateServiceOptions {
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  name: string;
  /** `--tcp` values (`80`, `80:8080`), split on commas. */
  tcp?: string[];
  /** `--clusterip` (`None` for a headless service). */
  clusterIP?: string;
  nodePort?: number;
  externalName?: string;
}

/** `kubectl create service <type> NAME`. */
export function createServiceObject(o: CreateServiceOptions): Obj {
  const tcp = o.tcp ?? [];
  if (o.type !== 'ExternalName' && tcp.length === 0 && o.clusterIP !== 'None')
    throw new KubectlError('at least one tcp port specifier must be provided');
  const ports: Obj[] = [];
  for (const spec of tcp) {
    const parts = spec.split(':');
    if (parts.length > 2) throw new KubectlError(`invalid port format: ${spec}`);
    const port = Number(parts[0]);
    if (!/^\d+$/.test(parts[0]!) || port > 65535)
      throw new KubectlError(`strconv.Atoi: parsing "${parts[0]}": invalid syntax`);
    const target = parts.length === 2 ? intOrString(parts[1]!) : port;
    const p: Obj = {
      name: parts.length === 2 ? `${parts[0]}-${parts[1]}` : parts[0],
      protocol: 'TCP',
      port,
      targetPort: target,
    };
    if (o.type === 'NodePort' && o.nodePort !== undefined && o.nodePort > 0) p.nodePort = o.nodePort;
    ports.push(p);
  }
  const labels = { app: o.name };
  const spec: Obj = {};
  if (ports.length > 0) spec.ports = ports;
  if (o.type !== 'ExternalName') spec.selector = sortedMap(labels);
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  spec.type = o.type;
  if (o.externalName) spec.externalName = o.externalName;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: meta(o.name, labels),
    spec,
    status: { loadBalancer: {} },
  };
}

/** Options of `kubectl expose`. */
export interface ExposeOptions {
  /** `--name`, else the exposed object's name. */
  name?: string;
  /** `--port`. */
  port?: string;
  /** `--target-port`. */
  targetPort?: string;
  /** `--type`. */
  type?: string;
  protocol?: string;
  /** `--selector`. */
  selector?: string;
  /** `--labels`. */
  labels?: string;
  clusterIP?: string;
  externalIP?: string;
  sessionAffinity?: string;
}

function parseSelector(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new KubectlError(`invalid selector: ${spec}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** The selector kubectl exposes for an object, or an error text. */
function selectorOf(obj: Obj): Record<string, string> {
  const kind = obj.kind as string;
  const m = (obj.metadata ?? {}) as Obj;
  const spec = (obj.spec ?? {}) as Obj;
  if (kind === 'Pod') return { ...((m.labels ?? {}) as Record<string, string>) };
  if (kind === 'Service') return { ...((spec.selector ?? {}) as Record<string, string>) };
  if (kind === 'ReplicationController') return { ...((spec.selector ?? {}) as Record<string, string>) };
  if (kind === 'Deployment' || kind === 'ReplicaSet') {
    const sel = (spec.selector ?? {}) as {
      matchLabels?: Record<string, string>;
      matchExpressions?: unknown[];
    };
    if (sel.matchExpressions && sel.matchExpressions.length > 0)
      throw new KubectlError(
        `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map: matchExpressions are not supported`,
      );
    return { ...(sel.matchLabels ?? {}) };
  }
  throw new KubectlError(`cannot expose a ${kind}`);
}

/** The container ports (as numbers) and their protocols of a pod template or a service. */
function portsOf(obj: Obj): { port: number | string; protocol: string; name?: string }[] {
  const kind = obj.kind as string;
  const spec = (obj.spec ?? {}) as Obj;
  if (kind === 'Service')
    return ((spec.ports ?? []) as Obj[]).map((p) => ({
      port: p.port as number,
      protocol: (p.protocol as string) ?? 'TCP',
      name: p.name as string | undefined,
    }));
  const podSpec = (kind === 'Pod' ? spec : ((spec.template as Obj | undefined)?.spec ?? {})) as Obj;
  const out: { port: number; protocol: string }[] = [];
  for (const c of (podSpec.containers ?? []) as Obj[])
    for (const p of (c.ports ?? []) as Obj[])
      out.push({ port: p.containerPort as number, protocol: (p.protocol as string) ?? 'TCP' });
  return out;
}

/** `kubectl expose <kind> NAME`: a Service over the object's pods. */
export function exposeServiceObject(obj: Obj, o: ExposeOptions): Obj {
  const m = (obj.metadata ?? {}) as Obj;
  const name = o.name || (m.name as string);
  const selector = o.selector ? parseSelector(o.selector) : selectorOf(obj);
  if (Object.keys(selector).length === 0)
    throw new KubectlError(
      `couldn't retrieve selectors via --selector flag or introspection: the ${obj.kind as string} has no selector`,
    );
  const labels = o.labels ? parseSelector(o.labels) : ((m.labels ?? {}) as Record<string, string>);
  let ports: { port: number | string; protocol: string; name?: string }[];
  if (o.port) {
    ports = o.port.split(',').map((p) => ({ port: p, protocol: o.protocol ?? 'TCP' }));
  } else {
    ports = portsOf(obj);
    if (ports.length === 0) throw new KubectlError("couldn't find port via --port flag or introspection");
    if (o.protocol) ports = ports.map((p) => ({ ...p, protocol: o.protocol! }));
  }
  const servicePorts = ports.map((p, i) => {
    const port = Number(p.port);
    if (!Number.isInteger(port))
      throw new KubectlError(`strconv.Atoi: parsing "${String(p.port)}": invalid syntax`);
    const sp: Obj = {};
    if (ports.length > 1) sp.name = p.name ?? `port-${i + 1}`;
    sp.protocol = p.protocol;
    sp.port = port;
    sp.targetPort = o.targetPort ? intOrString(o.targetPort) : port;
    return sp;
  });
  const spec: Obj = { ports: servicePorts, selector: sortedMap(selector) };
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  if (o.type) spec.type = o.type;
  if (o.externalIP) spec.externalIPs = [o.externalIP];
  if (o.sessionAffinity) spec.sessionAffinity = o.sessionAffinity;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: meta(name, labels),
    spec,
    status: { loadBalancer: {} },
  };
}

/** `kubectl describe` for Services, Endpoints and Ingresses. */
import type { KubeObject } from '../../cluster/types.js';
import { formatLabels } from '../../cluster/printers/table.js';
import { describeEvents } from './events.js';
import { annotationsMultiline, arr, labelsMultiline, num, rec, str, type Obj } from './format.js';
import { fetchEvents, type DescribeContext } from './source.js';
import { L0, L1, L2, tabbedString } from './writer.js';

/** `ip:port,...` of an Endpoints for the named service ports, at most three (formatEndpoints). */
export function formatEndpoints(endpoints: Obj | undefined, ports: Set<string> | undefined): string {
  const subsets = arr(rec(endpoints).subsets);
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = arr(ss.addresses);
    const ssPorts = arr(ss.ports);
    if (ssPorts.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a.ip));
      }
      continue;
    }
    for (const port of ssPorts) {
      if (ports && !ports.has(str(port.name))) continue;
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        const ip = str(a.ip);
        list.push(`${ip.includes(':') ? `[${ip}]` : ip}:${num(port.port)}`);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

export function renderService(
  svc: KubeObject,
  endpoints: Obj | undefined,
  events: Obj[] | undefined,
  now: number,
): string {
  const spec = rec(svc.spec);
  const status = rec(svc.status);
  const m = svc.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(L0, `Type:\t${str(spec.type)}\n`);
    if (spec.ipFamilyPolicy) w.write(L0, `IP Family Policy:\t${str(spec.ipFamilyPolicy)}\n`);
    const families = arr<string>(spec.ipFamilies);
    w.write(L0, `IP Families:\t${families.length ? families.join(',') : '<none>'}\n`);
    w.write(L0, `IP:\t${str(spec.clusterIP)}\n`);
    const ips = arr<string>(spec.clusterIPs);
    w.write(L0, `IPs:\t${ips.length ? ips.join(',') : '<none>'}\n`);
    if (arr(spec.externalIPs).length)
      w.write(L0, `External IPs:\t${arr<string>(spec.externalIPs).join(',')}\n`);
    if (str(spec.loadBalancerIP)) w.write(L0, `Desired LoadBalancer IP:\t${str(spec.loadBalancerIP)}\n`);
    if (str(spec.externalName)) w.write(L0, `External Name:\t${str(spec.externalName)}\n`);
    const ingress = arr(rec(status.loadBalancer).ingress);
    if (ingress.length)
      w.write(L0, `LoadBalancer Ingress:\t${ingress.map((i) => str(i.ip) || str(i.hostname)).join(', ')}\n`);
    for (const sp of arr(spec.ports)) {
      const name = str(sp.name) || '<unset>';
      const protocol = str(sp.protocol);
      w.write(L0, `Port:\t${name}\t${num(sp.port)}/${protocol}\n`);
      const target = sp.targetPort;
      w.write(L0, `TargetPort:\t${typeof target === 'string' ? target : num(target)}/${protocol}\n`);
      if (num(sp.nodePort) !== 0) w.write(L0, `NodePort:\t${name}\t${num(sp.nodePort)}/${protocol}\n`);
      w.write(L0, `Endpoints:\t${formatEndpoints(endpoints, new Set([str(sp.name)]))}\n`);
    }
    w.write(L0, `Session Affinity:\t${str(spec.sessionAffinity)}\n`);
    const timeout = rec(rec(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (spec.sessionAffinity === 'ClientIP' && typeof timeout === 'number')
      w.write(L0, `Session Affinity Timeout:\t${timeout}\n`);
    if (str(spec.externalTrafficPolicy))
      w.write(L0, `External Traffic Policy:\t${str(spec.externalTrafficPolicy)}\n`);
    if (str(spec.internalTrafficPolicy))
      w.write(L0, `Internal Traffic Policy:\t${str(spec.internalTrafficPolicy)}\n`);
    if (num(spec.healthCheckNodePort) !== 0)
      w.write(L0, `HealthCheck NodePort:\t${num(spec.healthCheckNodePort)}\n`);
    if (arr(spec.loadBalancerSourceRanges).length)
      w.write(L0, `LoadBalancer Source Ranges:\t${arr<string>(spec.loadBalancerSourceRanges).join(',')}\n`);
    describeEvents(events, w, now);
  });
}

async function getOrUndefined(ctx: DescribeContext, resource: string, ns: string | undefined, name: string) {
  try {
    return await ctx.source.get(resource, ns, name);
  } catch {
    return undefined;
  }
}

export async function describeService(svc: KubeObject, ctx: DescribeContext): Promise<string> {
  const endpoints = await getOrUndefined(ctx, 'endpoints', svc.metadata.namespace, str(svc.metadata.name));
  return renderService(svc, endpoints, await fetchEvents(ctx, svc), ctx.now);
}

export function renderEndpoints(ep: KubeObject, events: Obj[] | undefined, now: number): string {
  const m = ep.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, 'Subsets:\n');
    for (const ss of arr(ep.subsets)) {
      const ready = arr(ss.addresses)
        .map((a) => str(a.ip))
        .join(',');
      w.write(L1, `Addresses:\t${ready || '<none>'}\n`);
      const notReady = arr(ss.notReadyAddresses)
        .map((a) => str(a.ip))
        .join(',');
      w.write(L1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
      if (arr(ss.ports).length > 0) {
        w.write(L1, 'Ports:\n');
        w.write(L2, 'Name\tPort\tProtocol\n');
        w.write(L2, '----\t----\t--------\n');
        for (const p of arr(ss.ports))
          w.write(L2, `${str(p.name) || '<unset>'}\t${num(p.port)}\t${str(p.protocol)}\n`);
      }
      w.write(L0, '\n');
    }
    describeEvents(events, w, now);
  });
}

export async function describeEndpoints(ep: KubeObject, ctx: DescribeContext): Promise<string> {
  return renderEndpoints(ep, await fetchEvents(ctx, ep), ctx.now);
}

function backendPort(port: Obj): string {
  return str(port.name) || String(num(port.number));
}

async function describeBackend(
  ctx: DescribeContext,
  ns: string | undefined,
  backend: Obj | undefined,
): Promise<string> {
  const b = rec(backend);
  if (b.resource) {
    const r = rec(b.resource);
    return `APIGroup: ${str(r.apiGroup)}, Kind: ${str(r.kind)}, Name: ${str(r.name)}`;
  }
  const service = rec(b.service);
  const name = str(service.name);
  const port = rec(service.port);
  let endpoints: KubeObject | undefined;
  let svc: KubeObject | undefined;
  try {
    endpoints = await ctx.source.get('endpoints', ns, name);
    svc = await ctx.source.get('services', ns, name);
  } catch (err) {
    return `<error: ${(err as Error).message}>`;
  }
  if (!endpoints) return `<error: endpoints "${name}" not found>`;
  if (!svc) return `<error: services "${name}" not found>`;
  let spName = '';
  for (const sp of arr(rec(svc.spec).ports)) {
    if (num(port.number) !== 0 && num(port.number) === num(sp.port)) spName = str(sp.name);
    else if (str(port.name) && str(port.name) === str(sp.name)) spName = str(sp.name);
  }
  return `${name}:${backendPort(port)} (${formatEndpoints(endpoints, new Set([spName]))})`;
}

export async function describeIngress(ing: KubeObject, ctx: DescribeContext): Promise<string> {
  const spec = rec(ing.spec);
  const m = ing.metadata;
  const ns = m.namespace;
  const defaultBackend = spec.defaultBackend
    ? await describeBackend(ctx, ns, rec(spec.defaultBackend))
    : '<default>';
  const rules: { host: string; paths: { path: string; backend: string }[] }[] = [];
  for (const rule of arr(spec.rules)) {
    if (!rule.http) continue;
    const paths = [];
    for (const p of arr(rec(rule.http).paths))
      paths.push({ path: str(p.path), backend: await describeBackend(ctx, ns, rec(p.backend)) });
    rules.push({ host: str(rule.host) || '*', paths });
  }
  const events = await fetchEvents(ctx, ing);
  const address = arr(rec(rec(ing.status).loadBalancer).ingress)
    .map((i) => str(i.ip) || str(i.hostname))
    .join(',');
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    w.write(L0, `Address:\t${address}\n`);
    w.write(L0, `Ingress Class:\t${spec.ingressClassName ? str(spec.ingressClassName) : '<none>'}\n`);
    w.write(L0, `Default backend:\t${defaultBackend}\n`);
    const tls = arr(spec.tls);
    if (tls.length) {
      w.write(L0, 'TLS:\n');
      for (const t of tls) {
        const hosts = arr<string>(t.hosts).join(',');
        if (!str(t.secretName)) w.write(L1, `SNI routes ${hosts}\n`);
        else w.write(L1, `${str(t.secretName)} terminates ${hosts}\n`);
      }
    }
    w.write(L0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(L1, '----\t----\t--------\n');
    for (const r of rules) {
      w.write(L1, `${r.host}\t\n`);
      for (const p of r.paths) w.write(L2, `\t${p.path} \t${p.backend}\n`);
    }
    if (rules.length === 0) w.write(L1, `*\t*\t${defaultBackend}\n`);
    annotationsMultiline(w, 'Annotations', m.annotations);
    describeEvents(events, w, now(ctx));
  });
}

function now(ctx: DescribeContext): number {
  return ctx.now;
}

/**
 * Simulated traffic: an HTTP request from a pod to a URL, the way the packets would go. The host
 * is resolved by cluster DNS (dns.ts); a Service's ClusterIP is translated to one ready endpoint
 * chosen at random from the world's seeded generator, as kube-proxy's iptables mode does
 * (ClientIP session affinity pins a client to one endpoint for `timeoutSeconds`); the pod answers
 * if one of its containers' images listens on the port (kubelet/images.ts). Servers that write
 * access logs get a line per request, and each request counts as load for the metrics API.
 */
import type { ClusterClient, Clock, KubeObject } from '../types.js';
import { lookupImage, type ImageSpec } from '../kubelet/images.js';
import { toTimestamp } from '../controllers/time.js';
import { isIP, resolveName, serviceEndpoints, type ServiceEndpoint } from './dns.js';
import { MAX_ACCESS_LINES, type WorldState } from './state.js';

/** Who sends a request: a pod (object or `namespace/name`), or just a namespace (`{ namespace }`). */
export type TrafficSource = KubeObject | string | { namespace: string; ip?: string };

/** What a request got. */
export interface TrafficResult {
  ok: boolean;
  /** HTTP status when a server answered. */
  status?: number;
  body?: string;
  /** The pod that answered. */
  pod?: { namespace: string; name: string; ip: string };
  /** The Service the request went through. */
  service?: { namespace: string; name: string; clusterIP?: string };
  /** Why it failed, in the words a client prints. */
  error?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Common Log Format time: `23/Nov/2026:02:10:00 +0000`. */
export function clfTime(ms: number): string {
  const [, y, m, d, time] = /^(\d+)-(\d+)-(\d+)T([\d:]+)Z$/.exec(toTimestamp(ms))!;
  return `${d}/${MONTHS[Number(m) - 1]}/${y}:${time} +0000`;
}

/** `2026/11/23 02:10:00`, the time format of the course's sample apps. */
function isoTime(ms: number): string {
  return toTimestamp(ms).replace(/-/g, '/').replace('T', ' ').replace('Z', '');
}

interface Caller {
  namespace: string;
  ip: string;
}

function callerOf(client: ClusterClient, from: TrafficSource): Caller {
  if (typeof from === 'string') {
    const [ns, name] = from.includes('/') ? (from.split('/', 2) as [string, string]) : ['default', from];
    const pod = client.get('pods', ns, name, { shared: true }); // read only
    if (!pod) throw new Error(`no pod ${ns}/${name} to send the request from`);
    return { namespace: ns, ip: pod.status?.podIP ?? '' };
  }
  if ('kind' in from && from.kind === 'Pod') {
    const pod = from as KubeObject;
    return { namespace: pod.metadata.namespace ?? 'default', ip: pod.status?.podIP ?? '' };
  }
  const f = from as { namespace: string; ip?: string };
  return { namespace: f.namespace, ip: f.ip ?? '10.244.0.1' };
}

function parseUrl(url: string): { scheme: string; host: string; port: number; path: string } | undefined {
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([^?#]*)?/.exec(url.trim());
  if (!m) return undefined;
  const scheme = m[1]!;
  return {
    scheme,
    host: m[2]!,
    port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80,
    path: m[4] || '/',
  };
}

/** The body a server image answers with. */
function responseBody(spec: ImageSpec, tag: string, pod: KubeObject, status: number): string {
  if (status === 404) {
    return spec.repository === 'nginx'
      ? '<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'
      : '404 page not found\n';
  }
  switch (spec.repository) {
    case 'nginx':
      return '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n';
    case 'httpd':
      return '<html><body><h1>It works!</h1></body></html>\n';
    case 'cadet/hello':
      return `Hello from ${pod.metadata.name} (version ${tag})\n`;
    default:
      return 'OK\n';
  }
}

function httpStatus(spec: ImageSpec, path: string): number {
  const clean = path.split('?')[0] || '/';
  const hit = spec.httpPaths.some(
    (p) => clean === p || (p !== '/' && clean.startsWith(p.endsWith('/') ? p : `${p}/`)),
  );
  return hit ? 200 : 404;
}

function accessLine(
  spec: ImageSpec,
  client: string,
  at: number,
  path: string,
  status: number,
): string | undefined {
  if (!spec.accessLog) return undefined;
  const time = spec.repository === 'nginx' || spec.repository === 'httpd' ? clfTime(at) : isoTime(at);
  return spec.accessLog
    .replace(/\{client\}/g, client)
    .replace(/\{time\}/g, time)
    .replace(/\{path\}/g, path)
    .replace(/ 200( |$)/, ` ${status}$1`);
}

/** The container of `pod` listening on `port` (by the image catalogue), with its image. */
function listener(pod: KubeObject, port: number): { name: string; spec: ImageSpec; tag: string } | undefined {
  for (const c of (pod.spec?.containers ?? []) as { name: string; image: string }[]) {
    const running = (
      (pod.status?.containerStatuses ?? []) as { name: string; state?: { running?: unknown } }[]
    ).find((s) => s.name === c.name)?.state?.running;
    if (!running) continue;
    const found = lookupImage(c.image);
    if (found.spec?.ports.includes(port)) return { name: c.name, spec: found.spec, tag: found.ref.tag };
  }
  return undefined;
}

/** Sends simulated requests through the cluster's objects. */
export class Traffic {
  constructor(
    private readonly client: ClusterClient,
    private readonly clock: Clock,
    private readonly state: WorldState,
  ) {}

  /** An HTTP GET of `url` from `from`. Never throws for network failures: they are in `error`. */
  request(from: TrafficSource, url: string): TrafficResult {
    const caller = callerOf(this.client, from);
    const u = parseUrl(url);
    if (!u) return { ok: false, error: `URL rejected: Malformed input to a URL function` };
    let ip = u.host;
    if (!isIP(u.host)) {
      let name = u.host;
      for (let hops = 0; ; hops++) {
        const a = resolveName(this.client, name, caller.namespace);
        if (a.kind === 'NXDOMAIN') return { ok: false, error: `Could not resolve host: ${u.host}` };
        if (a.kind === 'A') {
          ip =
            a.addresses.length === 1
              ? a.addresses[0]!
              : a.addresses[this.state.random.int(a.addresses.length)]!;
          break;
        }
        // ExternalName: follow the CNAME while it stays inside the cluster.
        if (hops >= 8 || !a.target) return { ok: false, error: `Could not resolve host: ${u.host}` };
        name = a.target.endsWith('.') ? a.target : `${a.target}.`;
        if (!answerIsCluster(name))
          return {
            ok: false,
            error: `Could not resolve host: ${a.target} (an external name; the simulated cluster has no outside network)`,
          };
      }
    }
    return this.connect(caller, ip, u.port, u.path);
  }

  private connect(caller: Caller, ip: string, port: number, path: string): TrafficResult {
    const service = this.client
      .list('services', { shared: true }) // read only
      .items.find((s) => s.spec?.clusterIP === ip && ip !== 'None');
    if (service) return this.viaService(caller, service, port, path);
    const pod = this.podAt(ip);
    if (!pod)
      return {
        ok: false,
        error: `Failed to connect to ${ip} port ${port} after 3002 ms: Connection timed out`,
      };
    return this.deliver(caller, pod, ip, port, path);
  }

  private podAt(ip: string): KubeObject | undefined {
    return this.client
      .list('pods', { shared: true }) // read only
      .items.find((p) => p.status?.podIP === ip && !p.spec?.hostNetwork && p.status?.phase === 'Running');
  }

  private viaService(caller: Caller, service: KubeObject, port: number, path: string): TrafficResult {
    const ns = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const info = { namespace: ns, name, clusterIP: service.spec?.clusterIP as string };
    const sp = (
      (service.spec?.ports ?? []) as {
        name?: string;
        port: number;
        protocol?: string;
        targetPort?: number | string;
      }[]
    ).find((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
    if (!sp)
      return {
        ok: false,
        service: info,
        error: `Failed to connect to ${info.clusterIP} port ${port} after 3002 ms: Connection timed out`,
      };
    const ready = serviceEndpoints(this.client, service).filter(
      (e) => e.ready && e.ports[sp.name ?? ''] !== undefined,
    );
    if (!ready.length)
      return { ok: false, service: info, error: `no endpoints available for service "${name}"` };
    const chosen = this.choose(service, port, caller.ip, ready);
    const pod = chosen.pod
      ? this.client.get('pods', chosen.pod.namespace, chosen.pod.name, { shared: true }) // read only
      : this.podAt(chosen.ip);
    if (!pod)
      return {
        ok: false,
        service: info,
        error: `Failed to connect to ${chosen.ip} port ${chosen.ports[sp.name ?? '']}: No route to host`,
      };
    return { ...this.deliver(caller, pod, chosen.ip, chosen.ports[sp.name ?? '']!, path), service: info };
  }

  /** kube-proxy's choice: the affinity entry while it lasts, else uniformly at random. */
  private choose(
    service: KubeObject,
    port: number,
    clientIP: string,
    ready: ServiceEndpoint[],
  ): ServiceEndpoint {
    const now = this.clock.now();
    const affinity = service.spec?.sessionAffinity === 'ClientIP';
    const key = `${service.metadata.namespace}/${service.metadata.name}:${port}|${clientIP}`;
    if (affinity) {
      const entry = this.state.affinity.get(key);
      const pinned = entry && entry.until > now ? ready.find((e) => e.ip === entry.ip) : undefined;
      const timeout = Number(service.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800);
      const chosen = pinned ?? ready[this.state.random.int(ready.length)]!;
      this.state.affinity.set(key, { ip: chosen.ip, until: now + timeout * 1000 });
      return chosen;
    }
    return ready[this.state.random.int(ready.length)]!;
  }

  private deliver(caller: Caller, pod: KubeObject, ip: string, port: number, path: string): TrafficResult {
    const who = { namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', ip };
    const l = listener(pod, port);
    if (!l)
      return {
        ok: false,
        pod: who,
        error: `Failed to connect to ${ip} port ${port} after 0 ms: Connection refused`,
      };
    if (!l.spec.httpPaths.length) return { ok: false, pod: who, error: 'Empty reply from server' };
    const now = this.clock.now();
    const status = httpStatus(l.spec, path);
    const uid = pod.metadata.uid ?? '';
    const line = accessLine(l.spec, caller.ip, now, path, status);
    if (line) {
      const key = `${uid}/${l.name}`;
      const lines = this.state.accessLogs.get(key) ?? [];
      lines.push({ at: now, text: line });
      if (lines.length > MAX_ACCESS_LINES) lines.splice(0, lines.length - MAX_ACCESS_LINES);
      this.state.accessLogs.set(key, lines);
    }
    const served = this.state.served.get(uid) ?? [];
    served.push(now);
    while (served.length && served[0]! < now - 60_000) served.shift();
    this.state.served.set(uid, served);
    return { ok: true, status, body: responseBody(l.spec, l.tag, pod, status), pod: who };
  }
}

function answerIsCluster(name: string): boolean {
  return /\.cluster\.local\.?$/.test(name);
}

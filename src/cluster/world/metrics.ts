/**
 * The resource metrics API (metrics.k8s.io/v1beta1) as metrics-server would serve it: PodMetrics
 * and NodeMetrics computed from the image catalogue's CPU and memory, idle to under load, where
 * load is the traffic a pod served in the last minute (10 requests a second is full load) or a
 * load set by hand. Nodes whose kubelet is stopped cannot be scraped and are left out, with their pods.
 */
import type { ClusterClient, Clock, KubeObject } from '../types.js';
import { toTimestamp } from '../controllers/time.js';
import { fnv32a } from '../machinery/random.js';
import { lookupImage } from '../kubelet/images.js';
import { SYSTEM_USAGE } from './system-objects.js';
import type { WorldState } from './state.js';

/** Requests per second that count as full load. */
export const FULL_LOAD_RPS = 10;
/** metrics-server's scrape interval: samples change at most this often. */
export const SCRAPE_MS = 15_000;
/** What the OS, kubelet and containerd use on every node (millicores, MiB). */
export const NODE_OVERHEAD = { cpu: 60, memory: 420 };

/** CPU (millicores) and memory (MiB) of one container. */
export interface Usage {
  cpu: number;
  memory: number;
}

/** The load factor (0..1) of a pod at `now`: its traffic in the last minute, or the load set by hand. */
export function loadOf(state: WorldState, uid: string, now: number): number {
  const manual = state.manualLoad.get(uid);
  const served = (state.served.get(uid) ?? []).filter((t) => t > now - 60_000 && t <= now).length;
  const traffic = Math.min(1, served / 60 / FULL_LOAD_RPS);
  return Math.min(1, Math.max(manual ?? 0, traffic));
}

function jitter(seed: string): number {
  return 0.97 + (fnv32a(seed) % 600) / 10_000;
}

function running(pod: KubeObject, container: string): boolean {
  return ((pod.status?.containerStatuses ?? []) as { name: string; state?: { running?: unknown } }[]).some(
    (s) => s.name === container && !!s.state?.running,
  );
}

/**
 * Usage of each running container of `pod` at `now` (sampled at the last scrape). Containers
 * that are not running are left out; an unknown image uses nothing.
 */
export function podUsage(pod: KubeObject, state: WorldState, now: number): { name: string; usage: Usage }[] {
  const sample = now - (now % SCRAPE_MS);
  const f = loadOf(state, pod.metadata.uid ?? '', now);
  const out: { name: string; usage: Usage }[] = [];
  for (const c of (pod.spec?.containers ?? []) as { name: string; image: string }[]) {
    if (!running(pod, c.name)) continue;
    const spec = lookupImage(c.image).spec;
    const system = SYSTEM_USAGE[c.name];
    const base = spec
      ? {
          cpu: spec.cpu.idle + (spec.cpu.load - spec.cpu.idle) * f,
          memory: spec.memory.idle + (spec.memory.load - spec.memory.idle) * f,
        }
      : (system ?? { cpu: 0, memory: 0 });
    const j = jitter(`${pod.metadata.uid}/${c.name}/${sample}`);
    out.push({ name: c.name, usage: { cpu: base.cpu * j, memory: base.memory * j } });
  }
  return out;
}

const nanocores = (millicores: number): string => `${Math.round(millicores * 1_000_000)}n`;
const kibibytes = (mib: number): string => `${Math.round(mib * 1024)}Ki`;

/** Serves NodeMetrics and PodMetrics for the API layer's metrics provider. */
export class Metrics {
  constructor(
    private readonly client: ClusterClient,
    private readonly clock: Clock,
    private readonly state: WorldState,
  ) {}

  private scraped(): { now: number; sample: number; pods: KubeObject[] } {
    const now = this.clock.now();
    const pods = this.client
      .list('pods')
      .items.filter(
        (p) =>
          p.spec?.nodeName && !this.state.stoppedNodes.has(p.spec.nodeName) && p.status?.phase === 'Running',
      );
    return { now, sample: now - (now % SCRAPE_MS), pods };
  }

  /** PodMetrics of running pods on reachable nodes (of one namespace when given). */
  podMetrics(namespace?: string): KubeObject[] {
    const { now, sample, pods } = this.scraped();
    return pods
      .filter((p) => !namespace || p.metadata.namespace === namespace)
      .map((p) => ({ pod: p, containers: podUsage(p, this.state, now) }))
      .filter((x) => x.containers.length)
      .map(({ pod, containers }) => ({
        kind: 'PodMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: {
          name: pod.metadata.name,
          namespace: pod.metadata.namespace,
          creationTimestamp: toTimestamp(now),
          labels: pod.metadata.labels ?? {},
        },
        timestamp: toTimestamp(sample),
        window: '15s',
        containers: containers.map((c) => ({
          name: c.name,
          usage: { cpu: nanocores(c.usage.cpu), memory: kibibytes(c.usage.memory) },
        })),
      }));
  }

  /** NodeMetrics of reachable nodes: their pods plus the node's own overhead. */
  nodeMetrics(): KubeObject[] {
    const { now, sample, pods } = this.scraped();
    return this.client
      .list('nodes')
      .items.filter((n) => !this.state.stoppedNodes.has(n.metadata.name ?? ''))
      .map((node) => {
        const total = { ...NODE_OVERHEAD };
        for (const p of pods) {
          if (p.spec.nodeName !== node.metadata.name) continue;
          for (const c of podUsage(p, this.state, now)) {
            total.cpu += c.usage.cpu;
            total.memory += c.usage.memory;
          }
        }
        return {
          kind: 'NodeMetrics',
          apiVersion: 'metrics.k8s.io/v1beta1',
          metadata: {
            name: node.metadata.name,
            creationTimestamp: toTimestamp(now),
            labels: node.metadata.labels ?? {},
          },
          timestamp: toTimestamp(sample),
          window: '15s',
          usage: { cpu: nanocores(total.cpu), memory: kibibytes(total.memory) },
        };
      });
  }
}

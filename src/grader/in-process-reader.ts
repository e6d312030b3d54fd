/** A `ClusterReader` over an in-process Cluster with a world; time is the cluster's virtual clock. */
import type { Cluster, KubeObject } from '../cluster/index.js';
import { VirtualClock } from '../cluster/clock.js';
import type { ClusterReader, ListQuery } from './reader.js';
import type { ChaosAction } from './types.js';
import { clientName, resourceOf } from './kinds.js';

const byKey = (a: KubeObject, b: KubeObject): number =>
  (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/** Pods a deletePod action names: by name, else by selector (the first `count`, by name). */
export function podsToDelete(pods: KubeObject[], target: { name?: string; count?: number }): KubeObject[] {
  const live = pods.filter((p) => !p.metadata.deletionTimestamp).sort(byKey);
  if (target.name) return live.filter((p) => p.metadata.name === target.name);
  return live.slice(0, target.count ?? 1);
}

/** Controllers whose timers only renew node leases, report node status, and check both. */
const HEARTBEAT_CONTROLLERS = new Set(['node-heartbeat', 'node-lifecycle']);

/**
 * `ClusterReader.quietFor` for an in-process cluster: true when, for the next `ms` of virtual
 * time, nothing can run but node heartbeats, which change only Leases and Nodes' heartbeat
 * times. That holds when the world's controller runtime has no queued key, every timer on the
 * clock is one of its requeue timers (no grace-period deletion, garbage collection, watch or
 * log stream pending), the timers due within `ms` belong to the node heartbeat and node
 * monitor controllers only, and every node is Ready, has no NoExecute taint and has its
 * heartbeat armed (no node stopped, so the monitor finds every lease fresh and does nothing).
 */
export function quiet(cluster: Cluster, clock: VirtualClock, ms: number): boolean {
  const world = cluster.world;
  if (!world) return false;
  const work = world.runtime.pendingWork();
  if (work.queued || clock.pending !== work.timers.length) return false;
  const horizon = clock.now() + ms;
  if (work.timers.some((t) => t.at <= horizon && !HEARTBEAT_CONTROLLERS.has(t.controller))) return false;
  const beating = new Set(work.timers.filter((t) => t.controller === 'node-heartbeat').map((t) => t.key));
  if (world.state.stoppedNodes.size) return false;
  return cluster.client.list('nodes', { shared: true }).items.every((node) => {
    const conditions = (node.status?.conditions ?? []) as { type?: string; status?: string }[];
    const taints = ((node.spec as { taints?: { effect?: string }[] } | undefined)?.taints ?? []) as {
      effect?: string;
    }[];
    return (
      beating.has(`/${node.metadata.name ?? ''}`) &&
      conditions.some((c) => c.type === 'Ready' && c.status === 'True') &&
      !taints.some((t) => t.effect === 'NoExecute')
    );
  });
}

/** Reads (and shakes) an in-process cluster. With a VirtualClock, `wait` advances it. */
export function inProcessReader(cluster: Cluster): ClusterReader {
  const clock = cluster.clock;
  return {
    time: clock instanceof VirtualClock ? 'virtual' : 'real',
    async list(query: ListQuery): Promise<KubeObject[]> {
      const info = resourceOf(query.kind, query.apiVersion);
      if (!info) return [];
      const items = cluster.client.list(clientName(info), {
        ...(info.namespaced && query.namespace ? { namespace: query.namespace } : {}),
        ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}),
        shared: true,
      }).items;
      return [...items].sort(byKey);
    },
    async wait(ms: number): Promise<void> {
      if (clock instanceof VirtualClock) clock.advance(ms);
      else await new Promise<void>((resolve) => clock.at(clock.now() + ms, resolve));
    },
    async chaos(action: ChaosAction): Promise<string> {
      const world = cluster.world;
      if (!world) throw new Error('this cluster has no simulated world to perform chaos on');
      if ('deletePod' in action) {
        const t = action.deletePod;
        const ns = t.namespace ?? 'default';
        const pods = cluster.client.list('pods', {
          namespace: ns,
          ...(t.selector ? { labelSelector: t.selector } : {}),
          shared: true,
        }).items;
        const chosen = podsToDelete(pods, t);
        if (!chosen.length)
          throw new Error(`no pod to delete in namespace "${ns}"${t.selector ? ` with ${t.selector}` : ''}`);
        for (const p of chosen) world.chaos.deletePod(ns, p.metadata.name!);
        return `deleted pod ${chosen.map((p) => `${ns}/${p.metadata.name}`).join(', ')}`;
      }
      if ('stopNode' in action) {
        world.chaos.stopNode(action.stopNode);
        return `stopped node ${action.stopNode}`;
      }
      const nodes = world.chaos.zoneDown(action.zoneDown);
      return `took zone ${action.zoneDown} down (${nodes.join(', ')})`;
    },
    quietFor(ms: number): boolean {
      return clock instanceof VirtualClock && quiet(cluster, clock, ms);
    },
    trafficMark(): string {
      return JSON.stringify(cluster.world?.state.random.state() ?? null);
    },
    async request(namespace, url) {
      const world = cluster.world;
      if (!world) return { ok: false, error: 'this cluster has no simulated network' };
      return world.request({ namespace }, url);
    },
  };
}

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
    async request(namespace, url) {
      const world = cluster.world;
      if (!world) return { ok: false, error: 'this cluster has no simulated network' };
      return world.request({ namespace }, url);
    },
  };
}

/**
 * What the cluster map draws, computed from the cluster's objects. Pure: reads through a
 * `ClusterClient` (shared, frozen lists; nothing is copied or written).
 */
import type { ClusterClient, KubeObject } from '../../cluster/types.js';
import type { ClusterView, MapEvent, MapNode, MapPod, MapService, MapWorkload } from './types.js';

const ZONE = 'topology.kubernetes.io/zone';

function list(client: ClusterClient, resource: string): KubeObject[] {
  return client.list(resource, { shared: true }).items;
}

function controller(o: KubeObject): string | undefined {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}

function condition(o: KubeObject, type: string): string | undefined {
  const conditions = (o.status?.conditions ?? []) as { type: string; status: string }[];
  return conditions.find((c) => c.type === type)?.status;
}

export function nodeOf(o: KubeObject): MapNode {
  const labels = o.metadata.labels ?? {};
  const ready = condition(o, 'Ready');
  return {
    name: o.metadata.name ?? '',
    zone: labels[ZONE] ?? '(no zone)',
    role: 'node-role.kubernetes.io/control-plane' in labels ? 'control-plane' : 'worker',
    ready: ready === 'True' || ready === 'False' ? ready : 'Unknown',
    unschedulable: !!o.spec?.unschedulable,
  };
}

export function podOf(o: KubeObject): MapPod {
  const statuses = (o.status?.containerStatuses ?? []) as { restartCount?: number }[];
  const owner = controller(o);
  return {
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
    node: (o.spec?.nodeName as string | undefined) ?? '',
    phase: o.metadata.deletionTimestamp
      ? 'Terminating'
      : ((o.status?.phase as string | undefined) ?? 'Pending'),
    ready: condition(o, 'Ready') === 'True',
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    ...(owner ? { owner } : {}),
    labels: { ...(o.metadata.labels ?? {}) },
  };
}

function workloadOf(kind: MapWorkload['kind'], o: KubeObject): MapWorkload {
  const owner = controller(o);
  const status = o.status ?? {};
  const desired =
    kind === 'DaemonSet'
      ? ((status.desiredNumberScheduled as number | undefined) ?? 0)
      : ((o.spec?.replicas as number | undefined) ?? 1);
  const ready = kind === 'DaemonSet' ? status.numberReady : status.readyReplicas;
  return {
    kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
    ...(owner ? { owner } : {}),
    desired,
    ready: (ready as number | undefined) ?? 0,
  };
}

function serviceOf(o: KubeObject, endpoints: KubeObject | undefined): MapService {
  const ports = ((o.spec?.ports ?? []) as { port: number; protocol?: string; nodePort?: number }[])
    .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
    .join(',');
  const subsets = (endpoints?.subsets ?? []) as {
    addresses?: { targetRef?: { kind?: string; name?: string; namespace?: string } }[];
  }[];
  const pods = new Set<string>();
  for (const s of subsets)
    for (const a of s.addresses ?? [])
      if (a.targetRef?.kind === 'Pod')
        pods.add(`${a.targetRef.namespace ?? o.metadata.namespace}/${a.targetRef.name}`);
  return {
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
    type: (o.spec?.type as string | undefined) ?? 'ClusterIP',
    clusterIP: (o.spec?.clusterIP as string | undefined) ?? '',
    ports,
    endpoints: [...pods].sort(),
  };
}

export function eventOf(o: KubeObject): MapEvent {
  const involved = (o.involvedObject ?? {}) as { kind?: string; name?: string };
  return {
    time: ((o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp) as string | undefined) ?? '',
    type: (o.type as string | undefined) ?? 'Normal',
    reason: (o.reason as string | undefined) ?? '',
    object: `${involved.kind ?? ''}/${involved.name ?? ''}`,
    namespace: o.metadata.namespace ?? '',
    message: (o.message as string | undefined) ?? '',
  };
}

const byName = (a: { namespace?: string; name: string }, b: { namespace?: string; name: string }): number =>
  `${a.namespace ?? ''}/${a.name}` < `${b.namespace ?? ''}/${b.name}` ? -1 : 1;

/** The whole view. `namespaces` limits pods, workloads, services and events (default: every namespace). */
export function buildView(client: ClusterClient, time: string, namespaces?: readonly string[]): ClusterView {
  const shown = (o: KubeObject): boolean => !namespaces || namespaces.includes(o.metadata.namespace ?? '');
  const endpoints = new Map(
    list(client, 'endpoints').map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]),
  );
  const workloads: MapWorkload[] = [];
  for (const [resource, kind] of [
    ['deployments', 'Deployment'],
    ['replicasets', 'ReplicaSet'],
    ['statefulsets', 'StatefulSet'],
    ['daemonsets', 'DaemonSet'],
  ] as const) {
    for (const o of list(client, resource)) if (shown(o)) workloads.push(workloadOf(kind, o));
  }
  const events = list(client, 'events')
    .filter(shown)
    .map(eventOf)
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
    .slice(-50);
  return {
    time,
    nodes: list(client, 'nodes').map(nodeOf).sort(byName),
    pods: list(client, 'pods').filter(shown).map(podOf).sort(byName),
    workloads: workloads.sort(byName),
    services: list(client, 'services')
      .filter(shown)
      .map((s) => serviceOf(s, endpoints.get(`${s.metadata.namespace}/${s.metadata.name}`)))
      .sort(byName),
    events,
  };
}

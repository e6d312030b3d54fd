/** Fixtures for the world tests: a cluster with the default topology, Deployments and Services as stored after defaulting. */
import { createCluster, VirtualClock, type Cluster, type KubeObject } from '../../src/cluster/index.js';
import type { World } from '../../src/cluster/world/index.js';
import { defaultTolerations } from '../../src/cluster/validation/index.js';

export interface WorldCluster {
  cluster: Cluster;
  clock: VirtualClock;
  world: World;
  pods(ns?: string, selector?: string): KubeObject[];
}

/** A cluster with `topology`, settled for `settleMs` of virtual time. */
export function worldCluster(topology = 'default', settleMs = 30_000, seed = 1): WorldCluster {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, topology, seed });
  clock.advance(settleMs);
  return {
    cluster,
    clock,
    world: cluster.world!,
    pods: (ns = 'default', selector?: string) =>
      cluster.client.list('pods', { namespace: ns, ...(selector ? { labelSelector: selector } : {}) }).items,
  };
}

/** A Deployment with every field the API server would default, and admission's default tolerations. */
export function deployment(
  name: string,
  replicas: number,
  image: string,
  podSpec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name,
              image,
              ports: [{ containerPort: image.startsWith('cadet/hello') ? 8080 : 80, protocol: 'TCP' }],
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
          tolerations: defaultTolerations(),
          ...podSpec,
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
}

/** A ClusterIP Service selecting `app=name` (the address given, as allocation would give one). */
export function service(
  name: string,
  clusterIP: string,
  port: number,
  targetPort: number,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: clusterIP === 'None' ? ['None'] : [clusterIP],
      selector: { app: name },
      ports: [{ port, targetPort, protocol: 'TCP' }],
      sessionAffinity: 'None',
      ...extra,
    },
  };
}

/** Ready condition status of a node. */
export function readyOf(node: KubeObject): string | undefined {
  return (node.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready')?.status;
}

/** Whether a pod is Running and Ready. */
export function podReady(p: KubeObject): boolean {
  return (
    p.status?.phase === 'Running' &&
    (p.status?.conditions ?? []).some(
      (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
    )
  );
}

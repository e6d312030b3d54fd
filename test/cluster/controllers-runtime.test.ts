/**
 * The controller runtime with the standard controllers, on the real cluster core
 * (createCluster) and a virtual clock.
 */
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  createCluster,
  VirtualClock,
  type ClusterClient,
  type KubeObject,
} from '../../src/cluster/index.js';
import { defaultNodes, withRequests } from './fakes/topology.js';
import { deployment } from './fakes/harness.js';
import { ControllerRuntime } from '../../src/cluster/controllers/runtime.js';
import { standardControllers } from '../../src/cluster/controllers/standard.js';

/** Admission in miniature: return an error message to refuse a create. */
type Refuse = (
  resource: string,
  object: KubeObject,
  ctx: { list(resource: string, options?: { namespace?: string }): { items: KubeObject[] } },
) => string | undefined;

interface Env {
  clock: VirtualClock & { flush(): void };
  client: ClusterClient;
  runtime: ControllerRuntime;
  snapshot(): string;
  setRefuse(r: Refuse | undefined): void;
}

function cluster(seed = 1): Env {
  const clock = Object.assign(new VirtualClock(), {
    flush(this: VirtualClock) {
      this.runDue();
    },
  });
  let refuse: Refuse | undefined;
  const c = createCluster({
    clock,
    seed,
    podTermination: 'kubelet',
    hooks: {
      validateAdmission(object, old, ctx) {
        if (old || ctx.operation !== 'CREATE' || ctx.subresource) return;
        const message = refuse?.(ctx.resource.resource, object, ctx);
        if (message)
          throw new ApiError({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message,
            reason: 'Forbidden',
            code: 403,
          });
      },
    },
  });
  for (const n of defaultNodes())
    c.client.create('nodes', { ...n, metadata: { ...n.metadata, uid: undefined } });
  const runtime = new ControllerRuntime(c.client, clock, standardControllers({ seed }));
  runtime.start();
  return {
    clock,
    client: c.client,
    runtime,
    snapshot: () => c.exportSnapshot(),
    setRefuse: (r) => (refuse = r),
  };
}

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
    clusterIP: '10.96.0.10',
  },
};

const live = (client: ClusterClient): KubeObject[] =>
  client.list('pods', { namespace: 'default' }).items.filter((p) => !p.metadata.deletionTimestamp);

describe('controller runtime with the standard controllers', () => {
  it('takes a Deployment and a Service to Ready pods behind endpoints, on virtual time', () => {
    const { clock, client, runtime } = cluster();
    client.create('deployments.apps', deployment('web', 3, 'nginx:1.27'));
    client.create('services', service);
    clock.flush();
    let pods = live(client);
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.spec.nodeName && p.status.phase === 'Pending')).toBe(true);
    // Spread over the three workers, never the control plane.
    expect(new Set(pods.map((p) => p.spec.nodeName))).toEqual(new Set(['worker-1', 'worker-2', 'worker-3']));

    clock.advance(2_000); // image pull
    pods = live(client);
    expect(pods.every((p) => p.status.phase === 'Running')).toBe(true);
    const d = client.get('deployments.apps', 'default', 'web')!;
    expect(d.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status.conditions.map((c: { reason: string }) => c.reason)).toEqual([
      'MinimumReplicasAvailable',
      'NewReplicaSetAvailable',
    ]);
    const ep = client.get('endpoints', 'default', 'web')!;
    const subsets = ep.subsets as { addresses: { ip: string }[]; ports: unknown[] }[];
    expect(subsets).toHaveLength(1);
    expect(subsets[0]!.addresses.map((a: { ip: string }) => a.ip).sort()).toEqual(
      pods.map((p) => p.status.podIP).sort(),
    );
    expect(subsets[0]!.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    const slices = client.list('endpointslices.discovery.k8s.io').items;
    expect(slices).toHaveLength(1);
    expect((slices[0]!.endpoints as { zone: string }[]).map((e: { zone: string }) => e.zone).sort()).toEqual([
      'zone-a',
      'zone-b',
      'zone-c',
    ]);
    expect(runtime.stats.errors).toBe(0);
    expect(runtime.pending).toBe(0);
    // Events tell the story in Kubernetes' words.
    const reasons = new Set(client.list('events').items.map((e) => e.reason));
    for (const r of ['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Pulled', 'Created', 'Started'])
      expect(reasons).toContain(r);
  });

  it('heals after a pod is deleted: a replacement starts and the old pod terminates', () => {
    const { clock, client } = cluster();
    client.create('deployments.apps', deployment('web', 3, 'nginx:1.27'));
    clock.flush();
    clock.advance(5_000);
    const victim = live(client)[0]!;
    client.delete('pods', 'default', victim.metadata.name!);
    clock.flush();
    expect(live(client)).toHaveLength(3);
    expect(live(client).map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    clock.advance(1_000); // nginx stops within its grace period; the kubelet removes the pod
    expect(client.get('pods', 'default', victim.metadata.name!)).toBeUndefined();
    clock.advance(5_000);
    expect(live(client).every((p) => p.status.phase === 'Running')).toBe(true);
    expect(
      client.get('replicasets.apps', 'default', client.list('replicasets.apps').items[0]!.metadata.name!)!
        .status.readyReplicas,
    ).toBe(3);
  });

  it('rolls out a new image and ends with only new pods', () => {
    const { clock, client } = cluster();
    client.create('deployments.apps', deployment('web', 4, 'nginx:1.26'));
    clock.flush();
    clock.advance(5_000);
    const d = client.get('deployments.apps', 'default', 'web')!;
    d.spec.template.spec.containers[0].image = 'nginx:1.27';
    client.update('deployments.apps', d);
    for (let i = 0; i < 20; i++) clock.advance(1_000);
    const images = client.list('pods').items.map((p) => p.spec.containers[0].image);
    expect(images).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(client.get('deployments.apps', 'default', 'web')!.status).toMatchObject({
      updatedReplicas: 4,
      availableReplicas: 4,
    });
  });

  it('keeps an unschedulable pod Pending with one FailedScheduling event, and schedules it when a node fits', () => {
    const { clock, client } = cluster();
    client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'big', namespace: 'default' },
      spec: withRequests('3'),
    });
    clock.advance(10_000);
    const failed = client.list('events').items.filter((e) => e.reason === 'FailedScheduling');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toMatch(
      /^0\/4 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 3 Insufficient cpu\./,
    );
    const big = defaultNodes()[1]!;
    client.create('nodes', {
      ...big,
      metadata: { ...big.metadata, name: 'worker-4', uid: undefined },
      status: { ...big.status, allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
    });
    clock.advance(5_000);
    expect(client.get('pods', 'default', 'big')!.spec.nodeName).toBe('worker-4');
    expect(client.get('pods', 'default', 'big')!.status.phase).toBe('Running');
  });

  it('runs CrashLoopBackOff on the clock through requeue timers', () => {
    const { clock, client } = cluster();
    client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crash', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] },
    });
    clock.advance(60_000);
    const status = client.get('pods', 'default', 'crash')!.status;
    // Start 0.8 s, restarts at +1 s, +10 s, +20 s: three restarts by 60 s, waiting 40 s for the fourth.
    expect(status.containerStatuses[0].restartCount).toBe(3);
    expect(status.containerStatuses[0].state.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(status.containerStatuses[0].state.waiting.message).toMatch(
      /^back-off 40s restarting failed container=c pod=crash_default\(/,
    );
  });

  it('is deterministic: the same inputs give byte-identical state', () => {
    const run = (): string => {
      const { clock, client, snapshot } = cluster(42);
      client.create('deployments.apps', deployment('web', 5, 'nginx:1.27'));
      client.create('services', service);
      clock.flush();
      clock.advance(30_000);
      return snapshot();
    };
    expect(run()).toBe(run());
  });

  it('reports refused pod creates (quota) as FailedCreate events and ReplicaFailure conditions, and recovers', () => {
    const { clock, client, setRefuse } = cluster();
    let limit = 2;
    setRefuse((resource, o, ctx) => {
      if (resource !== 'pods') return undefined;
      const used = ctx.list('pods', { namespace: 'default' }).items.length;
      if (used < limit) return undefined;
      return `pods "${o.metadata.name}" is forbidden: exceeded quota: pods-max, requested: pods=1, used: pods=${used}, limited: pods=${limit}`;
    });
    client.create('deployments.apps', deployment('web', 3, 'nginx:1.27'));
    clock.flush();
    clock.advance(3_000);
    expect(live(client)).toHaveLength(2);
    const rs = client.list('replicasets.apps').items[0]!;
    const cond = rs.status.conditions.find((c: { type: string }) => c.type === 'ReplicaFailure');
    expect(cond).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    expect(cond.message).toMatch(
      /^pods "web-\w+-\w+" is forbidden: exceeded quota: pods-max, requested: pods=1, used: pods=2, limited: pods=2$/,
    );
    const failed = client.list('events').items.filter((e) => e.reason === 'FailedCreate');
    // Retried on each change of its pods (as Kubernetes does), not in a hot loop.
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeLessThanOrEqual(10);
    expect(failed.every((e) => e.type === 'Warning')).toBe(true);
    expect(failed[0]!.message).toMatch(/^Error creating: pods "web-\w+-\w+" is forbidden: exceeded quota/);
    const d = client.get('deployments.apps', 'default', 'web')!;
    expect(d.status.conditions.find((c: { type: string }) => c.type === 'ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
    });
    // The quota is raised: the next retry succeeds and the conditions clear.
    limit = 10;
    clock.advance(15_000);
    expect(live(client)).toHaveLength(3);
    expect(client.list('replicasets.apps').items[0]!.status.conditions).toBeUndefined();
    expect(
      client
        .get('deployments.apps', 'default', 'web')!
        .status.conditions.map((c: { type: string }) => c.type),
    ).toEqual(['Available', 'Progressing']);
  });
});

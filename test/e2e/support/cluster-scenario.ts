/**
 * One cluster scenario that runs unchanged in Node and in a browser Web Worker: the default
 * topology on a virtual clock, a 3-replica nginx Deployment applied through the in-process
 * client with the validation hooks, and virtual time advanced in steps (the world's leases renew
 * forever, so the clock is never run until idle). Imports only the cluster core.
 */
import { createCluster, VirtualClock } from '../../../src/cluster/index.js';
import { validationHooks } from '../../../src/cluster/validation/hooks.js';

/** What the scenario reports: each pod's phase and node, the nodes' roles, and the snapshot. */
export interface ScenarioResult {
  pods: { name: string; phase: string; node: string; ready: boolean }[];
  /** Names of the nodes carrying the control-plane role label. */
  controlPlane: string[];
  snapshot: string;
}

/** Runs the scenario for `seconds` of virtual time after the apply, in 1-second steps. */
export function runScenario(seconds = 60): ScenarioResult {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, topology: 'default', hooks: validationHooks(), seed: 7 });
  for (let i = 0; i < 10; i++) clock.advance(1_000);
  cluster.client.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  });
  for (let i = 0; i < seconds; i++) clock.advance(1_000);
  const pods = cluster.client
    .list('pods', { namespace: 'default', labelSelector: 'app=web' })
    .items.map((p) => ({
      name: p.metadata.name ?? '',
      phase: String(p.status?.phase ?? ''),
      node: String(p.spec?.nodeName ?? ''),
      ready: (p.status?.conditions ?? []).some(
        (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
      ),
    }));
  const controlPlane = cluster.client
    .list('nodes', { labelSelector: 'node-role.kubernetes.io/control-plane' })
    .items.map((n) => n.metadata.name ?? '');
  return { pods, controlPlane, snapshot: cluster.exportSnapshot() };
}

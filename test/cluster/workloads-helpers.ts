/**
 * Fixtures for the workload controller tests: a cluster core with validation and the admission
 * plug-ins, the default nodes, the default StorageClass, and the standard controllers on a
 * virtual clock.
 */
import { createCluster, VirtualClock, type Cluster, type KubeObject } from '../../src/cluster/index.js';
import { ControllerRuntime } from '../../src/cluster/controllers/runtime.js';
import { standardControllers, type StandardOptions } from '../../src/cluster/controllers/standard.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';
import { withAdmission } from '../../src/cluster/api/admission/index.js';
import { defaultStorageClass } from '../../src/cluster/controllers/storage.js';
import { defaultNodes } from './fakes/topology.js';

/** A running test cluster. */
export interface WorkloadCluster {
  cluster: Cluster;
  clock: VirtualClock;
  runtime: ControllerRuntime;
  client: Cluster['client'];
  pods(ns?: string): KubeObject[];
  events(reason?: string): KubeObject[];
}

/**
 * Starts a cluster with the standard controllers; time has not moved yet. Without `validation`
 * only the admission plug-ins run (kinds the validation module has no schema for are accepted).
 */
export function workloadCluster(options: StandardOptions = {}, validation = true): WorkloadCluster {
  const clock = new VirtualClock();
  const cluster = createCluster({
    clock,
    seed: 11,
    podTermination: 'kubelet',
    hooks: validation ? withAdmission(validationHooks()) : withAdmission(),
  });
  const { client } = cluster;
  for (const n of defaultNodes())
    client.create('nodes', { ...n, metadata: { ...n.metadata, uid: undefined } });
  client.create('storageclasses.storage.k8s.io', defaultStorageClass());
  const runtime = new ControllerRuntime(client, clock, standardControllers({ seed: 11, ...options }));
  runtime.start();
  clock.runDue();
  return {
    cluster,
    clock,
    runtime,
    client,
    pods: (ns = 'default') => client.list('pods', { namespace: ns }).items,
    events: (reason?: string) => client.list('events').items.filter((e) => !reason || e.reason === reason),
  };
}

/** A container spec. */
export function container(
  name: string,
  image: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { name, image, ...extra };
}

/** Advances the clock in steps of `stepMs`, calling `each` after every step. */
export function stepFor(
  clock: VirtualClock,
  totalMs: number,
  stepMs: number,
  each: () => void = () => {},
): void {
  for (let t = 0; t < totalMs; t += stepMs) {
    clock.advance(stepMs);
    each();
  }
}

/**
 * The simulated world around the API: a topology's nodes and system objects, the controllers
 * running on the clock (the standard ones, wrapped so chaos can stop kubelets and the
 * scheduler, plus node heartbeats, node lifecycle and system pods), chaos actions, traffic and
 * DNS, and the metrics API. `startWorld` builds it over any ClusterClient and clock.
 */
import type { ClusterClient, Clock, KubeObject } from '../types.js';
import { ControllerRuntime, type ControllerDefinition } from '../controllers/runtime.js';
import { standardControllers, type StandardOptions } from '../controllers/standard.js';
import type { LogOptions, Providers } from '../api/hooks.js';
import { WorldState } from './state.js';
import { worldControllers } from './controllers.js';
import { bootstrap, type BootstrapResult } from './bootstrap.js';
import { resolveTopology, type Topology } from './topologies.js';
import { Chaos } from './chaos.js';
import { Traffic, type TrafficResult, type TrafficSource } from './traffic.js';
import { nslookupText } from './dns.js';
import { Metrics, podUsage } from './metrics.js';
import { containerLogsWithTraffic, renderLogs } from './logs.js';
import { followLogs, logRun } from './log-follow.js';

export { TOPOLOGIES, resolveTopology, type Topology, type NodeSpec } from './topologies.js';
export { Chaos } from './chaos.js';
export type { TrafficResult, TrafficSource } from './traffic.js';
export { podUsage, loadOf } from './metrics.js';
export { WorldState } from './state.js';

/** Options of `startWorld`. */
export interface WorldOptions {
  /** A built-in topology's name or a topology (default `default`). */
  topology?: string | Topology;
  /** Seed of kube-proxy's and DNS's random choices (default `world`). */
  seed?: number | string;
  /** Options of the standard controllers (the scheduler's tie-break seed). */
  controllers?: StandardOptions;
  /** The controllers to wrap (default: `standardControllers(options.controllers)`, the HPA reading the world's metrics). */
  base?: readonly ControllerDefinition<never, never>[];
}

/** A running world. */
export class World {
  readonly state: WorldState;
  readonly runtime: ControllerRuntime;
  readonly chaos: Chaos;
  readonly traffic: Traffic;
  readonly metrics: Metrics;
  readonly topology: Topology;
  readonly bootstrapped: BootstrapResult;
  private readonly controllers: ControllerDefinition<never, never>[];

  constructor(
    readonly client: ClusterClient,
    readonly clock: Clock,
    options: WorldOptions = {},
  ) {
    this.topology = resolveTopology(options.topology ?? 'default');
    this.state = new WorldState(options.seed ?? 'world');
    // The HPA reads pod usage from the world's metrics, as from metrics-server.
    const state = this.state;
    const base =
      options.base ??
      standardControllers({
        podUsage: (pod) => {
          const containers = podUsage(pod, state, clock.now());
          if (!containers.length) return undefined;
          return {
            cpu: containers.reduce((n, c) => n + c.usage.cpu, 0),
            memory: containers.reduce((n, c) => n + c.usage.memory, 0),
          };
        },
        ...options.controllers,
      });
    this.controllers = worldControllers(base, this.state, clock);
    this.runtime = new ControllerRuntime(client, clock, this.controllers);
    const wake = (name: string, key: string): void => {
      const i = this.controllers.findIndex((c) => c.name === name);
      if (i >= 0) this.runtime.enqueue(i, key);
    };
    this.chaos = new Chaos(client, this.state, wake);
    this.traffic = new Traffic(client, clock, this.state);
    this.metrics = new Metrics(client, clock, this.state);
    const daemonSets = this.controllers.some((c) => c.resource === 'daemonsets.apps');
    this.bootstrapped = bootstrap(client, this.topology, clock.now(), { kubeProxyPods: !daemonSets });
    this.runtime.start();
  }

  /** An HTTP GET from a pod (or `{ namespace }`) to a URL through cluster DNS and Services. */
  request(from: TrafficSource, url: string): TrafficResult {
    return this.traffic.request(from, url);
  }

  /** What `nslookup name` prints in a pod of `namespace`. */
  nslookup(name: string, namespace = 'default'): string {
    return nslookupText(this.client, name, namespace);
  }

  /** Sets a pod's load by hand (0 idle .. 1 full), on top of its traffic; for metrics and autoscaling. */
  setLoad(namespace: string, name: string, factor: number): void {
    const pod = this.client.get('pods', namespace, name);
    if (!pod) throw new Error(`pod "${name}" not found in namespace "${namespace}"`);
    this.state.manualLoad.set(pod.metadata.uid ?? '', Math.min(1, Math.max(0, factor)));
  }

  /** Log text of a container, access lines from simulated traffic included. */
  podLogs(pod: KubeObject, options: Partial<LogOptions> & { container: string }): string {
    const now = this.clock.now();
    return renderLogs(
      containerLogsWithTraffic(this.state, pod, options.container, now, !!options.previous),
      options,
      now,
    );
  }

  /**
   * What `GET pods/<name>/log` answers: the kubelet's checks (a waiting container is 400, a
   * crash-looping one shows its last run), then the text, or a stream with `follow`.
   */
  serveLogs(
    pod: KubeObject,
    options: Partial<LogOptions> & { container: string },
  ): string | AsyncIterable<string> {
    if (options.follow) return followLogs(this.client, this.clock, this.state, pod, options);
    const previous = logRun(pod, options.container, !!options.previous);
    return this.podLogs(pod, { ...options, previous });
  }

  /** The providers the API layer serves logs and metrics from. */
  providers(): Required<Pick<Providers, 'podLogs' | 'nodeMetrics' | 'podMetrics'>> {
    return {
      podLogs: (pod, options) => this.serveLogs(pod, options),
      nodeMetrics: () => this.metrics.nodeMetrics(),
      podMetrics: (namespace) => this.metrics.podMetrics(namespace),
    };
  }

  /** Stops the controllers. */
  stop(): void {
    this.runtime.stop();
  }
}

/** Bootstraps a topology over a client and clock and starts its controllers. */
export function startWorld(client: ClusterClient, clock: Clock, options: WorldOptions = {}): World {
  return new World(client, clock, options);
}

/**
 * The cluster core's entry: `createCluster()` wires a clock, a seeded generator, the store, the
 * API server (with its hooks), the garbage collector, the HTTP-shaped `handle` and an in-process
 * client. See README.md beside this file for the module map.
 */
import type { ApiRequest, Clock, ClusterClient, HandleResult } from './types.js';
import { VirtualClock } from './clock.js';
import { Random } from './machinery/random.js';
import { Store } from './store/store.js';
import { exportSnapshot, importSnapshot, parseSnapshot } from './store/snapshot.js';
import { type WorldSnapshot, worldSnapshotProblem } from './world/state.js';
import { ApiServer } from './api/server.js';
import { GarbageCollector } from './api/gc.js';
import { createHandler, type HandlerExtensions } from './api/handler.js';
import type { ObjectHooks, PatchHandler, Providers } from './api/hooks.js';
import { InProcessClient } from './client.js';
import { World, type WorldOptions } from './world/index.js';
import type { Topology } from './world/topologies.js';

export * from './types.js';
export { VirtualClock, ScaledClock, DEFAULT_EPOCH, type HostTimers } from './clock.js';
export { Random } from './machinery/random.js';
export { Store } from './store/store.js';
export { ApiServer } from './api/server.js';
export { InProcessClient } from './client.js';
export { RESOURCES, ResourceRegistry, type ResourceInfo } from './api/resources.js';
export type { ObjectHooks, HookContext, HookValidation, PatchHandler, Providers } from './api/hooks.js';
export type { HandlerExtensions, Presenter } from './api/handler.js';

/** Namespaces every cluster starts with. */
export const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Options of `createCluster`. */
export interface ClusterOptions {
  /** The one clock (default: a VirtualClock at 2026-01-01T00:00:00Z). */
  clock?: Clock;
  /** Seed of the random generator (uids, generated names, IPs). Default 1. */
  seed?: number | string;
  /** Validation, defaulting and admission (default: none). */
  hooks?: ObjectHooks;
  /** Kubelet-side behaviour: logs, metrics. */
  providers?: Providers;
  /** Extra patch types (strategic merge, server-side apply), by content type. */
  patchHandlers?: Record<string, PatchHandler>;
  /** HTTP extensions: Tables, OpenAPI, body decoders. */
  extensions?: HandlerExtensions;
  /** Who ends a pod's grace period (see ApiServerOptions). */
  podTermination?: 'timer' | 'kubelet';
  /** Watch history bounds. */
  historyLimit?: number;
  historyWindowMs?: number;
  /** Skip creating the default namespaces. */
  empty?: boolean;
  /**
   * Bootstrap this topology (`default`, `single-node`, `two-zones` or a Topology) and run the
   * simulated world on the clock: controllers, scheduler, kubelets, node lifecycle, chaos,
   * traffic and metrics (world/README.md). Default: no nodes and no controllers.
   */
  topology?: string | Topology;
  /** More options of the world (used when `topology` is set). */
  world?: Omit<WorldOptions, 'topology'>;
}

/** A running cluster core. */
export interface Cluster {
  /** The HTTP-shaped entry. */
  handle(request: ApiRequest): Promise<HandleResult>;
  /** The in-process client (same validation as HTTP). */
  client: ClusterClient;
  clock: Clock;
  store: Store;
  server: ApiServer;
  gc: GarbageCollector;
  /** The simulated world, when a topology was given. */
  world?: World;
  /** The whole cluster as JSON (byte-identical after a round trip). */
  exportSnapshot(): string;
  /**
   * Replaces the cluster's content with a snapshot; running watches end. A VirtualClock that is
   * behind the snapshot's time is moved to it.
   */
  importSnapshot(snapshot: string): void;
}

/** Creates a cluster core. */
export function createCluster(options: ClusterOptions = {}): Cluster {
  const clock = options.clock ?? new VirtualClock();
  const store = new Store({
    clock,
    random: new Random(options.seed ?? 1),
    historyLimit: options.historyLimit,
    historyWindowMs: options.historyWindowMs,
  });
  // The world serves logs and metrics unless the caller brings its own providers.
  let world: World | undefined;
  const providers: Providers | undefined = options.topology
    ? {
        podLogs: (pod, o) => world?.serveLogs(pod, o) ?? '',
        nodeMetrics: () => world?.metrics.nodeMetrics() ?? [],
        podMetrics: (ns) => world?.metrics.podMetrics(ns) ?? [],
        ...options.providers,
      }
    : options.providers;
  const server = new ApiServer({
    store,
    clock,
    hooks: options.hooks,
    providers,
    patchHandlers: options.patchHandlers,
    podTermination: options.podTermination,
  });
  const gc = new GarbageCollector(server);
  gc.start();
  const client = new InProcessClient(server);
  if (!options.empty) {
    const nsInfo = server.resolve('namespaces');
    for (const name of DEFAULT_NAMESPACES)
      server.create(nsInfo, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  if (options.topology) world = new World(client, clock, { ...options.world, topology: options.topology });
  return {
    ...(world ? { world } : {}),
    handle: createHandler(server, options.extensions),
    client,
    clock,
    store,
    server,
    gc,
    // the world's state, and what the event recorder remembers (so a restore counts on)
    exportSnapshot: () =>
      exportSnapshot(
        store,
        world ? { ...world.state.snapshot(), events: world.runtime.recorder.exportState() } : undefined,
      ),
    importSnapshot: (snapshot: string) => {
      const parsed = parseSnapshot(snapshot);
      const problem = world && parsed.world !== undefined ? worldSnapshotProblem(parsed.world) : undefined;
      if (problem) throw new Error(`snapshot: ${problem}`);
      gc.stop();
      world?.runtime.stop();
      const taken = importSnapshot(store, parsed);
      // Stopped nodes, a stopped scheduler, ... come back with the objects (or all run again).
      world?.state.restore(taken.world as WorldSnapshot | undefined);
      world?.runtime.recorder.importState((taken.world as WorldSnapshot | undefined)?.events);
      // Ages and deadlines are relative to the snapshot's time: a virtual clock catches up to it.
      if (clock instanceof VirtualClock) clock.advanceTo(taken.time);
      gc.start();
      server.rearmGraceTimers();
      // The world's controllers watch again and look at every object afresh.
      world?.runtime.start();
    },
  };
}

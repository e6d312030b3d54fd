/**
 * The scheduler's cache: what each node holds, kept current from informer events instead of
 * recomputed from every pod for every scheduling attempt (kube-scheduler keeps the same kind of
 * per-node record, its NodeInfo). For each node: the pods that occupy it (bound and not
 * finished), the sum of their requests (as filters and as scores count them), and the node's
 * parsed allocatable and effective taints. Cluster-wide: the pods waiting to be scheduled, the
 * placed pods with required anti-affinity, and per controller the number of its pods on each
 * node and in each zone (default spreading).
 *
 * Invariant (property-tested in test/cluster/scheduler-cache.test.ts): after any sequence of
 * `setNode`/`deleteNode`/`setPod`/`deletePod`, every figure equals a recomputation from the
 * current nodes and pods.
 */
import type { KubeObject } from '../types.js';
import { getControllerOf } from '../controllers/owners.js';
import { objectKey } from '../controllers/object-key.js';
import { type Resources, nodeAllocatable, podRequests, podRequestsForScoring } from './resources.js';
import { type Taint, effectiveTaints } from './matching.js';

/** One node as the scheduler sees it. */
export interface NodeInfo {
  readonly name: string;
  /** The node object; undefined while pods are bound to a node the cache has not seen. */
  node: KubeObject | undefined;
  allocatable: Resources;
  /** Hot figures kept inline: allocatable CPU (millicores), memory (bytes) and pods (Infinity when unset). */
  allocatableCpu: number;
  allocatableMemory: number;
  allocatablePods: number;
  /** The node's `spec.unschedulable` (cordoned), inline: every filtered node reads it. */
  unschedulable: boolean;
  /** The node's `topology.kubernetes.io/zone` label (undefined while the node is unknown). */
  zone: string | undefined;
  /** Effective taints (spec taints plus not-ready/unreachable), and whether any forbids scheduling. */
  taints: Taint[];
  hardTaints: boolean;
  softTaints: boolean;
  /** Pods occupying the node, by `namespace/name`. */
  pods: Map<string, KubeObject>;
  /** `pods.size`, inline: every filtered node reads it (one record touched instead of two). */
  podCount: number;
  /** Sum of the pods' requests (filters' view; a resource no pod asks for any more stays as 0). */
  requested: Resources;
  /** `requested.cpu` and `requested.memory`, inline. */
  requestedCpu: number;
  requestedMemory: number;
  /** Sum of the pods' CPU and memory requests as scoring counts them (unset: 100m, 200Mi). */
  scoringCpu: number;
  scoringMemory: number;
  /** Pods on the node that ask for host ports. */
  hostPortPods: number;
  /** The pods as an array, built on demand. */
  podList: KubeObject[] | undefined;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Pods that occupy a node: bound to it and not finished. */
export function occupiesNode(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return !!pod.spec?.nodeName && phase !== 'Succeeded' && phase !== 'Failed';
}

/** The pod's key, the same string as the informer cache's. */
const podKey = objectKey;

function hasHostPorts(pod: KubeObject): boolean {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.hostPort) return true;
  return false;
}

function hasRequiredAntiAffinity(pod: KubeObject): boolean {
  return !!pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length;
}

function emptyInfo(name: string): NodeInfo {
  return {
    name,
    node: undefined,
    allocatable: {},
    allocatableCpu: 0,
    allocatableMemory: 0,
    allocatablePods: Infinity,
    unschedulable: false,
    zone: undefined,
    taints: [],
    hardTaints: false,
    softTaints: false,
    pods: new Map(),
    podCount: 0,
    requested: {},
    requestedCpu: 0,
    requestedMemory: 0,
    scoringCpu: 0,
    scoringMemory: 0,
    hostPortPods: 0,
    podList: undefined,
  };
}

/** Whether a pod waits for this scheduler (set by the caller, so the cache has no policy of its own). */
export type PendingTest = (pod: KubeObject) => boolean;

/** Per-node and cluster-wide scheduling state, updated incrementally. */
export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  /** Zone names seen on nodes, each as one string (see `sameZone`). */
  private readonly zones = new Map<string, string>();
  private sorted: NodeInfo[] | undefined;
  /** Each placed pod as counted, with the node it was counted on. */
  private readonly placed = new Map<string, KubeObject>();
  /** Pods waiting for the scheduler, in the order they last changed. */
  readonly pending = new Map<string, KubeObject>();
  /** Placed pods with required pod anti-affinity terms. */
  readonly antiAffinityPods = new Map<string, KubeObject>();
  /**
   * Controller uid -> node record -> number of its placed pods there. Keyed by the record, which
   * the spreading scorer holds for every node it scores: no name to read and hash per node.
   */
  readonly controllerPods = new Map<string, Map<NodeInfo, number>>();
  /** Controller uid -> zone -> number of its placed pods on known nodes of that zone. */
  readonly controllerZones = new Map<string, Map<string, number>>();

  constructor(private readonly isPending: PendingTest = () => false) {}

  /** Builds a cache from plain lists. */
  static from(
    nodes: readonly KubeObject[],
    pods: readonly KubeObject[],
    isPending?: PendingTest,
  ): SchedulerCache {
    const cache = new SchedulerCache(isPending);
    for (const n of nodes) cache.setNode(n);
    for (const p of pods) cache.setPod(p);
    return cache;
  }

  private info(name: string): NodeInfo {
    let i = this.infos.get(name);
    if (!i) this.infos.set(name, (i = emptyInfo(name)));
    return i;
  }

  /** Adds or replaces a node. */
  setNode(node: KubeObject): void {
    const name = node.metadata.name ?? '';
    const info = this.info(name);
    if (!info.node) this.sorted = undefined;
    info.node = node;
    this.moveZone(info, this.sameZone(node.metadata.labels?.[ZONE_LABEL]));
    info.allocatable = nodeAllocatable(node);
    info.allocatableCpu = info.allocatable.cpu ?? 0;
    info.allocatableMemory = info.allocatable.memory ?? 0;
    info.allocatablePods = info.allocatable.pods ?? Infinity;
    info.unschedulable = !!node.spec?.unschedulable;
    info.taints = effectiveTaints(node);
    info.hardTaints = info.taints.some((t) => t.effect !== 'PreferNoSchedule');
    info.softTaints = info.taints.some((t) => t.effect === 'PreferNoSchedule');
  }

  /** Forgets a node (its pods stay counted under its name, as they are still bound to it). */
  deleteNode(name: string): void {
    const info = this.infos.get(name);
    if (!info?.node) return;
    info.node = undefined;
    this.moveZone(info, undefined);
    info.allocatable = {};
    info.allocatableCpu = info.allocatableMemory = 0;
    info.allocatablePods = Infinity;
    info.taints = [];
    info.unschedulable = false;
    info.hardTaints = info.softTaints = false;
    this.sorted = undefined;
    if (!info.pods.size) this.infos.delete(name);
  }

  /**
   * One string per zone name, for every node of the zone and as the key of `controllerZones`:
   * looking a node's zone up then finds the key at once (same string).
   */
  private sameZone(zone: string | undefined): string | undefined {
    if (zone === undefined) return undefined;
    let same = this.zones.get(zone);
    if (same === undefined) this.zones.set(zone, (same = zone));
    return same;
  }

  /** Re-counts the node's controller pods under its new zone. */
  private moveZone(info: NodeInfo, zone: string | undefined): void {
    if (zone === info.zone) return;
    for (const pod of info.pods.values()) {
      const owner = getControllerOf(pod)?.uid;
      if (!owner) continue;
      if (info.zone !== undefined) this.countZone(owner, info.zone, -1);
      if (zone !== undefined) this.countZone(owner, zone, 1);
    }
    info.zone = zone;
  }

  private countZone(owner: string, zone: string, delta: number): void {
    let m = this.controllerZones.get(owner);
    if (!m) this.controllerZones.set(owner, (m = new Map()));
    const left = (m.get(zone) ?? 0) + delta;
    if (left) m.set(zone, left);
    else m.delete(zone);
    if (!m.size) this.controllerZones.delete(owner);
  }

  /** Adds or replaces a pod. */
  setPod(pod: KubeObject): void {
    const key = podKey(pod);
    const old = this.placed.get(key);
    if (
      old &&
      old.spec === pod.spec &&
      old.metadata.ownerReferences === pod.metadata.ownerReferences &&
      occupiesNode(pod)
    ) {
      // A status write (the store shares the unchanged spec): every figure stays; only the object
      // is replaced, moved last in each map as removing and placing it again would.
      this.placed.delete(key);
      this.placed.set(key, pod);
      const info = this.infos.get(pod.spec!.nodeName as string)!;
      info.pods.delete(key);
      info.pods.set(key, pod);
      info.podList = undefined;
      if (this.antiAffinityPods.delete(key)) this.antiAffinityPods.set(key, pod);
      return;
    }
    this.unplace(key);
    this.pending.delete(key);
    if (occupiesNode(pod)) this.place(key, pod);
    else if (this.isPending(pod)) this.pending.set(key, pod);
  }

  /** Removes a pod. */
  deletePod(pod: KubeObject): void {
    const key = podKey(pod);
    this.unplace(key);
    this.pending.delete(key);
  }

  private place(key: string, pod: KubeObject): void {
    const nodeName = pod.spec!.nodeName as string;
    const info = this.info(nodeName);
    info.pods.set(key, pod);
    info.podCount = info.pods.size;
    info.podList = undefined;
    for (const [k, v] of Object.entries(podRequests(pod))) info.requested[k] = (info.requested[k] ?? 0) + v;
    info.requestedCpu = info.requested.cpu ?? 0;
    info.requestedMemory = info.requested.memory ?? 0;
    const s = podRequestsForScoring(pod);
    info.scoringCpu += s.cpu ?? 0;
    info.scoringMemory += s.memory ?? 0;
    if (hasHostPorts(pod)) info.hostPortPods++;
    if (hasRequiredAntiAffinity(pod)) this.antiAffinityPods.set(key, pod);
    const owner = getControllerOf(pod)?.uid;
    if (owner) {
      let m = this.controllerPods.get(owner);
      if (!m) this.controllerPods.set(owner, (m = new Map()));
      m.set(info, (m.get(info) ?? 0) + 1);
      if (info.zone !== undefined) this.countZone(owner, info.zone, 1);
    }
    this.placed.set(key, pod);
  }

  private unplace(key: string): void {
    const pod = this.placed.get(key);
    if (!pod) return;
    this.placed.delete(key);
    const nodeName = pod.spec!.nodeName as string;
    const info = this.infos.get(nodeName)!;
    info.pods.delete(key);
    info.podCount = info.pods.size;
    info.podList = undefined;
    // Zeros stay (deleting keys would turn the record into a slow dictionary).
    for (const [k, v] of Object.entries(podRequests(pod))) info.requested[k] = (info.requested[k] ?? 0) - v;
    info.requestedCpu = info.requested.cpu ?? 0;
    info.requestedMemory = info.requested.memory ?? 0;
    const s = podRequestsForScoring(pod);
    info.scoringCpu -= s.cpu ?? 0;
    info.scoringMemory -= s.memory ?? 0;
    if (hasHostPorts(pod)) info.hostPortPods--;
    this.antiAffinityPods.delete(key);
    const owner = getControllerOf(pod)?.uid;
    if (owner) {
      const m = this.controllerPods.get(owner)!;
      const left = m.get(info)! - 1;
      if (left) m.set(info, left);
      else m.delete(info);
      if (!m.size) this.controllerPods.delete(owner);
      if (info.zone !== undefined) this.countZone(owner, info.zone, -1);
    }
    if (!info.node && !info.pods.size) this.infos.delete(nodeName);
  }

  /** Nodes the cache knows, sorted by name. */
  nodes(): NodeInfo[] {
    if (!this.sorted) {
      this.sorted = [...this.infos.values()]
        .filter((i) => i.node)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return this.sorted;
  }

  /** A node's record (also for a node only known from its pods). */
  get(name: string): NodeInfo | undefined {
    return this.infos.get(name);
  }

  /** Pods occupying `nodeName`. */
  podsOn(nodeName: string): KubeObject[] {
    const info = this.infos.get(nodeName);
    if (!info) return [];
    return (info.podList ??= [...info.pods.values()]);
  }

  /** Every placed pod. */
  placedPods(): IterableIterator<KubeObject> {
    return this.placed.values();
  }
}

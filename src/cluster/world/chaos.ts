/**
 * Chaos actions for labs and graders: stop and start a node's kubelet, take a zone down and up,
 * kill a pod's containers (the kubelet restarts them per the restart policy), delete a pod,
 * stop and start the scheduler. Each action changes the world's state and wakes the
 * controllers it concerns; everything after that is ordinary reconciling on the clock.
 */
import type { ClusterClient, KubeObject } from '../types.js';
import type { WorldState } from './state.js';
import { ZONE_LABEL } from './topologies.js';
import { isSystemPod } from './system-pods.js';

/** Wakes a controller for a key (the runtime's enqueue, by controller name). */
export type Wake = (controller: string, key: string) => void;

/** The chaos API. */
export class Chaos {
  constructor(
    private readonly client: ClusterClient,
    private readonly state: WorldState,
    private readonly wake: Wake,
  ) {}

  private node(name: string): KubeObject {
    const node = this.client.get('nodes', '', name);
    if (!node) throw new Error(`node "${name}" not found`);
    return node;
  }

  private podKeysOn(node: string): string[] {
    return this.client
      .list('pods')
      .items.filter((p) => p.spec?.nodeName === node)
      .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  }

  private wakeNode(name: string): void {
    this.wake('node-heartbeat', `/${name}`);
    this.wake('node-lifecycle', `/${name}`);
    for (const key of this.podKeysOn(name)) {
      this.wake('kubelet', key);
      this.wake('system-pods', key);
    }
  }

  /** Stops the node's kubelet: no more Lease renewals or pod status; NotReady after the grace period. */
  stopNode(name: string): void {
    this.node(name);
    this.state.stoppedNodes.add(name);
    this.wakeNode(name);
  }

  /** Starts the node's kubelet again: it renews its Lease, posts Ready, and resumes its pods. */
  startNode(name: string): void {
    this.node(name);
    this.state.stoppedNodes.delete(name);
    this.wakeNode(name);
  }

  /** Whether the node's kubelet runs. */
  isNodeRunning(name: string): boolean {
    return !this.state.stoppedNodes.has(name);
  }

  private zoneNodes(zone: string): string[] {
    const nodes = this.client
      .list('nodes')
      .items.filter((n) => n.metadata.labels?.[ZONE_LABEL] === zone)
      .map((n) => n.metadata.name ?? '');
    if (!nodes.length) throw new Error(`no nodes in zone "${zone}"`);
    return nodes;
  }

  /** Stops every node of a zone. Returns their names. */
  zoneDown(zone: string): string[] {
    const nodes = this.zoneNodes(zone);
    nodes.forEach((n) => this.stopNode(n));
    return nodes;
  }

  /** Starts every node of a zone again. Returns their names. */
  zoneUp(zone: string): string[] {
    const nodes = this.zoneNodes(zone);
    nodes.forEach((n) => this.startNode(n));
    return nodes;
  }

  /**
   * Kills the pod's running containers (exit code 137, as after `kill -9 1`); the kubelet
   * restarts them per the restart policy, with back-off. Throws when the pod is not running
   * on a node with a running kubelet.
   */
  killPod(namespace: string, name: string): void {
    const pod = this.client.get('pods', namespace, name);
    if (!pod) throw new Error(`pod "${name}" not found in namespace "${namespace}"`);
    if (pod.status?.phase !== 'Running') throw new Error(`pod "${name}" is not running`);
    if (this.state.stoppedNodes.has(pod.spec?.nodeName))
      throw new Error(`the kubelet of node "${pod.spec.nodeName}" is stopped`);
    if (isSystemPod(pod))
      throw new Error(`pod "${name}" runs a system component, which the simulation does not kill`);
    this.state.kills.add(pod.metadata.uid ?? '');
    this.wake('kubelet', `${namespace}/${name}`);
  }

  /** Deletes a pod (gracefully unless `gracePeriodSeconds` says otherwise), as `kubectl delete pod` does. */
  deletePod(namespace: string, name: string, gracePeriodSeconds?: number): void {
    this.client.delete(
      'pods',
      namespace,
      name,
      gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds },
    );
  }

  /** Stops the scheduler: new pods stay Pending, with no FailedScheduling events. */
  stopScheduler(): void {
    this.state.schedulerStopped = true;
  }

  /** Starts the scheduler again; it picks up every pending pod. */
  startScheduler(): void {
    this.state.schedulerStopped = false;
    for (const p of this.client.list('pods').items) {
      if (!p.spec?.nodeName && !p.metadata.deletionTimestamp)
        this.wake('scheduler', `${p.metadata.namespace}/${p.metadata.name}`);
    }
  }

  /** Whether the scheduler runs. */
  get schedulerRunning(): boolean {
    return !this.state.schedulerStopped;
  }
}

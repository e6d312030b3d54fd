/**
 * `ClusterReader`: everything the grader needs from a cluster. Two implementations: over an
 * in-process Cluster (`inProcessReader`, virtual time) and over HTTP with a kubeconfig
 * (`src/grader/http-reader.ts`, Node only, real time).
 */
import type { KubeObject } from '../cluster/types.js';
import type { TrafficResult } from '../cluster/world/index.js';
import type { ChaosAction } from './types.js';

export interface ListQuery {
  apiVersion: string;
  kind: string;
  /** Omitted or '' = all namespaces (or a cluster-scoped kind). */
  namespace?: string;
  labelSelector?: string;
}

export interface ClusterReader {
  /** `virtual`: `wait` advances a virtual clock; `real`: it sleeps. */
  readonly time: 'virtual' | 'real';
  /** Objects of a kind, sorted by namespace then name. Unknown kinds give []. */
  list(query: ListQuery): Promise<KubeObject[]>;
  /** Lets `ms` of cluster time pass. */
  wait(ms: number): Promise<void>;
  /** Performs a chaos action; returns what was done (`deleted pod default/web-1`). Throws when impossible. */
  chaos(action: ChaosAction): Promise<string>;
  /**
   * Sends HTTP GETs to a Service from inside the cluster. Optional: a real cluster has no
   * simulated traffic, so the grader then reads the Service's ready endpoints instead.
   */
  request?(namespace: string, url: string): Promise<TrafficResult>;
  /**
   * Whether nothing but node heartbeats can happen in the cluster during the next `ms` of its
   * time: no queued controller work, no timer due in that span other than the node heartbeat
   * and node monitor ones, and every node Ready, untainted for eviction and heartbeating.
   * Objects other than Nodes and Leases then stay as they are (heartbeats of Ready nodes record no Event). Optional: only an
   * in-process cluster on a virtual clock can know it (`eventually` then fails without waiting
   * out its limit; see grade.ts).
   */
  quietFor?(ms: number): boolean;
  /**
   * A value that changes whenever simulated traffic changes the network's state: every request
   * that reaches a pod first draws kube-proxy's random choice. Equal before and after some
   * requests means they reached no pod and changed nothing (no endpoint, no such Service).
   * Optional, with `quietFor`.
   */
  trafficMark?(): string;
}

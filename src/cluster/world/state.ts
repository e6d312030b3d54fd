/**
 * What the simulated world knows that is not an API object: which kubelets are stopped, whether
 * the scheduler runs, pending container kills, kube-proxy's ClientIP affinity table, and the
 * requests each pod has served (access logs and load for metrics). Plain data, deterministic.
 */
import { Random } from '../machinery/random.js';

/** One access-log line written by a container. */
export interface AccessLine {
  at: number;
  text: string;
}

/** The world's mutable state. */
export class WorldState {
  /** Nodes whose kubelet is stopped. */
  readonly stoppedNodes = new Set<string>();
  /** The scheduler is stopped: new pods stay Pending. */
  schedulerStopped = false;
  /** Pods (by uid) whose running containers are to be killed at the kubelet's next sync. */
  readonly kills = new Set<string>();
  /** ClientIP session affinity: `namespace/service:port|clientIP` -> endpoint IP and expiry. */
  readonly affinity = new Map<string, { ip: string; until: number }>();
  /** Access-log lines by `podUid/container`. */
  readonly accessLogs = new Map<string, AccessLine[]>();
  /** Times of requests served, by pod uid (the last minute is what metrics count as load). */
  readonly served = new Map<string, number[]>();
  /** Load factors set by hand (0..1) by pod uid, on top of traffic. */
  readonly manualLoad = new Map<string, number>();
  /** kube-proxy's and the DNS client's random choices. */
  readonly random: Random;

  constructor(seed: number | string = 'world') {
    this.random = new Random(seed);
  }
}

/** Bound on the access-log lines kept per container. */
export const MAX_ACCESS_LINES = 5_000;

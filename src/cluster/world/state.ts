/**
 * What the simulated world knows that is not an API object: which kubelets are stopped, whether
 * the scheduler runs, pending container kills, kube-proxy's ClientIP affinity table, and the
 * requests each pod has served (access logs and load for metrics). Plain data, deterministic.
 */
import { Random, type RandomState } from '../machinery/random.js';
import { recorderStateProblem, type RecorderState } from '../controllers/event-recorder.js';

/** The part of the world a snapshot carries (traffic history and access logs are not kept). */
export interface WorldSnapshot {
  stoppedNodes: string[];
  schedulerStopped: boolean;
  /** Pod uids whose containers are to be killed at the kubelet's next sync. */
  kills: string[];
  /** Load factors set by hand, by pod uid. */
  manualLoad: [string, number][];
  random: RandomState;
  /** What the event recorder remembers (counts, similar messages, spam buckets); absent: nothing. */
  events?: RecorderState;
}

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
  random: Random;

  constructor(seed: number | string = 'world') {
    this.random = new Random(seed);
  }

  /** What a snapshot keeps, in a stable order (same state, same bytes). */
  snapshot(): WorldSnapshot {
    const sorted = (xs: Iterable<string>) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      stoppedNodes: sorted(this.stoppedNodes),
      schedulerStopped: this.schedulerStopped,
      kills: sorted(this.kills),
      manualLoad: sorted(this.manualLoad.keys()).map((uid) => [uid, this.manualLoad.get(uid)!]),
      random: this.random.state(),
    };
  }

  /**
   * Takes the state a snapshot kept; without one (a snapshot of a cluster without a world), every
   * node and the scheduler run again. Traffic history and ClientIP affinity start empty.
   */
  restore(s: WorldSnapshot | undefined): void {
    this.stoppedNodes.clear();
    this.kills.clear();
    this.manualLoad.clear();
    this.affinity.clear();
    this.accessLogs.clear();
    this.served.clear();
    this.schedulerStopped = s?.schedulerStopped ?? false;
    for (const n of s?.stoppedNodes ?? []) this.stoppedNodes.add(n);
    for (const k of s?.kills ?? []) this.kills.add(k);
    for (const [uid, f] of s?.manualLoad ?? []) this.manualLoad.set(uid, f);
    if (s) this.random = Random.fromState(s.random);
  }
}

/** Checks a snapshot's `world` value; returns a message naming the first problem, if any. */
export function worldSnapshotProblem(value: unknown): string | undefined {
  const w = value as Partial<WorldSnapshot> | null;
  if (!w || typeof w !== 'object') return 'world must be an object';
  const strings = (x: unknown) => Array.isArray(x) && x.every((v) => typeof v === 'string');
  if (!strings(w.stoppedNodes)) return 'world.stoppedNodes must be a list of node names';
  if (typeof w.schedulerStopped !== 'boolean') return 'world.schedulerStopped must be true or false';
  if (!strings(w.kills)) return 'world.kills must be a list of pod uids';
  if (
    !Array.isArray(w.manualLoad) ||
    !w.manualLoad.every((e) => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number')
  )
    return 'world.manualLoad must be a list of [pod uid, factor]';
  if (!Array.isArray(w.random) || w.random.length !== 4 || !w.random.every((n) => typeof n === 'number'))
    return 'world.random must be four numbers';
  if (w.events !== undefined) return recorderStateProblem(w.events, 'world.events');
  return undefined;
}

/** Bound on the access-log lines kept per container. */
export const MAX_ACCESS_LINES = 5_000;

/**
 * The kubelet's behaviour as data, in the manner of kwok's Stages: each stage says from which
 * container phase it moves, under which facts, after which delay, to which phase, with which
 * effect. The interpreter (kubelet.ts) evaluates the facts and delays by name; it has no other
 * behaviour of its own. Of the stages that apply, the one due first fires (table order breaks ties).
 */

/** Where a container is in its life, as the simulated runtime sees it. */
export type ContainerPhase =
  | 'creating' // sandbox and image pull (ContainerCreating)
  | 'pullError' // ErrImagePull
  | 'pullBackOff' // ImagePullBackOff
  | 'running'
  | 'exited' // terminated, restart not yet decided
  | 'crashLoop' // CrashLoopBackOff
  | 'done' // terminated for good (restart policy says no)
  | 'stopped'; // killed because the pod is being deleted

/** Named facts the interpreter evaluates for one container. */
export type Fact =
  | 'imageExists'
  | 'imageMissing'
  | 'imagePresent'
  | 'imageNotPresent'
  | 'podDeleting'
  | 'processExits'
  | 'overMemoryLimit'
  | 'livenessFails'
  | 'restart'
  | 'noRestart'
  | 'backOffActive'
  | 'backOffClear';

/** A fixed delay from entering the phase, or a time the interpreter computes by name. */
export type Delay =
  | { ms: number }
  | {
      at:
        | 'image.pull'
        | 'backoff.pull'
        | 'backoff.crash'
        | 'process.exit'
        | 'process.oom'
        | 'process.stop'
        | 'probe.liveness';
    };

/** What firing a stage does to the container's record and which events it records. */
export type Effect =
  | 'started'
  | 'pulledAndStarted'
  | 'pullFailed'
  | 'pullBackOff'
  | 'exited'
  | 'oomKilled'
  | 'livenessKilled'
  | 'restarted'
  | 'crashLoop'
  | 'finished'
  | 'stopped';

/** One stage. */
export interface Stage {
  name: string;
  from: ContainerPhase | '*';
  when: Fact[];
  delay: Delay;
  to: ContainerPhase;
  effect: Effect;
}

/** The container stages of the simulated kubelet. */
export const CONTAINER_STAGES: readonly Stage[] = [
  {
    name: 'stop-for-deletion',
    from: '*',
    when: ['podDeleting'],
    delay: { at: 'process.stop' },
    to: 'stopped',
    effect: 'stopped',
  },
  {
    name: 'start-present-image',
    from: 'creating',
    when: ['imageExists', 'imagePresent'],
    delay: { ms: 500 },
    to: 'running',
    effect: 'started',
  },
  {
    name: 'pull-and-start',
    from: 'creating',
    when: ['imageExists', 'imageNotPresent'],
    delay: { at: 'image.pull' },
    to: 'running',
    effect: 'pulledAndStarted',
  },
  {
    name: 'pull-fails',
    from: 'creating',
    when: ['imageMissing'],
    delay: { ms: 1_000 },
    to: 'pullError',
    effect: 'pullFailed',
  },
  {
    name: 'pull-back-off',
    from: 'pullError',
    when: [],
    delay: { ms: 1_000 },
    to: 'pullBackOff',
    effect: 'pullBackOff',
  },
  {
    name: 'pull-retry-fails',
    from: 'pullBackOff',
    when: [],
    delay: { at: 'backoff.pull' },
    to: 'pullError',
    effect: 'pullFailed',
  },
  {
    name: 'oom-kill',
    from: 'running',
    when: ['overMemoryLimit'],
    delay: { at: 'process.oom' },
    to: 'exited',
    effect: 'oomKilled',
  },
  {
    name: 'process-exits',
    from: 'running',
    when: ['processExits'],
    delay: { at: 'process.exit' },
    to: 'exited',
    effect: 'exited',
  },
  {
    name: 'liveness-kill',
    from: 'running',
    when: ['livenessFails'],
    delay: { at: 'probe.liveness' },
    to: 'exited',
    effect: 'livenessKilled',
  },
  { name: 'finish', from: 'exited', when: ['noRestart'], delay: { ms: 0 }, to: 'done', effect: 'finished' },
  {
    name: 'restart',
    from: 'exited',
    when: ['restart', 'backOffClear'],
    delay: { ms: 1_000 },
    to: 'running',
    effect: 'restarted',
  },
  {
    name: 'crash-loop',
    from: 'exited',
    when: ['restart', 'backOffActive'],
    delay: { ms: 0 },
    to: 'crashLoop',
    effect: 'crashLoop',
  },
  {
    name: 'crash-loop-restart',
    from: 'crashLoop',
    when: [],
    delay: { at: 'backoff.crash' },
    to: 'running',
    effect: 'restarted',
  },
];

/** Time after start at which a process over its memory limit is OOM-killed. */
export const OOM_AFTER_MS = 1_500;

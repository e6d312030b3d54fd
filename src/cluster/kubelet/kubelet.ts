/**
 * The simulated kubelet for one pod on one node: interprets the container stages (stages.ts)
 * against virtual time, keeps its private record (back-off timers, phase start times) as a
 * memo, and projects that record onto `pod.status` the way the kubelet reports it.
 */
import type { KubeObject } from '../types.js';
import type { Action, EventSpec, ReconcileResult } from '../controllers/types.js';
import { fromTimestamp, toTimestamp } from '../controllers/time.js';
import { fnv1a32, fnv1a32From } from '../controllers/deployment/hash.js';
import { sameJson } from '../controllers/json.js';
import {
  CONTAINER_STAGES,
  type ContainerPhase,
  type Delay,
  type Fact,
  OOM_AFTER_MS,
  type Stage,
} from './stages.js';
import { type BackoffEntry, goDuration, inBackoff, nextBackoff } from './backoff.js';
import { type ImageSpec, LAYERS_PRESENT_PULL_MS, lookupImage } from './images.js';
import { type ContainerProcess, containerProcess, memoryLimit } from './process.js';
import { type Probe, livenessKillAt, probeWindow, readyInterval } from './probes.js';
import { allocatePodIP, nodeIP } from './pod-ip.js';
import { objectForCopyOf } from '../store/keys.js';
import { SharingTrie } from '../machinery/sharing-trie.js';

/** The kubelet's record of one container. */
export interface ContainerMemo {
  image: string;
  phase: ContainerPhase;
  /** When it entered the phase. */
  since: number;
  restartCount: number;
  startedAt?: number;
  /** The termination being shown (state) or kept as lastState. */
  terminated?: { exitCode: number; reason: string; startedAt: number; finishedAt: number };
  last?: { exitCode: number; reason: string; startedAt: number; finishedAt: number };
  crashBackoff?: BackoffEntry;
  pullBackoff?: BackoffEntry;
  pullFailedAt?: number;
  /**
   * While the container waits for its image: when its own pull starts (after the pulls queued
   * before it on the node) and ends. Absent when the image was present.
   */
  pullStart?: number;
  pullEnd?: number;
  /**
   * When the pull was asked for, if later than `since`: the kubelet starts a pod's containers one
   * after another, so a container's pull is asked for once the one before it has started.
   */
  pullAskedAt?: number;
  readinessWarned?: boolean;
}

/** The kubelet's record of one pod. */
export interface PodMemo {
  uid: string;
  acceptedAt: number;
  podIP: string;
  containers: Record<string, ContainerMemo>;
  conditions: Record<string, { status: string; at: number }>;
}

/** What the kubelet sees: its node, the pods bound to it, and its own record of this pod. */
export interface KubeletObserved {
  node: KubeObject;
  podsOnNode: KubeObject[];
  memo?: PodMemo;
  /**
   * Multiplies the kubelet's own stage delays (image pulls, container starts, the pause before a
   * restart): 0 makes pods Running at once. Back-off, process lifetimes and probes keep real time.
   */
  stageDelayScale?: number;
  /**
   * Whether another pod on the node shows `image` as pulled (from an index kept by the informer
   * cache); without it the kubelet walks `podsOnNode`.
   */
  imagePresent?: (image: string) => boolean;
  /**
   * The node's image pull queue (kept beside the image index): one pull at a time, as a kubelet
   * with `serializeImagePulls: true` pulls. Without it each pull starts when it is asked for.
   */
  pulls?: NodePullQueue;
}

/** A node's serialized image pulls (`NodeImageIndex` keeps them). */
export interface NodePullQueue {
  queuePull(
    node: string,
    image: string,
    at: number,
    fullMs: number,
    layersMs: number,
    onNode: boolean,
  ): { start: number; end: number };
  notePull(node: string, image: string, end: number): void;
  pulledBy(node: string, image: string, at: number): boolean;
}

interface Container {
  name: string;
  /** `Always` on an init container makes it a sidecar. */
  restartPolicy?: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
}

/** Everything the interpreter knows about one container. */
interface Ctx {
  pod: KubeObject;
  node: KubeObject;
  c: Container;
  m: ContainerMemo;
  image?: ImageSpec;
  imageReason?: 'repository' | 'tag';
  imageFull: string;
  proc?: ContainerProcess;
  podIP: string;
  /** Whether another pod on the node already pulled this image (computed on first use). */
  presentOnNode: () => boolean;
  deletingSince?: number;
  grace: number;
  delayScale: number;
  /** An init container (runs to completion before the next one, and before the app containers). */
  init: boolean;
  /** The restart policy that applies to this container (init containers: Always acts as OnFailure). */
  restartPolicy: string;
}

const COMPONENT = 'kubelet';

/**
 * Pod conditions as frozen objects shared by every pod that reports the same one (pods that
 * change together report the same type, status, transition time, reason and message): a status
 * write keeps frozen parts as they are, so the stored pods share them too. Bounded: emptied when
 * it holds many.
 */
const podConditions = new Map<string, Readonly<Record<string, unknown>>>();
function podCondition(
  type: string,
  status: string,
  lastTransitionTime: string,
  reason: string | undefined,
  message: string | undefined,
): Readonly<Record<string, unknown>> {
  const key = [type, status, lastTransitionTime, reason ?? '', message ?? ''].join('\u0000');
  let condition = podConditions.get(key);
  if (!condition) {
    condition = Object.freeze({
      lastProbeTime: null,
      lastTransitionTime,
      ...(message ? { message } : {}),
      ...(reason ? { reason } : {}),
      status,
      type,
    });
    if (podConditions.size >= 4_096) podConditions.clear();
    podConditions.set(key, condition);
  }
  return condition;
}

/*
 * Other small parts of a pod's status that many pods report alike, frozen once and shared (a
 * status write keeps frozen parts as they are): an empty lastState, the waiting states before a
 * container exists, a running state by its start time (pods started in the same second share
 * it), and a node's hostIPs list.
 */
const NO_STATE: Readonly<Record<string, unknown>> = Object.freeze({});
const WAITING_STATES = new Map<string, Readonly<Record<string, unknown>>>(
  ['ContainerCreating', 'PodInitializing'].map((reason) => [
    reason,
    Object.freeze({ waiting: Object.freeze({ reason }) }),
  ]),
);
function waitingState(reason: string): Readonly<Record<string, unknown>> {
  return WAITING_STATES.get(reason) ?? { waiting: { reason } };
}

/** Bounded: emptied when it holds many start times. */
const runningStates = new Map<string, Readonly<Record<string, unknown>>>();
function runningState(startedAt: string): Readonly<Record<string, unknown>> {
  let state = runningStates.get(startedAt);
  if (!state) {
    state = Object.freeze({ running: Object.freeze({ startedAt }) });
    if (runningStates.size >= 1_024) runningStates.clear();
    runningStates.set(startedAt, state);
  }
  return state;
}

/**
 * One timestamp string per second for what a pod keeps (its startTime): the formatter keeps only
 * the last second's text, and the kubelet formats many seconds in turn. Bounded.
 */
const stamps = new Map<number, string>();
function stamp(ms: number): string {
  const secs = Math.floor(ms / 1000);
  let text = stamps.get(secs);
  if (text === undefined) {
    text = toTimestamp(ms);
    if (stamps.size >= 4_096) stamps.clear();
    stamps.set(secs, text);
  }
  return text;
}

/**
 * Frozen lists shared by every pod that reports the same conditions (the same shared condition
 * objects in the same order), and frozen condition records shared by every kubelet record that
 * holds the same ones under the same types: pods started together report and remember alike.
 * Both are found through maps keyed by the parts' identity, level by level. Bounded: emptied
 * when they have held many.
 */
const conditionLists = new SharingTrie(4_096);
const conditionMemos = new SharingTrie(4_096);

function sharedConditionList(list: readonly object[]): readonly object[] {
  const trie = conditionLists.begin();
  for (const c of list) trie.step(c);
  return trie.end(list);
}

function sharedConditionMemo(conditions: PodMemo['conditions']): PodMemo['conditions'] {
  // only records of shared (frozen) entries: one with a record of its own keeps its own
  for (const type in conditions) {
    const record = conditions[type];
    if (!record || !Object.isFrozen(record)) return conditions;
  }
  const trie = conditionMemos.begin();
  for (const type in conditions) trie.step(type).step(conditions[type]);
  return trie.end(conditions);
}

/**
 * Container records of plain values (a running container's image, phase, since, restartCount,
 * startedAt), and the containers maps holding only such records, frozen once and shared by every
 * kubelet record holding equal ones (same fields in the same order): pods started in the same
 * sync hold the same. A record is copied before each sync changes it (`copyMemo`), so the
 * shared ones are never changed. Tries keyed by field and value (records) or by name and record
 * identity (maps); bounded.
 */
const containerRecords = new SharingTrie(16_384);
const containerMaps = new SharingTrie(16_384);

function sharedContainerRecord(m: ContainerMemo): ContainerMemo {
  const src = m as unknown as Record<string, unknown>;
  for (const k in src) {
    const v = src[k];
    if (v !== null && typeof v === 'object') return m;
  }
  const trie = containerRecords.begin();
  for (const k in src) trie.step(k).step(src[k]);
  return trie.end(m);
}

function sharedContainers(containers: PodMemo['containers']): PodMemo['containers'] {
  const trie = containerMaps.begin();
  for (const name in containers) {
    const record = containers[name];
    if (!record) return containers;
    const shared = sharedContainerRecord(record);
    if (shared !== record) containers[name] = shared;
    // a record of its own (back-off, terminations) keeps the map its own too
    if (!Object.isFrozen(shared)) return containers;
    trie.step(name).step(shared);
  }
  return trie.end(containers);
}

/** Bounded: emptied when it holds more addresses than a large cluster has nodes. */
const hostIPLists = new Map<string, readonly Readonly<{ ip: string }>[]>();
function hostIPsOf(ip: string): readonly Readonly<{ ip: string }>[] {
  let list = hostIPLists.get(ip);
  if (!list) {
    list = Object.freeze([Object.freeze({ ip })]);
    if (hostIPLists.size >= 16_384) hostIPLists.clear();
    hostIPLists.set(ip, list);
  }
  return list;
}

/**
 * `containers with unready status: [...]` for the unready container names, the last text kept:
 * pods of one template share one string instead of holding a copy each.
 */
let lastUnready: string | undefined;
let lastUnreadyText = '';
function unreadyMessage(names: string): string {
  if (names !== lastUnready) {
    lastUnready = names;
    lastUnreadyText = ['containers with unready status: [', names, ']'].join('');
  }
  return lastUnreadyText;
}

/** 64 hex digits from `seed`: FNV-1a of `<seed>#0` to `<seed>#7`, 8 digits each (the seed hashed once). */
function hex64(seed: string): string {
  const h = fnv1a32(seed);
  const parts = new Array<string>(8);
  for (let i = 0; i < 8; i++) parts[i] = fnv1a32From(h, `#${i}`).toString(16).padStart(8, '0');
  return parts.join('');
}

function containerID(pod: KubeObject, name: string, restart: number): string {
  return ['containerd://', hex64(`${pod.metadata.uid}/${name}/${restart}`)].join('');
}

/** Image IDs by image (the hash is costly and the same for every pod of an image). */
const imageIDs = new Map<string, string>();

function imageID(full: string): string {
  const known = imageIDs.get(full);
  if (known !== undefined) return known;
  const id = `${full.replace(/:[^:/@]+$/, '')}@sha256:${hex64(full)}`;
  if (imageIDs.size >= 1_024) imageIDs.clear();
  imageIDs.set(full, id);
  return id;
}

// ---------------------------------------------------------------- facts and delays

function exitCodeOf(m: ContainerMemo): number {
  return m.terminated?.exitCode ?? 0;
}

function fact(f: Fact, x: Ctx): boolean {
  const policy = x.restartPolicy;
  const restart = policy === 'Always' || (policy === 'OnFailure' && exitCodeOf(x.m) !== 0);
  switch (f) {
    case 'imageExists':
      return !!x.image;
    case 'imageMissing':
      return !x.image;
    // decided once, when the container's creation began (queuePulls)
    case 'imagePresent':
      return x.m.pullEnd === undefined;
    case 'imageNotPresent':
      return x.m.pullEnd !== undefined;
    case 'podDeleting':
      return x.deletingSince !== undefined;
    case 'processExits':
      return !!x.proc?.timeline.exit;
    case 'overMemoryLimit': {
      const limit = memoryLimit(x.c);
      return limit !== undefined && !!x.proc && x.proc.memoryBytes.idle > limit;
    }
    case 'livenessFails':
      return (
        !!x.c.livenessProbe &&
        !!x.proc &&
        Number.isFinite(
          livenessKillAt(x.c.livenessProbe, probeWindow(x.c.livenessProbe, x.proc, x.c, x.podIP)),
        )
      );
    case 'restart':
      return restart;
    case 'noRestart':
      return !restart;
    case 'backOffActive':
      return (
        !!x.m.crashBackoff &&
        x.m.terminated !== undefined &&
        inBackoff(x.m.crashBackoff, x.m.terminated.finishedAt, x.m.terminated.finishedAt)
      );
    case 'backOffClear':
      return !(
        x.m.crashBackoff &&
        x.m.terminated !== undefined &&
        inBackoff(x.m.crashBackoff, x.m.terminated.finishedAt, x.m.terminated.finishedAt)
      );
  }
}

/** The absolute time a stage fires. */
function fireAt(d: Delay, x: Ctx): number {
  if ('ms' in d) return x.m.since + d.ms * x.delayScale;
  const started = x.m.startedAt ?? x.m.since;
  switch (d.at) {
    case 'image.pull':
      return x.m.pullEnd ?? x.m.since;
    case 'backoff.pull':
      return (x.m.pullFailedAt ?? x.m.since) + (x.m.pullBackoff?.delayMs ?? 0);
    case 'backoff.crash':
      return (x.m.terminated?.finishedAt ?? x.m.since) + (x.m.crashBackoff?.delayMs ?? 0);
    case 'process.exit':
      return started + (x.proc?.timeline.exit?.atMs ?? Infinity);
    case 'process.oom':
      return started + (x.proc?.startMs ?? 0) + OOM_AFTER_MS;
    case 'process.stop':
      return (x.deletingSince ?? x.m.since) + stopDuration(x);
    case 'probe.liveness': {
      const p = x.c.livenessProbe!;
      return started + livenessKillAt(p, probeWindow(p, x.proc!, x.c, x.podIP)) + stopDuration(x);
    }
  }
}

/** Time from SIGTERM to exit: the image's stop time, or the whole grace period for a process that ignores SIGTERM. */
function stopDuration(x: Ctx): number {
  if (x.m.phase !== 'running') return 0;
  const stop = x.proc?.stopMs;
  return stop === undefined ? x.grace : Math.min(stop, x.grace);
}

function nextStage(x: Ctx): { stage: Stage; at: number } | undefined {
  let best: { stage: Stage; at: number } | undefined;
  for (const s of CONTAINER_STAGES) {
    if (s.from !== '*' && s.from !== x.m.phase) continue;
    if (s.from === '*' && (x.m.phase === 'stopped' || x.m.phase === 'done')) continue;
    if (!s.when.every((f) => fact(f, x))) continue;
    let at = Math.max(fireAt(s.delay, x), x.m.since);
    if (!Number.isFinite(at)) continue;
    // a restart under imagePullPolicy Always pulls the image again first (its layers are there)
    if (s.effect === 'restarted' && pullsAlways(x)) at += LAYERS_PRESENT_PULL_MS * x.delayScale;
    if (!best || at < best.at) best = { stage: s, at };
  }
  return best;
}

// ---------------------------------------------------------------- effects

/**
 * One string object per distinct text among the kubelet's repeated texts (event messages such as
 * `Started container nginx`, field paths, image IDs): thousands of pods then hold one copy each
 * instead of their own. Bounded: forgotten when full (later copies are simply not shared).
 */
const sharedTexts = new Map<string, string>();
function shared(text: string): string {
  const known = sharedTexts.get(text);
  if (known !== undefined) return known;
  if (sharedTexts.size >= 4_096) sharedTexts.clear();
  sharedTexts.set(text, text);
  return text;
}

function event(x: Ctx, type: 'Normal' | 'Warning', reason: string, message: string): EventSpec {
  return {
    involvedObject: x.pod,
    type,
    reason,
    message: shared(message),
    component: COMPONENT,
    host: x.node.metadata.name,
    fieldPath: shared(`spec.${x.init ? 'initContainers' : 'containers'}{${x.c.name}}`),
  };
}

function pullFailure(x: Ctx): string {
  const full = x.imageFull;
  if (x.imageReason === 'tag') {
    return `Failed to pull image "${x.c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`;
  }
  return `Failed to pull image "${x.c.image}": failed to pull and unpack image "${full}": failed to resolve reference "${full}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
}

/** Whether the container's image is pulled each time its container starts. */
function pullsAlways(x: Ctx): boolean {
  return x.c.imagePullPolicy === 'Always' && !!x.image;
}

function startEvents(x: Ctx, at: number, pulled: boolean): EventSpec[] {
  const out: EventSpec[] = [];
  if (!pulled && pullsAlways(x) && x.m.phase !== 'creating') {
    // a restart: the pull took the layers-present time just before the start
    const took = goDuration(LAYERS_PRESENT_PULL_MS * x.delayScale);
    out.push(
      event(x, 'Normal', 'Pulling', `Pulling image "${x.c.image}"`),
      event(
        x,
        'Normal',
        'Pulled',
        `Successfully pulled image "${x.c.image}" in ${took} (${took} including waiting). Image size: ${x.image?.sizeBytes ?? 0} bytes.`,
      ),
    );
  } else if (pulled) {
    const took = goDuration(at - (x.m.pullStart ?? x.m.since));
    const withWaiting = goDuration(at - (x.m.pullAskedAt ?? x.m.since));
    out.push(
      event(
        x,
        'Normal',
        'Pulled',
        `Successfully pulled image "${x.c.image}" in ${took} (${withWaiting} including waiting). Image size: ${x.image?.sizeBytes ?? 0} bytes.`,
      ),
    );
  } else {
    out.push(event(x, 'Normal', 'Pulled', `Container image "${x.c.image}" already present on machine`));
  }
  out.push(event(x, 'Normal', 'Created', `Created container: ${x.c.name}`));
  out.push(event(x, 'Normal', 'Started', `Started container ${x.c.name}`));
  return out;
}

function apply(stage: Stage, at: number, x: Ctx): EventSpec[] {
  const m = x.m;
  const events: EventSpec[] = [];
  const terminate = (exitCode: number, reason: string): void => {
    m.terminated = { exitCode, reason, startedAt: m.startedAt ?? at, finishedAt: at };
  };
  switch (stage.effect) {
    case 'started':
    case 'pulledAndStarted':
      m.startedAt = at;
      events.push(...startEvents(x, at, stage.effect === 'pulledAndStarted'));
      break;
    case 'pullFailed':
      if (m.pullFailedAt !== undefined)
        events.push(event(x, 'Normal', 'Pulling', `Pulling image "${x.c.image}"`));
      m.pullFailedAt = at;
      m.pullBackoff = nextBackoff(m.pullBackoff, at, at);
      events.push(
        event(x, 'Warning', 'Failed', pullFailure(x)),
        event(x, 'Warning', 'Failed', 'Error: ErrImagePull'),
      );
      break;
    case 'pullBackOff':
      events.push(
        event(x, 'Normal', 'BackOff', `Back-off pulling image "${x.c.image}"`),
        event(x, 'Warning', 'Failed', 'Error: ImagePullBackOff'),
      );
      break;
    case 'exited': {
      const code = x.proc?.timeline.exit?.code ?? 0;
      terminate(code, code === 0 ? 'Completed' : 'Error');
      break;
    }
    case 'oomKilled':
      terminate(137, 'OOMKilled');
      break;
    case 'livenessKilled': {
      const p = x.c.livenessProbe!;
      const w = probeWindow(p, x.proc!, x.c, x.podIP);
      const what = p.httpGet ? 'HTTP' : p.tcpSocket ? 'TCP' : 'exec';
      events.push(
        event(x, 'Warning', 'Unhealthy', `Liveness probe failed: ${w.failure || `${what} probe failed`}`),
      );
      events.push(
        event(x, 'Normal', 'Killing', `Container ${x.c.name} failed liveness probe, will be restarted`),
      );
      const graceful = x.proc?.stopMs !== undefined;
      terminate(graceful ? 0 : 137, graceful ? 'Completed' : 'Error');
      break;
    }
    case 'crashLoop':
      events.push(
        event(
          x,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${x.c.name} in pod ${podRef(x.pod)}`,
        ),
      );
      break;
    case 'restarted':
      m.crashBackoff = nextBackoff(m.crashBackoff, m.terminated?.finishedAt ?? at, at);
      m.last = m.terminated;
      m.terminated = undefined;
      m.restartCount += 1;
      m.startedAt = at;
      m.readinessWarned = false;
      events.push(...startEvents(x, at, false));
      break;
    case 'finished':
      break;
    case 'stopped':
      if (m.phase === 'running') {
        events.push(event(x, 'Normal', 'Killing', `Stopping container ${x.c.name}`));
        terminate(
          x.proc?.stopMs === undefined ? 137 : 0,
          x.proc?.stopMs === undefined ? 'Error' : 'Completed',
        );
      } else if (!m.terminated) {
        m.terminated = { exitCode: 137, reason: 'ContainerStatusUnknown', startedAt: at, finishedAt: at };
      }
      break;
  }
  if (m.phase === 'creating') {
    // the pull is over (or was never needed): the settled record does not keep its times
    delete m.pullStart;
    delete m.pullEnd;
    delete m.pullAskedAt;
  }
  m.phase = stage.to;
  m.since = at;
  return events;
}

function podRef(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

// ---------------------------------------------------------------- reconcile

function contexts(pod: KubeObject, observed: KubeletObserved, memo: PodMemo): Ctx[] {
  const deletion = fromTimestamp(pod.metadata.deletionTimestamp);
  const grace =
    (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  // Images other pods on the node pulled: only a container that is being created asks, so the
  // scan of the node's pods happens once per reconcile at most, and only then.
  let present: Set<string> | undefined;
  const imagesOnNode = (): Set<string> => {
    if (present) return present;
    present = new Set<string>();
    for (const p of observed.podsOnNode) {
      if (p.metadata.uid === pod.metadata.uid) continue;
      for (const s of (p.status?.containerStatuses ?? []) as { image?: string; imageID?: string }[])
        if (s.imageID && s.image) present.add(s.image);
    }
    return present;
  };
  const podPolicy = pod.spec?.restartPolicy ?? 'Always';
  const all = [
    ...((pod.spec?.initContainers ?? []) as Container[]).map((c) => ({ c, init: true })),
    ...((pod.spec?.containers ?? []) as Container[]).map((c) => ({ c, init: false })),
  ];
  // Only containers the kubelet has started to create (see activate) take part.
  return all.flatMap(({ c, init }) => {
    const m = memo.containers[c.name];
    if (!m) return [];
    const found = lookupImage(c.image);
    const ctx: Ctx = {
      pod,
      node: observed.node,
      c,
      m,
      ...(found.spec
        ? { image: found.spec, proc: containerProcess(pod, c, found.spec) }
        : { imageReason: found.reason }),
      imageFull: found.ref.full,
      podIP: memo.podIP,
      presentOnNode: observed.imagePresent
        ? () => observed.imagePresent!(found.ref.full)
        : () => imagesOnNode().has(found.ref.full),
      ...(deletion !== undefined ? { deletingSince: deletion - grace } : {}),
      grace,
      delayScale: observed.stageDelayScale ?? 1,
      init,
      restartPolicy: init
        ? isSidecar(c)
          ? 'Always'
          : podPolicy === 'Always'
            ? 'OnFailure'
            : podPolicy
        : podPolicy,
    };
    return [ctx];
  });
}

/**
 * Decides, for each container whose creation just began, whether its image must be pulled: not
 * when the node has it and the pull policy is not `Always`. A pull joins the node's queue (one
 * pull at a time): it starts when the pulls before it end, and is quick when the node already has
 * the image's layers. The app containers of a pod start one after another: each asks for its pull
 * when the pull before it has ended (and its container started). A container still waiting for its pull tells the queue about it, so a
 * queue that forgot it (a restored cluster) still makes later pulls wait.
 */
function queuePulls(ctxs: Ctx[], fresh: Set<string>, observed: KubeletObserved, events: EventSpec[]): void {
  const node = observed.node.metadata.name ?? '';
  // when the last pull among the app containers starting together ends (the next one asks then)
  let previousPullEnd: number | undefined;
  for (const x of ctxs) {
    if (!fresh.has(x.c.name)) {
      if (x.m.phase === 'creating' && x.m.pullEnd !== undefined)
        observed.pulls?.notePull(node, x.imageFull, x.m.pullEnd);
      continue;
    }
    if (x.pod.metadata.deletionTimestamp) continue;
    if (!x.image) {
      // an image that does not exist: the pull is tried (and fails, pull-fails)
      events.push(event(x, 'Normal', 'Pulling', `Pulling image "${x.c.image}"`));
      continue;
    }
    const at = x.init ? x.m.since : Math.max(x.m.since, previousPullEnd ?? x.m.since);
    const onNode = x.presentOnNode() || !!observed.pulls?.pulledBy(node, x.imageFull, at);
    if (onNode && (x.c.imagePullPolicy ?? 'IfNotPresent') !== 'Always') continue;
    const fullMs = x.image.pullMs * x.delayScale;
    const layersMs = LAYERS_PRESENT_PULL_MS * x.delayScale;
    const pull = observed.pulls
      ? observed.pulls.queuePull(node, x.imageFull, at, fullMs, layersMs, onNode)
      : { start: at, end: at + (onNode ? layersMs : fullMs) };
    x.m.pullStart = pull.start;
    x.m.pullEnd = pull.end;
    if (!x.init) previousPullEnd = pull.end;
    // asked for later: Pulling is reported when the container before it starts (reconcile)
    if (at > x.m.since) x.m.pullAskedAt = at;
    else events.push(event(x, 'Normal', 'Pulling', `Pulling image "${x.c.image}"`));
  }
}

/** An init container with `restartPolicy: Always`: a sidecar that keeps running beside the app. */
function isSidecar(c: { restartPolicy?: string }): boolean {
  return c.restartPolicy === 'Always';
}

/** An init container that ran to completion with exit code 0. */
function initSucceeded(m: ContainerMemo | undefined): boolean {
  return !!m && m.phase === 'done' && exitCodeOf(m) === 0;
}

/**
 * Starts creating the containers whose turn has come, as the kubelet does: each init container
 * once the one before it succeeded, the app containers once every init container succeeded.
 * A container's record starts when its predecessor finished (the pod's start for the first).
 * Returns the names of the containers it started.
 */
function activate(pod: KubeObject, memo: PodMemo, now: number, first: boolean): string[] {
  const started: string[] = [];
  if (!first && pod.metadata.deletionTimestamp) return started;
  let ready: number | undefined = memo.acceptedAt;
  for (const c of (pod.spec?.initContainers ?? []) as Container[]) {
    let m = memo.containers[c.name];
    if (!m) {
      const known = adopt(pod, c, 'initContainerStatuses');
      if (!known) {
        memo.containers[c.name] = { image: c.image, phase: 'creating', since: ready, restartCount: 0 };
        return [c.name];
      }
      m = memo.containers[c.name] = known;
    }
    if (isSidecar(c)) {
      // A sidecar (restartPolicy Always) lets the next container start once it has started.
      if (m.startedAt === undefined) return started;
      ready = Math.max(ready, m.startedAt);
      continue;
    }
    if (!initSucceeded(m)) return started;
    ready = Math.max(ready, m.terminated?.finishedAt ?? m.since);
  }
  for (const c of (pod.spec?.containers ?? []) as Container[]) {
    const m = memo.containers[c.name];
    if (!m) {
      const known = adopt(pod, c, 'containerStatuses');
      if (known) memo.containers[c.name] = known;
      else {
        memo.containers[c.name] = { image: c.image, phase: 'creating', since: ready, restartCount: 0 };
        started.push(c.name);
      }
    } else if (m.image !== c.image && m.phase !== 'stopped') {
      // The image changed in place: the kubelet kills and recreates the container.
      memo.containers[c.name] = {
        image: c.image,
        phase: 'creating',
        since: now,
        restartCount: m.restartCount + (m.startedAt !== undefined ? 1 : 0),
        ...(m.terminated ? { last: m.terminated } : {}),
      };
      started.push(c.name);
    }
  }
  return started;
}

/**
 * A record for a container the pod's status already shows running (or, for an init container,
 * completed): what a restarted kubelet learns from the container runtime, e.g. after a snapshot
 * was restored. It takes the container as it is, without starting it again or recording events.
 */
function adopt(
  pod: KubeObject,
  c: Container,
  field: 'containerStatuses' | 'initContainerStatuses',
): ContainerMemo | undefined {
  type Term = { exitCode?: number; reason?: string; startedAt?: string; finishedAt?: string };
  const s = ((pod.status?.[field] ?? []) as Record<string, any>[]).find((x) => x.name === c.name); // eslint-disable-line @typescript-eslint/no-explicit-any -- status fields are read one by one
  if (!s || s.image !== lookupImage(c.image).ref.full) return undefined;
  const term = (t: Term | undefined) => {
    const startedAt = fromTimestamp(t?.startedAt);
    const finishedAt = fromTimestamp(t?.finishedAt);
    return t && startedAt !== undefined && finishedAt !== undefined
      ? { exitCode: t.exitCode ?? 0, reason: t.reason ?? '', startedAt, finishedAt }
      : undefined;
  };
  const last = term(s.lastState?.terminated as Term | undefined);
  const base = { image: c.image, restartCount: Number(s.restartCount ?? 0), ...(last ? { last } : {}) };
  const runningSince = fromTimestamp(s.state?.running?.startedAt);
  if (runningSince !== undefined)
    return {
      ...base,
      phase: 'running',
      since: runningSince,
      startedAt: runningSince,
      readinessWarned: !s.ready,
    };
  const done = term(s.state?.terminated as Term | undefined);
  if (field === 'initContainerStatuses' && done && done.exitCode === 0 && !isSidecar(c))
    return { ...base, phase: 'done', since: done.finishedAt, startedAt: done.startedAt, terminated: done };
  return undefined;
}

function newMemo(pod: KubeObject, observed: KubeletObserved, now: number): PodMemo {
  const taken = observed.podsOnNode
    .filter((p) => p.metadata.uid !== pod.metadata.uid)
    .map((p) => p.status?.podIP as string | undefined)
    .filter((ip): ip is string => !!ip);
  const podIP = pod.spec?.hostNetwork
    ? nodeIP(observed.node)
    : (pod.status?.podIP ?? allocatePodIP(observed.node, taken) ?? '');
  return {
    uid: pod.metadata.uid ?? '',
    acceptedAt: fromTimestamp(pod.status?.startTime) ?? now,
    podIP,
    containers: {},
    // Conditions already reported keep their transition times (a restarted kubelet's view).
    conditions: Object.fromEntries(
      ((pod.status?.conditions ?? []) as { type: string; status: string; lastTransitionTime?: string }[])
        .filter((c) => fromTimestamp(c.lastTransitionTime) !== undefined)
        .map((c) => [c.type, conditionRecord(c.status, fromTimestamp(c.lastTransitionTime)!)]),
    ),
  };
}

/**
 * A copy of a record, exactly as a JSON round trip makes it (undefined fields dropped,
 * non-finite numbers as null), without building the text: every sync of a pod copies its record.
 */
export function copyMemo(memo: PodMemo): PodMemo {
  const src = memo as unknown as Record<string, unknown>;
  const out = objectForCopyOf(src);
  for (const k in src) {
    const x = src[k];
    if (x === undefined || typeof x === 'function') continue;
    out[k] = k === 'conditions' && x !== null && typeof x === 'object' ? copyConditions(x) : jsonCopy(x);
  }
  return out as unknown as PodMemo;
}

/** Condition records: the shared (frozen) ones as they are, any other copied. */
function copyConditions(conditions: object): Record<string, unknown> {
  const src = conditions as Record<string, unknown>;
  const out = objectForCopyOf(src);
  for (const k in src) {
    const x = src[k];
    if (x === undefined || typeof x === 'function') continue;
    out[k] = x !== null && typeof x === 'object' && Object.isFrozen(x) ? x : jsonCopy(x);
  }
  return out;
}

/**
 * One frozen `{ status, at }` per status and transition time, shared by every record that holds
 * it: pods started together share their conditions' records (five per pod), and a record's
 * copy for the next sync shares them too. Records replace these, never change them. Bounded:
 * emptied when it holds many transition times.
 */
const conditionRecords = new Map<number, { True?: ConditionMemo; False?: ConditionMemo }>();
type ConditionMemo = Readonly<{ status: string; at: number }>;

function conditionRecord(status: string, at: number): ConditionMemo {
  if (status !== 'True' && status !== 'False') return { status, at };
  let byStatus = conditionRecords.get(at);
  if (!byStatus) {
    if (conditionRecords.size >= 1_024) conditionRecords.clear();
    conditionRecords.set(at, (byStatus = {}));
  }
  return (byStatus[status] ??= Object.freeze({ status, at }));
}

function jsonCopy(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = x === undefined || typeof x === 'function' ? null : jsonCopy(x);
    }
    return out;
  }
  const src = v as Record<string, unknown>;
  const out = objectForCopyOf(src);
  for (const k in src) {
    const x = src[k];
    if (x !== undefined && typeof x !== 'function') out[k] = jsonCopy(x);
  }
  return out;
}

/**
 * Reconciles one pod bound to `observed.node`: fires every stage that is due at `now`, writes
 * the resulting status, deletes the pod once it has stopped after a deletion request, and asks
 * to be called again when the next stage or readiness change is due.
 */
export function reconcileKubeletPod(
  pod: KubeObject,
  observed: KubeletObserved,
  now: number,
): ReconcileResult<PodMemo> {
  if (!pod.spec?.nodeName || pod.spec.nodeName !== observed.node.metadata.name) return { actions: [] };
  const memo: PodMemo =
    observed.memo && observed.memo.uid === pod.metadata.uid
      ? copyMemo(observed.memo)
      : newMemo(pod, observed, now);
  const events: EventSpec[] = [];
  let ctxs: Ctx[] = [];
  // Each round starts the containers whose turn came (an init container that finished lets the
  // next one start at its finish time) and fires their due stages.
  for (let round = 0; round <= ((pod.spec.initContainers ?? []) as unknown[]).length + 1; round++) {
    const fresh = new Set(activate(pod, memo, now, round === 0));
    if (round > 0 && !fresh.size) break;
    ctxs = contexts(pod, observed, memo);
    queuePulls(ctxs, fresh, observed, events);
    // Fire due stages in time order across containers.
    for (let guard = 0; guard < 10_000; guard++) {
      let due: { x: Ctx; stage: Stage; at: number } | undefined;
      for (const x of ctxs) {
        const n = nextStage(x);
        if (n && n.at <= now && (!due || n.at < due.at)) due = { x, ...n };
      }
      if (!due) break;
      events.push(...apply(due.stage, due.at, due.x));
      if (due.stage.effect === 'pulledAndStarted' || due.stage.effect === 'started')
        for (const x of ctxs)
          if (x.m.phase === 'creating' && x.m.pullAskedAt === due.at)
            events.push(event(x, 'Normal', 'Pulling', `Pulling image "${x.c.image}"`));
    }
  }
  // Readiness probe failures are reported once per run.
  for (const x of ctxs) {
    if (x.m.phase !== 'running' || !x.c.readinessProbe || !x.proc || x.m.readinessWarned) continue;
    const w = probeWindow(x.c.readinessProbe, x.proc, x.c, x.podIP);
    const r = readyInterval(x.c.readinessProbe, w);
    const firstProbe = (x.m.startedAt ?? 0) + (x.c.readinessProbe.initialDelaySeconds ?? 0) * 1000;
    if (!Number.isFinite(r.from) && now >= firstProbe) {
      x.m.readinessWarned = true;
      events.push(event(x, 'Warning', 'Unhealthy', `Readiness probe failed: ${w.failure}`));
    }
  }

  const actions: Action[] = [];
  const status = projectStatus(pod, observed.node, memo, ctxs, now);
  // the record's conditions are final now: share them with every record holding the same
  memo.conditions = sharedConditionMemo(memo.conditions);
  if (!sameJson(status, pod.status ?? {})) {
    actions.push({ type: 'updateStatus', resource: 'pods', object: { ...pod, status } });
  }
  for (const e of events) actions.push({ type: 'event', event: e });
  const allStopped = ctxs.every((x) => x.m.phase === 'stopped' || x.m.phase === 'done');
  if (pod.metadata.deletionTimestamp && allStopped) {
    actions.push({
      type: 'delete',
      resource: 'pods',
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name ?? '',
      options: { gracePeriodSeconds: 0 },
    });
    return { actions, memo };
  }
  // Come back when the next stage or readiness change is due.
  let next = Infinity;
  for (const x of ctxs) {
    const n = nextStage(x);
    if (n) next = Math.min(next, n.at);
    const r = readiness(x);
    for (const t of [r.from, r.until]) if (t > now) next = Math.min(next, t);
  }
  if (Number.isFinite(next)) return { actions, memo, requeueAfterMs: Math.max(0, next - now) };
  // nothing more is due: the record settles, and its plain container records are shared with
  // every equal one (records still on their way change at the next sync anyway)
  memo.containers = sharedContainers(memo.containers);
  return { actions, memo };
}

// ---------------------------------------------------------------- status

/** The absolute interval in which a running container reports ready. */
function readiness(x: Ctx): { from: number; until: number } {
  if (x.m.phase !== 'running' || x.m.startedAt === undefined) return { from: Infinity, until: Infinity };
  if (!x.c.readinessProbe || !x.proc) return { from: x.m.startedAt, until: Infinity };
  const r = readyInterval(x.c.readinessProbe, probeWindow(x.c.readinessProbe, x.proc, x.c, x.podIP));
  return { from: x.m.startedAt + r.from, until: x.m.startedAt + r.until };
}

function terminatedState(
  x: Ctx,
  t: NonNullable<ContainerMemo['terminated']>,
  restart: number,
): Record<string, unknown> {
  return {
    terminated: {
      containerID: containerID(x.pod, x.c.name, restart),
      exitCode: t.exitCode,
      finishedAt: toTimestamp(t.finishedAt),
      reason: t.reason,
      startedAt: toTimestamp(t.startedAt),
    },
  };
}

/** The waiting reason before a container exists: the kubelet says PodInitializing in pods with init containers. */
function creating(x: Ctx): string {
  return (x.pod.spec?.initContainers ?? []).length ? 'PodInitializing' : 'ContainerCreating';
}

function containerStatus(x: Ctx, now: number): Record<string, unknown> {
  const m = x.m;
  const r = readiness(x);
  const ready = now >= r.from && now < r.until;
  const image = x.imageFull;
  const base = {
    image,
    imageID: m.startedAt !== undefined ? imageID(image) : '',
    name: x.c.name,
    restartCount: m.restartCount,
  };
  const last =
    m.phase === 'exited' || m.phase === 'done' || m.phase === 'stopped' ? m.last : (m.terminated ?? m.last);
  const lastState = last
    ? terminatedState(
        x,
        last,
        Math.max(0, m.restartCount - (m.phase === 'crashLoop' || m.phase === 'exited' ? 0 : 1)),
      )
    : NO_STATE;
  switch (m.phase) {
    case 'creating':
      return {
        ...base,
        lastState,
        ready: false,
        started: false,
        state: waitingState(creating(x)),
      };
    case 'pullError':
      return {
        ...base,
        lastState,
        ready: false,
        started: false,
        state: {
          waiting: {
            reason: 'ErrImagePull',
            message: pullFailure(x).replace(/^Failed to pull image "[^"]*": /, ''),
          },
        },
      };
    case 'pullBackOff':
      return {
        ...base,
        lastState,
        ready: false,
        started: false,
        state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${x.c.image}"` } },
      };
    case 'running':
      return {
        ...base,
        containerID: containerID(x.pod, x.c.name, m.restartCount),
        lastState,
        ready,
        started: true,
        state: runningState(stamp(m.startedAt ?? now)),
      };
    case 'crashLoop':
      return {
        ...base,
        containerID: containerID(x.pod, x.c.name, m.restartCount),
        lastState: m.terminated ? terminatedState(x, m.terminated, m.restartCount) : NO_STATE,
        ready: false,
        started: false,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${goDuration(m.crashBackoff?.delayMs ?? 0)} restarting failed container=${x.c.name} pod=${podRef(x.pod)}`,
          },
        },
      };
    default:
      return {
        ...base,
        ...(m.terminated && m.startedAt !== undefined
          ? { containerID: containerID(x.pod, x.c.name, m.restartCount) }
          : {}),
        lastState,
        ready: false,
        started: false,
        state: m.terminated ? terminatedState(x, m.terminated, m.restartCount) : waitingState(creating(x)),
      };
  }
}

/** Kubernetes' pod phase from container states (kubelet getPhase). */
function podPhase(pod: KubeObject, all: Ctx[], initializing: boolean): string {
  if (initializing) {
    // An init container that failed for good fails the pod; otherwise it is still Pending.
    const failed = all.some((x) => x.init && x.m.phase === 'done' && exitCodeOf(x.m) !== 0);
    return failed ? 'Failed' : 'Pending';
  }
  const ctxs = all.filter((x) => !x.init);
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const x of ctxs) {
    const p = x.m.phase;
    if (p === 'running') running++;
    else if (p === 'exited' || p === 'done' || p === 'stopped') {
      stopped++;
      if (exitCodeOf(x.m) === 0) succeeded++;
    } else if (p === 'crashLoop' || x.m.last) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Always') return 'Running';
  if (ctxs.some((x) => x.m.phase === 'exited' || x.m.phase === 'crashLoop')) return 'Running';
  if (policy === 'OnFailure') return stopped === succeeded ? 'Succeeded' : 'Running';
  return stopped === succeeded ? 'Succeeded' : 'Failed';
}

function qosClass(pod: KubeObject): string {
  const cs = (pod.spec?.containers ?? []) as Container[];
  const has = cs.some(
    (c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length,
  );
  if (!has) return 'BestEffort';
  const guaranteed = cs.every((c) =>
    ['cpu', 'memory'].every(
      (r) =>
        c.resources?.limits?.[r] !== undefined &&
        (c.resources?.requests?.[r] ?? c.resources?.limits?.[r]) === c.resources?.limits?.[r],
    ),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function projectStatus(
  pod: KubeObject,
  node: KubeObject,
  memo: PodMemo,
  ctxs: Ctx[],
  now: number,
): Record<string, unknown> {
  const byName = new Map(ctxs.map((x) => [x.c.name, x]));
  const inits = (pod.spec?.initContainers ?? []) as Container[];
  // Containers not started yet (waiting for init containers) report PodInitializing.
  const waitingStatus = (c: Container): Record<string, unknown> => ({
    image: lookupImage(c.image).ref.full,
    imageID: '',
    lastState: NO_STATE,
    name: c.name,
    ready: false,
    restartCount: 0,
    started: false,
    state: waitingState('PodInitializing'),
  });
  const statuses = ((pod.spec?.containers ?? []) as Container[]).map((c) => {
    const x = byName.get(c.name);
    return x ? containerStatus(x, now) : waitingStatus(c);
  });
  const initStatuses = inits.map((c) => {
    const x = byName.get(c.name);
    if (!x) return waitingStatus(c);
    // A sidecar reports like an app container; an init container is ready once it succeeded.
    if (isSidecar(c)) return containerStatus(x, now);
    return { ...containerStatus(x, now), ready: initSucceeded(x.m), started: x.m.phase === 'running' };
  });
  const incomplete = inits
    .filter((c) =>
      isSidecar(c)
        ? memo.containers[c.name]?.startedAt === undefined
        : !initSucceeded(memo.containers[c.name]),
    )
    .map((c) => c.name);
  const phase = podPhase(pod, ctxs, incomplete.length > 0);
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name as string);
  const cond = (type: string, ok: boolean, reason?: string, message?: string): Record<string, unknown> => {
    const status = ok ? 'True' : 'False';
    const prev = memo.conditions[type];
    if (!prev || prev.status !== status) memo.conditions[type] = conditionRecord(status, now);
    return podCondition(type, status, toTimestamp(memo.conditions[type]!.at), reason, message);
  };
  const notReady = finished
    ? { reason: 'PodCompleted' }
    : { reason: 'ContainersNotReady', message: unreadyMessage(unready.join(' ')) };
  const conditions = sharedConditionList([
    cond('PodReadyToStartContainers', !finished && !ctxs.every((x) => x.m.phase === 'stopped')),
    incomplete.length
      ? cond(
          'Initialized',
          false,
          'ContainersNotInitialized',
          `containers with incomplete status: [${incomplete.join(' ')}]`,
        )
      : cond('Initialized', true),
    unready.length ? cond('Ready', false, notReady.reason, notReady.message) : cond('Ready', true),
    unready.length
      ? cond('ContainersReady', false, notReady.reason, notReady.message)
      : cond('ContainersReady', true),
    cond('PodScheduled', true),
  ]);
  const hostIP = nodeIP(node);
  return {
    ...(pod.status ?? {}),
    conditions,
    containerStatuses: statuses,
    ...(inits.length ? { initContainerStatuses: initStatuses } : {}),
    hostIP,
    hostIPs: hostIPsOf(hostIP),
    phase,
    podIP: memo.podIP,
    podIPs: [{ ip: memo.podIP }],
    qosClass: pod.status?.qosClass ?? qosClass(pod),
    startTime: stamp(memo.acceptedAt),
  };
}

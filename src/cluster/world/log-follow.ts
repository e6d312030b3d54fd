/**
 * Which run of a container `kubectl logs` reads (the kubelet's rules, with its error messages),
 * and `kubectl logs -f`: the lines written so far, then each new line as the simulated process
 * (or its server's access log) writes it, until that run of the container ends. Pure: polls on
 * the cluster clock.
 */
import type { ClusterClient, Clock, KubeObject } from '../types.js';
import type { LogOptions } from '../api/hooks.js';
import { badRequest } from '../machinery/errors.js';
import { ChunkQueue } from '../api/stream.js';
import type { LogLine } from '../kubelet/logs.js';
import type { WorldState } from './state.js';
import { containerLogsWithTraffic, renderLogs } from './logs.js';

/** How often (cluster ms) a follow looks for new lines. */
export const FOLLOW_POLL_MS = 250;

interface ContainerState {
  running?: { startedAt?: string };
  terminated?: { startedAt?: string; finishedAt?: string; containerID?: string };
  waiting?: { reason?: string };
}

interface ContainerStatus {
  name: string;
  state?: ContainerState;
  lastState?: ContainerState;
  restartCount?: number;
}

function statusOf(pod: KubeObject, container: string): ContainerStatus | undefined {
  return [
    ...((pod.status?.initContainerStatuses ?? []) as ContainerStatus[]),
    ...((pod.status?.containerStatuses ?? []) as ContainerStatus[]),
  ].find((s) => s.name === container);
}

/**
 * Whether the logs come from the previous run (`true`), the current one (`false`), or an
 * error in the kubelet's words (thrown as 400, as the API server relays it).
 */
export function logRun(pod: KubeObject, container: string, previous: boolean): boolean {
  const name = pod.metadata.name ?? '';
  const s = statusOf(pod, container);
  const st = s?.state ?? {};
  const last = s?.lastState ?? {};
  if (previous) {
    if (!last.terminated)
      throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    return true;
  }
  if (st.running || st.terminated) return false;
  if (last.terminated) return true;
  const reason = st.waiting?.reason;
  if (reason === 'ErrImagePull')
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: image can't be pulled`);
  if (reason === 'ImagePullBackOff')
    throw badRequest(
      `container "${container}" in pod "${name}" is waiting to start: trying and failing to pull image`,
    );
  if (reason) throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  throw badRequest(`container "${container}" in pod "${name}" is waiting to start - no logs yet`);
}

function runKey(pod: KubeObject | undefined, container: string): string | undefined {
  const s = pod ? statusOf(pod, container) : undefined;
  const started = s?.state?.running?.startedAt;
  return started === undefined ? undefined : `${pod!.metadata.uid}/${started}/${s?.restartCount ?? 0}`;
}

/**
 * Follows a container's current run: the rendered lines so far (since/tail/timestamps), then
 * every later line, ending when the run ends (terminated, restarted, pod gone) or the reader
 * stops reading.
 */
export function followLogs(
  client: ClusterClient,
  clock: Clock,
  state: WorldState,
  pod: KubeObject,
  options: Partial<LogOptions> & { container: string },
): AsyncIterable<string> {
  const queue = new ChunkQueue();
  const container = options.container;
  const previous = logRun(pod, container, !!options.previous);
  const now = clock.now();
  const lines = containerLogsWithTraffic(state, pod, container, now, previous);
  const first = renderLogs(lines, options, now);
  if (first) queue.push(first);
  const key = runKey(pod, container);
  if (previous || key === undefined) {
    queue.end();
    return queue;
  }
  // A cursor: the time of the last line sent and how many lines at that time were sent.
  let cursorAt = -Infinity;
  let atCursor = 0;
  const advance = (sent: LogLine[]): void => {
    for (const l of sent) {
      if (l.at > cursorAt) {
        cursorAt = l.at;
        atCursor = 1;
      } else atCursor++;
    }
  };
  advance(lines);
  const fresh = (all: LogLine[]): LogLine[] => {
    let seen = 0;
    return all.filter((l) => {
      if (l.at > cursorAt) return true;
      if (l.at === cursorAt) return ++seen > atCursor;
      return false;
    });
  };
  const render = (sent: LogLine[]): string =>
    renderLogs(sent, { timestamps: !!options.timestamps }, clock.now());
  const startedAt = statusOf(pod, container)?.state?.running?.startedAt;
  // The lines of the followed run once it ended: its terminated state, now or as lastState.
  const endedRunLines = (current: KubeObject | undefined, t: number): LogLine[] => {
    if (!current || current.metadata.uid !== pod.metadata.uid) return [];
    const s = statusOf(current, container);
    if (s?.state?.terminated?.startedAt === startedAt)
      return containerLogsWithTraffic(state, current, container, t, false);
    if (s?.lastState?.terminated?.startedAt === startedAt)
      return containerLogsWithTraffic(state, current, container, t, true);
    return [];
  };
  let cancel: (() => void) | undefined;
  const tick = (): void => {
    cancel = undefined;
    if (queue.closed) return;
    const current = client.get('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '');
    const t = clock.now();
    const ended = runKey(current, container) !== key;
    const all = ended
      ? endedRunLines(current, t)
      : containerLogsWithTraffic(state, current!, container, t, false);
    const next = fresh(all);
    if (next.length) {
      advance(next);
      queue.push(render(next));
    }
    if (ended) {
      queue.end();
      return;
    }
    cancel = clock.at(t + FOLLOW_POLL_MS, tick);
  };
  cancel = clock.at(now + FOLLOW_POLL_MS, tick);
  queue.onClose(() => cancel?.());
  return queue;
}

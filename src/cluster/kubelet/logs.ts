/**
 * Synthetic container logs for `kubectl logs`: what a container's process has printed between
 * its start and `now`, from the image catalogue and the shell timeline. Pure.
 */
import type { KubeObject } from '../types.js';
import { fromTimestamp, toTimestamp } from '../controllers/time.js';
import { lookupImage } from './images.js';
import { containerProcess } from './process.js';

/** One log line with the time it was written. */
export interface LogLine {
  at: number;
  text: string;
}

/** Upper bound on lines rendered from a loop (a `while true` printing every second for a week). */
const MAX_LOOP_LINES = 10_000;

function fill(text: string, at: number, pod: KubeObject, tag: string): string {
  return text
    .replace(/\{time\}|\{date\}/g, toTimestamp(at).replace('T', ' ').replace('Z', ''))
    .replace(/\{ip\}/g, pod.status?.podIP ?? '')
    .replace(/\{tag\}/g, tag);
}

/**
 * Lines a container printed in its current run (or its previous one with `previous`), up to
 * `now`, oldest first. Empty when the container has not started or its image is unknown.
 */
export function containerLogLines(
  pod: KubeObject,
  containerName: string,
  now: number,
  previous = false,
): LogLine[] {
  const container = (pod.spec?.containers ?? []).find((c: { name: string }) => c.name === containerName);
  const status = (pod.status?.containerStatuses ?? []).find(
    (s: { name: string }) => s.name === containerName,
  );
  if (!container || !status) return [];
  const state = previous ? status.lastState : status.state;
  const started = fromTimestamp(state?.running?.startedAt ?? state?.terminated?.startedAt);
  if (started === undefined) return [];
  const until = Math.min(now, fromTimestamp(state?.terminated?.finishedAt) ?? now);
  const found = lookupImage(container.image);
  if (!found.spec) return [];
  const proc = containerProcess(pod, container, found.spec);
  const tag = found.ref.tag;
  const lines: LogLine[] = [];
  for (const l of proc.timeline.logs)
    if (started + l.atMs <= until)
      lines.push({ at: started + l.atMs, text: fill(l.text, started + l.atMs, pod, tag) });
  const loop = proc.timeline.loop;
  if (loop && loop.lines.length) {
    const rounds = Math.floor((until - started - loop.startMs) / loop.periodMs) + 1;
    const first = Math.max(0, rounds - Math.ceil(MAX_LOOP_LINES / loop.lines.length));
    for (let r = first; r < rounds; r++) {
      for (const l of loop.lines) {
        const at = started + loop.startMs + r * loop.periodMs + l.offsetMs;
        if (at <= until) lines.push({ at, text: fill(l.text, at, pod, tag) });
      }
    }
  }
  return lines.sort((a, b) => a.at - b.at);
}

/**
 * The kubelet's back-off (client-go flowcontrol.Backoff with no jitter): 10 s, doubling on each
 * retry up to 5 minutes; an entry not touched for twice the maximum (10 minutes) starts over.
 * Used for container restarts (CrashLoopBackOff) and image pulls (ImagePullBackOff).
 */

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

/** One back-off entry: the current delay and when it was last advanced. */
export interface BackoffEntry {
  delayMs: number;
  lastUpdate: number;
}

function expired(entry: BackoffEntry, eventTime: number): boolean {
  return eventTime - entry.lastUpdate > 2 * BACKOFF_MAX_MS;
}

/** True while `now` is within the back-off that started at `eventTime` (e.g. the container's exit). */
export function inBackoff(entry: BackoffEntry | undefined, eventTime: number, now: number): boolean {
  if (!entry || expired(entry, eventTime)) return false;
  return now - eventTime < entry.delayMs;
}

/** The entry after a retry at `now` for an event at `eventTime`: starts at 10 s, then doubles to 300 s. */
export function nextBackoff(entry: BackoffEntry | undefined, eventTime: number, now: number): BackoffEntry {
  if (!entry || expired(entry, eventTime)) return { delayMs: BACKOFF_INITIAL_MS, lastUpdate: now };
  return { delayMs: Math.min(entry.delayMs * 2, BACKOFF_MAX_MS), lastUpdate: now };
}

/** Go's time.Duration text for whole seconds and milliseconds (`10s`, `5m0s`, `1.5s`, `800ms`). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSec = ms / 1000;
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = +(totalSec % 60).toFixed(3);
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

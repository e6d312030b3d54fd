/**
 * Container logs with traffic: what the kubelet's log renderer says a container printed
 * (kubelet/logs.ts), merged with the access-log lines its server wrote for simulated requests,
 * and rendered for a `kubectl logs` request (timestamps, tail, since, limit).
 */
import type { KubeObject } from '../types.js';
import type { LogOptions } from '../api/hooks.js';
import { fromTimestamp, toTimestamp } from '../controllers/time.js';
import { containerLogLines, type LogLine } from '../kubelet/logs.js';
import type { WorldState } from './state.js';

/** The container's lines in its current run (or previous one), access lines included, oldest first. */
export function containerLogsWithTraffic(
  state: WorldState,
  pod: KubeObject,
  container: string,
  now: number,
  previous = false,
): LogLine[] {
  const lines = containerLogLines(pod, container, now, previous);
  const status = (
    (pod.status?.containerStatuses ?? []) as {
      name: string;
      state?: { running?: { startedAt?: string }; terminated?: { startedAt?: string; finishedAt?: string } };
      lastState?: { terminated?: { startedAt?: string; finishedAt?: string } };
    }[]
  ).find((s) => s.name === container);
  const st = previous ? status?.lastState : status?.state;
  const run = st as
    | { running?: { startedAt?: string }; terminated?: { startedAt?: string; finishedAt?: string } }
    | undefined;
  const started = fromTimestamp(run?.running?.startedAt ?? run?.terminated?.startedAt);
  if (started === undefined) return lines;
  const until = Math.min(now, fromTimestamp(run?.terminated?.finishedAt) ?? now);
  const access = (state.accessLogs.get(`${pod.metadata.uid}/${container}`) ?? []).filter(
    (l) => l.at >= started && l.at <= until,
  );
  // Stable merge: at equal times, the process's own lines come first.
  return [...lines, ...access]
    .map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.at - b.l.at || a.i - b.i)
    .map((x) => x.l);
}

function rfc3339Nano(ms: number): string {
  return toTimestamp(ms).replace('Z', `.${String(ms % 1000).padStart(3, '0')}000000Z`);
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `limit` bytes (whole characters only). */
function truncateUtf8(text: string, limit: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + n > limit) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/** Renders lines for a `kubectl logs` request: since, tail, timestamps, then the byte limit. */
export function renderLogs(lines: LogLine[], options: Partial<LogOptions>, now: number): string {
  let picked = lines;
  if (options.sinceSeconds !== undefined)
    picked = picked.filter((l) => l.at >= now - options.sinceSeconds! * 1000);
  if (options.tailLines !== undefined)
    picked = options.tailLines <= 0 ? [] : picked.slice(-options.tailLines);
  let text = picked.map((l) => `${options.timestamps ? `${rfc3339Nano(l.at)} ` : ''}${l.text}\n`).join('');
  if (options.limitBytes !== undefined) {
    text = truncateUtf8(text, options.limitBytes);
  }
  return text;
}

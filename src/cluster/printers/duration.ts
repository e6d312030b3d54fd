/**
 * Ages as Kubernetes prints them: the rules of apimachinery's `duration.HumanDuration` (about two
 * or three significant figures: `119s`, `5m30s`, `90m`, `7h5m`, `47h`, `3d4h`, `400d`, `2y30d`),
 * and `translateTimestampSince` (`<unknown>` for a missing timestamp).
 */
import { parseRfc3339 } from '../machinery/timestamps.js';

/** A duration in milliseconds as Kubernetes' HumanDuration prints it. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/**
 * How long ago a time was (an RFC 3339 timestamp or clock milliseconds), or `<unknown>` when it is
 * missing or unreadable.
 */
export function since(timestamp: unknown, now: number): string {
  const at =
    typeof timestamp === 'number'
      ? timestamp
      : typeof timestamp === 'string'
        ? parseRfc3339(timestamp)
        : undefined;
  return at === undefined ? '<unknown>' : humanDuration(now - at);
}

/**
 * Kubernetes timestamps (RFC 3339, UTC, whole seconds: `2026-01-01T00:00:00Z`) from clock
 * milliseconds, without `Date`.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Year, month (1-12) and day of a day count since 1970-01-01 (proleptic Gregorian). */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Day count since 1970-01-01 of a civil date. */
function daysOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/**
 * The last second formatted and its text. The API server stamps many objects in the same second
 * (creation timestamps, managedFields times): they then share one string instead of holding a
 * copy each (a 3,000-pod run held about 33,000 copies of two timestamps, 40 bytes each).
 */
let lastSecs = NaN;
let lastText = '';

/** Milliseconds since the epoch as `2026-01-01T00:00:00Z` (sub-second part dropped). */
export function rfc3339(ms: number): string {
  const secs = Math.floor(ms / 1000);
  if (secs === lastSecs) return lastText;
  const days = Math.floor(secs / 86400);
  const rest = secs - days * 86400;
  const [y, m, d] = civil(days);
  const hh = Math.floor(rest / 3600);
  const mm = Math.floor(rest / 60) % 60;
  // Joined rather than a template literal: one flat string, not a chain of pieces.
  const text = [
    pad(y, 4),
    '-',
    pad(m),
    '-',
    pad(d),
    'T',
    pad(hh),
    ':',
    pad(mm),
    ':',
    pad(rest % 60),
    'Z',
  ].join('');
  lastSecs = secs;
  lastText = text;
  return text;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp as milliseconds since the epoch; undefined when it does not parse. */
export function parseRfc3339(text: string | undefined): number | undefined {
  const m = text ? PATTERN.exec(text) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let ms =
    daysOf(Number(y), Number(mo), Number(d)) * 86400000 +
    (Number(h) * 3600 + Number(mi) * 60 + Number(s)) * 1000 +
    Math.floor(Number(`0.${frac ?? '0'}`) * 1000);
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6))) * 60000;
  }
  return ms;
}

/**
 * Kubernetes timestamps (RFC 3339, second precision, UTC: `2026-01-05T09:30:00Z`) from and to
 * milliseconds, without `Date` (the core takes all time from the injected clock).
 */

/** Days since 1970-01-01 for a civil date (proleptic Gregorian). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * The last second formatted, and its text. Controllers stamp many objects in the same second
 * (a pod's conditions, its Events): they then share one string instead of holding a copy each
 * (a template literal's result is also a chain of pieces until something flattens it).
 */
let lastSecs = NaN;
let lastText = '';

/** `ms` as a Kubernetes timestamp (seconds precision, truncated). */
export function toTimestamp(ms: number): string {
  const secs = Math.floor(ms / 1000);
  if (secs === lastSecs) return lastText;
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const text = [
    pad(y, 4),
    '-',
    pad(m),
    '-',
    pad(d),
    'T',
    pad(Math.floor(rem / 3600)),
    ':',
    pad(Math.floor(rem / 60) % 60),
    ':',
    pad(rem % 60),
    'Z',
  ].join('');
  lastSecs = secs;
  lastText = text;
  return text;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** A Kubernetes timestamp as milliseconds; undefined when missing or malformed. */
export function fromTimestamp(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  let ms =
    daysFromCivil(Number(y), Number(mo), Number(d)) * 86400000 +
    (Number(h) * 3600 + Number(mi) * 60 + Number(s)) * 1000 +
    Math.floor(Number(`0.${frac || '0'}`) * 1000);
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6))) * 60000;
  }
  return ms;
}

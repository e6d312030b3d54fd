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

/**
 * `ms` as a Kubernetes timestamp (seconds precision, truncated): the API server's own formatter,
 * which shares one string per second between every object stamped in it.
 */
export { rfc3339 as toTimestamp } from '../machinery/timestamps.js';

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

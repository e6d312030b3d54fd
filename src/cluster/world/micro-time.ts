/** Kubernetes MicroTime (`2026-01-01T00:00:10.000000Z`), used by Lease `renewTime` and `acquireTime`. */
import { fromTimestamp, toTimestamp } from '../controllers/time.js';

/** `ms` as a MicroTime string. */
export function toMicroTime(ms: number): string {
  const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
  return toTimestamp(ms).replace('Z', `.${frac}000Z`);
}

/** A MicroTime (or plain timestamp) as milliseconds. */
export function fromMicroTime(text: string | undefined): number | undefined {
  return fromTimestamp(text);
}

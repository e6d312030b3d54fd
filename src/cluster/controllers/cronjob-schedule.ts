/**
 * Standard five-field cron schedules (minute, hour, day of month, month, day of week) as the
 * CronJob controller reads them: `*`, `?`, numbers, names (`jan`, `mon`), ranges (`1-5`), steps
 * (`*\/15`, `10-40/10`), lists (`1,15,30`) and the macros `@yearly`, `@annually`, `@monthly`,
 * `@weekly`, `@daily`, `@midnight`, `@hourly`. When both day fields are restricted a day matches
 * either, as in cron. Times are UTC milliseconds; no `Date` is used.
 */

/** A parsed schedule: the allowed values of each field. */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Day of month and day of week were both restricted (a day matches either). */
  dayOr: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** A schedule that does not parse. */
export class CronError extends Error {}

function value(text: string, names: string[] | undefined, nameBase: number): number {
  const lower = text.toLowerCase();
  const i = names ? names.indexOf(lower) : -1;
  if (i >= 0) return i + nameBase;
  if (!/^\d+$/.test(text)) throw new CronError(`failed to parse int from ${text}`);
  return Number(text);
}

function field(
  text: string,
  min: number,
  max: number,
  names?: string[],
  nameBase = 0,
): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : value(stepText, undefined, 0);
    if (step < 1) throw new CronError(`step of range should be a positive number: ${part}`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [min, max];
      if (stepText === undefined) star = true;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      lo = value(a, names, nameBase);
      hi = value(b, names, nameBase);
    } else {
      lo = value(range, names, nameBase);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi)
      throw new CronError(`end of range (${hi}) above maximum (${max}): ${part}`);
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star };
}

/** Parses a schedule; throws CronError in the words the controller reports. */
export function parseCron(text: string): CronSchedule {
  const trimmed = text.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  if (expanded.startsWith('@')) throw new CronError(`unrecognized descriptor: ${trimmed}`);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) throw new CronError(`expected exactly 5 fields, found ${parts.length}: ${text}`);
  const [mi, h, dom, mon, dow] = parts as [string, string, string, string, string];
  const days = field(dom, 1, 31);
  const weekdays = field(dow, 0, 7, DAYS);
  if (weekdays.set.has(7)) weekdays.set.add(0);
  return {
    minutes: field(mi, 0, 59).set,
    hours: field(h, 0, 23).set,
    days: days.set,
    months: field(mon, 1, 12, MONTHS, 1).set,
    weekdays: weekdays.set,
    dayOr: !days.star && !weekdays.star,
  };
}

/** Year, month (1-12) and day of a day number since 1970-01-01. */
function civil(day: number): [number, number, number] {
  let z = day + 719468;
  const era = Math.floor(z / 146097);
  z -= era * 146097;
  const yoe = Math.floor((z - Math.floor(z / 1460) + Math.floor(z / 36524) - Math.floor(z / 146096)) / 365);
  const doy = z - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function dayMatches(s: CronSchedule, day: number): boolean {
  const [, month, dom] = civil(day);
  if (!s.months.has(month)) return false;
  const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const a = s.days.has(dom);
  const b = s.weekdays.has(dow);
  return s.dayOr ? a || b : a && b;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The first scheduled time strictly after `after` (ms), or undefined within five years. */
export function nextCronTime(s: CronSchedule, after: number): number | undefined {
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const limit = after + 5 * 366 * DAY;
  while (t <= limit) {
    const day = Math.floor(t / DAY);
    if (!dayMatches(s, day)) {
      t = (day + 1) * DAY;
      continue;
    }
    const minuteOfDay = Math.floor((t - day * DAY) / MINUTE);
    const hour = Math.floor(minuteOfDay / 60);
    if (!s.hours.has(hour)) {
      t = day * DAY + (hour + 1) * 60 * MINUTE;
      continue;
    }
    if (!s.minutes.has(minuteOfDay % 60)) {
      t += MINUTE;
      continue;
    }
    return t;
  }
  return undefined;
}

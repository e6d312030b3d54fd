/**
 * The `Events:` section of describe: the object's events sorted by last time, with kubectl's age
 * column (`19m`, `14m (x6 over 19m)`, `<unknown>`) and source (`From`).
 */
import { L0, L1, type DescribeWriter } from './writer.js';
import { arr, rec, since, str, type Obj } from './format.js';
import { parseRfc3339 } from '../../cluster/machinery/timestamps.js';
import { goSort } from './go-sort.js';

function time(v: unknown): number {
  return (typeof v === 'string' ? parseRfc3339(v) : undefined) ?? Number.NEGATIVE_INFINITY;
}

/**
 * Writes the events (kubectl's DescribeEvents). `events` undefined means the describer did not ask
 * for events (`--show-events=false`) and nothing is written.
 */
export function describeEvents(events: Obj[] | undefined, w: DescribeWriter, now: number): void {
  if (events === undefined) return;
  if (events.length === 0) {
    w.write(L0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // Sorted by lastTimestamp with Go's sort.Sort, as kubectl does (equal times end where its swaps leave them).
  const sorted = goSort(
    events.map((e) => ({ e, t: time(e.lastTimestamp) })),
    (a, b) => a.t < b.t,
  ).map((x) => x.e);
  w.write(L0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(L1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    const series = rec(e.series);
    let interval: string;
    if (e.series)
      interval = `${since(series.lastObservedTime, now)} (x${Number(series.count ?? 0)} over ${first})`;
    else if (typeof e.count === 'number' && e.count > 1)
      interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = str(rec(e.source).component) || str(e.reportingComponent);
    w.write(L1, `${str(e.type)}\t${str(e.reason)}\t${interval}\t${source}\t${str(e.message).trim()}\n`);
  }
}

/** The events whose involvedObject is `uid` (what kubectl's field selector asks the server for). */
export function eventsFor(events: Obj[], uid: string | undefined): Obj[] {
  return arr(events).filter((e) => rec(e.involvedObject).uid === uid);
}

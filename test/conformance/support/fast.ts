/**
 * Helpers for the command-set conformance tests: a served cluster whose clock runs fast (so
 * rollouts, Jobs and drains settle in real milliseconds) and starts a day in the past (so every
 * age kubectl computes against its own wall clock stays positive), polling, and the output
 * normalisations the tests share.
 */
import { ScaledClock, type Cluster, type KubeObject } from '../../../src/cluster/index';
import { createCompleteCluster } from '../../../src/cluster/complete';
import { startServe, type KubectlResult, type ServeHarness } from './serve';

/** Cluster seconds per real second in these tests. */
export const SPEED = 40;

/** A served cluster (default topology) on a fast clock that starts 30 hours before now. */
export async function startFastServe(seed = 1): Promise<ServeHarness & { clock: ScaledClock }> {
  const clock = new ScaledClock(
    {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    { speed: SPEED, start: Date.now() - 30 * 3600_000 },
  );
  const cluster: Cluster = createCompleteCluster({ clock, seed, topology: 'default' });
  const h = await startServe({ cluster });
  return Object.assign(h, { clock });
}

/** Polls `ok` every 25 ms for up to `ms` real milliseconds; throws with `what` when it never holds. */
export async function until(ok: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The output's non-empty lines split into cells on runs of two or more spaces (kubectl's padding). */
export function table(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/ {2,}/));
}

/**
 * Describe output with the column padding collapsed: each line's runs of two or more spaces (or
 * tabs) become two spaces and trailing blanks go, so two outputs compare equal when their cells
 * and layout (indentation, section order) are equal.
 */
export function layout(text: string): string {
  return text
    .split('\n')
    .map((l) => {
      const indent = /^ */.exec(l)![0];
      return (
        indent +
        l
          .slice(indent.length)
          .replace(/[ \t]{2,}|\t/g, '  ')
          .trimEnd()
      );
    })
    .join('\n')
    .trimEnd();
}

/** Splits describe output at its `Events:` line: the part before, and the event rows (age dropped). */
export function splitEvents(text: string): { body: string; events: string[][] } {
  const at = text.search(/^Events:/m);
  if (at < 0) return { body: text, events: [] };
  const rows = table(text.slice(at))
    .slice(1)
    .filter((r) => r[0] !== '----' && r[0] !== 'Type');
  return { body: text.slice(0, at), events: rows.map((r) => [r[0]!, r[1]!, r[3]!, r[4]!]) };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An RFC 3339 timestamp as kubectl describe prints it (Go's RFC1123Z in UTC). */
export function rfc1123z(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

/** Expects exit code 0 and no stderr; returns stdout. */
export function ok(r: KubectlResult): string {
  if (r.code !== 0 || r.stderr !== '')
    throw new Error(`kubectl failed (exit ${r.code})\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

/** Objects of a resource in a namespace, sorted by name. */
export function objects(
  cluster: Cluster,
  resource: string,
  namespace = 'default',
  selector?: string,
): KubeObject[] {
  return cluster.client
    .list(resource, { namespace, ...(selector ? { labelSelector: selector } : {}) })
    .items.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

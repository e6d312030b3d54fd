/**
 * Snapshots of the whole cluster as JSON: every object, the resourceVersion and the random
 * generator's state, so a restored cluster continues exactly where the saved one stopped
 * (same next resourceVersion, same next uid and generated name) and exports byte-identical JSON.
 */
import type { KubeObject } from '../types.js';
import { Random, type RandomState } from '../machinery/random.js';
import type { Store } from './store.js';

/** The snapshot format. */
export interface Snapshot {
  kind: 'CadetSnapshot';
  version: 1;
  /** The store's resourceVersion when taken. */
  resourceVersion: string;
  /** Clock time when taken (ms since the epoch), for information; importing does not set the clock. */
  time: number;
  /** The random generator's state. */
  random: RandomState;
  objects: { group: string; resource: string; object: KubeObject }[];
  /** State of the simulated world outside the API (stopped nodes, ...), when the cluster has one. */
  world?: unknown;
}

/** The store as a `Snapshot` value (with the world's state, when given). */
export function takeSnapshot(store: Store, world?: unknown): Snapshot {
  return {
    kind: 'CadetSnapshot',
    version: 1,
    resourceVersion: store.resourceVersion,
    time: store.clock.now(),
    random: store.random.state(),
    ...(world !== undefined ? { world } : {}),
    objects: store.entries(),
  };
}

/** The store as snapshot JSON (one object per line, so diffs of saved labs stay readable). */
export function exportSnapshot(store: Store, world?: unknown): string {
  const s = takeSnapshot(store, world);
  const head = JSON.stringify({ ...s, objects: undefined }).slice(0, -1);
  const lines = s.objects.map((o) => JSON.stringify(o));
  return `${head},"objects":[\n${lines.join(',\n')}\n]}\n`;
}

/** Checks a parsed snapshot's shape; throws an Error naming the first problem. */
export function parseSnapshot(text: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`snapshot is not JSON: ${(e as Error).message}`);
  }
  const s = value as Partial<Snapshot>;
  if (!s || s.kind !== 'CadetSnapshot') throw new Error('snapshot: kind must be "CadetSnapshot"');
  if (s.version !== 1) throw new Error(`snapshot: unsupported version ${String(s.version)}`);
  if (typeof s.resourceVersion !== 'string' || !/^\d+$/.test(s.resourceVersion))
    throw new Error('snapshot: bad resourceVersion');
  if (!Array.isArray(s.random) || s.random.length !== 4) throw new Error('snapshot: bad random state');
  if (!Array.isArray(s.objects)) throw new Error('snapshot: objects must be an array');
  for (const [i, o] of s.objects.entries()) {
    if (
      !o ||
      typeof o.resource !== 'string' ||
      typeof o.group !== 'string' ||
      !o.object?.metadata?.name ||
      !o.object.metadata.uid
    )
      throw new Error(
        `snapshot: objects[${i}] needs group, resource and an object with metadata.name and uid`,
      );
  }
  return s as Snapshot;
}

/**
 * Replaces the store's content with a snapshot (JSON text or a parsed value). A parsed value's
 * objects are frozen in place and shared by the store (see `Store.load`): importing the same
 * value again copies nothing. Don't change them afterwards.
 */
export function importSnapshot(store: Store, snapshot: string | Snapshot): Snapshot {
  const s = typeof snapshot === 'string' ? parseSnapshot(snapshot) : snapshot;
  store.load(s.objects, Number(s.resourceVersion));
  store.random = Random.fromState(s.random);
  return s;
}

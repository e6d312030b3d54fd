/**
 * Property tests of the store: no lost updates under optimistic concurrency, exactly-once
 * in-order delivery to every watcher, list-then-watch completeness, and exact snapshots.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VirtualClock } from '../../src/cluster/clock.js';
import { Random } from '../../src/cluster/machinery/random.js';
import { parseLabelSelector } from '../../src/cluster/machinery/selectors.js';
import { exportSnapshot, importSnapshot, Store, type StoreFilter } from '../../src/cluster/store/index.js';
import { ApiError, type KubeObject } from '../../src/cluster/types.js';

const NAMES = ['a', 'b', 'c', 'd'];
const key = (name: string) => ({ group: '', resource: 'configmaps', namespace: 'default', name });
const cm = (name: string, color: string, n: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels: { color } },
  data: { n: String(n) },
});

/** A random write against the store (ignoring 404/409 outcomes, which are part of the game). */
type Op = { kind: 'create' | 'update' | 'delete'; name: string; color: string; n: number; advance: number };
const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('create', 'update', 'update', 'delete'),
  name: fc.constantFrom(...NAMES),
  color: fc.constantFrom('red', 'blue'),
  n: fc.nat(5),
  advance: fc.constantFrom(0, 0, 1000),
});

function apply(store: Store, clock: VirtualClock, op: Op): void {
  clock.advance(op.advance);
  const current = store.get(key(op.name));
  try {
    if (op.kind === 'create' && !current) store.create(key(op.name), cm(op.name, op.color, op.n));
    else if (op.kind === 'update' && current)
      store.update(key(op.name), {
        ...cm(op.name, op.color, op.n),
        metadata: {
          ...cm(op.name, op.color, op.n).metadata,
          resourceVersion: current.metadata.resourceVersion,
        },
      });
    else if (op.kind === 'delete' && current) store.delete(key(op.name));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
}

function fresh(seed = 1) {
  const clock = new VirtualClock();
  return { clock, store: new Store({ clock, random: new Random(seed) }) };
}

describe('store properties', () => {
  it('concurrent writers with stale reads never lose an update: conflicts are reported, retries succeed', () => {
    let totalConflicts = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(4), { minLength: 1, maxLength: 200 }),
        (writers, each, schedule) => {
          const { store } = fresh();
          store.create(key('counter'), cm('counter', 'red', 0));
          // Each writer: read, (others may run), write read+1 with the read's resourceVersion; on 409, read again.
          const state = Array.from({ length: writers }, () => ({
            done: 0,
            read: undefined as KubeObject | undefined,
            conflicts: 0,
          }));
          let conflicts = 0;
          const step = (w: number) => {
            const s = state[w]!;
            if (s.done >= each) return;
            if (!s.read) {
              s.read = store.get(key('counter'));
              return;
            }
            const next = {
              ...s.read,
              data: { n: String(Number((s.read.data as Record<string, string>).n) + 1) },
            } as KubeObject;
            try {
              store.update(key('counter'), next);
              s.done++;
            } catch (e) {
              expect(e).toBeInstanceOf(ApiError);
              expect((e as ApiError).status.reason).toBe('Conflict');
              conflicts++;
            }
            s.read = undefined;
          };
          for (const pick of schedule) step(pick % writers);
          // drain: every writer finishes (a lone writer never conflicts)
          for (let w = 0; w < writers; w++) while (state[w]!.done < each) step(w);
          const final = store.get(key('counter'))!;
          expect(Number((final.data as Record<string, string>).n)).toBe(writers * each);
          expect(Number(final.metadata.resourceVersion)).toBe(1 + writers * each);
          totalConflicts += conflicts;
        },
      ),
      { numRuns: 200 },
    );
    // the schedules really interleaved stale reads with writes
    expect(totalConflicts).toBeGreaterThan(0);
  });

  it('every watcher sees every matching change exactly once, in order (including writes made by watchers)', () => {
    const filters: (StoreFilter | undefined)[] = [
      undefined,
      { group: '', resource: 'configmaps' },
      { group: '', resource: 'configmaps', label: parseLabelSelector('color=red') },
      { group: '', resource: 'configmaps', label: parseLabelSelector('color in (blue)') },
    ];
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 60 }),
        fc.array(fc.record({ at: fc.nat(60), filter: fc.nat(filters.length - 1) }), { maxLength: 5 }),
        fc.nat(60),
        (ops, starts, echoAt) => {
          const { store, clock } = fresh();
          const log: { rv: number; type: string; name: string; labels: unknown; prevLabels: unknown }[] = [];
          store.watch(undefined, '0', (e, change) => {
            log.push({
              rv: e.rv,
              type: e.type,
              name: e.object.metadata.name!,
              labels: e.object.metadata.labels,
              prevLabels: change?.prev?.metadata.labels,
            });
          });
          const watchers: {
            from: number;
            filter: StoreFilter | undefined;
            seen: { rv: number; type: string; name: string }[];
          }[] = [];
          let echoed = false;
          ops.forEach((op, i) => {
            for (const s of starts.filter((s) => s.at === i)) {
              const w = {
                from: Number(store.resourceVersion),
                filter: filters[s.filter],
                seen: [] as { rv: number; type: string; name: string }[],
              };
              store.watch(w.filter, store.resourceVersion, (e) =>
                w.seen.push({ rv: e.rv, type: e.type, name: e.object.metadata.name! }),
              );
              watchers.push(w);
            }
            if (i === echoAt && !echoed) {
              echoed = true;
              // a watcher that writes while handling an event (like a controller)
              let once = true;
              store.watch(undefined, store.resourceVersion, () => {
                if (once) {
                  once = false;
                  apply(store, clock, { kind: 'create', name: 'echo', color: 'red', n: 0, advance: 0 });
                }
              });
            }
            apply(store, clock, op);
          });
          for (const w of watchers) {
            const rvs = w.seen.map((s) => s.rv);
            expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
            expect(new Set(rvs).size).toBe(rvs.length);
            // expected: project the global log through the watcher's filter
            const expected = log
              .filter((c) => c.rv > w.from)
              .flatMap((c) => {
                const sel = w.filter?.label;
                if (!sel) return [{ rv: c.rv, type: c.type, name: c.name }];
                const m = (l: unknown) =>
                  sel.requirements.every((r) =>
                    r.values.includes((l as Record<string, string> | undefined)?.[r.key] ?? '\u0000'),
                  );
                const now = m(c.labels);
                const before = c.type === 'MODIFIED' ? m(c.prevLabels) : false;
                if (c.type === 'MODIFIED') {
                  if (now && before) return [{ rv: c.rv, type: 'MODIFIED', name: c.name }];
                  if (now) return [{ rv: c.rv, type: 'ADDED', name: c.name }];
                  if (before) return [{ rv: c.rv, type: 'DELETED', name: c.name }];
                  return [];
                }
                return now ? [{ rv: c.rv, type: c.type, name: c.name }] : [];
              });
            expect(w.seen).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a list followed by a watch from the list’s resourceVersion misses nothing', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.nat(40), fc.boolean(), (ops, listAt, redOnly) => {
        const { store, clock } = fresh();
        const filter: StoreFilter = {
          group: '',
          resource: 'configmaps',
          ...(redOnly ? { label: parseLabelSelector('color=red') } : {}),
        };
        let cache: Map<string, string> | undefined;
        const start = () => {
          const list = store.list(filter);
          cache = new Map(list.items.map((o) => [o.metadata.name!, o.metadata.resourceVersion!]));
          store.watch(filter, list.resourceVersion, (e) => {
            if (e.type === 'DELETED') cache!.delete(e.object.metadata.name!);
            else cache!.set(e.object.metadata.name!, e.object.metadata.resourceVersion!);
          });
        };
        ops.forEach((op, i) => {
          if (i === listAt) start();
          apply(store, clock, op);
        });
        if (!cache) start();
        const truth = new Map(
          store.list(filter).items.map((o) => [o.metadata.name!, o.metadata.resourceVersion!]),
        );
        expect([...cache!.entries()].sort()).toEqual([...truth.entries()].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('listAt(rv) rebuilds exactly the list taken at rv', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.nat(40), fc.boolean(), (ops, at, redOnly) => {
        const { store, clock } = fresh();
        const filter: StoreFilter = {
          group: '',
          resource: 'configmaps',
          ...(redOnly ? { label: parseLabelSelector('color=red') } : {}),
        };
        let taken: { rv: number; text: string } | undefined;
        ops.forEach((op, i) => {
          if (i === at)
            taken = { rv: Number(store.resourceVersion), text: JSON.stringify(store.list(filter).items) };
          apply(store, clock, op);
        });
        if (taken) expect(JSON.stringify(store.listAt(filter, taken.rv))).toBe(taken.text);
      }),
      { numRuns: 300 },
    );
  });

  it('snapshots round-trip byte for byte and the restored store continues identically', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 30 }),
        fc.array(opArb, { maxLength: 15 }),
        fc.integer(),
        (before, after, seed) => {
          const a = fresh(seed);
          for (const op of before) apply(a.store, a.clock, op);
          const text = exportSnapshot(a.store);
          const b = fresh(seed + 1);
          importSnapshot(b.store, text);
          b.clock.advanceTo(a.clock.now()); // the snapshot records the clock time it was taken at
          expect(exportSnapshot(b.store)).toBe(text);
          // the same later writes give the same state (resourceVersions and uids continue)
          for (const op of after) {
            apply(a.store, a.clock, op);
            apply(b.store, b.clock, op);
          }
          expect(exportSnapshot(b.store)).toBe(exportSnapshot(a.store));
        },
      ),
      { numRuns: 100 },
    );
  });
});

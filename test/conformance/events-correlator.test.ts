/**
 * Real kubectl 1.32 against `cadet serve`: the event correlator's combined Event reads like a real
 * cluster's (a 20-replica ReplicaSet shows nine "Created pod" Events and one combined Event
 * counted 11 times).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHarness } from './support/serve';
import { objects, ok, splitEvents, startFastServe, until } from './support/fast';

let h: ServeHarness;

beforeAll(async () => {
  h = await startFastServe();
  ok(await h.kubectl(['create', 'deployment', 'big', '--image=nginx:1.27', '--replicas=20']));
  await until(() => objects(h.cluster, 'pods', 'default', 'app=big').length === 20, 'the 20 pods');
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

describe('event correlator through real kubectl', () => {
  it('kubectl describe rs shows 9 "Created pod" Events and one combined Event (x11)', async () => {
    const rs = objects(h.cluster, 'replicasets.apps', 'default', 'app=big')[0]!;
    const pods = objects(h.cluster, 'pods', 'default', 'app=big').map((p) => p.metadata.name!);
    const out = ok(await h.kubectl(['describe', 'rs', rs.metadata.name!]));
    const { events } = splitEvents(out);
    expect(events).toHaveLength(10);
    for (const e of events)
      expect(e.slice(0, 3)).toEqual(['Normal', 'SuccessfulCreate', 'replicaset-controller']);
    const plain = events.filter((e) => e[3]!.startsWith('Created pod: '));
    const combined = events.filter((e) => e[3]!.startsWith('(combined from similar events): Created pod: '));
    expect(plain).toHaveLength(9);
    expect(combined).toHaveLength(1);
    for (const e of [...plain, ...combined]) expect(pods).toContain(e[3]!.replace(/^.*Created pod: /, ''));
    // the Age column counts the combined Event's 11 occurrences
    const row = out.split('\n').find((l) => l.includes('(combined from similar events)'))!;
    expect(row).toMatch(/\(x11 over [0-9a-z]+\)/);
  });

  it('kubectl get events prints the combined Event with count 11 and no reporting component', async () => {
    const out = ok(
      await h.kubectl([
        'get',
        'events',
        '--field-selector',
        'involvedObject.kind=ReplicaSet,reason=SuccessfulCreate',
        '-o',
        'jsonpath={range .items[*]}{.count}|{.reportingComponent}|{.message}{"\\n"}{end}',
        '--sort-by=.count',
      ]),
    );
    const rows = out
      .trimEnd()
      .split('\n')
      .map((l) => l.split('|'));
    expect(rows).toHaveLength(10);
    expect(rows.slice(0, 9).map((r) => [r[0], r[1]])).toEqual(Array(9).fill(['1', 'replicaset-controller']));
    expect(rows[9]!.slice(0, 2)).toEqual(['11', '']);
    expect(rows[9]![2]).toMatch(/^\(combined from similar events\): Created pod: big-[a-z0-9]+-[a-z0-9]{5}$/);
  });
});

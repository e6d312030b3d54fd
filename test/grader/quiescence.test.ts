/**
 * A failing `eventually` on a quiet cluster (nothing but node heartbeats can happen before its
 * limit) fails at once and owes the time instead of waiting it out; a replay stops settling
 * once the cluster is quiet and owes the rest. These tests prove that it changes nothing: every submission of the repo's labs grades to the same report, and leaves
 * the cluster in the same state, as with a reader that cannot tell quiet (so always waits).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/content/validate';
import { labSlug } from '../../src/content/labs';
import { VirtualClock } from '../../src/cluster/clock.js';
import {
  grade,
  inProcessReader,
  loadLab,
  replay,
  type ClusterReader,
  type Lab,
} from '../../src/grader/index';
import { quiet } from '../../src/grader/in-process-reader';

const root = join(import.meta.dirname, '../..');
const labs: Lab[] = readdirSync(join(root, 'labs'))
  .filter((n) => /^\d+-/.test(n) && statSync(join(root, 'labs', n)).isDirectory())
  .sort()
  .map((n) => loadLab(readTree(join(root, 'labs', n)), { slug: labSlug(n) }).lab!);
const byName = (slug: string) => labs.find((l) => l.slug === slug)!;

const submissions = labs.flatMap((lab) => [
  { lab, name: `${lab.slug}/solution`, files: lab.solution },
  { lab, name: `${lab.slug}/starter`, files: lab.starter },
  ...lab.variants.map((v) => ({ lab, name: `${lab.slug}/${v.name}`, files: v.files })),
]);

/** The in-process reader without `quietFor`: every `eventually` waits out its limit. */
function alwaysWaits(reader: ClusterReader): ClusterReader {
  const { quietFor: _unused, ...rest } = reader;
  return rest;
}

async function gradeBoth(lab: Lab, files: Record<string, string>, noChaos: boolean) {
  const run = async (waits: boolean) => {
    // Quiet: settling stops once only heartbeats are due, and the rest is owed to grade.
    const { cluster, applied, sources, owedMs } = replay(lab, files, { owe: !waits });
    let skipped = owedMs ? 1 : 0;
    const base = inProcessReader(cluster);
    const reader: ClusterReader = waits
      ? alwaysWaits(base)
      : {
          ...base,
          quietFor: (ms) => {
            const q = base.quietFor!(ms);
            if (q) skipped++;
            return q;
          },
        };
    const report = await grade(lab, reader, { files, sources, applied, noChaos, owedMs });
    const after = { snapshot: cluster.exportSnapshot(), now: cluster.clock.now() };
    cluster.world?.stop();
    cluster.gc.stop();
    return { report: JSON.stringify(report), after, skipped };
  };
  return { waiting: await run(true), quiet: await run(false) };
}

describe('quiet eventually', () => {
  it('grades every submission of every lab the same, and leaves the same cluster behind', async () => {
    let skipped = 0;
    for (const s of submissions) {
      for (const noChaos of [false, true]) {
        const { waiting, quiet } = await gradeBoth(s.lab, s.files, noChaos);
        expect(quiet.report, s.name).toBe(waiting.report);
        expect(quiet.after.now, s.name).toBe(waiting.after.now);
        expect(quiet.after.snapshot, s.name).toBe(waiting.after.snapshot);
        skipped += quiet.skipped;
      }
    }
    // The shortcut is taken (settling, the starters' and several wrong variants' waits).
    expect(skipped).toBeGreaterThan(30);
  }, 240_000);

  it('is quiet on a settled cluster, not while a pod backs off or a node is stopped', () => {
    const lab = byName('deploy-scale-heal');
    const settled = replay(lab, lab.solution).cluster;
    const clock = settled.clock as VirtualClock;
    expect(quiet(settled, clock, 120_000)).toBe(true);
    // A deleted pod: the ReplicaSet, scheduler and kubelet have work to do.
    const pod = settled.client.list('pods', { namespace: 'default' }).items[0]!;
    settled.client.delete('pods', 'default', pod.metadata.name!);
    expect(quiet(settled, clock, 120_000)).toBe(false);
    clock.advance(60_000);
    expect(quiet(settled, clock, 120_000)).toBe(true);
    // A stopped node stops heartbeating: the node monitor will act.
    const node = settled.client.list('nodes').items.at(-1)!.metadata.name!;
    settled.world!.chaos.stopNode(node);
    expect(quiet(settled, clock, 120_000)).toBe(false);
    clock.advance(600_000);
    expect(quiet(settled, clock, 1_000)).toBe(false);

    // An image that cannot be pulled: the kubelet retries with a growing back-off.
    const wrong = lab.variants.find((v) => v.name === 'wrong-image-tag')!;
    const backoff = replay(lab, wrong.files).cluster;
    const bclock = backoff.clock as VirtualClock;
    expect(quiet(backoff, bclock, 60_000)).toBe(false);
    for (const c of [settled, backoff]) {
      c.world?.stop();
      c.gc.stop();
    }
  });

  it('owes the rest of settling once quiet, and makes it up when graded without quietFor', async () => {
    const lab = byName('repair-the-primers-pod');
    const full = replay(lab, lab.solution);
    const owing = replay(lab, lab.solution, { owe: true });
    expect(owing.owedMs).toBeGreaterThan(0);
    expect(owing.owedMs).toBeLessThan(lab.settleMs);
    expect(owing.cluster.clock.now() + owing.owedMs!).toBe(full.cluster.clock.now());
    // A reader that cannot tell quiet makes the debt up at once: the same report, the same cluster.
    const a = await grade(lab, alwaysWaits(inProcessReader(full.cluster)), { files: lab.solution });
    const b = await grade(lab, alwaysWaits(inProcessReader(owing.cluster)), {
      files: lab.solution,
      owedMs: owing.owedMs,
    });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(owing.cluster.clock.now()).toBe(full.cluster.clock.now());
    expect(owing.cluster.exportSnapshot()).toBe(full.cluster.exportSnapshot());
    for (const c of [full, owing]) {
      c.cluster.world?.stop();
      c.cluster.gc.stop();
    }
  });

  it('marks traffic that reached a pod, not traffic that found no endpoint', async () => {
    const lab = byName('expose-it-with-a-service');
    const wrong = lab.variants.find((v) => v.name === 'wrong-label')!;
    for (const [files, reached] of [
      [wrong.files, false],
      [lab.solution, true],
    ] as const) {
      const { cluster } = replay(lab, files);
      const reader = inProcessReader(cluster);
      const svc = cluster.client
        .list('services', { namespace: 'default' })
        .items.find((s) => s.metadata.name !== 'kubernetes')!;
      const port = (svc.spec as { ports: { port: number }[] }).ports[0]!.port;
      const before = reader.trafficMark!();
      const r = await reader.request!('default', `http://${svc.metadata.name}:${port}/`);
      expect(r.ok).toBe(reached);
      expect(reader.trafficMark!() !== before).toBe(reached);
      cluster.world?.stop();
      cluster.gc.stop();
    }
  });

  it('needs a virtual clock and a world', () => {
    const lab = byName('repair-the-primers-pod');
    const { cluster } = replay(lab, lab.starter);
    expect(inProcessReader(cluster).quietFor!(60_000)).toBe(true);
    cluster.world!.stop();
    const worldless = { ...cluster, world: undefined };
    expect(quiet(worldless, cluster.clock as VirtualClock, 60_000)).toBe(false);
    cluster.gc.stop();
  });
});

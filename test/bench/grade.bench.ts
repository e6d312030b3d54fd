/**
 * `npm run bench:grade`: replay-and-grade throughput over the labs in the repository. Every
 * submission a lab carries (solution, starter, each variant) is replayed on a fresh simulated
 * cluster and graded, round after round, on one core (one Node thread, no workers), for a few
 * seconds. Prints submissions per second (per wall second, and per CPU second of this process,
 * which a busy machine disturbs less) beside the goal (>= 100) as a ratio, and the median
 * time of each submission. Asserts nothing.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readTree } from '../../src/content/validate';
import { labSlug } from '../../src/content/labs';
import { gradeFiles, loadLab, type Lab } from '../../src/grader/index';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const GOAL = 100;

const root = join(import.meta.dirname, '../..');
const labs: Lab[] = readdirSync(join(root, 'labs'))
  .filter((n) => /^\d+-/.test(n) && statSync(join(root, 'labs', n)).isDirectory())
  .sort()
  .map((n) => loadLab(readTree(join(root, 'labs', n)), { slug: labSlug(n) }).lab!)
  .filter(Boolean);

const submissions = labs.flatMap((lab) => [
  { lab, name: `${lab.slug}/solution`, files: lab.solution },
  { lab, name: `${lab.slug}/starter`, files: lab.starter },
  ...lab.variants.map((v) => ({ lab, name: `${lab.slug}/${v.name}`, files: v.files })),
]);

const fmt = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

// Warm-up: one round (JIT, boot snapshots).
for (const s of submissions) await gradeFiles(s.lab, s.files);

const per = new Map<string, number[]>();
let count = 0;
const cpu0 = process.cpuUsage();
const start = performance.now();
while (performance.now() - start < SECONDS * 1000) {
  for (const s of submissions) {
    const t = performance.now();
    await gradeFiles(s.lab, s.files);
    const list = per.get(s.name) ?? [];
    list.push(performance.now() - t);
    per.set(s.name, list);
    count++;
  }
}
const elapsed = (performance.now() - start) / 1000;
const used = process.cpuUsage(cpu0);
const cpuSeconds = (used.user + used.system) / 1e6;
const rate = count / elapsed;
const cpuRate = count / cpuSeconds;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `bench:grade: ${labs.length} labs, ${submissions.length} submissions, ${count} gradings in ${fmt(elapsed, 1)} s`,
);
const row = (label: string, value: number) => {
  const ratio = value / GOAL;
  console.log(
    `  ${label.padEnd(52)} ${fmt(value).padStart(10)} | issue goal: ${GOAL} | ${ratio.toFixed(2)}x ${ratio >= 1 ? 'better' : 'worse'}`,
  );
};
row('replay-and-grade, submissions per wall second', rate);
// On a shared machine the wall rate depends on the load; CPU time is what one core spent.
row('replay-and-grade, submissions per CPU second', cpuRate);
console.log('  median per submission:');
for (const [name, times] of [...per].sort((a, b) => median(b[1]) - median(a[1])))
  console.log(`    ${name.padEnd(52)} ${fmt(median(times), 1).padStart(8)} ms`);

/**
 * The course as a whole: everything validates, every syllabus topic is taught and checked,
 * every dated claim of the seed documents is corrected, and no seed sentence is reused.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/content/validate';
import { formatDiagnostic } from '../../src/content/diagnostics';
import { codeBlocks } from '../../src/content/markdown';
import { termIdsIn } from '../../src/content/glossary';
import { readCourse } from '../../src/course.mjs';

const root = process.cwd();
const report = checkContent(root);
const course = readCourse(root);
const TOPICS = Array.from({ length: 27 }, (_, i) => `T${i + 1}`);
const lessonText = new Map(report.lessons.map((l) => [l.id, readFileSync(join(root, l.file), 'utf8')]));

describe('course content', () => {
  it('has no content errors (cadet check)', () => {
    expect(report.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  });

  it('teaches every syllabus topic in at least one lesson', () => {
    const taught = new Set(report.lessons.flatMap((l) => l.topics));
    expect(TOPICS.filter((t) => !taught.has(t))).toEqual([]);
  });

  it('checks every syllabus topic with a quiz question or a lab', () => {
    const checked = new Set([
      ...[...report.quizzes.values()].flatMap((q) => q.questions.flatMap((x) => x.topics)),
      ...report.labs.flatMap((l) => l.topics),
    ]);
    expect(TOPICS.filter((t) => !checked.has(t))).toEqual([]);
  });

  it('gives every module lessons, and every module a quiz', () => {
    expect(course.filter((m) => m.lessons.length === 0).map((m) => m.id)).toEqual([]);
    const quizModules = new Set([...report.quizzes.values()].map((q) => q.module));
    expect(course.filter((m) => !quizModules.has(m.id)).map((m) => m.id)).toEqual([]);
  });

  it('links every glossary term from at least one lesson', () => {
    const used = new Set([...lessonText.values()].flatMap(termIdsIn));
    expect(report.glossary.filter((id) => !used.has(id))).toEqual([]);
  });

  it('numbers lessons 1..n within each module', () => {
    for (const mod of course) {
      expect(
        mod.lessons.map((l) => l.order),
        mod.id,
      ).toEqual(mod.lessons.map((_, i) => i + 1));
    }
  });
});

/** What the seeds say that is no longer true, and a pattern the correcting note must contain. */
const corrections: [string, RegExp][] = [
  [
    'dockershim removed in 1.24; containerd or CRI-O',
    /1\.24[\s\S]*(containerd|CRI-O)|(containerd|CRI-O)[\s\S]*1\.24/i,
  ],
  ['Heapster retired; metrics-server', /metrics-server/i],
  ['master is now the control plane; minion is gone', /minion/i],
  ['None is not a Service type; headless is clusterIP: None', /clusterIP: None|headless/i],
  ['kubectl run creates a Pod; use kubectl create deployment', /kubectl create deployment/],
  ['kubectl create apply is not a command', /kubectl apply -f/],
  ['kubect1 is a typo', /kubect1/],
  ['the mangled Pod/Service YAML of seed 002', /structure|indent/i],
  ['Services select pods by labels, they do not label them', /select/i],
  ['cluster autoscaler adds nodes; the HPA scales replicas', /HorizontalPodAutoscaler|HPA/],
  ['Namespaces do not block traffic: NetworkPolicies', /NetworkPolic/],
  ['announced 2014, 1.0 and CNCF in 2015', /2015/],
  ['read-only port 10255 disabled', /10255/],
  ['Weave Net archived', /Weave/i],
  ['apt.kubernetes.io replaced by pkgs.k8s.io', /pkgs\.k8s\.io/],
  ['Ubuntu 16.04 and rkt out of support', /rkt|16\.04/],
  ['ReplicationController superseded by ReplicaSets', /ReplicationController/],
  ['Secrets are base64, not encrypted', /base64/i],
];

function thenAndNowNotes(text: string): string[] {
  return [...text.matchAll(/<ThenAndNow[\s\S]*?<\/ThenAndNow>/g)].map((m) => m[0]);
}

describe('then and now', () => {
  const notes = [...lessonText.values()].flatMap(thenAndNowNotes);
  it.each(corrections)('a "Then and now" note corrects: %s', (_name, pattern) => {
    expect(notes.some((n) => pattern.test(n))).toBe(true);
  });
});

/** Lower-case word sequences of a text, code blocks and markup removed. */
function words(text: string): string[] {
  return text
    .replace(/^---[\s\S]*?---/, '')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .split(/[^a-z0-9']+/)
    .filter(Boolean);
}

function shingles(list: string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= list.length; i++) out.add(list.slice(i, i + n).join(' '));
  return out;
}

describe('written fresh', () => {
  const seedsDir = join(root, '..', 'shared', 'seeds');
  let seedText = '';
  try {
    seedText = readdirSync(seedsDir)
      .map((f) => readFileSync(join(seedsDir, f), 'utf8'))
      .join('\n');
  } catch {
    seedText = '';
  }
  const N = 9;
  const seedShingles = shingles(words(seedText), N);

  it.runIf(seedText.length > 0).each([...lessonText.keys()])(
    '%s reuses no run of 9 words from a seed',
    (id) => {
      const text = lessonText.get(id)!;
      const reused = [...shingles(words(text), N)].filter((s) => seedShingles.has(s));
      expect(reused).toEqual([]);
    },
  );

  it('code blocks are excluded from the comparison, prose is not', () => {
    expect(codeBlocks('```sh\nkubectl get pods\n```').length).toBe(1);
    expect(words('Some prose.\n```sh\nkubectl get pods\n```\nMore prose.')).toEqual([
      'some',
      'prose',
      'more',
      'prose',
    ]);
  });
});

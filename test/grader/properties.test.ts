import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  grade,
  gradeFiles,
  inProcessReader,
  loadLab,
  replay,
  type Check,
  type Lab,
} from '../../src/grader/index';
import type { VirtualClock } from '../../src/cluster/index';

/** A lab with one check per type (short waits) whose bodies come from the generator. */
function labWith(match: Record<string, unknown>, selector: string, expr: string): Lab {
  const checks: Partial<Check>[] = [
    { id: 'e', title: 'e', type: 'exists', kind: 'Pod', match },
    { id: 'a', title: 'a', type: 'absent', kind: 'Deployment', selector, match },
    { id: 'c', title: 'c', type: 'count', kind: 'Pod', selector, match: { [`(${expr})`]: true }, atLeast: 1 },
    { id: 'k', title: 'k', type: 'condition', kind: 'Deployment', condition: { type: 'Available' } },
    { id: 'v', title: 'v', type: 'event', kind: 'Pod', selector, reason: 'Pulled' },
    {
      id: 't',
      title: 't',
      type: 'traffic',
      service: 'web',
      requests: 5,
      distinctPods: 1,
      answeredBy: selector,
    },
    { id: 'f', title: 'f', type: 'file', path: 'a.yaml', match },
    {
      id: 'u',
      title: 'u',
      type: 'eventually',
      within: '10s',
      checks: [{ id: 'u1', title: 'u1', type: 'exists', kind: 'Service', match } as Check],
    },
    {
      id: 'x',
      title: 'x',
      type: 'after',
      action: { deletePod: { selector } },
      checks: [{ id: 'x1', title: 'x1', type: 'count', kind: 'Pod', equals: 1 } as Check],
    },
  ];
  const { lab, diagnostics } = loadLab({
    'lab.yaml': stringify({
      title: 'Random',
      summary: 'Random checks on random manifests.',
      topics: ['T9'],
      minutes: 1,
      settle: '5s',
      tasks: [{ id: 't', title: 't', checks }],
    }),
  });
  if (!lab) throw new Error(JSON.stringify(diagnostics));
  return lab;
}

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const kinds = fc.constantFrom('Pod', 'Deployment', 'Service', 'ConfigMap', 'Namespace', 'Widget', '');
const versions = fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'nope/v9', '');
const manifest = fc.record(
  {
    apiVersion: versions,
    kind: kinds,
    metadata: fc.oneof(
      fc.record({ name: word, labels: fc.dictionary(word, word, { maxKeys: 2 }) }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    spec: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
);
/** Text: mostly YAML documents of random objects, sometimes raw junk. */
const fileText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(manifest, { maxLength: 3 })
      .map((docs) => docs.map((d) => stringify(d)).join('---\n')),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
);
const files = fc.dictionary(fc.constantFrom('a.yaml', 'b.yml', 'c.json', 'd.txt'), fileText, { maxKeys: 3 });
const body = fc.dictionary(
  fc.oneof(
    word,
    fc.constantFrom(
      '(spec.replicas >= 2)',
      '(length(spec.containers))',
      "(metadata.name =~ '^w')",
      '(bad >=)',
    ),
  ),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);
const selector = fc.constantFrom('app=web', 'app in (web,x)', '!app', 'app=', '=bad', 'tier notin (a)');
const expr = fc.constantFrom(
  'status.phase == Running',
  'metadata.name',
  'length(spec.containers) > 0',
  'x y z',
  "a =~ '('",
);

describe('the grader never crashes', () => {
  it('grades random manifests with random check bodies into a well-formed report', async () => {
    await fc.assert(
      fc.asyncProperty(files, body, selector, expr, async (submission, match, sel, ex) => {
        const lab = labWith(match, sel, ex);
        const report = await gradeFiles(lab, submission);
        const checks = report.tasks.flatMap((t) => t.checks);
        expect(checks.map((c) => c.id)).toEqual(['e', 'a', 'c', 'k', 'v', 't', 'f', 'u', 'x']);
        for (const c of checks) {
          expect(typeof c.passed).toBe('boolean');
          expect(c.points).toBe(c.passed ? c.maxPoints : 0);
          expect(c.message.length).toBeGreaterThan(0);
        }
        expect(report.points).toBe(checks.reduce((n, c) => n + c.points, 0));
        for (const a of report.applied) expect(a.line).toBeGreaterThan(0);
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 240_000);

  it('grades clusters shaken by random chaos and time without crashing', async () => {
    const shake = fc.array(
      fc.oneof(
        fc.record({ stopNode: fc.constantFrom('worker-1', 'worker-2', 'cp-1', 'nope') }),
        fc.record({ zoneDown: fc.constantFrom('zone-a', 'zone-b', 'zone-x') }),
        fc.record({ advance: fc.integer({ min: 0, max: 600_000 }) }),
      ),
      { maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(files, shake, body, async (submission, actions, match) => {
        const lab = labWith(match, 'app=web', 'status.phase == Running');
        const { cluster, sources } = replay(lab, submission);
        for (const a of actions) {
          try {
            if ('stopNode' in a) cluster.world!.chaos.stopNode(a.stopNode);
            else if ('zoneDown' in a) cluster.world!.chaos.zoneDown(a.zoneDown);
            else (cluster.clock as VirtualClock).advance(a.advance);
          } catch {
            // unknown nodes and zones are refused by the world; the state stays as it was
          }
        }
        const report = await grade(lab, inProcessReader(cluster), { files: submission, sources });
        cluster.world!.stop();
        cluster.gc.stop();
        expect(report.tasks[0]!.checks).toHaveLength(9);
        for (const c of report.tasks[0]!.checks) expect(c.points).toBe(c.passed ? c.maxPoints : 0);
      }),
      { numRuns: 25, seed: 11 },
    );
  }, 240_000);
});

import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/grader/index';
import { LAB_YAML } from './fixtures';

const fmt = (d: { file: string; line: number; col: number; code: string; message: string }) =>
  `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`;

describe('loadLab', () => {
  it('loads tasks, defaults, files and variants', () => {
    const { lab, diagnostics } = loadLab(
      {
        'lab.yaml': LAB_YAML,
        'starter/web.yaml': 's',
        'solution/web.yaml': 'x',
        'setup/base.yaml': 'b',
        'variants/correct-json/web.json': '{}',
        'variants/wrong-port/web.yaml': 'w',
        'variants/wrong-port/EXPECT': 'traffic\n',
      },
      { slug: 'every-check' },
    );
    expect(diagnostics).toEqual([]);
    expect(lab).toMatchObject({
      slug: 'every-check',
      topology: 'default',
      showSolution: true,
      chaos: [],
      liveCheck: false,
      settleMs: 30_000,
      seed: 1,
      starter: { 'web.yaml': 's' },
      solution: { 'web.yaml': 'x' },
      setup: { 'base.yaml': 'b' },
      variants: [
        { name: 'correct-json', kind: 'correct', files: { 'web.json': '{}' } },
        { name: 'wrong-port', kind: 'wrong', expect: 'traffic', files: { 'web.yaml': 'w' } },
      ],
    });
    expect(lab!.tasks.map((t) => t.checks.map((c) => `${c.id}:${c.points}`))).toEqual([
      ['deploy:2', 'no-debug:1', 'available:1', 'scaled:1'],
      ['two-running:1', 'traffic:1'],
      ['file-valid:1'],
      ['heal:1'],
    ]);
  });

  it('reports schema errors with line and column', () => {
    const { lab, diagnostics } = loadLab(
      {
        'lab.yaml': LAB_YAML.replace("        condition: { type: Available, status: 'True' }\n", '').replace(
          'topics: [T12]',
          'topics: [T12]\nchaos: [meteor]',
        ),
      },
      { dir: 'labs/09-x' },
    );
    expect(lab).toBeUndefined();
    expect(diagnostics.map(fmt)).toEqual([
      'labs/09-x/lab.yaml:4:9 lab-invalid chaos[0]: must be one of "deletePod", "stopNode", "zoneDown"',
      'labs/09-x/lab.yaml:26:9 lab-invalid tasks[0].checks[2].condition: required field is missing',
    ]);
  });

  it('requires EXPECT in wrong variants, naming a check that exists', () => {
    const { diagnostics } = loadLab({
      'lab.yaml': LAB_YAML,
      'variants/wrong-a/x.yaml': 'a',
      'variants/wrong-b/x.yaml': 'b',
      'variants/wrong-b/EXPECT': 'nope',
      'variants/other/x.yaml': 'c',
    });
    expect(diagnostics.map(fmt)).toEqual([
      'variants/other:1:1 lab-variant-name variant "other" must be named correct-<what> or wrong-<what>',
      'variants/wrong-a/EXPECT:1:1 lab-variant-expect variants/wrong-a/EXPECT must name the check id this wrong variant fails',
      'variants/wrong-b/EXPECT:1:1 lab-variant-expect check "nope" does not exist in lab.yaml',
    ]);
  });

  it('says when lab.yaml is missing or not YAML', () => {
    expect(loadLab({}).diagnostics.map(fmt)).toEqual([
      'lab.yaml:1:1 lab-missing-file a lab folder needs a lab.yaml',
    ]);
    expect(loadLab({ 'lab.yaml': 'title: [\n' }).diagnostics.map((d) => d.code)).toEqual(['yaml-syntax']);
  });
});

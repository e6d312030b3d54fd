import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkContent } from '../../src/content/validate';
import { formatDiagnostic } from '../../src/content/diagnostics';
import { runCheck } from '../../src/hosts/cli';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const lines = () => checkContent(root).diagnostics.map(formatDiagnostic);

const goodLesson = `---
title: Pods
summary: What a Pod is and what its containers share.
module: pods
order: 1
topics: [T9]
objectives:
  - Explain what a Pod is
minutes: 10
sources: [002_3767b79175570124.txt]
labs: []
quizzes: []
---

A <Term id="pod">Pod</Term>.

\`\`\`yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
\`\`\`
`;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cadet-check-'));
  write('lessons/modules.yaml', '- id: pods\n  title: Pods\n  summary: About pods.\n');
  write('lessons/glossary/pod.yaml', 'term: Pod\ndefinition: The smallest thing Kubernetes runs.\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('cadet check: lessons', () => {
  it('accepts a valid lesson', () => {
    write('lessons/pods/01-what-is-a-pod.mdx', goodLesson);
    expect(lines()).toEqual([]);
  });

  it('points at the bad frontmatter value with line and column', () => {
    write('lessons/pods/01-what-is-a-pod.mdx', goodLesson.replace('topics: [T9]', 'topics: [T9, T42]'));
    expect(lines()).toEqual([
      'lessons/pods/01-what-is-a-pod.mdx:6:14 frontmatter-invalid error topics[1]: must be a syllabus topic id, T1 to T27',
    ]);
  });

  it('reports a missing required field where its parent is', () => {
    write('lessons/pods/01-what-is-a-pod.mdx', goodLesson.replace('minutes: 10\n', ''));
    expect(lines()).toEqual([
      'lessons/pods/01-what-is-a-pod.mdx:2:1 frontmatter-invalid error minutes: Required',
    ]);
  });

  it('reports YAML syntax errors in frontmatter on the right line', () => {
    write('lessons/pods/01-what-is-a-pod.mdx', goodLesson.replace('order: 1', 'order: [1'));
    const out = lines();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^lessons\/pods\/01-what-is-a-pod\.mdx:\d+:\d+ frontmatter-syntax error /);
  });

  it('flags an unknown module, a module/folder mismatch and an unknown glossary term', () => {
    write(
      'lessons/pods/01-what-is-a-pod.mdx',
      goodLesson.replace('module: pods', 'module: podz').replace('id="pod"', 'id="pood"'),
    );
    expect(lines()).toEqual([
      'lessons/pods/01-what-is-a-pod.mdx:4:9 unknown-module error module "podz" is not in lessons/modules.yaml',
      'lessons/pods/01-what-is-a-pod.mdx:15:3 unknown-term error <Term id="pood">: no lessons/glossary/pood.yaml',
    ]);
  });

  it('warns about labs and quizzes that do not exist yet, without failing', async () => {
    write(
      'lessons/pods/01-what-is-a-pod.mdx',
      goodLesson.replace('labs: []', 'labs: [fix-it]').replace('quizzes: []', 'quizzes: [pods]'),
    );
    expect(lines()).toEqual([
      'lessons/pods/01-what-is-a-pod.mdx:11:8 dangling-lab warning lab "fix-it" does not exist yet (labs/<nn>-fix-it/)',
      'lessons/pods/01-what-is-a-pod.mdx:12:11 dangling-quiz warning quiz "pods" does not exist yet (quizzes/pods.yaml)',
    ]);
    const out: string[] = [];
    expect(await runCheck([root], { out: (l) => out.push(l), err: (l) => out.push(l), cwd: root })).toBe(0);
  });

  it('checks YAML blocks as manifests unless marked not-manifest', () => {
    const broken = goodLesson.replace('metadata:\n  name: web\n', '');
    write('lessons/pods/01-what-is-a-pod.mdx', broken);
    expect(lines()).toEqual([
      'lessons/pods/01-what-is-a-pod.mdx:18:1 manifest-incomplete error manifest lacks metadata.name (mark YAML that is not a Kubernetes object with `not-manifest` in the fence)',
    ]);
    write('lessons/pods/01-what-is-a-pod.mdx', broken.replace('```yaml', '```yaml not-manifest'));
    expect(lines()).toEqual([]);
  });

  it('rejects ::: asides, which do not render in lessons', () => {
    write('lessons/pods/01-what-is-a-pod.mdx', goodLesson.replace('A <Term', ':::tip\nHi\n:::\n\nA <Term'));
    expect(lines()).toEqual([
      'lessons/pods/01-what-is-a-pod.mdx:15:1 aside-syntax error use <Aside type="tip"> (from \'@astrojs/starlight/components\'); ":::tip" is not rendered in lessons',
    ]);
  });

  it('rejects badly named lesson files', () => {
    write('lessons/pods/pods.mdx', goodLesson);
    expect(lines()).toEqual([
      'lessons/pods/pods.mdx:1:1 lesson-file-name error lesson files are named lessons/<module>/<nn>-<slug>.mdx, not lessons/pods/pods.mdx',
    ]);
  });
});

describe('cadet check: quizzes', () => {
  const quiz = `title: Pods
module: pods
questions:
  - id: shared-network
    type: single
    topics: [T9]
    prompt: How do two containers in a Pod reach each other?
    choices:
      - text: localhost
        correct: true
      - text: Their own IP addresses
    explanation: They share one network namespace.
`;
  it('accepts a valid quiz', () => {
    write('quizzes/pods.yaml', quiz);
    expect(lines()).toEqual([]);
  });

  it('reports schema errors at the offending key', () => {
    write('quizzes/pods.yaml', quiz.replace('    type: single', '    type: single\n    colour: blue'));
    expect(lines()).toEqual(['quizzes/pods.yaml:6:5 quiz-invalid error questions[0].colour: unknown field']);
  });

  it('requires exactly one correct answer for single-choice questions', () => {
    write(
      'quizzes/pods.yaml',
      quiz.replace(
        '      - text: Their own IP addresses',
        '      - text: Their own IP addresses\n        correct: true',
      ),
    );
    expect(lines()).toEqual([
      'quizzes/pods.yaml:9:7 quiz-answer error single-choice question "shared-network" needs exactly one correct choice, has 2',
    ]);
  });

  it('fails the command (exit 1) when there is an error', async () => {
    write('quizzes/pods.yaml', quiz.replace('module: pods', 'module: nope'));
    const out: string[] = [];
    expect(await runCheck([root], { out: (l) => out.push(l), err: (l) => out.push(l), cwd: root })).toBe(1);
    expect(out[0]).toBe(
      'quizzes/pods.yaml:2:9 unknown-module error module "nope" is not in lessons/modules.yaml',
    );
  });
});

describe('cadet check: labs', () => {
  it('requires lab.yaml, starter/ and solution/', () => {
    write(
      'labs/01-fix-it/lab.yaml',
      'title: Fix it\nsummary: Repair a manifest.\ntopics: [T10]\nminutes: 10\ntasks:\n  - id: t\n    title: T\n    checks:\n      - id: c\n        title: C\n        type: exists\n        kind: Pod\n',
    );
    expect(lines()).toEqual([
      'labs/01-fix-it/lab.yaml:1:1 lab-missing-folder error labs/01-fix-it/starter/ is missing',
      'labs/01-fix-it/lab.yaml:1:1 lab-missing-folder error labs/01-fix-it/solution/ is missing',
    ]);
  });

  it('rejects an unknown check type with the allowed values', () => {
    write('labs/01-fix-it/starter/pod.yaml', 'x: 1\n');
    write('labs/01-fix-it/solution/pod.yaml', 'x: 1\n');
    write(
      'labs/01-fix-it/lab.yaml',
      'title: Fix it\nsummary: Repair a manifest.\ntopics: [T10]\nminutes: 10\ntasks:\n  - id: t\n    title: T\n    checks:\n      - id: c\n        title: C\n        type: exist\n',
    );
    expect(lines()).toEqual([
      'labs/01-fix-it/lab.yaml:11:15 lab-invalid error tasks[0].checks[0].type: must be one of "exists", "absent", "count", "condition", "eventually", "traffic", "file", "event", "after"',
    ]);
  });
});

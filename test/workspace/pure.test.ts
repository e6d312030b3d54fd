import { describe, expect, it } from 'vitest';
import { problemsFromOutput, splitFieldPath } from '../../src/workspace/engine/problems';
import { combineSchemas, kindsOf, schemaKey, keyParts } from '../../src/workspace/schemas';
import { diffLines, solutionDiff } from '../../src/workspace/diff';
import { WorkspaceFiles, pathProblem } from '../../src/workspace/files';
import { parseAttempt } from '../../src/workspace/store';
import {
  bootTimeout,
  chooseEngine,
  DEFAULT_BOOT_TIMEOUT_S,
  enginePreference,
  REASONS,
} from '../../src/workspace/engine/choose';
import { readLabMeta, filesUnder } from '../../src/workspace/lab-meta';
import { instructionsHtml } from '../../src/workspace/instructions';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

describe('kubectl errors as problems at lines', () => {
  it('finds a field path of a 422 in the named document', () => {
    const files = { 'web.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\n${deployment}` };
    const stderr =
      'The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value\n';
    expect(problemsFromOutput(stderr, files)).toEqual([]);
    const named = `Error from server (Invalid): error when creating "web.yaml": The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value\n`;
    expect(problemsFromOutput(named, files)).toEqual([
      {
        file: 'web.yaml',
        line: 22,
        message:
          'error when creating "web.yaml": The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value',
      },
    ]);
  });
  it('finds unknown fields and YAML lines', () => {
    const files = { 'd.yaml': deployment.replace('replicas: 3', 'replica: 3') };
    const strict = `Error from server (BadRequest): error when creating "d.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n`;
    expect(problemsFromOutput(strict, files).map((p) => p.line)).toEqual([6]);
    const yaml =
      'error: error parsing d.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context\n';
    expect(problemsFromOutput(yaml, files)).toEqual([
      {
        file: 'd.yaml',
        line: 7,
        message:
          'error parsing d.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context',
      },
    ]);
    expect(problemsFromOutput('error: the path "other.yaml" does not exist\n', files)).toEqual([]);
  });
  it('splits field paths with indexes', () => {
    expect(splitFieldPath('spec.containers[0].ports[1].containerPort')).toEqual([
      'spec',
      'containers',
      0,
      'ports',
      1,
      'containerPort',
    ]);
  });
});

describe('schemas for the editor', () => {
  it('maps each document to its kind schema', () => {
    expect(schemaKey('apps/v1', 'Deployment')).toBe('apps_v1_Deployment');
    expect(schemaKey('v1', 'Pod')).toBe('core_v1_Pod');
    expect(keyParts('core_v1_Pod')).toEqual({ apiVersion: 'v1', kind: 'Pod' });
    expect(
      kindsOf(`${deployment}---\napiVersion: v1\nkind: Service\n---\nkind: NoVersion\n---\n: [broken`),
    ).toEqual(['apps_v1_Deployment', 'core_v1_Service']);
  });
  it('combines several kinds with if/then on apiVersion and kind, definitions merged', () => {
    const one = { $ref: '#/definitions/a', definitions: { a: { type: 'object' } } };
    expect(combineSchemas({ core_v1_Pod: one })).toBe(one);
    expect(combineSchemas({})).toBeUndefined();
    const both = combineSchemas({
      core_v1_Pod: one,
      apps_v1_Deployment: { $ref: '#/definitions/b', definitions: { b: { type: 'object' } } },
    })!;
    expect(both.definitions).toEqual({ a: { type: 'object' }, b: { type: 'object' } });
    expect(both.allOf).toEqual([
      {
        if: {
          properties: { apiVersion: { const: 'v1' }, kind: { const: 'Pod' } },
          required: ['apiVersion', 'kind'],
        },
        then: { $ref: '#/definitions/a' },
      },
      {
        if: {
          properties: { apiVersion: { const: 'apps/v1' }, kind: { const: 'Deployment' } },
          required: ['apiVersion', 'kind'],
        },
        then: { $ref: '#/definitions/b' },
      },
    ]);
  });
});

describe('solution diff', () => {
  it('shows what to change, never writing', () => {
    expect(diffLines('a\nb\nc\n', 'a\nx\nc\n')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
    ]);
    const mine = { 'pod.yaml': 'a\n' };
    expect(solutionDiff(mine, { 'pod.yaml': 'a\nb\n', 'svc.yaml': 's\n' })).toBe(
      '--- yours/pod.yaml\n+++ solution/pod.yaml\n a\n+b\n\n--- (no svc.yaml yet)\n+++ solution/svc.yaml\n+s\n',
    );
    expect(solutionDiff(mine, { 'pod.yaml': 'a\n' })).toBe('pod.yaml: same as the solution\n');
    expect(mine).toEqual({ 'pod.yaml': 'a\n' });
  });
});

describe('workspace files', () => {
  it('creates, renames and deletes with clear refusals', () => {
    const f = new WorkspaceFiles({ 'pod.yaml': 'x' });
    const seen: (string | undefined)[] = [];
    f.onChange((_all, changed) => seen.push(changed));
    f.create('manifests/web.yaml');
    expect(() => f.create('pod.yaml')).toThrow('"pod.yaml" already exists');
    expect(() => f.create('../x.yaml')).toThrow(
      '"../x.yaml": use a path inside the workspace, like manifests/web.yaml',
    );
    expect(() => f.create('a b.yaml')).toThrow('"a b.yaml": use letters, digits, ".", "-", "_" and "/" only');
    expect(() => f.create('manifests')).toThrow('"manifests" clashes with a folder or file of that name');
    expect(pathProblem('', {})).toBe('a file needs a name');
    f.rename('pod.yaml', 'greeter.yaml');
    expect(() => f.rename('nope.yaml', 'x.yaml')).toThrow('"nope.yaml" does not exist');
    f.delete('manifests/web.yaml');
    expect(f.all()).toEqual({ 'greeter.yaml': 'x' });
    expect(seen).toEqual(['manifests/web.yaml', 'greeter.yaml', 'manifests/web.yaml']);
  });
});

describe('attempt files', () => {
  it('reads an exported attempt and refuses anything else with the reason', () => {
    const ok = parseAttempt(
      JSON.stringify({
        format: 'cadet-attempt/v1',
        lab: 'l',
        savedAt: 't',
        files: { 'a.yaml': 'x' },
        history: ['ls'],
      }),
      'l',
    );
    expect(ok).toEqual({
      format: 'cadet-attempt/v1',
      lab: 'l',
      savedAt: 't',
      files: { 'a.yaml': 'x' },
      history: ['ls'],
    });
    expect(() => parseAttempt('{', 'l')).toThrow(/^not a JSON file: /);
    expect(() => parseAttempt('{}', 'l')).toThrow('not a Cadet attempt: "format" must be "cadet-attempt/v1"');
    expect(() =>
      parseAttempt(JSON.stringify({ format: 'cadet-attempt/v1', lab: 'm', files: {} }), 'l'),
    ).toThrow('this attempt is for the lab "m", not "l"');
    expect(() =>
      parseAttempt(JSON.stringify({ format: 'cadet-attempt/v1', lab: 'l', files: { a: 1 } }), 'l'),
    ).toThrow('"files" must map file paths to text');
  });
});

describe('engine choice', () => {
  const all = { isolated: true, online: true, supported: true };
  it('runs the WebContainer first wherever it can boot', () => {
    expect(chooseEngine(all)).toEqual({ kind: 'webcontainer', reason: REASONS.webcontainer });
    expect(chooseEngine({ ...all, preference: 'webcontainer' })).toEqual({
      kind: 'webcontainer',
      reason: REASONS.webcontainer,
    });
    expect(REASONS.webcontainer).toBe(
      'WebContainer: a Node.js runtime in this page runs cadet serve, kubectl and jsh.',
    );
    expect(REASONS.booting(15)).toBe(
      'Starting the WebContainer (at most 15 s; the embedded engine takes over if it does not start)…',
    );
  });
  it('falls back to the embedded engine and says why', () => {
    expect(chooseEngine({ ...all, isolated: false })).toEqual({
      kind: 'embedded',
      reason: REASONS.notIsolated,
    });
    expect(REASONS.notIsolated).toBe(
      'Embedded engine: this page is not cross-origin isolated (the server sent no COOP/COEP headers), so the WebContainer cannot start.',
    );
    expect(chooseEngine({ ...all, online: false })).toEqual({ kind: 'embedded', reason: REASONS.offline });
    expect(REASONS.offline).toBe(
      'Embedded engine: you are offline, and the WebContainer loads its runtime from StackBlitz.',
    );
    expect(chooseEngine({ ...all, supported: false })).toEqual({
      kind: 'embedded',
      reason: REASONS.unsupported,
    });
    expect(REASONS.unsupported).toBe(
      'Embedded engine: this browser cannot run a WebContainer (no SharedArrayBuffer).',
    );
    expect(chooseEngine({ ...all, preference: 'embedded' })).toEqual({
      kind: 'embedded',
      reason: REASONS.chosenEmbedded,
    });
    expect(REASONS.chosenEmbedded).toBe(
      'Embedded engine: you chose it. The cluster, kubectl and the grader run in this page.',
    );
    // Asking for the WebContainer does not make a page isolated, supported or online.
    expect(chooseEngine({ ...all, preference: 'webcontainer', isolated: false })).toEqual({
      kind: 'embedded',
      reason: REASONS.notIsolated,
    });
    expect(chooseEngine({ ...all, preference: 'webcontainer', online: false }).reason).toBe(REASONS.offline);
    expect(REASONS.bootFailed('it did not boot within 15 s')).toBe(
      'Embedded engine: the WebContainer did not start (it did not boot within 15 s).',
    );
  });
  it('does not wait again for a boot that failed earlier in the session, unless the learner asks', () => {
    const failedBefore = 'it did not boot within 15 s';
    expect(chooseEngine({ ...all, failedBefore })).toEqual({
      kind: 'embedded',
      reason:
        'Embedded engine: the WebContainer did not start earlier in this session (it did not boot within 15 s). Use the WebContainer to try again.',
    });
    expect(chooseEngine({ ...all, failedBefore, preference: 'webcontainer' }).kind).toBe('webcontainer');
    expect(chooseEngine({ ...all, failedBefore, isolated: false }).reason).toBe(REASONS.notIsolated);
  });
  it('reads ?engine= and the saved switch, and says what is wrong with a bad value', () => {
    expect(enginePreference(null, null)).toEqual({});
    expect(enginePreference('embedded', 'webcontainer')).toEqual({ preference: 'embedded' });
    expect(enginePreference(null, 'embedded')).toEqual({ preference: 'embedded' });
    expect(enginePreference(null, 'bogus')).toEqual({});
    expect(enginePreference('worker', 'embedded')).toEqual({
      preference: 'embedded',
      problem: '?engine=worker is not an engine: use ?engine=webcontainer or ?engine=embedded.',
    });
    expect(enginePreference('', null)).toEqual({
      problem: '?engine= is not an engine: use ?engine=webcontainer or ?engine=embedded.',
    });
  });
  it('reads ?boot-timeout= in seconds, 15 s without it', () => {
    expect(DEFAULT_BOOT_TIMEOUT_S).toBe(15);
    expect(bootTimeout(null)).toEqual({ seconds: 15 });
    expect(bootTimeout('2')).toEqual({ seconds: 2 });
    expect(bootTimeout('120')).toEqual({ seconds: 120 });
    for (const bad of ['0', '121', '1.5', 'soon', ''])
      expect(bootTimeout(bad)).toEqual({
        seconds: 15,
        problem: `?boot-timeout=${bad} is not a whole number of seconds from 1 to 120; the WebContainer gets 15 s to boot.`,
      });
  });
});

describe('lab.yaml for the page', () => {
  it('reads what the page needs, with defaults', () => {
    const meta = readLabMeta(
      'title: T\ninstructions: Do it\nchaos: [deletePod, bogus]\ntasks:\n  - id: a\n    title: A\n    hints: [h1, h2]\n    checks:\n      - id: c\n        title: C\n',
    );
    expect(meta).toMatchObject({
      title: 'T',
      topology: 'default',
      seed: 1,
      chaos: ['deletePod'],
      showSolution: true,
      liveCheck: false,
      tasks: [{ id: 'a', title: 'A', hints: ['h1', 'h2'], checks: [{ id: 'c', title: 'C' }] }],
      diagnostics: [],
    });
    expect(readLabMeta('[').diagnostics[0]).toMatch(/^lab.yaml: /);
    expect(filesUnder({ 'starter/a.yaml': 'a', 'solution/a.yaml': 'b', 'lab.yaml': '' }, 'starter')).toEqual({
      'a.yaml': 'a',
    });
  });
  it('renders numbered lists, continuation lines included', () => {
    expect(instructionsHtml('Steps:\n\n1. One\n   more.\n2. Two\n\nDone.')).toBe(
      '<p>Steps:</p>\n<ol><li>One more.</li><li>Two</li></ol>\n<p>Done.</p>',
    );
  });
  it('renders instructions with a type-it button per command', () => {
    const html = instructionsHtml(
      'Run **this**:\n\n```sh\n$ kubectl apply -f pod.yaml\nkubectl get pods\n```\n\n- one `x`\n- two',
    );
    expect(html).toBe(
      '<p>Run <strong>this</strong>:</p>\n' +
        '<div class="ws-snippets"><div class="ws-snippet"><code>kubectl apply -f pod.yaml</code><button type="button" class="ws-type" data-command="kubectl apply -f pod.yaml" aria-label="Type into the terminal: kubectl apply -f pod.yaml">Type it</button></div>' +
        '<div class="ws-snippet"><code>kubectl get pods</code><button type="button" class="ws-type" data-command="kubectl get pods" aria-label="Type into the terminal: kubectl get pods">Type it</button></div></div>\n' +
        '<ul><li>one <code>x</code></li><li>two</li></ul>',
    );
  });
});

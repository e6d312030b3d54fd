import { describe, expect, it } from 'vitest';
import { gradeFiles, loadLab, type GradeReport } from '../../src/grader/index';
import { BAD, GOOD, fixtureLab } from './fixtures';

const lines = (r: GradeReport) =>
  r.tasks.flatMap((t) =>
    t.checks.map((c) => `${c.passed ? '✓' : '✗'} ${c.id} ${c.points}/${c.maxPoints}: ${c.message}`),
  );

describe('every check type against a replayed cluster', () => {
  it('passes a good submission, with what was found', async () => {
    const r = await gradeFiles(fixtureLab(), GOOD);
    expect(r.applied.map((a) => `${a.file}:${a.line} ${a.message}`)).toEqual([
      'web.yaml:1 deployment.apps/web created',
      'web.yaml:17 service/web created',
    ]);
    expect(lines(r)).toEqual([
      '✓ deploy 2/2: found Deployment default/web',
      '✓ no-debug 1/1: no Pod named "debug" in namespace "default" matches, as expected',
      '✓ available 1/1: Deployment default/web is Available=True (MinimumReplicasAvailable)',
      '✓ scaled 1/1: ScalingReplicaSet happened to Deployment web',
      '✓ two-running 1/1: held after 0s',
      '✓ traffic 1/1: 40 requests to web:80 answered by 2 pod(s)',
      '✓ file-valid 1/1: web.yaml is a valid Deployment',
      '✓ heal 1/1: after deleted pod default/web-77c89d47cc-svzh5: held after 5s',
    ]);
    expect(r).toMatchObject({ lab: 'every-check', passed: true, points: 9, maxPoints: 9 });
  });

  it('fails a wrong submission with found against expected, and points at the line', async () => {
    const r = await gradeFiles(fixtureLab(), BAD);
    expect(lines(r)).toEqual([
      '✗ deploy 0/2: web asks for 1 replicas; expected >= 2 (at spec.replicas).',
      '✗ no-debug 0/1: expected no Pod named "debug" in namespace "default", found Pod default/debug',
      '✓ available 1/1: Deployment default/web is Available=True (MinimumReplicasAvailable)',
      '✓ scaled 1/1: ScalingReplicaSet happened to Deployment web',
      '✗ two-running 0/1: not within 1m: found 1 Pod with app=web in namespace "default" matching, expected 2',
      '✗ traffic 0/1: request 1 of 40 to web:80 failed: Failed to connect to 10.244.1.3 port 9090 after 0 ms: Connection refused',
      '✗ file-valid 0/1: web.yaml:6: spec.replicas is 1, expected 2',
      '✗ heal 0/1: after deleted pod default/web-77c89d47cc-8trgc: not within 2m: found 1 Pod with app=web in namespace "default" matching, expected 2',
    ]);
    const deploy = r.tasks[0]!.checks[0]!;
    expect(deploy).toMatchObject({
      found: '1',
      expected: '>= 2',
      object: { kind: 'Deployment', namespace: 'default', name: 'web' },
      path: 'spec.replicas',
      location: { file: 'web.yaml', line: 6, col: 13, path: 'spec.replicas' },
    });
    expect(r.tasks[0]!.checks[1]!.location).toEqual({ file: 'debug.yaml', line: 1, col: 1, path: '' });
    expect(r.tasks[2]!.checks[0]!.location).toEqual({
      file: 'web.yaml',
      line: 6,
      col: 13,
      path: 'spec.replicas',
    });
    expect(r.tasks[1]!.checks[0]!.children![0]).toMatchObject({
      id: 'two-running-now',
      passed: false,
      found: '1',
      expected: '2',
    });
    expect(r).toMatchObject({ passed: false, points: 2, maxPoints: 9 });
  });

  it('fails conditions, events and files that are not there', async () => {
    const r = await gradeFiles(fixtureLab(), {});
    expect(lines(r)).toEqual([
      // Nothing to compare: the check says so rather than filling its feedback.
      '✗ deploy 0/2: expected a Deployment named "web" in namespace "default", found none',
      '✓ no-debug 1/1: no Pod named "debug" in namespace "default" matches, as expected',
      '✗ available 0/1: expected a Deployment named "web" in namespace "default", found none',
      '✗ scaled 0/1: expected event ScalingReplicaSet for a Deployment named "web" in namespace "default", found no events',
      '✗ two-running 0/1: not within 1m: found 0 Pods with app=web in namespace "default" matching, expected 2',
      '✗ traffic 0/1: expected a Service named "web" in namespace "default", found none',
      '✗ file-valid 0/1: file web.yaml does not exist',
      '✗ heal 0/1: could not check: no pod to delete in namespace "default" with app=web',
    ]);
  });

  it('points a pod field at the Deployment template that made the pod', async () => {
    const { lab } = loadLab({
      'lab.yaml': `title: Template
summary: A pod check that points into a Deployment.
topics: [T12]
minutes: 1
tasks:
  - id: t
    title: T
    checks:
      - id: pod-image
        title: pods run hello 2.0
        type: exists
        kind: Pod
        selector: app=web
        match: { spec: { containers: [{ image: 'cadet/hello:2.0' }] } }
`,
    });
    const r = await gradeFiles(lab!, GOOD);
    expect(r.tasks[0]!.checks[0]).toMatchObject({
      passed: false,
      message: expect.stringMatching(
        /^Pod default\/web-77c89d47cc-[a-z0-9]{5}: spec.containers\[0\].image is "cadet\/hello:1.0", expected "cadet\/hello:2.0"$/,
      ),
      location: { file: 'web.yaml', line: 15, col: 18, path: 'spec.template.spec.containers[0].image' },
    });
  });

  it('reports apply errors per document with kubectl words, file and line', async () => {
    const r = await gradeFiles(fixtureLab(), {
      'a.yaml': 'kind: Pod\nmetadata:\n  name: x\n',
      'b.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: y\nspec:\n  containers:\n    - name: c\n      imagee: nginx\n',
      'c.yaml': 'apiVersion: apps/v1\nkind: Deploymnt\nmetadata:\n  name: z\n',
      'd.yaml': 'apiVersion: v1\nkind: Pod\nname: w\n- name: c\n',
      'e.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"k": "v"}}',
      'notes.txt': 'not a manifest',
    });
    expect(
      r.applied.map((a) => `${a.file}:${a.line}:${a.col} ${a.ok ? 'ok' : 'error'} ${a.message}`),
    ).toEqual([
      'a.yaml:1:1 error error: error validating "a.yaml": error validating data: [apiVersion not set]; if you choose to ignore these errors, turn validation off with --validate=false',
      'b.yaml:8:7 error Error from server (BadRequest): error when creating "b.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"',
      'c.yaml:2:7 error error: resource mapping not found for name: "z" namespace: "" from "c.yaml": no matches for kind "Deploymnt" in version "apps/v1"',
      'd.yaml:4:1 error error: error parsing d.yaml: line 4: Implicit keys need to be on a single line',
      'e.json:1:1 ok configmap/cm created',
    ]);
  });
});

describe('grading a live cluster', () => {
  it('finds where objects were written without applying, as replay does', async () => {
    const { replay, sourceMap, grade, inProcessReader } = await import('../../src/grader/index');
    const lab = fixtureLab();
    const { cluster, sources } = replay(lab, BAD);
    expect(sourceMap(BAD)).toEqual(sources);
    expect(sources).toEqual({
      'Pod/default/debug': { file: 'debug.yaml', doc: 0 },
      'Deployment/default/web': { file: 'web.yaml', doc: 0 },
      'Service/default/web': { file: 'web.yaml', doc: 1 },
    });
    // The workspace grades its own cluster with the learner's files and no chaos.
    const report = await grade(lab, inProcessReader(cluster), {
      files: BAD,
      sources: sourceMap(BAD),
      noChaos: true,
    });
    expect(report.tasks[3]!.checks[0]!.message).toBe(
      'not run: chaos is switched off (this check needs deleting a pod)',
    );
    expect(report.tasks[0]!.checks[0]!.location).toEqual({
      file: 'web.yaml',
      line: 6,
      col: 13,
      path: 'spec.replicas',
    });
  });
});

describe('after: nodes and zones', () => {
  const lab = (action: string, within: string) =>
    loadLab({
      'lab.yaml': `title: Node loss
summary: Pods come back elsewhere after their node goes.
topics: [T13]
minutes: 1
settle: 30s
tasks:
  - id: t
    title: T
    checks:
      - id: survives
        title: three ready pods again
        type: after
        action: ${action}
        checks:
          - id: again
            title: three ready pods off the lost node
            type: eventually
            within: ${within}
            every: 30s
            checks:
              - id: ready-elsewhere
                title: ready pods not on worker-2
                type: count
                kind: Pod
                selector: app=web
                match:
                  metadata: { deletionTimestamp: null }
                  spec: { (nodeName != 'worker-2'): true }
                  status: { conditions: [{ type: Ready, status: 'True' }] }
                atLeast: 3
`,
    }).lab!;
  const three = GOOD['web.yaml']!.replace('replicas: 2', 'replicas: 3');

  it('replaces the pods of a zone that went down, once their tolerations run out', async () => {
    const r = await gradeFiles(lab('{ zoneDown: zone-b }', '8m'), { 'web.yaml': three });
    expect(r.tasks[0]!.checks[0]!.message).toBe('after took zone zone-b down (worker-2): held after 6m');
    expect(r.passed).toBe(true);
  });

  it('fails when the limit is shorter than the eviction', async () => {
    const r = await gradeFiles(lab('{ stopNode: worker-2 }', '2m'), { 'web.yaml': three });
    expect(r.tasks[0]!.checks[0]!.message).toBe(
      'after stopped node worker-2: not within 2m: found 2 Pods with app=web in namespace "default" matching, expected at least 3',
    );
  });
});

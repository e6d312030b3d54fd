/**
 * The grader's HTTP reader against `cadet serve`: real kubectl applies a lab's files, then
 * `cadet grade --kubeconfig` (and `grade` with `httpReader`) read the served cluster over HTTP
 * with @kubernetes/client-node, in real time (the served clock runs 30x faster).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHarness } from './support/serve';
import { servedCluster } from '../../src/hosts/serve';
import { main } from '../../src/hosts/cli';
import { readTree } from '../../src/content/validate';
import { grade, loadLab } from '../../src/grader/index';
import { httpReader } from '../../src/grader/http-reader';

const root = join(import.meta.dirname, '../..');
let serve: ServeHarness;

beforeAll(async () => {
  serve = await startServe({ cluster: servedCluster({ topology: 'default', speed: 30, seed: 1 }) });
});
afterAll(async () => {
  await serve?.stop();
});

async function apply(dir: string): Promise<void> {
  const r = await serve.kubectl(['apply', '-f', join(root, dir)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('grading a served cluster over HTTP', () => {
  it('passes lab 02 done with real kubectl, eventually and chaos in real time', async () => {
    await apply('labs/02-deploy-scale-heal/solution');
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['grade', '--lab', 'labs/02-deploy-scale-heal', '--kubeconfig', serve.kubeconfigPath],
      {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        cwd: root,
      },
    );
    expect(err).toEqual([]);
    expect(out.join('\n')).toContain('Score: 10/10 points; every check passes');
    expect(code).toBe(0);
  });

  it('explains what is wrong on the served cluster, and what a real cluster cannot do', async () => {
    await apply('labs/03-expose-it-with-a-service/setup');
    await apply('labs/03-expose-it-with-a-service/variants/wrong-label');
    const { lab } = loadLab(
      {
        'lab.yaml': `title: Over HTTP
summary: Checks read over HTTP from a served cluster.
topics: [T14]
minutes: 1
tasks:
  - id: t
    title: T
    checks:
      - id: selects
        title: web selects app=web
        type: exists
        kind: Service
        name: web
        match: { spec: { selector: { app: web } } }
      - id: ready
        title: three web pods are ready
        type: eventually
        within: 20s
        every: 1s
        checks:
          - { id: ready-now, title: three ready, type: count, kind: Pod, selector: app=web, match: { status: { phase: Running } }, equals: 3 }
      - id: reach
        title: web has endpoints
        type: traffic
        service: web
        distinctPods: 3
      - id: node-down
        title: survives a node stop
        type: after
        action: { stopNode: worker-1 }
        checks:
          - { id: still, title: still, type: exists, kind: Service, name: web }
`,
      },
      { slug: 'over-http' },
    );
    const report = await grade(lab!, httpReader(serve.kubeconfigPath));
    const lines = report.tasks[0]!.checks.map((c) => `${c.passed ? '✓' : '✗'} ${c.id}: ${c.message}`);
    // Real time: how long the pods took to be Running varies from run to run.
    expect(lines[1]).toMatch(/^✓ ready: held after \d+s$/);
    lines[1] = '✓ ready';
    expect(lines).toEqual([
      '✗ selects: Service default/web: spec.selector.app is "webapp", expected "web"',
      '✓ ready',
      '✗ reach: Service default/web has no ready endpoints: no endpoints available for service "web"',
      '✗ node-down: could not check: cannot stop a node on a real cluster through its API; only deletePod works there',
    ]);
    // The fix, applied with kubectl, is seen on the next grading.
    await apply('labs/03-expose-it-with-a-service/solution');
    const files = readTree(join(root, 'labs/03-expose-it-with-a-service'));
    const real = loadLab(files, { slug: 'expose-it-with-a-service' }).lab!;
    const fixed = await grade(real, httpReader(serve.kubeconfigPath));
    expect(fixed.tasks.flatMap((t) => t.checks).map((c) => `${c.passed ? '✓' : '✗'} ${c.id}`)).toEqual([
      '✓ svc-exists',
      '✓ svc-selects',
      '✓ svc-endpoints',
      '✓ svc-target-port',
      '✓ svc-traffic',
      '✓ traffic-after-delete',
    ]);
  });
});

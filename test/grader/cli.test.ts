import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/hosts/cli';

const root = join(import.meta.dirname, '../..');

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['grade', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: root,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cadet grade', () => {
  it('passes the solution (exit 0)', async () => {
    const r = await run('--lab', 'labs/01-repair-the-primers-pod', '--solution');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "Repair the primer's Pod (labs/01-repair-the-primers-pod)",
        '',
        'Applied:',
        '  pod.yaml:1: pod/greeter created',
        '',
        '✓ pod.yaml is a valid Pod manifest (fix-the-manifest) 3/3',
        '  ✓ pod.yaml parses and is a valid Pod (manifest-valid) 2/2',
        '  ✓ pod.yaml declares container port 8090 (manifest-port) 1/1',
        '',
        '✓ The Pod runs nginx on the cluster (pod-runs) 5/5',
        '  ✓ A Pod running an nginx image exists in the default namespace (pod-exists) 1/1',
        '  ✓ The nginx container declares containerPort 8090 (pod-port) 1/1',
        '  ✓ The Pod is Running and Ready (pod-running) 2/2',
        '  ✓ The kubelet pulled the image (image-pulled) 1/1',
        '',
        'Score: 8/8 points; every check passes',
      ].join('\n'),
    );
  });

  it('explains failures with the line to fix (exit 1)', async () => {
    const r = await run('--lab', 'labs/01-repair-the-primers-pod', '--variant', 'wrong-port');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      [
        '  ✗ pod.yaml declares container port 8090 (manifest-port) 0/1',
        '      The container port in pod.yaml is 80, expected 8090.',
        '      at pod.yaml:10:26 (spec.containers[0].ports[0].containerPort)',
        '      hint: ports is a list under the container, and each item has a containerPort.',
      ].join('\n'),
    );
    expect(r.out).toContain('Score: 6/8 points; 2 check(s) fail');
  });

  it('grades a folder of files, and prints JSON', async () => {
    const r = await run(
      '--lab',
      'labs/02-deploy-scale-heal',
      '--files',
      'labs/02-deploy-scale-heal/starter',
      '--json',
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ lab: 'deploy-scale-heal', passed: false, points: 0, maxPoints: 10 });
    expect(report.applied[0]).toMatchObject({ file: 'deployment.yaml', line: 7, ok: false });
  });

  it('refuses bad input (exit 2)', async () => {
    expect((await run('--solution')).err).toMatch(/^cadet grade: --lab <dir> is required\n/);
    expect((await run('--lab', 'labs/01-repair-the-primers-pod')).err).toMatch(
      /^cadet grade: give exactly one of --files, --solution, --starter, --variant or --kubeconfig\n/,
    );
    expect(await run('--lab', 'labs/nope', '--solution')).toMatchObject({
      code: 2,
      err: 'cadet grade: lab folder labs/nope does not exist',
    });
    expect(await run('--lab', 'labs/01-repair-the-primers-pod', '--variant', 'wrong-x')).toMatchObject({
      code: 2,
      err: 'cadet grade: labs/01-repair-the-primers-pod has no variant "wrong-x" (it has: correct-flow-style, wrong-image, wrong-namespace, wrong-port)',
    });
    expect(await run('--lab', 'labs/01-repair-the-primers-pod', '--kubeconfig', 'nope.yaml')).toMatchObject({
      code: 2,
      err: 'cadet grade: kubeconfig nope.yaml does not exist',
    });
    expect((await run('--lab', 'x', '--solution', '--bogus')).code).toBe(2);
  });
});

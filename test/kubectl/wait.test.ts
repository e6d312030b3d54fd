/**
 * `kubectl wait`: golden output from real kubectl 1.32 for the immediate cases, and waits that end
 * on the virtual clock: a condition that becomes true after a scale, a deletion, and a timeout.
 */
import { describe, expect, it } from 'vitest';
import { describeWorld } from './support/describe-world';
import { cadet, goldenCases } from './support/golden';

/** Advances the clock a second at a time until `done` settles (the wait's watch needs time to pass). */
async function advanceUntil<T>(
  world: ReturnType<typeof describeWorld>,
  done: Promise<T>,
  maxMs: number,
): Promise<T> {
  let settled = false;
  void done.then(() => (settled = true));
  for (let t = 0; t < maxMs && !settled; t += 1000) {
    await new Promise((r) => setImmediate(r));
    world.clock.advance(1000);
  }
  return done;
}

describe('kubectl wait', () => {
  goldenCases((n) => n.startsWith('wait-'));

  it('waits until a condition becomes true (deployment scaled to 3, readyReplicas=3)', async () => {
    const world = describeWorld();
    const run = cadet(
      world,
      ['wait', '--for=jsonpath={.status.readyReplicas}=3', 'deploy/web', '--timeout=120s'],
      {
        now: () => world.clock.now(),
      },
    );
    await new Promise((r) => setImmediate(r));
    world.cluster.client.patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 3 } });
    const r = await advanceUntil(world, run, 120_000);
    expect(r).toEqual({ stdout: 'deployment.apps/web condition met\n', stderr: '', code: 0 });
  });

  it('waits for a deletion', async () => {
    const world = describeWorld();
    world.cluster.client.delete('pods', 'default', 'multi');
    const run = cadet(world, ['wait', '--for=delete', 'pod/multi', '--timeout=60s'], {
      now: () => world.clock.now(),
    });
    const r = await advanceUntil(world, run, 60_000);
    expect(r).toEqual({ stdout: 'pod/multi condition met\n', stderr: '', code: 0 });
  });

  it('times out on the clock with kubectl’s message', async () => {
    const world = describeWorld();
    const start = world.clock.now();
    const run = cadet(world, ['wait', '--for=condition=Nope', 'deploy/web', '--timeout=5s'], {
      now: () => world.clock.now(),
    });
    const r = await advanceUntil(world, run, 30_000);
    expect(r).toEqual({
      stdout: '',
      stderr: 'error: timed out waiting for the condition on deployments/web\n',
      code: 1,
    });
    expect(world.clock.now() - start).toBeGreaterThanOrEqual(5000);
  });

  // Both messages as real kubectl 1.32 printed them.
  it('rejects a jsonpath with two equal signs or no value after one', async () => {
    const r = await cadet(describeWorld(), ['wait', '--for=jsonpath={.a}=b=c', 'deploy/web']);
    expect(r.stderr).toBe(
      "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'\n",
    );
    expect(r.code).toBe(1);
    const empty = await cadet(describeWorld(), ['wait', '--for=jsonpath={.a}=', 'deploy/web']);
    expect(empty.stderr).toBe(
      "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n",
    );
  });
});

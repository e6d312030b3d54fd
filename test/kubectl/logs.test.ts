/**
 * `kubectl logs`: golden output from real kubectl 1.32 (default container, TYPE/NAME, prefixes,
 * tail, timestamps, errors), and `-f` on the virtual clock: streamed until the container stops,
 * or until the AbortSignal fires.
 */
import { describe, expect, it } from 'vitest';
import { describeWorld } from './support/describe-world';
import { cadet, goldenCases } from './support/golden';

async function tick(
  world: ReturnType<typeof describeWorld>,
  seconds: number,
  stop?: () => boolean,
): Promise<void> {
  for (let i = 0; i < seconds && !stop?.(); i++) {
    await new Promise((r) => setImmediate(r));
    world.clock.advance(1000);
  }
}

describe('kubectl logs', () => {
  goldenCases((n) => n.startsWith('logs-'));

  it('-f streams lines as the container prints them and ends when it stops', async () => {
    const world = describeWorld();
    world.cluster.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'count', namespace: 'default' },
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo one; sleep 5; echo two'] },
        ],
      },
    });
    await tick(world, 3);
    const chunks: string[] = [];
    let done = false;
    const run = cadet(world, ['logs', '-f', 'count'], {
      now: () => world.clock.now(),
      out: (s) => chunks.push(s),
    });
    void run.then(() => (done = true));
    await tick(world, 30, () => done);
    expect(await run).toEqual({ stdout: 'one\ntwo\n', stderr: '', code: 0 });
    // Streamed: the two lines arrived as separate chunks, not as one answer at the end.
    expect(chunks).toEqual(['one\n', 'two\n']);
  });

  it('-f stops when the AbortSignal fires (Ctrl-C)', async () => {
    const world = describeWorld();
    const abort = new AbortController();
    const run = cadet(world, ['logs', '-f', 'multi', '-c', 'b'], {
      now: () => world.clock.now(),
      signal: abort.signal,
    });
    await tick(world, 3);
    abort.abort();
    expect(await run).toEqual({ stdout: 'hello\n', stderr: '', code: 0 });
  });
});

/**
 * `kubectl wait` judged by real kubectl 1.32 against `cadet serve`: conditions met at once or
 * while kubectl watches (the virtual clock moved by the test), `--for=delete`,
 * `--for=jsonpath`, selectors, a timeout's error and exit code, an unknown object.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete';
import { VirtualClock, type Cluster } from '../../src/cluster/index';
import { KUBECTL, startServe, type ServeHarness } from './support/serve';

let clock: VirtualClock;
let cluster: Cluster;
let h: ServeHarness;

function deployment(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    },
  };
}

/** Real kubectl, running while the test moves the clock; resolves with its result. */
function background(args: string[]) {
  const child = spawn(KUBECTL, args, {
    env: { ...process.env, KUBECONFIG: h.kubeconfigPath, HOME: h.dir, KUBECACHEDIR: join(h.dir, 'cache') },
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  child.stdin.end();
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      exited = true;
      resolve({ code: code ?? -1, stdout, stderr });
    }),
  );
  return { done, exited: () => exited };
}

/** Moves the clock in steps (real pauses between them) until `done()` or the steps run out. */
async function tick(done: () => boolean, stepMs: number, steps: number): Promise<void> {
  for (let i = 0; i < steps && !done(); i++) {
    await new Promise((r) => setTimeout(r, 100));
    clock.advance(stepMs);
  }
}

beforeAll(async () => {
  clock = new VirtualClock();
  cluster = createCompleteCluster({ clock, topology: 'default', seed: 9 });
  clock.advance(10_000);
  cluster.client.create('deployments.apps', deployment('web', 2));
  cluster.client.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'stuck', namespace: 'default' },
    spec: { containers: [{ name: 'stuck', image: 'nginx:no-such-tag' }] },
  });
  clock.advance(60_000);
  h = await startServe({ cluster });
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

describe('kubectl wait', () => {
  it('--for=condition=Available on an available Deployment', async () => {
    expect(await h.kubectl(['wait', '--for=condition=Available', 'deployment/web', '--timeout=30s'])).toEqual(
      {
        code: 0,
        stderr: '',
        stdout: 'deployment.apps/web condition met\n',
      },
    );
  });

  it('--for=condition=Available while the Deployment rolls out', async () => {
    cluster.client.create('deployments.apps', deployment('slow', 3));
    const w = background(['wait', '--for=condition=Available', 'deployment/slow', '--timeout=60s']);
    await new Promise((r) => setTimeout(r, 500));
    expect(w.exited()).toBe(false);
    await tick(w.exited, 1_000, 100);
    expect(await w.done).toEqual({ code: 0, stderr: '', stdout: 'deployment.apps/slow condition met\n' });
  });

  it('--for=condition=Ready on pods chosen by label', async () => {
    const names = cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.map((p) => p.metadata.name!)
      .sort();
    expect(names).toHaveLength(2);
    expect(
      await h.kubectl(['wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=30s']),
    ).toEqual({
      code: 0,
      stderr: '',
      stdout: names.map((n) => `pod/${n} condition met\n`).join(''),
    });
  });

  it('--for=jsonpath on a field', async () => {
    const pod = cluster.client.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items[0]!;
    expect(
      await h.kubectl([
        'wait',
        '--for=jsonpath={.status.phase}=Running',
        `pod/${pod.metadata.name}`,
        '--timeout=30s',
      ]),
    ).toEqual({ code: 0, stderr: '', stdout: `pod/${pod.metadata.name} condition met\n` });
  });

  it('--for=delete: met when the graceful deletion ends', async () => {
    const pod = cluster.client.list('pods', { namespace: 'default', labelSelector: 'app=slow' }).items[0]!;
    const name = pod.metadata.name!;
    cluster.client.delete('pods', 'default', name);
    expect(cluster.client.get('pods', 'default', name)?.metadata.deletionTimestamp).toBeDefined();
    const w = background(['wait', '--for=delete', `pod/${name}`, '--timeout=60s']);
    await new Promise((r) => setTimeout(r, 500));
    expect(w.exited()).toBe(false);
    await tick(w.exited, 5_000, 100);
    expect(await w.done).toEqual({ code: 0, stderr: '', stdout: `pod/${name} condition met\n` });
  });

  it("a timeout: kubectl's error and exit code 1", async () => {
    expect(await h.kubectl(['wait', '--for=condition=Ready', 'pod/stuck', '--timeout=1s'])).toEqual({
      code: 1,
      stderr: 'error: timed out waiting for the condition on pods/stuck\n',
      stdout: '',
    });
  });

  it('an object that does not exist', async () => {
    expect(await h.kubectl(['wait', '--for=condition=Available', 'deployment/nope', '--timeout=5s'])).toEqual(
      {
        code: 1,
        stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
        stdout: '',
      },
    );
  });
});

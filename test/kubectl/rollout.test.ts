/** `kubectl rollout status` watching a rollout in virtual time, and kubectl's status lines. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index';
import { rolloutStatus } from '../../src/kubectl/commands/rollout';
import { writeWorld } from './support/write-env';

const dep = (spec: object, status: object, generation = 1): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', generation },
    spec,
    status,
  }) as unknown as KubeObject;

describe('rollout status lines', () => {
  it.each([
    [
      dep({ replicas: 3 }, { observedGeneration: 1 }, 2),
      'Waiting for deployment spec update to be observed...\n',
    ],
    [
      dep({ replicas: 3 }, { observedGeneration: 1, updatedReplicas: 1 }),
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    ],
    [
      dep({ replicas: 3 }, { observedGeneration: 1, updatedReplicas: 3, replicas: 4 }),
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
    ],
    [
      dep({ replicas: 3 }, { observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 1 }),
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n',
    ],
    [
      dep({ replicas: 3 }, { observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      'deployment "web" successfully rolled out\n',
    ],
  ])('%#', (obj, text) => {
    expect(rolloutStatus(obj).text).toBe(text);
  });

  it('a deadline exceeded is an error', () => {
    const obj = dep(
      { replicas: 1 },
      { observedGeneration: 1, conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] },
    );
    expect(() => rolloutStatus(obj)).toThrow('deployment "web" exceeded its progress deadline');
  });
});

describe('kubectl rollout status while the rollout runs', () => {
  it('prints progress lines and ends with successfully rolled out', async () => {
    const w = writeWorld();
    expect((await w.kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=3'])).code).toBe(0);
    const running = w.kubectl(['rollout', 'status', 'deployment/web']);
    await w.settle(60_000);
    const r = await running;
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(
        /^(Waiting for deployment spec update to be observed\.\.\.|Waiting for deployment "web" rollout to finish: (\d+ out of 3 new replicas have been updated|\d+ old replicas are pending termination|\d+ of 3 updated replicas are available)\.\.\.)$/,
      );
    expect(lines).toContain(
      'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...',
    );
  });

  it('history, undo and restart', async () => {
    const w = writeWorld();
    await w.kubectl(['create', 'deployment', 'web', '--image=nginx:1.25']);
    await w.settle(30_000);
    expect((await w.kubectl(['set', 'image', 'deploy/web', 'nginx=nginx:1.26'])).stdout).toBe(
      'deployment.apps/web image updated\n',
    );
    await w.settle(30_000);
    expect((await w.kubectl(['rollout', 'history', 'deploy/web'])).stdout).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    );
    expect((await w.kubectl(['rollout', 'undo', 'deploy/web'])).stdout).toBe(
      'deployment.apps/web rolled back\n',
    );
    await w.settle(30_000);
    const live = w.cluster.client.get('deployments', 'default', 'web') as unknown as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(live.spec.template.spec.containers[0]!.image).toBe('nginx:1.25');
    expect((await w.kubectl(['rollout', 'restart', 'deploy/web'])).stdout).toBe(
      'deployment.apps/web restarted\n',
    );
    const restarted = w.cluster.client.get('deployments', 'default', 'web') as unknown as {
      spec: { template: { metadata: { annotations?: Record<string, string> } } };
    };
    expect(restarted.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { reconcileJob } from '../../src/cluster/controllers/job.js';
import { workloadCluster } from './workloads-helpers.js';

function job(name: string, script: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'work', image: 'busybox:1.36', command: ['sh', '-c', script] }],
        },
      },
      ...spec,
    },
  };
}

const active = (pods: KubeObject[]): number =>
  pods.filter(
    (p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp,
  ).length;

describe('Job controller', () => {
  it('runs completions 3 with parallelism 2 to Complete, never more than 2 at once', () => {
    const w = workloadCluster();
    const start = w.clock.now();
    w.client.create('jobs.batch', job('pi', 'sleep 5', { completions: 3, parallelism: 2 }));
    let most = 0;
    for (let i = 0; i < 60; i++) {
      w.clock.advance(500);
      most = Math.max(most, active(w.pods()));
    }
    expect(most).toBe(2);
    const pods = w.pods();
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status?.phase === 'Succeeded')).toBe(true);
    const stored = w.client.get('jobs.batch', 'default', 'pi')!;
    const uid = stored.metadata.uid!;
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toMatchObject({
        'batch.kubernetes.io/job-name': 'pi',
        'batch.kubernetes.io/controller-uid': uid,
        'job-name': 'pi',
        'controller-uid': uid,
      });
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'Job',
        name: 'pi',
        uid,
        controller: true,
      });
    }
    expect(stored.status).toMatchObject({ succeeded: 3, ready: 0, startTime: '2026-01-01T00:00:00Z' });
    expect(stored.status.active).toBeUndefined();
    const types = stored.status.conditions.map(
      (c: { type: string; reason: string }) => `${c.type}/${c.reason}`,
    );
    expect(types).toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    // Two rounds of ~5 s (pull and start on top): complete after the second round.
    const done = Date.parse(stored.status.completionTime) - start;
    expect(done).toBeGreaterThan(10_000);
    expect(done).toBeLessThan(20_000);
    expect(w.events('Completed').map((e) => e.message)).toEqual(['Job completed']);
    expect(
      w
        .events('SuccessfulCreate')
        .filter((e) => (e.involvedObject as { kind?: string }).kind === 'Job')
        .map((e) => e.message)
        .sort(),
    ).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    // Converged: no actions.
    expect(reconcileJob(stored, { pods }, w.clock.now()).actions).toEqual([]);
    expect(w.runtime.stats.errors).toBe(0);
  });

  it('fails with BackoffLimitExceeded after backoffLimit + 1 failed pods, backing off 10 s then 20 s', () => {
    const w = workloadCluster();
    w.client.create('jobs.batch', job('bad', 'exit 1', { backoffLimit: 2 }));
    const createdAt: number[] = [];
    w.client.watch('pods', { namespace: 'default' }, (e) => {
      if (e.type === 'ADDED') createdAt.push(w.clock.now());
    });
    w.clock.advance(120_000);
    const pods = w.pods();
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status?.phase === 'Failed')).toBe(true);
    expect(createdAt[1]! - createdAt[0]!).toBeGreaterThanOrEqual(10_000);
    expect(createdAt[2]! - createdAt[1]!).toBeGreaterThanOrEqual(20_000);
    const stored = w.client.get('jobs.batch', 'default', 'bad')!;
    expect(stored.status.failed).toBe(3);
    const failed = stored.status.conditions.find((c: { type: string }) => c.type === 'Failed');
    expect(failed).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
    expect(stored.status.conditions.map((c: { type: string }) => c.type)).toEqual([
      'FailureTarget',
      'Failed',
    ]);
    expect(w.events('BackoffLimitExceeded')).toHaveLength(1);
    expect(reconcileJob(stored, { pods }, w.clock.now()).actions).toEqual([]);
  });

  it('activeDeadlineSeconds stops a Job with DeadlineExceeded, deleting its pods', () => {
    const w = workloadCluster();
    w.client.create('jobs.batch', job('slow', 'sleep 3600', { activeDeadlineSeconds: 30 }));
    w.clock.advance(90_000);
    const stored = w.client.get('jobs.batch', 'default', 'slow')!;
    expect(stored.status.conditions.find((c: { type: string }) => c.type === 'Failed')).toMatchObject({
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
    });
    expect(w.pods()).toHaveLength(0);
  });

  it('a finished Job with ttlSecondsAfterFinished is deleted, with its pods', () => {
    const w = workloadCluster();
    w.client.create('jobs.batch', job('once', 'echo hi', { ttlSecondsAfterFinished: 60 }));
    w.clock.advance(30_000);
    expect(w.client.get('jobs.batch', 'default', 'once')!.status.succeeded).toBe(1);
    w.clock.advance(60_000);
    expect(w.client.get('jobs.batch', 'default', 'once')).toBeUndefined();
    w.clock.advance(5_000);
    expect(w.pods()).toHaveLength(0);
  });

  it('applying its actions and reconciling again yields nothing', () => {
    const w = workloadCluster({ withoutScheduler: true });
    w.client.create('jobs.batch', job('p', 'sleep 5', { completions: 4, parallelism: 3 }));
    w.clock.runDue();
    expect(w.pods()).toHaveLength(3);
    const stored = w.client.get('jobs.batch', 'default', 'p')!;
    expect(stored.status).toMatchObject({ active: 3, ready: 0 });
    expect(reconcileJob(stored, { pods: w.pods() }, w.clock.now()).actions).toEqual([]);
  });
});

describe('Job pods without API validation', () => {
  it('still carry the job-name and controller-uid labels', () => {
    const w = workloadCluster({}, false);
    const created = w.client.create('jobs.batch', job('raw', 'echo hi', { completions: 1, parallelism: 1 }));
    w.clock.runDue();
    expect(w.pods()[0]!.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': created.metadata.uid,
      'batch.kubernetes.io/job-name': 'raw',
      'controller-uid': created.metadata.uid,
      'job-name': 'raw',
    });
  });
});

describe('Job suspend', () => {
  it('a suspended Job runs nothing and says so; resuming starts it', () => {
    const w = workloadCluster();
    w.client.create('jobs.batch', job('later', 'sleep 5', { suspend: true }));
    w.clock.advance(10_000);
    expect(w.pods()).toHaveLength(0);
    let stored = w.client.get('jobs.batch', 'default', 'later')!;
    expect(stored.status.startTime).toBeUndefined();
    expect(stored.status.conditions).toMatchObject([
      { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' },
    ]);
    expect(reconcileJob(stored, { pods: [] }, w.clock.now()).actions).toEqual([]);
    w.client.update('jobs.batch', { ...stored, spec: { ...stored.spec, suspend: false } });
    w.clock.advance(30_000);
    stored = w.client.get('jobs.batch', 'default', 'later')!;
    expect(stored.status.startTime).toBe('2026-01-01T00:00:10Z');
    expect(
      stored.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
    ).toEqual(['Suspended=False', 'SuccessCriteriaMet=True', 'Complete=True']);
    expect(w.events('Resumed').map((e) => e.message)).toEqual(['Job resumed']);
  });
});

describe('Indexed Jobs', () => {
  it('give each pod its completion index and report completedIndexes', () => {
    const w = workloadCluster();
    w.client.create(
      'jobs.batch',
      job('idx', 'sleep 2', { completions: 3, parallelism: 2, completionMode: 'Indexed' }),
    );
    w.clock.advance(60_000);
    const pods = w.pods().sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    expect(pods.map((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'])).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(pods.map((p) => p.spec.hostname)).toEqual(['idx-0', 'idx-1', 'idx-2']);
    expect(pods[2]!.metadata.name).toMatch(/^idx-2-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pods[0]!.spec.containers[0].env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: {
        fieldRef: {
          apiVersion: 'v1',
          fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
        },
      },
    });
    const stored = w.client.get('jobs.batch', 'default', 'idx')!;
    expect(stored.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
    expect(stored.status.conditions.map((c: { type: string }) => c.type)).toContain('Complete');
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { CronError, nextCronTime, parseCron } from '../../src/cluster/controllers/cronjob-schedule.js';
import { reconcileCronJob } from '../../src/cluster/controllers/cronjob.js';
import { fromTimestamp, toTimestamp } from '../../src/cluster/controllers/time.js';
import { workloadCluster } from './workloads-helpers.js';

const at = (text: string): number => fromTimestamp(text)!;
const next = (schedule: string, after: string): string =>
  toTimestamp(nextCronTime(parseCron(schedule), at(after))!);

describe('cron schedules', () => {
  it('steps, ranges, lists, names and macros', () => {
    expect(next('*/15 * * * *', '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:15:00Z');
    expect(next('*/15 * * * *', '2026-01-01T00:59:30Z')).toBe('2026-01-01T01:00:00Z');
    expect(next('5,35 9-10 * * *', '2026-01-01T09:36:00Z')).toBe('2026-01-01T10:05:00Z');
    expect(next('0 12 * * mon-fri', '2026-01-02T12:00:00Z')).toBe('2026-01-05T12:00:00Z'); // Fri -> Mon
    expect(next('0 0 1 jan *', '2026-01-01T00:00:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('@hourly', '2026-01-01T10:30:00Z')).toBe('2026-01-01T11:00:00Z');
    expect(next('@daily', '2026-01-01T10:30:00Z')).toBe('2026-01-02T00:00:00Z');
    expect(next('@weekly', '2026-01-01T10:30:00Z')).toBe('2026-01-04T00:00:00Z'); // next Sunday
    expect(next('@monthly', '2026-01-31T10:30:00Z')).toBe('2026-02-01T00:00:00Z');
    expect(next('@yearly', '2026-03-01T00:00:00Z')).toBe('2027-01-01T00:00:00Z');
    expect(next('10-40/10 * * * *', '2026-01-01T00:35:00Z')).toBe('2026-01-01T00:40:00Z');
    expect(next('0 0 29 2 *', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00Z');
    // Both day fields restricted: either matches (the 13th, or any Friday).
    expect(next('0 0 13 * 5', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00Z');
    expect(next('0 0 * * 7', '2026-01-01T00:00:00Z')).toBe('2026-01-04T00:00:00Z'); // 7 is Sunday too
  });

  it('rejects what cron rejects', () => {
    for (const bad of ['* * * *', '60 * * * *', '* 24 * * *', '*/0 * * * *', 'x * * * *', '@often'])
      expect(() => parseCron(bad), bad).toThrow(CronError);
  });
});

function cronJob(
  name: string,
  schedule: string,
  script: string,
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [{ name: 'task', image: 'busybox:1.36', command: ['sh', '-c', script] }],
            },
          },
        },
      },
      ...spec,
    },
  };
}

const jobs = (w: ReturnType<typeof workloadCluster>): KubeObject[] =>
  w.client.list('jobs.batch', { namespace: 'default' }).items;

describe('CronJob controller', () => {
  it('fires every 15 minutes over two virtual hours, names Jobs by scheduled minute, keeps 3 successful', () => {
    const w = workloadCluster();
    w.client.create('cronjobs.batch', cronJob('report', '*/15 * * * *', 'sleep 10'));
    const seen = new Set<string>();
    w.client.watch('jobs.batch', { namespace: 'default' }, (e) => {
      if (e.type === 'ADDED') seen.add(`${e.object.metadata.name}@${toTimestamp(w.clock.now())}`);
    });
    for (let i = 0; i < 120; i++) w.clock.advance(60_000);
    // At 02:00 the newest Job has just started: three finished ones plus an active one.
    expect(jobs(w)).toHaveLength(4);
    expect(w.client.get('cronjobs.batch', 'default', 'report')!.status.active).toHaveLength(1);
    w.clock.advance(60_000);
    const base = at('2026-01-01T00:00:00Z') / 60_000;
    expect([...seen]).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((k) => `report-${base + 15 * k}@${toTimestamp((base + 15 * k) * 60_000)}`),
    );
    // History: the three most recent successful Jobs stay.
    expect(jobs(w).map((j) => j.metadata.name)).toEqual([6, 7, 8].map((k) => `report-${base + 15 * k}`));
    const cj = w.client.get('cronjobs.batch', 'default', 'report')!;
    expect(cj.status.lastScheduleTime).toBe('2026-01-01T02:00:00Z');
    expect(cj.status.lastSuccessfulTime).toMatch(/^2026-01-01T02:00:\d\dZ$/);
    expect(cj.status.active).toBeUndefined();
    const j = jobs(w)[2]!;
    expect(j.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      '2026-01-01T02:00:00Z',
    );
    expect(j.metadata.ownerReferences![0]).toMatchObject({
      kind: 'CronJob',
      name: 'report',
      controller: true,
    });
    expect(w.events('SuccessfulCreate').some((e) => e.message === `Created job report-${base + 120}`)).toBe(
      true,
    );
    expect(w.events('SawCompletedJob').length).toBeGreaterThan(0);
    expect(w.events('SuccessfulDelete').map((e) => e.message)).toContain(`Deleted job report-${base + 15}`);
    // Converged between firings: no actions.
    const now = w.client.get('cronjobs.batch', 'default', 'report')!;
    expect(reconcileCronJob(now, { jobs: jobs(w) }, w.clock.now()).actions).toEqual([]);
    expect(w.runtime.stats.errors).toBe(0);
  });

  it('Forbid skips a run while the previous Job is still active; Replace replaces it', () => {
    const w = workloadCluster();
    w.client.create(
      'cronjobs.batch',
      cronJob('f', '*/5 * * * *', 'sleep 600', { concurrencyPolicy: 'Forbid' }),
    );
    w.client.create(
      'cronjobs.batch',
      cronJob('r', '*/5 * * * *', 'sleep 600', { concurrencyPolicy: 'Replace' }),
    );
    w.client.create('cronjobs.batch', cronJob('a', '*/5 * * * *', 'sleep 600'));
    for (let i = 0; i < 12; i++) w.clock.advance(60_000); // 00:05 and 00:10 fire
    const names = jobs(w)
      .filter((j) => !j.metadata.deletionTimestamp)
      .map((j) => j.metadata.name!);
    const base = at('2026-01-01T00:00:00Z') / 60_000;
    expect(names.filter((n) => n.startsWith('f-'))).toEqual([`f-${base + 5}`]);
    expect(names.filter((n) => n.startsWith('r-'))).toEqual([`r-${base + 10}`]);
    expect(names.filter((n) => n.startsWith('a-'))).toEqual([`a-${base + 5}`, `a-${base + 10}`]);
    expect(w.events('JobAlreadyActive').map((e) => e.message)).toEqual([
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    ]);
    const a = w.client.get('cronjobs.batch', 'default', 'a')!;
    expect(a.status.active.map((r: { name: string }) => r.name)).toEqual([`a-${base + 5}`, `a-${base + 10}`]);
  });

  it('a suspended CronJob creates nothing; resuming starts the most recent missed run only', () => {
    const w = workloadCluster();
    w.client.create('cronjobs.batch', cronJob('s', '@hourly', 'sleep 1', { suspend: true }));
    w.clock.advance(3 * 3_600_000 + 60_000);
    expect(jobs(w)).toHaveLength(0);
    const cj = w.client.get('cronjobs.batch', 'default', 's')!;
    w.client.update('cronjobs.batch', { ...cj, spec: { ...cj.spec, suspend: false } });
    w.clock.advance(1_000);
    const base = at('2026-01-01T03:00:00Z') / 60_000;
    expect(jobs(w).map((j) => j.metadata.name)).toEqual([`s-${base}`]);
  });
});

import { describe, expect, it } from 'vitest';
import { T0, at, boundPod, drive } from './fakes/kubelet-driver.js';
import { defaultNodes } from './fakes/topology.js';
import { toTimestamp } from '../../src/cluster/controllers/time.js';
import { CONTAINER_STAGES } from '../../src/cluster/kubelet/stages.js';

const worker = defaultNodes()[1]!; // worker-1, 10.244.1.0/24, 172.18.0.3
type Status = {
  phase: string;
  conditions: { type: string; status: string }[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- container statuses are read field by field
  containerStatuses: Record<string, any>[];
};
const st = (s: unknown): Status => s as Status;
const cond = (s: unknown, type: string): string | undefined =>
  st(s).conditions.find((c) => c.type === type)?.status;

describe('kubelet stages', () => {
  it('are data: every stage names known phases and its delay', () => {
    for (const s of CONTAINER_STAGES) {
      expect(typeof s.name).toBe('string');
      expect('ms' in s.delay || 'at' in s.delay).toBe(true);
    }
  });

  it('takes nginx from ContainerCreating to Running and Ready after the pull (golden)', () => {
    const d = drive(boundPod('web', { image: 'nginx:1.27' }), worker, 60_000);
    const first = st(at(d, 0));
    expect(first.phase).toBe('Pending');
    expect(first.containerStatuses[0]).toEqual({
      image: 'docker.io/library/nginx:1.27',
      imageID: '',
      lastState: {},
      name: 'app',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
    });
    expect(at(d, 0)).toMatchObject({ podIP: '10.244.1.2', hostIP: '172.18.0.3', startTime: toTimestamp(T0) });
    const running = st(at(d, 2_000));
    expect(running.phase).toBe('Running');
    expect(running.containerStatuses[0]).toMatchObject({
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: toTimestamp(T0 + 2_000) } },
    });
    expect(running.containerStatuses[0]!.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(running.containerStatuses[0]!.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(running.conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(d.events.map((e) => `${e.at} ${e.reason}: ${e.message}`)).toEqual([
      '0 Pulling: Pulling image "nginx:1.27"',
      '2000 Pulled: Successfully pulled image "nginx:1.27" in 2s (2s including waiting). Image size: 72000000 bytes.',
      '2000 Created: Created container: app',
      '2000 Started: Started container app',
    ]);
    expect(d.events[0]).toMatchObject({
      component: 'kubelet',
      host: 'worker-1',
      fieldPath: 'spec.containers{app}',
    });
    expect(d.steps.map((s) => s.at)).toEqual([0, 2_000]); // nothing more to do once Running
  });

  it('reuses an image already on the node and gives each pod its own IP', () => {
    const first = drive(boundPod('a', { image: 'nginx:1.27' }), worker, 5_000);
    const d = drive(boundPod('b', { image: 'nginx:1.27' }), worker, 5_000, { others: [first.pod] });
    expect(st(at(d, 500)).phase).toBe('Running');
    expect(d.events[0]!.message).toBe('Container image "nginx:1.27" already present on machine');
    expect(d.events.some((e) => e.reason === 'Pulling')).toBe(false);
    expect(d.pod.status.podIP).toBe('10.244.1.3');
  });

  it('fails a typo with ErrImagePull, then ImagePullBackOff, retrying on the 10 s doubling back-off', () => {
    const d = drive(boundPod('typo', { image: 'ngnix' }), worker, 120_000);
    const reasons = d.steps.map(
      (s) => `${s.at / 1000}:${st(s.status).containerStatuses[0]!.state.waiting?.reason}`,
    );
    expect(reasons.slice(0, 8)).toEqual([
      '0:ContainerCreating',
      '1:ErrImagePull',
      '2:ImagePullBackOff',
      '11:ErrImagePull',
      '12:ImagePullBackOff',
      '31:ErrImagePull',
      '32:ImagePullBackOff',
      '71:ErrImagePull',
    ]);
    expect(st(at(d, 1_000)).containerStatuses[0]!.state.waiting.message).toBe(
      'failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
    expect(d.events.filter((e) => e.at === 11_000).map((e) => e.reason)).toEqual([
      'Pulling',
      'Failed',
      'Failed',
    ]);
    expect(d.events.filter((e) => e.at === 2_000).map((e) => `${e.type} ${e.reason}: ${e.message}`)).toEqual([
      'Normal BackOff: Back-off pulling image "ngnix"',
      'Warning Failed: Error: ImagePullBackOff',
    ]);
    const tag = drive(boundPod('tag', { image: 'nginx:does-not-exist' }), worker, 1_000);
    expect(tag.events[0]!.message).toBe('Pulling image "nginx:does-not-exist"');
    expect(tag.events[1]!.message).toBe(
      'Failed to pull image "nginx:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found',
    );
  });

  it('restarts a crashing container with Kubernetes back-off: 10, 20, 40, 80, 160, 300, 300 s (golden)', () => {
    const d = drive(
      boundPod('crash', { image: 'busybox:1.36', command: ['sh', '-c', 'echo starting; exit 1'] }),
      worker,
      30 * 60_000,
    );
    // Each run: from finishedAt (exit) to the next run's startedAt, read from the terminated states reported.
    const runs = new Map<string, { started: number; finished: number }>();
    for (const s of d.steps) {
      const c = st(s.status).containerStatuses[0]!;
      for (const t of [c.state.terminated, c.lastState.terminated]) {
        if (t)
          runs.set(t.startedAt, { started: Date.parse(t.startedAt), finished: Date.parse(t.finishedAt) });
      }
    }
    const sorted = [...runs.values()].sort((a, b) => a.started - b.started);
    const gaps = sorted.slice(1).map((r, i) => (r.started - sorted[i]!.finished) / 1000);
    expect(gaps.slice(0, 9)).toEqual([1, 10, 20, 40, 80, 160, 300, 300, 300]);
    const looping = d.steps
      .map((s) => st(s.status).containerStatuses[0]!)
      .find((c) => c.state.waiting?.reason === 'CrashLoopBackOff')!;
    expect(looping.state.waiting.message).toBe(
      'back-off 10s restarting failed container=app pod=crash_default(uid-crash)',
    );
    expect(looping.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(d.events.find((e) => e.reason === 'BackOff')!.message).toBe(
      'Back-off restarting failed container app in pod crash_default(uid-crash)',
    );
    // The pod stays Running (it will be restarted) and never Ready while looping.
    expect(st(d.pod.status).phase).toBe('Running');
  });

  it('forgets the back-off after a run of more than 10 minutes', () => {
    const d = drive(
      boundPod('slow', { image: 'busybox', command: ['sh', '-c', 'sleep 700; exit 1'] }),
      worker,
      2_200_000,
    );
    const waits = d.steps
      .map((s) => st(s.status).containerStatuses[0]!)
      .filter((c) => c.state.waiting?.reason === 'CrashLoopBackOff');
    expect(waits).toEqual([]);
    expect(st(d.pod.status).containerStatuses[0]!.restartCount).toBe(3);
  });

  it('kills a container over its memory limit with OOMKilled', () => {
    const d = drive(
      boundPod(
        'oom',
        {
          image: 'polinux/stress',
          resources: { limits: { memory: '100Mi' } },
          command: ['stress'],
          args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
        },
        { restartPolicy: 'Never' },
      ),
      worker,
      60_000,
    );
    const c = st(d.pod.status).containerStatuses[0]!;
    expect(c.state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(st(d.pod.status).phase).toBe('Failed');
  });

  it('completes a pod whose process exits 0 and fails one that exits non-zero (restartPolicy Never)', () => {
    const ok = drive(
      boundPod(
        'ok',
        { image: 'busybox', command: ['sh', '-c', 'echo hello; sleep 5'] },
        { restartPolicy: 'Never' },
      ),
      worker,
      60_000,
    );
    expect(st(ok.pod.status).phase).toBe('Succeeded');
    expect(st(ok.pod.status).containerStatuses[0]!.state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    expect(st(ok.pod.status).conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    });
    const bad = drive(
      boundPod('bad', { image: 'busybox', command: ['sh', '-c', 'exit 3'] }, { restartPolicy: 'OnFailure' }),
      worker,
      15_000,
    );
    expect(st(bad.pod.status).containerStatuses[0]!.restartCount).toBeGreaterThan(0);
    const never = drive(
      boundPod('never', { image: 'busybox', command: ['sh', '-c', 'exit 3'] }, { restartPolicy: 'Never' }),
      worker,
      15_000,
    );
    expect(st(never.pod.status).phase).toBe('Failed');
    expect(st(never.pod.status).containerStatuses[0]!.state.terminated.exitCode).toBe(3);
  });

  it('terminates gracefully: nginx stops at once, a shell waits out the grace period', () => {
    const web = drive(boundPod('web', { image: 'nginx' }), worker, 120_000, { deleteAtMs: 10_000 });
    expect(web.deletedAt).toBe(10_300);
    expect(web.events.find((e) => e.reason === 'Killing')!.message).toBe('Stopping container app');
    const sleeper = drive(
      boundPod('sleeper', { image: 'busybox', command: ['sleep', '3600'] }),
      worker,
      120_000,
      { deleteAtMs: 10_000 },
    );
    expect(sleeper.deletedAt).toBe(40_000);
    expect(st(sleeper.pod.status).containerStatuses[0]!.state.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    });
  });

  it('never marks ready when the readiness probe path is not served', () => {
    const d = drive(
      boundPod('probe', {
        image: 'nginx',
        readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 },
      }),
      worker,
      60_000,
    );
    expect(st(d.pod.status).phase).toBe('Running');
    expect(cond(d.pod.status, 'Ready')).toBe('False');
    expect(d.events.find((e) => e.reason === 'Unhealthy')!.message).toBe(
      'Readiness probe failed: HTTP probe failed with statuscode: 404',
    );
    const good = drive(
      boundPod('good', {
        image: 'nginx',
        readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5, periodSeconds: 5 },
      }),
      worker,
      60_000,
    );
    expect(cond(at(good, 6_000), 'Ready')).toBe('False');
    expect(cond(at(good, 7_000), 'Ready')).toBe('True'); // started at 2 s, first probe at 2 + 5 s
  });

  it('restarts on a failing liveness probe (the classic exec example)', () => {
    const d = drive(
      boundPod('liveness', {
        image: 'busybox',
        args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
        livenessProbe: {
          exec: { command: ['cat', '/tmp/healthy'] },
          initialDelaySeconds: 5,
          periodSeconds: 5,
        },
      }),
      worker,
      90_000,
    );
    const unhealthy = d.events.find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy.message).toBe(
      "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    );
    // Started at 0.8 s (pull); file removed at 30.8 s; probes at 5.8, 10.8, ... fail from 30.8: the third failure is at 40.8 s,
    // then the shell ignores SIGTERM for the 30 s grace period.
    const restarted = d.steps.find((s) => st(s.status).containerStatuses[0]!.restartCount === 1)!;
    expect(st(restarted.status).containerStatuses[0]!.lastState.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
      finishedAt: toTimestamp(T0 + 70_800),
    });
    expect(d.events.find((e) => e.reason === 'Killing')!.message).toBe(
      'Container app failed liveness probe, will be restarted',
    );
  });

  it('with stage delays scaled to 0, starts at once but keeps Kubernetes back-off', () => {
    const d = drive(boundPod('fast', { image: 'nginx:1.27' }), worker, 60_000, { stageDelayScale: 0 });
    expect(d.steps.map((s) => s.at)).toEqual([0]);
    expect(st(d.pod.status).phase).toBe('Running');
    expect(cond(d.pod.status, 'Ready')).toBe('True');
    const crash = drive(
      boundPod('c', { image: 'busybox', command: ['sh', '-c', 'exit 1'] }),
      worker,
      25_000,
      { stageDelayScale: 0 },
    );
    const waiting = st(crash.pod.status).containerStatuses[0]!;
    // Restarts at 0 s (no back-off yet) and 10 s; then waits 20 s.
    expect(waiting.restartCount).toBe(2);
    expect(waiting.state.waiting.message).toMatch(/^back-off 20s /);
  });
});

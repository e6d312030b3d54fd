import { describe, expect, it } from 'vitest';
import { T0, at, boundPod, drive } from './fakes/kubelet-driver.js';
import { defaultNodes } from './fakes/topology.js';
import { toTimestamp } from '../../src/cluster/controllers/time.js';
import { podSummary } from '../../src/cluster/printers/pod.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { createCluster, VirtualClock } from '../../src/cluster/index.js';
import { validationHooks } from '../../src/cluster/validation/hooks.js';

const worker = defaultNodes()[1]!;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- statuses are read field by field
type Any = Record<string, any>;

/** nginx behind init containers running busybox shell commands. */
function withInits(name: string, inits: string[][], restartPolicy = 'Always'): KubeObject {
  return boundPod(
    name,
    { image: 'nginx:1.27' },
    {
      restartPolicy,
      initContainers: inits.map((command, i) => ({
        name: `init-${i + 1}`,
        image: 'busybox:1.36',
        imagePullPolicy: 'IfNotPresent',
        command,
      })),
    },
  );
}

const statusAt = (d: ReturnType<typeof drive>, ms: number): string =>
  podSummary({ ...d.pod, status: at(d, ms) } as KubeObject, T0 + ms).status;

describe('init containers', () => {
  it('run one after another to completion before the app container starts', () => {
    const d = drive(
      withInits('web', [
        ['sh', '-c', 'sleep 5'],
        ['sh', '-c', 'echo ready'],
      ]),
      worker,
      120_000,
    );
    const first = at(d, 0) as Any;
    expect(first.phase).toBe('Pending');
    expect(first.initContainerStatuses.map((s: Any) => s.state)).toEqual([
      { waiting: { reason: 'PodInitializing' } },
      { waiting: { reason: 'PodInitializing' } },
    ]);
    expect(first.containerStatuses[0]).toEqual({
      image: 'docker.io/library/nginx:1.27',
      imageID: '',
      lastState: {},
      name: 'app',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'PodInitializing' } },
    });
    expect(first.conditions.find((c: Any) => c.type === 'Initialized')).toEqual({
      lastProbeTime: null,
      lastTransitionTime: toTimestamp(T0),
      message: 'containers with incomplete status: [init-1 init-2]',
      reason: 'ContainersNotInitialized',
      status: 'False',
      type: 'Initialized',
    });
    expect(statusAt(d, 0)).toBe('Init:0/2');

    // Events follow the order the kubelet runs the containers in, with their field paths.
    const order = d.events.map((e) => `${e.reason} ${e.fieldPath}`);
    const started = (path: string) => order.indexOf(`Started ${path}`);
    expect(started('spec.initContainers{init-1}')).toBeGreaterThanOrEqual(0);
    expect(started('spec.initContainers{init-1}')).toBeLessThan(started('spec.initContainers{init-2}'));
    expect(started('spec.initContainers{init-2}')).toBeLessThan(started('spec.containers{app}'));

    // The app container starts only once init-2 has finished.
    const init2Done = d.steps.find(
      (s) => (s.status as Any).initContainerStatuses[1].state.terminated?.reason === 'Completed',
    )!;
    const appStart = d.events.find((e) => e.reason === 'Started' && e.fieldPath === 'spec.containers{app}')!;
    const init1Start = d.events.find(
      (e) => e.reason === 'Started' && e.fieldPath === 'spec.initContainers{init-1}',
    )!;
    expect(appStart.at).toBeGreaterThanOrEqual(init2Done.at);
    expect(init2Done.at - init1Start.at).toBeGreaterThanOrEqual(5_000);
    expect(statusAt(d, init1Start.at)).toBe('Init:0/2');
    // Between the last init container and the app container: PodInitializing, as kubectl shows.
    expect(statusAt(d, init2Done.at)).toBe('PodInitializing');
    expect((at(d, init2Done.at) as Any).containerStatuses[0].state).toEqual({
      waiting: { reason: 'PodInitializing' },
    });

    const last = d.steps.at(-1)!.status as Any;
    expect(last.phase).toBe('Running');
    expect(
      last.initContainerStatuses.map((s: Any) => [s.ready, s.started, s.state.terminated?.reason]),
    ).toEqual([
      [true, false, 'Completed'],
      [true, false, 'Completed'],
    ]);
    expect(last.conditions.find((c: Any) => c.type === 'Initialized').status).toBe('True');
    expect(podSummary(d.pod, T0 + 120_000).status).toBe('Running');
  });

  it('restarts a failing init container with back-off (Init:Error, then Init:CrashLoopBackOff); the app never starts', () => {
    const d = drive(withInits('bad', [['sh', '-c', 'exit 1']]), worker, 60_000);
    const seen = new Set(d.steps.map((s) => statusAt(d, s.at)));
    expect(seen).toContain('Init:Error');
    expect(seen).toContain('Init:CrashLoopBackOff');
    const last = d.steps.at(-1)!.status as Any;
    expect(last.phase).toBe('Pending');
    expect(last.initContainerStatuses[0].restartCount).toBeGreaterThan(0);
    expect(last.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(d.events.some((e) => e.fieldPath === 'spec.containers{app}')).toBe(false);
  });

  it('fails the pod when an init container fails under restartPolicy Never', () => {
    const d = drive(withInits('once', [['sh', '-c', 'exit 3']], 'Never'), worker, 60_000);
    const last = d.steps.at(-1)!.status as Any;
    expect(last.phase).toBe('Failed');
    expect(last.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(podSummary(d.pod, T0 + 60_000).status).toBe('Init:Error');
    expect(last.initContainerStatuses[0].restartCount).toBe(0);
  });
});

describe('sidecar init containers (restartPolicy Always)', () => {
  it('start before the app container and keep running beside it', () => {
    const pod = boundPod(
      'meshed',
      { image: 'nginx:1.27' },
      {
        initContainers: [
          {
            name: 'proxy',
            image: 'busybox:1.36',
            restartPolicy: 'Always',
            command: ['sh', '-c', 'sleep 3600'],
          },
        ],
      },
    );
    const d = drive(pod, worker, 60_000);
    const proxyStart = d.events.find(
      (e) => e.reason === 'Started' && e.fieldPath === 'spec.initContainers{proxy}',
    )!;
    const appStart = d.events.find((e) => e.reason === 'Started' && e.fieldPath === 'spec.containers{app}')!;
    expect(appStart.at).toBeGreaterThanOrEqual(proxyStart.at);
    const last = d.steps.at(-1)!.status as Any;
    expect(last.phase).toBe('Running');
    expect(last.initContainerStatuses[0]).toMatchObject({ name: 'proxy', ready: true, started: true });
    expect(last.initContainerStatuses[0].state.running).toBeDefined();
    expect(last.conditions.find((c: Any) => c.type === 'Initialized').status).toBe('True');
    expect(podSummary(d.pod, T0 + 60_000)).toMatchObject({ ready: '2/2', status: 'Running' });
  });
});

describe('init containers in a whole cluster', () => {
  it('show Init:0/1, then Running, through the API server and the world', () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, topology: 'default', hooks: validationHooks() });
    clock.advance(10_000);
    cluster.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 10'] }],
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      },
    });
    const seen: string[] = [];
    for (let s = 0; s < 60; s++) {
      clock.advance(1_000);
      const pod = cluster.client.get('pods', 'default', 'web')!;
      const status = podSummary(pod, clock.now()).status;
      if (seen.at(-1) !== status) seen.push(status);
    }
    cluster.world?.stop();
    expect(seen[0]).toBe('Init:0/1');
    expect(seen.at(-1)).toBe('Running');
    expect(seen).not.toContain('ContainerCreating');
  });
});

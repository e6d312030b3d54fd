/**
 * Pod READY/STATUS/RESTARTS and ages as Kubernetes' printers compute them, pinned case by case.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index';
import { humanDuration, podSummary, POD_PRINTER } from '../../src/cluster/printers/index';
import { parseRfc3339 } from '../../src/cluster/machinery/timestamps';

const NOW = parseRfc3339('2026-01-01T01:00:00Z')!;
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (Kubernetes HumanDuration)', () => {
  it.each([
    [-5 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * S, '59s'],
    [119 * S, '119s'],
    [120 * S, '2m'],
    [5 * M + 30 * S, '5m30s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [90 * M, '90m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [7 * H + 5 * M, '7h5m'],
    [8 * H + 59 * M, '8h'],
    [47 * H, '47h'],
    [48 * H, '2d'],
    [3 * D + 4 * H, '3d4h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D + 5 * H, '8d'],
    [400 * D, '400d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [2 * 365 * D + 30 * D, '2y30d'],
    [8 * 365 * D + 100 * D, '8y'],
  ])('%d ms -> %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

type Cs = Record<string, unknown>;

function pod(opts: {
  containers?: string[];
  init?: { name: string; restartPolicy?: string }[];
  statuses?: Cs[];
  initStatuses?: Cs[];
  phase?: string;
  reason?: string;
  conditions?: Cs[];
  deleting?: boolean;
}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      creationTimestamp: '2026-01-01T00:55:00Z',
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T01:00:30Z' } : {}),
    },
    spec: {
      containers: (opts.containers ?? ['app']).map((name) => ({ name, image: 'x' })),
      ...(opts.init ? { initContainers: opts.init.map((c) => ({ ...c, image: 'x' })) } : {}),
    },
    status: {
      phase: opts.phase ?? 'Running',
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...(opts.conditions ? { conditions: opts.conditions } : {}),
      ...(opts.statuses ? { containerStatuses: opts.statuses } : {}),
      ...(opts.initStatuses ? { initContainerStatuses: opts.initStatuses } : {}),
    },
  };
}

const running = (name: string, ready = true, restartCount = 0): Cs => ({
  name,
  ready,
  restartCount,
  state: { running: { startedAt: '2026-01-01T00:56:00Z' } },
});
const waiting = (name: string, reason: string, restartCount = 0, finishedAt?: string): Cs => ({
  name,
  ready: false,
  restartCount,
  state: { waiting: { reason } },
  ...(finishedAt ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt } } } : {}),
});
const terminated = (name: string, exitCode: number, reason?: string, signal?: number): Cs => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) } },
});

describe('pod STATUS, READY and RESTARTS', () => {
  const cases: [string, Parameters<typeof pod>[0], string, string, string][] = [
    ['pending, no statuses', { phase: 'Pending' }, '0/1', 'Pending', '0'],
    ['running and ready', { statuses: [running('app')] }, '1/1', 'Running', '0'],
    ['running, not ready', { statuses: [running('app', false)] }, '0/1', 'Running', '0'],
    [
      'container creating',
      { phase: 'Pending', statuses: [waiting('app', 'ContainerCreating')] },
      '0/1',
      'ContainerCreating',
      '0',
    ],
    [
      'crash loop with last restart 2m30s ago',
      { statuses: [waiting('app', 'CrashLoopBackOff', 4, '2026-01-01T00:57:30Z')] },
      '0/1',
      'CrashLoopBackOff',
      '4 (2m30s ago)',
    ],
    [
      'image pull error',
      { phase: 'Pending', statuses: [waiting('app', 'ErrImagePull')] },
      '0/1',
      'ErrImagePull',
      '0',
    ],
    [
      'image pull back-off',
      { phase: 'Pending', statuses: [waiting('app', 'ImagePullBackOff')] },
      '0/1',
      'ImagePullBackOff',
      '0',
    ],
    [
      'completed',
      { phase: 'Succeeded', statuses: [terminated('app', 0, 'Completed')] },
      '0/1',
      'Completed',
      '0',
    ],
    ['error', { phase: 'Failed', statuses: [terminated('app', 1, 'Error')] }, '0/1', 'Error', '0'],
    ['OOM killed', { statuses: [terminated('app', 137, 'OOMKilled')] }, '0/1', 'OOMKilled', '0'],
    ['exit code without reason', { statuses: [terminated('app', 3)] }, '0/1', 'ExitCode:3', '0'],
    ['signal without reason', { statuses: [terminated('app', 0, undefined, 9)] }, '0/1', 'Signal:9', '0'],
    [
      'one completed, one running, pod Ready condition',
      {
        containers: ['a', 'b'],
        statuses: [terminated('a', 0, 'Completed'), running('b')],
        conditions: [{ type: 'Ready', status: 'False' }],
      },
      '1/2',
      'Running',
      '0',
    ],
    [
      'one completed, one running, no Ready condition',
      { containers: ['a', 'b'], statuses: [terminated('a', 0, 'Completed'), running('b')] },
      '1/2',
      'NotReady',
      '0',
    ],
    [
      'first of two init containers running',
      {
        phase: 'Pending',
        init: [{ name: 'i1' }, { name: 'i2' }],
        initStatuses: [running('i1', false), waiting('i2', 'PodInitializing')],
        statuses: [waiting('app', 'PodInitializing')],
      },
      '0/1',
      'Init:0/2',
      '0',
    ],
    [
      'second init container running',
      {
        phase: 'Pending',
        init: [{ name: 'i1' }, { name: 'i2' }],
        initStatuses: [terminated('i1', 0, 'Completed'), running('i2', false)],
      },
      '0/1',
      'Init:1/2',
      '0',
    ],
    [
      'init container crash looping',
      {
        phase: 'Pending',
        init: [{ name: 'i1' }],
        initStatuses: [waiting('i1', 'CrashLoopBackOff', 3, '2026-01-01T00:59:00Z')],
      },
      '0/1',
      'Init:CrashLoopBackOff',
      '3 (60s ago)',
    ],
    [
      'init container failed',
      { phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', 1, 'Error')] },
      '0/1',
      'Init:Error',
      '0',
    ],
    [
      'init container exit code',
      { phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [terminated('i1', 2)] },
      '0/1',
      'Init:ExitCode:2',
      '0',
    ],
    [
      'sidecar counts as a container',
      {
        init: [{ name: 'side', restartPolicy: 'Always' }],
        initStatuses: [{ ...running('side'), started: true }],
        statuses: [running('app')],
        conditions: [{ type: 'Initialized', status: 'True' }],
      },
      '2/2',
      'Running',
      '0',
    ],
    ['terminating', { statuses: [running('app')], deleting: true }, '1/1', 'Terminating', '0'],
    [
      'terminal pod being deleted keeps its status',
      { phase: 'Succeeded', statuses: [terminated('app', 0, 'Completed')], deleting: true },
      '0/1',
      'Completed',
      '0',
    ],
    ['node lost', { reason: 'NodeLost', statuses: [running('app')], deleting: true }, '1/1', 'Unknown', '0'],
    ['evicted', { phase: 'Failed', reason: 'Evicted' }, '0/1', 'Evicted', '0'],
    [
      'scheduling gated',
      {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
      '0/1',
      'SchedulingGated',
      '0',
    ],
  ];
  it.each(cases)('%s', (_name, opts, ready, status, restarts) => {
    expect(podSummary(pod(opts), NOW)).toEqual({ ready, status, restarts });
  });

  it('prints all nine cells with <none> for missing wide values', () => {
    const cells = POD_PRINTER.cells(pod({ statuses: [running('app')] }), { now: NOW });
    expect(cells).toEqual(['p', '1/1', 'Running', '0', '5m', '<none>', '<none>', '<none>', '<none>']);
    expect(POD_PRINTER.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ]);
    expect(POD_PRINTER.columns[0]!.format).toBe('name');
  });

  it('counts readiness gates that hold', () => {
    const p = pod({ statuses: [running('app')], conditions: [{ type: 'example.com/lb', status: 'True' }] });
    p.spec.readinessGates = [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/other' }];
    p.spec.nodeName = 'worker-1';
    p.status.podIPs = [{ ip: '10.244.1.5' }];
    expect(POD_PRINTER.cells(p, { now: NOW }).slice(5)).toEqual(['10.244.1.5', 'worker-1', '<none>', '1/2']);
  });
});

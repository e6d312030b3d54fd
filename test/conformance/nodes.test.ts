/**
 * Node maintenance judged by real kubectl 1.32: cordon, uncordon, drain (evictions through the
 * pods/eviction subresource, DaemonSet pods skipped with --ignore-daemonsets) and taint, with the
 * scheduler's reaction (FailedScheduling messages as a real scheduler words them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index';
import type { ServeHarness } from './support/serve';
import { ok, startFastServe, table, until } from './support/fast';

let h: ServeHarness;

const node = (name: string): KubeObject => h.cluster.client.get('nodes', '', name)!;
const podsOn = (name: string, namespace?: string): KubeObject[] =>
  h.cluster.client
    .list('pods', { ...(namespace ? { namespace } : {}), fieldSelector: `spec.nodeName=${name}` })
    .items.filter((p) => !p.metadata.deletionTimestamp);

beforeAll(async () => {
  h = await startFastServe(6);
  ok(await h.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=6']));
  await until(
    () => h.cluster.client.get('deployments.apps', 'default', 'web')?.status?.availableReplicas === 6,
    'web available',
  );
});

afterAll(async () => {
  await h?.stop();
});

describe('kubectl cordon and uncordon', () => {
  it('cordon marks the node unschedulable; get nodes shows SchedulingDisabled', async () => {
    expect(await h.kubectl(['cordon', 'worker-3'])).toEqual({
      code: 0,
      stdout: 'node/worker-3 cordoned\n',
      stderr: '',
    });
    expect(node('worker-3').spec.unschedulable).toBe(true);
    expect(node('worker-3').spec.taints).toContainEqual(
      expect.objectContaining({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }),
    );
    const row = table(ok(await h.kubectl(['get', 'node', 'worker-3'])))[1]!;
    expect(row.slice(0, 3)).toEqual(['worker-3', 'Ready,SchedulingDisabled', '<none>']);
    expect(await h.kubectl(['cordon', 'worker-3'])).toEqual({
      code: 0,
      stdout: 'node/worker-3 already cordoned\n',
      stderr: '',
    });
  });

  it('uncordon makes it schedulable again', async () => {
    expect(await h.kubectl(['uncordon', 'worker-3'])).toEqual({
      code: 0,
      stdout: 'node/worker-3 uncordoned\n',
      stderr: '',
    });
    expect(node('worker-3').spec.unschedulable).toBeUndefined();
    await until(() => !(node('worker-3').spec.taints ?? []).length, 'the unschedulable taint to go');
    expect(table(ok(await h.kubectl(['get', 'node', 'worker-3'])))[1]!.slice(0, 2)).toEqual([
      'worker-3',
      'Ready',
    ]);
    expect(await h.kubectl(['uncordon', 'worker-3'])).toEqual({
      code: 0,
      stdout: 'node/worker-3 already uncordoned\n',
      stderr: '',
    });
  });
});

describe('kubectl drain', () => {
  it('refuses DaemonSet pods and bare pods without the flags, after cordoning', async () => {
    ok(
      await h.kubectl(['run', 'bare', '--image=nginx:1.27', '--overrides={"spec":{"nodeName":"worker-2"}}']),
    );
    await until(
      () => h.cluster.client.get('pods', 'default', 'bare')?.status?.phase === 'Running',
      'bare running',
    );
    const proxy = podsOn('worker-2', 'kube-system').find((p) => p.metadata.name!.startsWith('kube-proxy-'))!;
    const r = await h.kubectl(['drain', 'worker-2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('node/worker-2 cordoned\n');
    // kubectl collects the two complaints in a Go map, so their order varies from run to run
    const bare =
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare';
    const ds = `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy.metadata.name}`;
    const lines = r.stderr.split('\n');
    expect(lines).toHaveLength(6);
    expect([
      `error: unable to drain node "worker-2" due to error: [${bare}, ${ds}], continuing command...`,
      `error: unable to drain node "worker-2" due to error: [${ds}, ${bare}], continuing command...`,
    ]).toContain(lines[0]);
    expect(lines.slice(1, 3)).toEqual(['There are pending nodes to be drained:', ' worker-2']);
    expect(lines.slice(3, 5).sort()).toEqual([bare, ds].sort());
    expect(lines[5]).toBe('');
    expect(h.cluster.client.get('pods', 'default', 'bare')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('--ignore-daemonsets --force evicts the rest; the Deployment recovers on the other nodes', async () => {
    const proxy = podsOn('worker-2', 'kube-system').find((p) => p.metadata.name!.startsWith('kube-proxy-'))!;
    const evicted = podsOn('worker-2')
      .filter((p) => p.metadata.ownerReferences?.[0]?.kind !== 'DaemonSet')
      .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
      .sort();
    expect(evicted).toContain('default/bare');
    const r = await h.kubectl(['drain', 'worker-2', '--ignore-daemonsets', '--force']);
    expect(r.code, r.stderr).toBe(0);
    // the two warnings come out of a Go map too: either order
    const warnings = [
      'deleting Pods that declare no controller: default/bare',
      `ignoring DaemonSet-managed Pods: kube-system/${proxy.metadata.name}`,
    ];
    expect([
      `Warning: ${warnings[0]}; ${warnings[1]}\n`,
      `Warning: ${warnings[1]}; ${warnings[0]}\n`,
    ]).toContain(r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('node/worker-2 already cordoned');
    expect(lines[lines.length - 1]).toBe('node/worker-2 drained');
    const middle = lines.slice(1, -1);
    expect(middle.filter((l) => l.startsWith('evicting pod ')).sort()).toEqual(
      evicted.map((p) => `evicting pod ${p}`),
    );
    expect(middle.filter((l) => l.endsWith(' evicted')).sort()).toEqual(
      evicted.map((p) => `pod/${p.split('/')[1]} evicted`).sort(),
    );
    expect(middle).toHaveLength(evicted.length * 2);
    expect(podsOn('worker-2').map((p) => p.metadata.name)).toEqual([proxy.metadata.name]);
    await until(
      () => h.cluster.client.get('deployments.apps', 'default', 'web')?.status?.availableReplicas === 6,
      'web to recover',
    );
    expect(
      h.cluster.client
        .list('pods', { namespace: 'default', labelSelector: 'app=web' })
        .items.filter((p) => !p.metadata.deletionTimestamp)
        .every((p) => p.spec.nodeName !== 'worker-2'),
    ).toBe(true);
    ok(await h.kubectl(['uncordon', 'worker-2']));
  });
});

describe('kubectl taint', () => {
  it('adds a taint; the same again needs --overwrite; describe shows it', async () => {
    expect(await h.kubectl(['taint', 'node', 'worker-1', 'dedicated=gpu:NoSchedule'])).toEqual({
      code: 0,
      stdout: 'node/worker-1 tainted\n',
      stderr: '',
    });
    expect(node('worker-1').spec.taints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect(await h.kubectl(['taint', 'node', 'worker-1', 'dedicated=gpu:NoSchedule'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
    });
    const describe = ok(await h.kubectl(['describe', 'node', 'worker-1']));
    expect(describe).toMatch(/^Taints: +dedicated=gpu:NoSchedule$/m);
  });

  it('a pod that tolerates no taint stays Pending with the scheduler’s reasons', async () => {
    for (const n of ['worker-2', 'worker-3'])
      ok(await h.kubectl(['taint', 'node', n, 'dedicated=gpu:NoSchedule']));
    ok(await h.kubectl(['run', 'nowhere', '--image=nginx:1.27']));
    await until(
      () =>
        h.cluster.client
          .list('events', { namespace: 'default', fieldSelector: 'involvedObject.name=nowhere' })
          .items.some((e) => e.reason === 'FailedScheduling'),
      'a FailedScheduling event',
    );
    expect(table(ok(await h.kubectl(['get', 'pod', 'nowhere'])))[1]!.slice(0, 3)).toEqual([
      'nowhere',
      '0/1',
      'Pending',
    ]);
    const describe = ok(await h.kubectl(['describe', 'pod', 'nowhere']));
    expect(describe).toContain(
      'default-scheduler  0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.\n',
    );
  });

  it('removing the taint (KEY-, KEY:EFFECT-) lets the pod schedule; an absent taint is an error', async () => {
    expect(await h.kubectl(['taint', 'node', 'worker-1', 'dedicated-'])).toEqual({
      code: 0,
      stdout: 'node/worker-1 untainted\n',
      stderr: '',
    });
    for (const n of ['worker-2', 'worker-3'])
      expect(await h.kubectl(['taint', 'node', n, 'dedicated:NoSchedule-'])).toEqual({
        code: 0,
        stdout: `node/${n} untainted\n`,
        stderr: '',
      });
    expect(await h.kubectl(['taint', 'node', 'worker-1', 'dedicated:NoSchedule-'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: taint "dedicated:NoSchedule" not found\n',
    });
    await until(
      () => h.cluster.client.get('pods', 'default', 'nowhere')?.status?.phase === 'Running',
      'the pod to schedule',
      30_000,
    );
  });
});

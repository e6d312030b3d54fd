/** `kubectl drain` evicting pods in virtual time, and taint/cordon in process. */
import { describe, expect, it } from 'vitest';
import { writeWorld } from './support/write-env';

describe('kubectl drain', () => {
  it('cordons, warns about DaemonSet pods, evicts the rest and waits for them', async () => {
    const w = writeWorld();
    await w.kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=6']);
    await w.settle(30_000);
    const onNode = w.cluster.client
      .list('pods', { fieldSelector: 'spec.nodeName=worker-1' })
      .items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    const daemon = onNode.filter((p) => p.startsWith('kube-system/kube-proxy'));
    const others = onNode.filter((p) => !p.startsWith('kube-system/kube-proxy'));
    expect(others.length).toBeGreaterThan(0);
    const running = w.kubectl(['drain', 'worker-1', '--ignore-daemonsets']);
    await w.settle(60_000);
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: ${daemon.join(', ')}\n`);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('node/worker-1 cordoned');
    expect(lines.slice(1, 1 + others.length)).toEqual(others.map((p) => `evicting pod ${p}`));
    expect(lines.slice(1 + others.length, -1).sort()).toEqual(
      others.map((p) => `pod/${p.split('/')[1]} evicted`).sort(),
    );
    expect(lines.at(-1)).toBe('node/worker-1 drained');
    const node = w.cluster.client.get('nodes', '', 'worker-1') as unknown as {
      spec: { unschedulable?: boolean };
    };
    expect(node.spec.unschedulable).toBe(true);
  });

  it('refuses DaemonSet pods without --ignore-daemonsets', async () => {
    const w = writeWorld();
    const r = await w.kubectl(['drain', 'worker-2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('node/worker-2 cordoned\n');
    expect(r.stderr).toMatch(
      /^error: unable to drain node "worker-2" due to error: cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-\S+, continuing command\.\.\.\nThere are pending nodes to be drained:\n worker-2\ncannot delete DaemonSet-managed Pods/,
    );
  });
});

describe('kubectl taint', () => {
  it('adds, modifies and removes taints', async () => {
    const w = writeWorld();
    expect((await w.kubectl(['taint', 'nodes', 'worker-3', 'gpu=yes:NoSchedule'])).stdout).toBe(
      'node/worker-3 tainted\n',
    );
    expect((await w.kubectl(['taint', 'nodes', 'worker-3', 'gpu=no:NoSchedule'])).stderr).toBe(
      'error: node worker-3 already has gpu taint(s) with same effect(s) and --overwrite is false\n',
    );
    expect((await w.kubectl(['taint', 'nodes', 'worker-3', 'gpu=no:NoSchedule', '--overwrite'])).stdout).toBe(
      'node/worker-3 modified\n',
    );
    const node = w.cluster.client.get('nodes', '', 'worker-3') as unknown as { spec: { taints: unknown[] } };
    expect(node.spec.taints).toEqual([{ key: 'gpu', value: 'no', effect: 'NoSchedule' }]);
    expect((await w.kubectl(['taint', 'nodes', 'worker-3', 'gpu-'])).stdout).toBe(
      'node/worker-3 untainted\n',
    );
    expect((await w.kubectl(['taint', 'nodes', 'worker-3', 'gpu-'])).stderr).toBe(
      'error: taint "gpu" not found\n',
    );
  });
});

/**
 * `kubectl top` judged by real kubectl 1.32 against `cadet serve`'s metrics.k8s.io API: the
 * columns and arithmetic are kubectl's own, the numbers come from the simulated world's
 * metrics, read at the same (virtual, standing) time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete';
import { VirtualClock, type Cluster, type KubeObject } from '../../src/cluster/index';
import { integerValue, milliValue, parseQuantity } from '../../src/cluster/machinery/quantity';
import { startServe, type ServeHarness } from './support/serve';

let clock: VirtualClock;
let cluster: Cluster;
let h: ServeHarness;

/** Rows as kubectl's tabwriter prints them: every cell padded to its column's width plus three spaces. */
function tabular(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r.map((c, i) => c.padEnd(widths[i]! + 3)).join('')}\n`).join('');
}

const milli = (q: string): number => milliValue(parseQuantity(q));
const bytes = (q: string): number => integerValue(parseQuantity(q));
const mi = (n: number): string => `${Math.floor(n / (1024 * 1024))}Mi`;

beforeAll(async () => {
  clock = new VirtualClock();
  cluster = createCompleteCluster({ clock, topology: 'default', seed: 11 });
  clock.advance(10_000);
  cluster.client.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.27' },
            { name: 'sidecar', image: 'busybox:1.36', command: ['sleep', '3600'] },
          ],
        },
      },
    },
  });
  clock.advance(90_000);
  h = await startServe({ cluster });
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

function podRows(items: KubeObject[], namespaces: boolean): string[][] {
  return items
    .map((m) => {
      const containers = m.containers as { name: string; usage: { cpu: string; memory: string } }[];
      const cpu = parseQuantity(`${containers.reduce((n, c) => n + Number(c.usage.cpu.slice(0, -1)), 0)}n`);
      const memory = containers.reduce((n, c) => n + bytes(c.usage.memory), 0);
      const row = [m.metadata.name!, `${milliValue(cpu)}m`, mi(memory)];
      return namespaces ? [m.metadata.namespace!, ...row] : row;
    })
    .sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1));
}

describe('kubectl top', () => {
  it('top nodes: usage and percent of allocatable', async () => {
    const metrics = cluster.world!.metrics.nodeMetrics();
    const rows = metrics.map((m) => {
      const node = cluster.client.get('nodes', '', m.metadata.name!)!;
      const usage = m.usage as { cpu: string; memory: string };
      const cpu = milli(usage.cpu);
      const mem = bytes(usage.memory);
      return [
        m.metadata.name!,
        `${cpu}m`,
        `${Math.trunc((cpu / milli(node.status.allocatable.cpu)) * 100)}%`,
        mi(mem),
        `${Math.trunc((mem / bytes(node.status.allocatable.memory)) * 100)}%`,
      ];
    });
    expect(rows).toHaveLength(4);
    const r = await h.kubectl(['top', 'nodes']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: tabular([['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], ...rows]),
    });
  });

  it("top pods: the namespace's pods, container usage summed", async () => {
    const rows = podRows(cluster.world!.metrics.podMetrics('default'), false);
    expect(rows).toHaveLength(2);
    const r = await h.kubectl(['top', 'pods']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: tabular([['NAME', 'CPU(cores)', 'MEMORY(bytes)'], ...rows]),
    });
  });

  it('top pods -A: every namespace, with a NAMESPACE column', async () => {
    const rows = podRows(cluster.world!.metrics.podMetrics(), true);
    expect(rows.some((r) => r[0] === 'kube-system')).toBe(true);
    const r = await h.kubectl(['top', 'pods', '-A']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: tabular([['NAMESPACE', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'], ...rows]),
    });
  });

  it('top pods --containers: one row per container', async () => {
    const rows = cluster
      .world!.metrics.podMetrics('default')
      .flatMap((m) =>
        (m.containers as { name: string; usage: { cpu: string; memory: string } }[]).map((c) => [
          m.metadata.name!,
          c.name,
          `${milli(c.usage.cpu)}m`,
          mi(bytes(c.usage.memory)),
        ]),
      )
      .sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1));
    expect(rows).toHaveLength(4);
    const r = await h.kubectl(['top', 'pods', '--containers']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: tabular([['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'], ...rows]),
    });
  });

  it('top pod of an unknown pod, and of a pod without metrics (metrics-server words)', async () => {
    expect(await h.kubectl(['top', 'pod', 'nope'])).toEqual({
      code: 1,
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      stdout: '',
    });
    cluster.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'unscheduled', namespace: 'default' },
      spec: { nodeSelector: { nowhere: 'true' }, containers: [{ name: 'c', image: 'nginx:1.27' }] },
    });
    expect(await h.kubectl(['top', 'pod', 'unscheduled'])).toEqual({
      code: 1,
      stderr: 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/unscheduled" not found\n',
      stdout: '',
    });
    expect(await h.kubectl(['top', 'node', 'nope'])).toEqual({
      code: 1,
      stderr: 'Error from server (NotFound): node "nope" not found\n',
      stdout: '',
    });
    cluster.client.delete('pods', 'default', 'unscheduled', { gracePeriodSeconds: 0 });
  });

  it('top pods in a namespace without pods', async () => {
    expect(await h.kubectl(['top', 'pods', '-n', 'kube-public'])).toEqual({
      code: 0,
      stderr: 'No resources found in kube-public namespace.\n',
      stdout: '',
    });
  });
});

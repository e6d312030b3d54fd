import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/index.js';
import { workloadCluster } from './workloads-helpers.js';

function statefulSet(image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'web',
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          containers: [{ name: 'nginx', image }],
        },
      },
    },
  };
}

const revisions = (w: ReturnType<typeof workloadCluster>): [string, number][] =>
  w.client
    .list('controllerrevisions.apps', { namespace: 'default' })
    .items.map((r) => [r.metadata.name!, r.revision as number] as [string, number])
    .sort((a, b) => a[1] - b[1]);

describe('StatefulSet and DaemonSet history (ControllerRevisions)', () => {
  it('records one revision per template, renumbers a template that comes back', () => {
    const w = workloadCluster({ revisionHistory: true }, false);
    w.client.create('statefulsets.apps', statefulSet('nginx:1.27'));
    w.clock.advance(30_000);
    const first = w.client.get('statefulsets.apps', 'default', 'web')!.status.updateRevision as string;
    expect(revisions(w)).toEqual([[first, 1]]);
    const rev = w.client.get('controllerrevisions.apps', 'default', first)!;
    expect(rev.metadata.ownerReferences![0]).toMatchObject({
      kind: 'StatefulSet',
      name: 'web',
      controller: true,
    });
    expect((rev.data as { spec: { template: Record<string, unknown> } }).spec.template.$patch).toBe(
      'replace',
    );

    const set = w.client.get('statefulsets.apps', 'default', 'web')!;
    const next = structuredClone(set);
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    w.client.update('statefulsets.apps', next);
    w.clock.advance(120_000);
    const second = w.client.get('statefulsets.apps', 'default', 'web')!.status.updateRevision as string;
    expect(revisions(w)).toEqual([
      [first, 1],
      [second, 2],
    ]);

    // Back to the first template: its revision becomes the newest.
    const back = w.client.get('statefulsets.apps', 'default', 'web')!;
    back.spec.template.spec.containers[0].image = 'nginx:1.27';
    w.client.update('statefulsets.apps', back);
    w.clock.advance(120_000);
    expect(revisions(w)).toEqual([
      [second, 2],
      [first, 3],
    ]);
    expect(w.client.get('statefulsets.apps', 'default', 'web')!.status.currentRevision).toBe(first);
    expect(w.runtime.stats.errors).toBe(0);
  });

  it('a DaemonSet names its revisions <name>-<pod hash label>', () => {
    const w = workloadCluster({ revisionHistory: true }, false);
    w.client.create('daemonsets.apps', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'a', image: 'nginx:1.27' }] },
        },
      },
    });
    w.clock.advance(20_000);
    const hash = w.pods()[0]!.metadata.labels!['controller-revision-hash'];
    expect(revisions(w)).toEqual([[`agent-${hash}`, 1]]);
  });
});

/**
 * Whole-set properties of the workload controllers: after a mixed scenario settles, every
 * controller (through its real observe function) has nothing left to do, and the same inputs give
 * a byte-identical cluster.
 */
import { describe, expect, it } from 'vitest';
import { workloadControllers } from '../../src/cluster/controllers/workloads-standard.js';
import { deployment } from './world-helpers.js';
import { workloadCluster } from './workloads-helpers.js';

function scenario() {
  const w = workloadCluster();
  const c = w.client;
  const busybox = (script: string) => ({
    restartPolicy: 'Never',
    containers: [{ name: 'task', image: 'busybox:1.36', command: ['sh', '-c', script] }],
  });
  c.create('statefulsets.apps', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      serviceName: 'db',
      replicas: 2,
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { containers: [{ name: 'redis', image: 'redis:7' }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  });
  c.create('daemonsets.apps', {
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
  c.create('jobs.batch', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', namespace: 'default' },
    spec: { completions: 2, parallelism: 2, template: { spec: busybox('sleep 3') } },
  });
  c.create('cronjobs.batch', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default' },
    spec: { schedule: '*/2 * * * *', jobTemplate: { spec: { template: { spec: busybox('sleep 1') } } } },
  });
  const d = deployment('web', 3, 'nginx:1.27');
  d.spec.template.spec.containers[0].resources = { requests: { cpu: '100m' } };
  c.create('deployments.apps', d);
  c.create('horizontalpodautoscalers.autoscaling', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
    },
  });
  c.create('resourcequotas', {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'default' },
    spec: { hard: { pods: '50', 'requests.storage': '10Gi' } },
  });
  for (let i = 0; i < 11; i++) w.clock.advance(60_000);
  return w;
}

describe('workload controllers together', () => {
  it('settle: every controller finds nothing to do', () => {
    const w = scenario();
    w.clock.advance(30_000); // between CronJob firings, after the last Job finished
    expect(w.runtime.stats.errors).toBe(0);
    const busy: string[] = [];
    const checked = new Set<string>();
    for (const def of workloadControllers()) {
      for (const o of w.client.list(def.resource).items) {
        if (def.handles && !def.handles(o, w.client)) continue;
        checked.add(def.name);
        const observed = def.observe(o, w.client, undefined as never, []);
        const { actions } = def.reconcile(o, observed, w.clock.now());
        if (actions.length)
          busy.push(
            `${def.name} ${o.metadata.namespace}/${o.metadata.name}: ${actions.map((a) => a.type).join(',')}`,
          );
      }
    }
    expect(busy).toEqual([]);
    // Every controller had objects to look at except namespace deletion (nothing is terminating).
    expect([...checked].sort()).toEqual([
      'cronjob',
      'daemonset',
      'horizontalpodautoscaler',
      'job',
      'persistentvolume-binder',
      'persistentvolume-reclaimer',
      'pvc-protection',
      'resourcequota',
      'root-ca-cert-publisher',
      'serviceaccount',
      'statefulset',
    ]);
    // Sanity: the scenario did what it says.
    expect(w.client.get('statefulsets.apps', 'default', 'db')!.status.readyReplicas).toBe(2);
    expect(w.client.get('jobs.batch', 'default', 'once')!.status.succeeded).toBe(2);
    expect(
      w.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!.status.desiredReplicas,
    ).toBe(1);
    expect(w.client.get('resourcequotas', 'default', 'q')!.status.used['requests.storage']).toBe('2Gi');
  });

  it('is deterministic: the same scenario gives a byte-identical snapshot', () => {
    expect(scenario().cluster.exportSnapshot()).toBe(scenario().cluster.exportSnapshot());
  });
});

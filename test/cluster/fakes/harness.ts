/**
 * Test harness for pure reconcilers: reads state from a FakeClient, runs a reconciler, applies
 * its actions, and offers a stand-in kubelet (instant Running + Ready) for controller tests.
 */
import type { KubeObject } from '../../../src/cluster/types.js';
import type { ReconcileResult } from '../../../src/cluster/controllers/types.js';
import { applyActions } from '../../../src/cluster/controllers/apply.js';
import { EventRecorder } from '../../../src/cluster/controllers/event-recorder.js';
import { reconcileReplicaSet } from '../../../src/cluster/controllers/replica-set.js';
import { reconcileDeployment } from '../../../src/cluster/controllers/deployment/deployment.js';
import { toTimestamp } from '../../../src/cluster/controllers/time.js';
import { FakeClient } from './fake-client.js';
import { VirtualClock } from './virtual-clock.js';

export class Harness {
  readonly clock = new VirtualClock();
  readonly client = new FakeClient(this.clock);
  readonly recorder = new EventRecorder(this.client);

  apply(result: ReconcileResult<unknown>): ReconcileResult<unknown> {
    const outcome = applyActions(this.client, result.actions, this.clock.now(), this.recorder);
    if (outcome.conflicts || outcome.errors.length)
      throw new Error(
        `apply failed: ${outcome.conflicts} conflicts, ${outcome.errors.map((e) => e.message).join('; ')}`,
      );
    return result;
  }

  pods(ns = 'default'): KubeObject[] {
    return this.client.list('pods', { namespace: ns }).items;
  }

  replicaSets(ns = 'default'): KubeObject[] {
    return this.client.list('replicasets.apps', { namespace: ns }).items;
  }

  reconcileRS(name: string, ns = 'default'): ReconcileResult {
    const rs = this.client.get('replicasets.apps', ns, name);
    if (!rs) throw new Error(`no ReplicaSet ${name}`);
    return reconcileReplicaSet(rs, { pods: this.pods(ns) }, this.clock.now());
  }

  reconcileDeployment(name: string, ns = 'default'): ReconcileResult {
    const d = this.client.get('deployments.apps', ns, name);
    if (!d) throw new Error(`no Deployment ${name}`);
    return reconcileDeployment(
      d,
      { replicaSets: this.replicaSets(ns), pods: this.pods(ns) },
      this.clock.now(),
    );
  }

  /** Runs the Deployment and ReplicaSet controllers until neither has anything to do. */
  settle(ns = 'default'): number {
    for (let round = 0; round < 50; round++) {
      let acted = 0;
      for (const d of this.client.list('deployments.apps', { namespace: ns }).items) {
        acted += this.apply(this.reconcileDeployment(d.metadata.name!, ns)).actions.length;
      }
      for (const rs of this.replicaSets(ns))
        acted += this.apply(this.reconcileRS(rs.metadata.name!, ns)).actions.length;
      if (acted === 0) return round;
    }
    throw new Error('controllers did not settle');
  }

  /** A stand-in kubelet: bound, Running and Ready now (or only those matching `which`); Terminating pods disappear. */
  kubeletTick(which: (p: KubeObject) => boolean = () => true, ns = 'default'): void {
    for (const p of this.pods(ns)) {
      if (p.metadata.deletionTimestamp) {
        this.client.delete('pods', ns, p.metadata.name!, { gracePeriodSeconds: 0 });
        continue;
      }
      if (p.status?.phase === 'Running' || !which(p)) continue;
      const ts = toTimestamp(this.clock.now());
      if (!p.spec.nodeName)
        this.client.create('bindings', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: p.metadata.name, namespace: ns },
          target: { kind: 'Node', name: 'worker-1' },
        });
      const fresh = this.client.get('pods', ns, p.metadata.name!)!;
      this.client.updateStatus('pods', {
        ...fresh,
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts }] },
      });
    }
  }

  events(reason?: string): KubeObject[] {
    return this.client.list('events').items.filter((e) => !reason || e.reason === reason);
  }
}

/** A Deployment manifest as the API server would store it after defaulting. */
export function deployment(
  name: string,
  replicas: number,
  image: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...extra,
    },
  };
}

/** A ReplicaSet manifest. */
export function replicaSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
      ...extra,
    },
  };
}

import { describe, expect, it } from 'vitest';
import { Harness, deployment } from './fakes/harness.js';
import { podTemplateHash, safeEncode } from '../../src/cluster/controllers/deployment/hash.js';
import {
  maxSurge,
  maxUnavailable,
  scaledValue,
} from '../../src/cluster/controllers/deployment/rollout-math.js';
import type { KubeObject } from '../../src/cluster/types.js';

const ns = 'default';

function rsSizes(h: Harness): Record<string, number> {
  return Object.fromEntries(
    h.replicaSets().map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas]),
  );
}

function setImage(h: Harness, name: string, image: string, annotations?: Record<string, string>): void {
  const d = h.client.get('deployments.apps', ns, name)!;
  d.spec.template.spec.containers[0].image = image;
  if (annotations) d.metadata.annotations = { ...d.metadata.annotations, ...annotations };
  h.client.update('deployments.apps', d);
}

function rollStep(h: Harness): void {
  h.settle();
  h.kubeletTick();
}

/** Creates a Deployment and brings it to complete: all pods Ready. */
function rolledOut(replicas: number, extra: Record<string, unknown> = {}): Harness {
  const h = new Harness();
  h.client.create('deployments.apps', deployment('web', replicas, 'nginx:1.26', extra));
  for (let i = 0; i < 5; i++) {
    h.settle();
    h.kubeletTick();
  }
  h.settle();
  return h;
}

describe('pod-template-hash', () => {
  it('is deterministic, short, from the safe alphabet, and changes with the template', () => {
    const t = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] },
    };
    const h = podTemplateHash(t);
    expect(h).toBe(podTemplateHash(JSON.parse(JSON.stringify(t))));
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(podTemplateHash({ ...t, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } })).not.toBe(
      h,
    );
    expect(podTemplateHash(t, 1)).not.toBe(h);
    // Key order does not matter.
    expect(podTemplateHash({ spec: t.spec, metadata: t.metadata })).toBe(h);
    // Pinned, so names stay stable across releases.
    expect(h).toBe('65b7547b54'); // FNV-1a of the sorted-key JSON, checked independently
  });

  it('encodes decimal digits as Kubernetes SafeEncodeString does', () => {
    expect(safeEncode('0123456789')).toBe('456789bcdf');
  });
});

describe('rollout arithmetic', () => {
  it('rounds surge up and unavailable down', () => {
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(scaledValue(2, 10, true)).toBe(2);
    const d = deployment('x', 1, 'nginx');
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([1, 0]);
    const zero = deployment('x', 3, 'nginx', {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
    });
    expect([maxSurge(zero), maxUnavailable(zero)]).toEqual([0, 1]);
    const recreate = deployment('x', 3, 'nginx', { strategy: { type: 'Recreate' } });
    expect([maxSurge(recreate), maxUnavailable(recreate)]).toEqual([0, 0]);
  });
});

describe('Deployment controller', () => {
  it('creates a ReplicaSet named after the template hash, at revision 1, and scales it up', () => {
    const h = new Harness();
    h.client.create('deployments.apps', deployment('web', 3, 'nginx:1.26'));
    h.apply(h.reconcileDeployment('web'));
    const [rs] = h.replicaSets();
    const hash = podTemplateHash(h.client.get('deployments.apps', ns, 'web')!.spec.template);
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.spec.replicas).toBe(3);
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(h.events('ScalingReplicaSet').map((e) => e.message)).toEqual([
      `Scaled up replica set web-${hash} from 0 to 3`,
    ]);
    const d = h.client.get('deployments.apps', ns, 'web')!;
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.status.conditions.map((c: { type: string; reason: string }) => `${c.type}/${c.reason}`)).toEqual(
      ['Progressing/NewReplicaSetCreated', 'Available/MinimumReplicasUnavailable'],
    );
    expect(h.reconcileDeployment('web').actions).toEqual([]);
  });

  it('reaches a converged state that yields no actions, with Kubernetes status and conditions', () => {
    const h = rolledOut(3);
    expect(h.reconcileDeployment('web').actions).toEqual([]);
    const d = h.client.get('deployments.apps', ns, 'web')!;
    const rsName = h.replicaSets()[0]!.metadata.name;
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(
      d.status.conditions.map((c: { type: string; status: string; reason: string; message: string }) => [
        c.type,
        c.status,
        c.reason,
        c.message,
      ]),
    ).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      [
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${rsName}" has successfully progressed.`,
      ],
    ]);
  });

  it('rolls 4 replicas step by step within maxSurge 1 and maxUnavailable 1 (golden)', () => {
    const h = rolledOut(4);
    const oldName = h.replicaSets()[0]!.metadata.name!;
    setImage(h, 'web', 'nginx:1.27');
    const steps: Record<string, number>[] = [];
    for (let i = 0; i < 4; i++) {
      h.settle();
      steps.push(rsSizes(h));
      // Never more than 4 + 1 pods asked for, never fewer than 4 - 1 available.
      const total = h.replicaSets().reduce((n, rs) => n + rs.spec.replicas, 0);
      expect(total).toBeLessThanOrEqual(5);
      h.kubeletTick();
    }
    expect(steps).toEqual([
      { 'nginx:1.26': 3, 'nginx:1.27': 2 },
      { 'nginx:1.26': 1, 'nginx:1.27': 4 },
      { 'nginx:1.26': 0, 'nginx:1.27': 4 },
      { 'nginx:1.26': 0, 'nginx:1.27': 4 },
    ]);
    const newName = h.replicaSets().find((rs) => rs.metadata.name !== oldName)!.metadata.name!;
    expect(h.events('ScalingReplicaSet').map((e) => e.message)).toEqual([
      `Scaled up replica set ${oldName} from 0 to 4`,
      `Scaled up replica set ${newName} from 0 to 1`,
      `Scaled down replica set ${oldName} from 4 to 3`,
      `Scaled up replica set ${newName} from 1 to 2`,
      `Scaled down replica set ${oldName} from 3 to 1`,
      `Scaled up replica set ${newName} from 2 to 4`,
      `Scaled down replica set ${oldName} from 1 to 0`,
    ]);
    const d = h.client.get('deployments.apps', ns, 'web')!;
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      availableReplicas: 4,
      observedGeneration: 2,
    });
    expect(h.reconcileDeployment('web').actions).toEqual([]);
  });

  it('Recreate stops every old pod before the new ReplicaSet scales up', () => {
    const h = rolledOut(3, { strategy: { type: 'Recreate' } });
    setImage(h, 'web', 'nginx:1.27');
    h.settle();
    expect(rsSizes(h)).toEqual({ 'nginx:1.26': 0 });
    // Old pods are still terminating: nothing new yet.
    expect(h.pods().every((p) => p.metadata.deletionTimestamp)).toBe(true);
    h.kubeletTick(); // terminating pods go away
    h.settle();
    expect(rsSizes(h)).toEqual({ 'nginx:1.26': 0, 'nginx:1.27': 3 });
  });

  it('carries change-cause to the ReplicaSet and rolls back the way kubectl rollout undo does', () => {
    const h = rolledOut(2);
    setImage(h, 'web', 'nginx:1.27', { 'kubernetes.io/change-cause': 'upgrade to 1.27' });
    for (let i = 0; i < 4; i++) rollStep(h);
    const byImage = (img: string): KubeObject =>
      h.replicaSets().find((rs) => rs.spec.template.spec.containers[0].image === img)!;
    expect(byImage('nginx:1.27').metadata.annotations!['kubernetes.io/change-cause']).toBe('upgrade to 1.27');
    expect(byImage('nginx:1.27').metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');

    // kubectl rollout undo: copy revision 1's template (without the hash label) and its annotations.
    const rev1 = byImage('nginx:1.26');
    const d = h.client.get('deployments.apps', ns, 'web')!;
    const template = JSON.parse(JSON.stringify(rev1.spec.template));
    delete template.metadata.labels['pod-template-hash'];
    d.spec.template = template;
    const skip = [
      'deployment.kubernetes.io/revision',
      'deployment.kubernetes.io/revision-history',
      'deployment.kubernetes.io/desired-replicas',
      'deployment.kubernetes.io/max-replicas',
    ];
    d.metadata.annotations = Object.fromEntries(
      Object.entries({ ...d.metadata.annotations, ...rev1.metadata.annotations }).filter(
        ([k]) => !skip.includes(k) || k === 'deployment.kubernetes.io/revision',
      ),
    );
    delete d.metadata.annotations['kubernetes.io/change-cause'];
    h.client.update('deployments.apps', d);
    for (let i = 0; i < 4; i++) rollStep(h);

    expect(h.replicaSets()).toHaveLength(2); // the old ReplicaSet is reused, not recreated
    expect(rsSizes(h)).toEqual({ 'nginx:1.26': 2, 'nginx:1.27': 0 });
    expect(byImage('nginx:1.26').metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(byImage('nginx:1.26').metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe(
      '1',
    );
    expect(
      h.client.get('deployments.apps', ns, 'web')!.metadata.annotations!['deployment.kubernetes.io/revision'],
    ).toBe('3');
    expect(h.reconcileDeployment('web').actions).toEqual([]);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const h = rolledOut(1, { revisionHistoryLimit: 1 });
    for (const v of ['1.27', '1.28', '1.29']) {
      setImage(h, 'web', `nginx:${v}`);
      for (let i = 0; i < 4; i++) rollStep(h);
    }
    expect(Object.keys(rsSizes(h)).sort()).toEqual(['nginx:1.28', 'nginx:1.29']);
  });

  it('pauses: template changes wait; resume rolls them out', () => {
    const h = rolledOut(2);
    const d = h.client.get('deployments.apps', ns, 'web')!;
    h.client.update('deployments.apps', { ...d, spec: { ...d.spec, paused: true } });
    setImage(h, 'web', 'nginx:1.27');
    h.settle();
    expect(h.replicaSets()).toHaveLength(1);
    const paused = h.client.get('deployments.apps', ns, 'web')!;
    expect(paused.status.conditions.find((c: { type: string }) => c.type === 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    expect(h.reconcileDeployment('web').actions).toEqual([]);
    const p = h.client.get('deployments.apps', ns, 'web')!;
    h.client.update('deployments.apps', { ...p, spec: { ...p.spec, paused: false } });
    for (let i = 0; i < 4; i++) rollStep(h);
    expect(rsSizes(h)).toEqual({ 'nginx:1.26': 0, 'nginx:1.27': 2 });
  });

  it('scaling a Deployment resizes its only ReplicaSet', () => {
    const h = rolledOut(2);
    const d = h.client.get('deployments.apps', ns, 'web')!;
    h.client.update('deployments.apps', { ...d, spec: { ...d.spec, replicas: 5 } });
    h.settle();
    expect(rsSizes(h)).toEqual({ 'nginx:1.26': 5 });
    expect(h.events('ScalingReplicaSet').at(-1)!.message).toMatch(
      /^Scaled up replica set web-\w+ from 2 to 5$/,
    );
  });

  it('reports ProgressDeadlineExceeded when the new pods never become ready', () => {
    const h = rolledOut(2, { progressDeadlineSeconds: 60 });
    setImage(h, 'web', 'nginx:does-not-exist');
    h.settle();
    const r = h.reconcileDeployment('web');
    expect(r.actions).toEqual([]);
    expect(r.requeueAfterMs).toBe(61_000);
    h.clock.advance(61_000);
    h.apply(h.reconcileDeployment('web'));
    const d = h.client.get('deployments.apps', ns, 'web')!;
    const newRS = h
      .replicaSets()
      .find((rs) => rs.spec.template.spec.containers[0].image === 'nginx:does-not-exist')!;
    expect(d.status.conditions.find((c: { type: string }) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    });
    expect(h.reconcileDeployment('web')).toEqual({ actions: [] });
  });

  it('scales proportionally mid-rollout: 10 -> 15 with maxSurge 3 adds 3 to the old and 2 to the new ReplicaSet', () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    const h = rolledOut(10, { strategy });
    setImage(h, 'web', 'nginx:does-not-exist');
    h.settle(); // the new pods never become ready: the rollout stalls
    expect(rsSizes(h)).toEqual({ 'nginx:1.26': 8, 'nginx:does-not-exist': 5 });
    const mid = h.client.get('deployments.apps', ns, 'web')!;
    expect(mid.status.conditions.find((c: { type: string }) => c.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
    });
    expect(mid.status.conditions.find((c: { type: string }) => c.type === 'Available')).toMatchObject({
      status: 'True',
    });
    h.client.update('deployments.apps', { ...mid, spec: { ...mid.spec, replicas: 15 } });
    h.settle();
    expect(rsSizes(h)).toEqual({ 'nginx:1.26': 11, 'nginx:does-not-exist': 7 });
    for (const rs of h.replicaSets()) {
      expect(rs.metadata.annotations).toMatchObject({
        'deployment.kubernetes.io/desired-replicas': '15',
        'deployment.kubernetes.io/max-replicas': '18',
      });
    }
  });

  it('finds an existing new ReplicaSet after its Progressing condition was lost', () => {
    const h = rolledOut(2);
    const d = h.client.get('deployments.apps', ns, 'web')!;
    h.client.updateStatus('deployments.apps', {
      ...d,
      status: {
        ...d.status,
        conditions: d.status.conditions.filter((c: { type: string }) => c.type !== 'Progressing'),
      },
    });
    h.apply(h.reconcileDeployment('web'));
    const cond = h.client
      .get('deployments.apps', ns, 'web')!
      .status.conditions.find((c: { type: string }) => c.type === 'Progressing');
    expect(cond.reason).toBe('NewReplicaSetAvailable');
    expect(h.reconcileDeployment('web').actions).toEqual([]);
  });

  it('bumps collisionCount when a ReplicaSet with the hashed name belongs to something else', () => {
    const h = new Harness();
    const d = h.client.create('deployments.apps', deployment('web', 1, 'nginx:1.26'));
    const hash = podTemplateHash(d.spec.template);
    h.client.create('replicasets.apps', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `web-${hash}`, namespace: ns },
      spec: {
        replicas: 0,
        selector: { matchLabels: { x: 'y' } },
        template: { metadata: { labels: { x: 'y' } }, spec: { containers: [] } },
      },
    });
    h.apply(h.reconcileDeployment('web'));
    const after = h.client.get('deployments.apps', ns, 'web')!;
    expect(after.status.collisionCount).toBe(1);
    expect(
      h
        .replicaSets()
        .map((rs) => rs.metadata.name)
        .sort(),
    ).toEqual([`web-${hash}`, `web-${podTemplateHash(d.spec.template, 1)}`].sort());
    expect(h.reconcileDeployment('web').actions).toEqual([]);
  });
});

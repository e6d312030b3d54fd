/**
 * Pod admission adds the same parts to every pod (the default tolerations, the token volume's
 * projection): they are frozen once and shared by every stored pod. These tests pin that readers
 * see exactly what a per-pod copy gave (same JSON, key order included), that pods still differ
 * where they should (the volume's name), and that copies handed to callers stay their own.
 */
import { describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import { VirtualClock } from '../../src/cluster/clock.js';
import { admitPod } from '../../src/cluster/validation/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const NOT_READY = {
  key: 'node.kubernetes.io/not-ready',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
const UNREACHABLE = {
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
/** What the ServiceAccount admission puts after the volume's name, in this key order. */
const PROJECTION_JSON =
  '{"defaultMode":420,"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},' +
  '{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},' +
  '{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}';

const pod = (name: string, spec: Loose = {}): Loose => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
});

function cluster() {
  const c = createCompleteCluster({ clock: new VirtualClock() });
  c.client.create('serviceaccounts', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace: 'default' },
  });
  return c;
}

const deeplyFrozen = (v: unknown): boolean =>
  v === null ||
  typeof v !== 'object' ||
  (Object.isFrozen(v) && Object.values(v as object).every((x) => deeplyFrozen(x)));

describe('pod admission shares what every pod gets', () => {
  it('stores one frozen copy of the default tolerations and the token projection for all pods', () => {
    const c = cluster();
    c.client.create('pods', pod('a'));
    c.client.create('pods', pod('b'));
    const a = c.client.get<Loose>('pods', 'default', 'a', { shared: true })!;
    const b = c.client.get<Loose>('pods', 'default', 'b', { shared: true })!;
    expect(a.spec.tolerations).toBe(b.spec.tolerations);
    expect(JSON.stringify(a.spec.tolerations)).toBe(JSON.stringify([NOT_READY, UNREACHABLE]));
    expect(a.spec.securityContext).toBe(b.spec.securityContext);
    expect(JSON.stringify(a.spec.securityContext)).toBe('{}');
    expect(Object.isFrozen(a.spec.securityContext)).toBe(true);
    expect(deeplyFrozen(a.spec.tolerations)).toBe(true);

    expect(a.spec.volumes).toHaveLength(1);
    expect(a.spec.volumes[0].projected).toBe(b.spec.volumes[0].projected);
    expect(JSON.stringify(a.spec.volumes[0].projected)).toBe(PROJECTION_JSON);
    expect(deeplyFrozen(a.spec.volumes[0])).toBe(true);
    // each pod keeps its own volume name, and its containers mount that one
    expect(a.spec.volumes[0].name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(a.spec.volumes[0].name).not.toBe(b.spec.volumes[0].name);
    expect(JSON.stringify(a.spec.containers[0].volumeMounts)).toBe(
      JSON.stringify([
        {
          name: a.spec.volumes[0].name,
          readOnly: true,
          mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        },
      ]),
    );
  });

  it("puts a pod's own tolerations, volumes and mounts first and adds only what is missing", () => {
    const c = cluster();
    const own = { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' };
    c.client.create(
      'pods',
      pod('mixed', {
        tolerations: [own, { key: 'node.kubernetes.io/not-ready', operator: 'Exists' }],
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          { name: 'web', image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        ],
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        securityContext: { runAsUser: 1000 },
      }),
    );
    const p = c.client.get<Loose>('pods', 'default', 'mixed', { shared: true })!;
    expect(p.spec.securityContext).toEqual({ runAsUser: 1000 });
    expect(JSON.stringify(p.spec.tolerations)).toBe(
      JSON.stringify([own, { key: 'node.kubernetes.io/not-ready', operator: 'Exists' }, UNREACHABLE]),
    );
    const token = p.spec.volumes[1].name;
    expect(p.spec.volumes.map((v: Loose) => v.name)).toEqual(['data', token]);
    expect(p.spec.containers[0].volumeMounts.map((m: Loose) => m.name)).toEqual(['data', token]);
    expect(p.spec.initContainers[0].volumeMounts.map((m: Loose) => m.name)).toEqual([token]);
  });

  it('keeps the shared parts through updates, and hands callers copies of their own', () => {
    const c = cluster();
    c.client.create('pods', pod('a'));
    c.client.create('pods', pod('b'));
    const copy = c.client.get<Loose>('pods', 'default', 'a')!;
    expect(Object.isFrozen(copy.spec.tolerations)).toBe(false);
    copy.spec.tolerations[0].tolerationSeconds = 5;
    copy.spec.volumes[0].projected.defaultMode = 256;
    const b = c.client.get<Loose>('pods', 'default', 'b', { shared: true })!;
    expect(b.spec.tolerations[0].tolerationSeconds).toBe(300);
    expect(b.spec.volumes[0].projected.defaultMode).toBe(420);

    const relabel = c.client.get<Loose>('pods', 'default', 'a')!;
    relabel.metadata.labels = { tier: 'front' };
    c.client.update('pods', relabel);
    const a = c.client.get<Loose>('pods', 'default', 'a', { shared: true })!;
    expect(a.metadata.labels).toEqual({ tier: 'front' });
    expect(a.spec.tolerations).toBe(b.spec.tolerations);
    expect(a.spec.volumes[0].projected).toBe(b.spec.volumes[0].projected);
  });

  it('leaves automountServiceAccountToken: false pods without a token volume', () => {
    const c = cluster();
    c.client.create('pods', pod('quiet', { automountServiceAccountToken: false }));
    const p = c.client.get<Loose>('pods', 'default', 'quiet', { shared: true })!;
    expect(p.spec.volumes).toBeUndefined();
    expect(p.spec.containers[0].volumeMounts).toBeUndefined();
  });

  it('admitPod on a plain object gives the same JSON as before the sharing', () => {
    const out: Loose = pod('p').valueOf();
    admitPod(out, { tokenVolumeSuffix: 'x7k2p' });
    expect(JSON.stringify(out.spec)).toBe(
      JSON.stringify({
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            volumeMounts: [
              {
                name: 'kube-api-access-x7k2p',
                readOnly: true,
                mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              },
            ],
          },
        ],
        serviceAccountName: 'default',
        serviceAccount: 'default',
        priority: 0,
        preemptionPolicy: 'PreemptLowerPriority',
        tolerations: [NOT_READY, UNREACHABLE],
        volumes: [{ name: 'kube-api-access-x7k2p', projected: JSON.parse(PROJECTION_JSON) }],
      }),
    );
  });

  it('adds the token mount last, copying a container that had no volumeMounts into a plain object', () => {
    const bare = { name: 'web', image: 'nginx:1.27', resources: {} };
    const mounted = {
      name: 'side',
      image: 'busybox:1.36',
      volumeMounts: [{ name: 'data', mountPath: '/d' }],
    };
    const out: Loose = { spec: { containers: [bare, mounted] } };
    admitPod(out, { tokenVolumeSuffix: 'abcde' });
    const [a, b] = out.spec.containers;
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(Object.keys(a)).toEqual(['name', 'image', 'resources', 'volumeMounts']);
    expect(a.resources).toBe(bare.resources);
    expect(b).toBe(mounted);
    expect(b.volumeMounts.map((m: Loose) => m.name)).toEqual(['data', 'kube-api-access-abcde']);
    expect(a.volumeMounts[0]).toEqual({
      name: 'kube-api-access-abcde',
      readOnly: true,
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
    });
  });
});

describe('creates keep the frozen parts an in-process writer hands over', () => {
  it("pods of one ReplicaSet share its template's labels and one owner reference list", () => {
    const clock = new VirtualClock();
    const c = createCompleteCluster({ clock, topology: 'default' });
    clock.advance(1_000);
    c.client.create('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    clock.advance(2_000);
    const pods = c.client.list<Loose>('pods', { namespace: 'default', shared: true }).items;
    expect(pods).toHaveLength(2);
    const [a, b] = pods;
    expect(a.metadata.labels).toBe(b.metadata.labels);
    expect(a.metadata.ownerReferences).toBe(b.metadata.ownerReferences);
    expect(deeplyFrozen(a.metadata.ownerReferences)).toBe(true);
    const rs = c.client.list<Loose>('replicasets.apps', { namespace: 'default', shared: true }).items[0];
    expect(JSON.stringify(a.metadata.labels)).toBe(JSON.stringify(rs.spec.template.metadata.labels));
    expect(JSON.stringify(a.metadata.ownerReferences)).toBe(
      JSON.stringify([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name,
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]),
    );
    c.world!.stop();
  });

  it('defaults a frozen body as it defaults a plain one (the spec is copied, the rest kept)', () => {
    const plain = cluster();
    const frozen = cluster();
    const labels = Object.freeze({ app: 'x' });
    const body = (l: Loose): Loose => ({
      ...pod('p'),
      metadata: { name: 'p', namespace: 'default', labels: l },
    });
    plain.client.create('pods', body({ app: 'x' }));
    const given = body(labels);
    given.spec = Object.freeze({
      containers: Object.freeze([Object.freeze({ name: 'web', image: 'nginx:1.27' })]),
    });
    frozen.client.create('pods', given);
    const a = plain.client.get<Loose>('pods', 'default', 'p', { shared: true })!;
    const b = frozen.client.get<Loose>('pods', 'default', 'p', { shared: true })!;
    expect(JSON.stringify(b.spec)).toBe(JSON.stringify(a.spec));
    expect(b.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(b.metadata.labels).toBe(labels);
    expect(a.metadata.labels).not.toBe(labels);
    expect(JSON.stringify(b.metadata.labels)).toBe(JSON.stringify(a.metadata.labels));
  });
});

/**
 * The served cluster through `@kubernetes/client-node` (the official JavaScript client), as a
 * learner's or a grader's program would use it: list, watch through an informer (ADDED, MODIFIED,
 * DELETED), create, patch (JSON merge, strategic merge, JSON patch, server-side apply), delete,
 * and errors as ApiException with the server's Status.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
  type V1ConfigMap,
  type V1Deployment,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHarness } from './support/serve';
import { startFastServe, until } from './support/fast';

let h: ServeHarness;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;

const deployment = (name: string, image: string): V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image, ports: [{ containerPort: 80 }] }] },
    },
  },
});

beforeAll(async () => {
  h = await startFastServe(8);
  kc = new KubeConfig();
  kc.loadFromFile(h.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
});

afterAll(async () => {
  await h?.stop();
});

describe('@kubernetes/client-node against cadet serve', () => {
  it('lists nodes and namespaces with typed objects', async () => {
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['cp-1', 'worker-1', 'worker-2', 'worker-3']);
    expect(nodes.items[0]!.status?.nodeInfo?.kubeletVersion).toMatch(/^v1\.32\./);
    // the typed client turns RFC 3339 strings into Dates
    expect(nodes.items[0]!.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
  });

  it('creates a Deployment and lists its pods by label once they run', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('web', 'nginx:1.27'),
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.generation).toBe(1);
    expect(created.spec?.strategy?.type).toBe('RollingUpdate');
    await until(
      () => h.cluster.client.get('deployments.apps', 'default', 'web')?.status?.availableReplicas === 2,
      'web available',
    );
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    expect(pods.items.every((p) => p.status?.phase === 'Running')).toBe(true);
    expect(pods.items[0]!.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
  });

  it('a conflict and a missing object arrive as ApiException with the Status', async () => {
    const again = apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('web', 'nginx:1.27'),
    });
    await expect(again).rejects.toBeInstanceOf(ApiException);
    const e = (await again.catch((x: unknown) => x)) as ApiException<string>;
    expect(e.code).toBe(409);
    const status = JSON.parse(e.body);
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      message: 'deployments.apps "web" already exists',
      code: 409,
    });
    const missing = (await core
      .readNamespacedPod({ namespace: 'default', name: 'nope' })
      .catch((x: unknown) => x)) as ApiException<string>;
    expect(missing.code).toBe(404);
    expect(JSON.parse(missing.body).message).toBe('pods "nope" not found');
  });

  it('JSON merge patch', async () => {
    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: { metadata: { labels: { tier: 'front' } }, spec: { replicas: 3 } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels).toEqual({ app: 'web', tier: 'front' });
    expect(patched.spec?.replicas).toBe(3);
  });

  it('strategic merge patch merges containers by name (a merge patch would replace the list)', async () => {
    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const c = patched.spec!.template.spec!.containers;
    expect(c).toHaveLength(1);
    expect(c[0]!.image).toBe('nginx:1.28');
    // kept from the stored container, which a JSON merge patch of the list would have dropped
    expect(c[0]!.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(patched.metadata?.generation).toBe(3);
  });

  it('JSON patch, with a failing test operation refused', async () => {
    const patched = await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: [{ op: 'replace', path: '/spec/replicas', value: 2 }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(patched.spec?.replicas).toBe(2);
    const refused = (await apps
      .patchNamespacedDeployment(
        { name: 'web', namespace: 'default', body: [{ op: 'test', path: '/spec/replicas', value: 5 }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      )
      .catch((x: unknown) => x)) as ApiException<string>;
    expect(refused).toBeInstanceOf(ApiException);
    expect(refused.code).toBe(422);
  });

  it('server-side apply through KubernetesObjectApi: creates, then records the field manager', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied', namespace: 'default' },
      data: { a: '1' },
    };
    const res = await objects.patch(cm, undefined, undefined, 'my-tool', true, PatchStrategy.ServerSideApply);
    expect((res as V1ConfigMap).data).toEqual({ a: '1' });
    const stored = h.cluster.client.get('configmaps', 'default', 'applied')!;
    const managed = (stored.metadata.managedFields ?? []) as { manager: string; operation: string }[];
    expect(managed.map((m) => [m.manager, m.operation])).toEqual([['my-tool', 'Apply']]);
    const read = await objects.read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied', namespace: 'default' },
    });
    expect((read as V1ConfigMap).data).toEqual({ a: '1' });
  });

  it('an informer sees ADDED, MODIFIED and DELETED, and keeps its cache', async () => {
    const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name} ${o.data?.k}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      // the initial list: the root CA ConfigMap and the applied one
      await until(
        () => seen.includes('add applied') && seen.includes('add kube-root-ca.crt'),
        'the initial list',
      );
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'watched' }, data: { k: 'v1' } },
      });
      await until(() => seen.includes('add watched'), 'ADDED');
      await core.replaceNamespacedConfigMap({
        name: 'watched',
        namespace: 'default',
        body: { metadata: { name: 'watched' }, data: { k: 'v2' } },
      });
      await until(() => seen.includes('update watched v2'), 'MODIFIED');
      expect(informer.get('watched', 'default')?.data).toEqual({ k: 'v2' });
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
      await until(() => seen.includes('delete watched'), 'DELETED');
      expect(informer.get('watched', 'default')).toBeUndefined();
      expect(seen.filter((s) => s.includes('watched'))).toEqual([
        'add watched',
        'update watched v2',
        'delete watched',
      ]);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });

  it('Watch streams events from a resourceVersion with a label selector', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const events: string[] = [];
    const watch = new Watch(kc);
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: list.metadata?.resourceVersion, labelSelector: 'team=a' },
      (type, obj: V1ConfigMap) => events.push(`${type} ${obj.metadata?.name}`),
      () => {},
    );
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'other' } } });
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'mine', labels: { team: 'a' } } },
      });
      await until(() => events.length >= 1, 'the watch event');
      await new Promise((r) => setTimeout(r, 100));
      expect(events).toEqual(['ADDED mine']);
    } finally {
      req.abort();
    }
  });

  it('deletes the Deployment; the garbage collector removes its pods', async () => {
    const status = await apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' });
    // deleted at once (no finalizers): a Status naming the resource, as the real registry answers
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
    await until(
      () =>
        h.cluster.client.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items.length === 0,
      'the pods to go',
    );
    const gone = (await apps
      .readNamespacedDeployment({ name: 'web', namespace: 'default' })
      .catch((x: unknown) => x)) as ApiException<string>;
    expect(gone.code).toBe(404);
  });
});

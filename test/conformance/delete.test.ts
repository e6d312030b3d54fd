/**
 * `kubectl delete` judged by real kubectl 1.32: by name, -f, -l, --all, and the three cascading
 * policies (background by default, orphan, foreground), which the server's garbage collector
 * carries out. kubectl waits for each object to be gone (--wait defaults to true), so the graceful
 * pod termination the kubelet simulates must finish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHarness } from './support/serve';
import { ok, startFastServe, table, until } from './support/fast';

let h: ServeHarness;

beforeAll(async () => {
  h = await startFastServe(3);
});

afterAll(async () => {
  await h?.stop();
});

const names = (resource: string, selector: string, namespace = 'default'): string[] =>
  h.cluster.client
    .list(resource, { namespace, labelSelector: selector })
    .items.map((o) => o.metadata.name!)
    .sort();

async function deployment(name: string, replicas: number): Promise<void> {
  ok(await h.kubectl(['create', 'deployment', name, '--image=nginx:1.27', `--replicas=${replicas}`]));
  await until(
    () => h.cluster.client.get('deployments.apps', 'default', name)?.status?.availableReplicas === replicas,
    `${name} available`,
  );
}

describe('kubectl delete', () => {
  it('a pod by name waits for its graceful termination', async () => {
    ok(await h.kubectl(['run', 'solo', '--image=nginx:1.27']));
    await until(
      () => h.cluster.client.get('pods', 'default', 'solo')?.status?.phase === 'Running',
      'solo running',
    );
    expect(await h.kubectl(['delete', 'pod', 'solo'])).toEqual({
      code: 0,
      stdout: 'pod "solo" deleted\n',
      stderr: '',
    });
    expect(h.cluster.client.get('pods', 'default', 'solo')).toBeUndefined();
  });

  it('an unknown name: NotFound, exit 1', async () => {
    expect(await h.kubectl(['delete', 'deployment', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    });
  });

  it('-f deletes every object of the file', async () => {
    const path = h.file(
      'two.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: two}\nstringData: {k: v}\n',
    );
    ok(await h.kubectl(['create', '-f', path]));
    expect(await h.kubectl(['delete', '-f', path])).toEqual({
      code: 0,
      stdout: 'configmap "one" deleted\nsecret "two" deleted\n',
      stderr: '',
    });
    const again = await h.kubectl(['delete', '-f', path]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `Error from server (NotFound): error when deleting "${path}": configmaps "one" not found\n` +
        `Error from server (NotFound): error when deleting "${path}": secrets "two" not found\n`,
    );
  });

  it('-l deletes the matching objects, in name order', async () => {
    for (const n of ['b1', 'a1', 'c1']) ok(await h.kubectl(['create', 'configmap', n, '--from-literal=k=v']));
    ok(await h.kubectl(['label', 'configmap', 'a1', 'b1', 'tier=x']));
    expect(await h.kubectl(['delete', 'configmap', '-l', 'tier=x'])).toEqual({
      code: 0,
      stdout: 'configmap "a1" deleted\nconfigmap "b1" deleted\n',
      stderr: '',
    });
    expect(names('configmaps', 'tier=x')).toEqual([]);
    expect(h.cluster.client.get('configmaps', 'default', 'c1')).toBeDefined();
    const none = await h.kubectl(['delete', 'configmap', '-l', 'tier=x']);
    // kubectl delete prints this on stdout (get prints its notice on stderr)
    expect(none).toEqual({ code: 0, stdout: 'No resources found\n', stderr: '' });
  });

  it('--all deletes every object of the kind in the namespace', async () => {
    ok(await h.kubectl(['create', 'namespace', 'scratch']));
    for (const n of ['x', 'y']) ok(await h.kubectl(['create', 'configmap', n, '-n', 'scratch']));
    const r = await h.kubectl(['delete', 'configmap', '--all', '-n', 'scratch']);
    expect(r.code).toBe(0);
    // kube-root-ca.crt is published into every namespace, so --all deletes it too (it comes back)
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'configmap "kube-root-ca.crt" deleted',
      'configmap "x" deleted',
      'configmap "y" deleted',
    ]);
    expect(h.cluster.client.get('configmaps', 'scratch', 'x')).toBeUndefined();
  });

  it('a Deployment (background cascade) takes its ReplicaSet and pods with it', async () => {
    await deployment('bg', 2);
    expect(names('pods', 'app=bg')).toHaveLength(2);
    expect(await h.kubectl(['delete', 'deployment', 'bg'])).toEqual({
      code: 0,
      stdout: 'deployment.apps "bg" deleted\n',
      stderr: '',
    });
    await until(
      () => names('replicasets.apps', 'app=bg').length === 0 && names('pods', 'app=bg').length === 0,
      'the garbage collector to remove the ReplicaSet and pods',
    );
  });

  it('--cascade=orphan keeps the ReplicaSet and pods, without the owner reference', async () => {
    await deployment('orph', 2);
    expect(await h.kubectl(['delete', 'deployment', 'orph', '--cascade=orphan'])).toEqual({
      code: 0,
      stdout: 'deployment.apps "orph" deleted\n',
      stderr: '',
    });
    const rs = h.cluster.client.list('replicasets.apps', {
      namespace: 'default',
      labelSelector: 'app=orph',
    }).items;
    expect(rs).toHaveLength(1);
    expect(rs[0]!.metadata.ownerReferences ?? []).toEqual([]);
    expect(names('pods', 'app=orph')).toHaveLength(2);
    expect(ok(await h.kubectl(['get', 'rs', '-l', 'app=orph', '-o', 'name']))).toBe(
      `replicaset.apps/${rs[0]!.metadata.name}\n`,
    );
  });

  it('--cascade=foreground: the ReplicaSet goes first, kubectl returns once the owner is gone', async () => {
    const rs = h.cluster.client.list('replicasets.apps', { namespace: 'default', labelSelector: 'app=orph' })
      .items[0]!;
    expect(await h.kubectl(['delete', 'rs', rs.metadata.name!, '--cascade=foreground'])).toEqual({
      code: 0,
      stdout: `replicaset.apps "${rs.metadata.name}" deleted\n`,
      stderr: '',
    });
    expect(h.cluster.client.get('replicasets.apps', 'default', rs.metadata.name!)).toBeUndefined();
    // foreground: the dependents were deleted before the owner
    expect(
      h.cluster.client
        .list('pods', { namespace: 'default', labelSelector: 'app=orph' })
        .items.every((p) => p.metadata.deletionTimestamp !== undefined),
    ).toBe(true);
  });

  it('a namespace and everything in it', async () => {
    ok(await h.kubectl(['create', 'configmap', 'keep', '-n', 'scratch']));
    expect(await h.kubectl(['delete', 'namespace', 'scratch'])).toEqual({
      code: 0,
      stdout: 'namespace "scratch" deleted\n',
      stderr: '',
    });
    expect(h.cluster.client.get('namespaces', '', 'scratch')).toBeUndefined();
    expect(h.cluster.client.list('configmaps', { namespace: 'scratch' }).items).toEqual([]);
  });

  it('a claim a pod uses stays Terminating (pvc-protection) until the pod is gone', async () => {
    ok(
      await h.kubectl(['apply', '-f', '-'], {
        stdin: `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers: [{name: c, image: nginx:1.27, volumeMounts: [{name: d, mountPath: /data}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
`,
      }),
    );
    await until(
      () => h.cluster.client.get('pods', 'default', 'user')?.status?.phase === 'Running',
      'user running',
    );
    expect(h.cluster.client.get('persistentvolumeclaims', 'default', 'data')!.metadata.finalizers).toEqual([
      'kubernetes.io/pvc-protection',
    ]);
    expect(await h.kubectl(['delete', 'pvc', 'data', '--wait=false'])).toEqual({
      code: 0,
      stdout: 'persistentvolumeclaim "data" deleted\n',
      stderr: '',
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(table(ok(await h.kubectl(['get', 'pvc', 'data'])))[1]!.slice(0, 2)).toEqual([
      'data',
      'Terminating',
    ]);
    ok(await h.kubectl(['delete', 'pod', 'user']));
    await until(
      () => h.cluster.client.get('persistentvolumeclaims', 'default', 'data') === undefined,
      'the claim to go',
    );
  });
});

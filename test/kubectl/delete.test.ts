/** `kubectl delete` in process: names, selectors, files, waiting for graceful removal, errors. */
import { describe, expect, it } from 'vitest';
import { writeWorld } from './support/write-env';

describe('kubectl delete', () => {
  it('deletes by name and reports the missing ones', async () => {
    const w = writeWorld();
    await w.kubectl(['create', 'configmap', 'a', '--from-literal=k=v']);
    expect(await w.kubectl(['delete', 'configmap', 'a', 'b'])).toEqual({
      stdout: 'configmap "a" deleted\n',
      stderr: 'Error from server (NotFound): configmaps "b" not found\n',
      code: 1,
    });
    expect(w.cluster.client.get('configmaps', 'default', 'a')).toBeUndefined();
  });

  it('waits for a pod to terminate, then returns', async () => {
    const w = writeWorld();
    await w.kubectl(['run', 'p', '--image=nginx']);
    await w.settle(20_000);
    let finished = false;
    const running = w.kubectl(['delete', 'pod', 'p']).then((r) => {
      finished = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 20));
    // graceful deletion: the pod is still there (terminating) until the kubelet is done
    if (w.cluster.client.get('pods', 'default', 'p')) expect(finished).toBe(false);
    await w.settle(60_000);
    const r = await running;
    expect(r).toEqual({ stdout: 'pod "p" deleted\n', stderr: '', code: 0 });
    expect(w.cluster.client.get('pods', 'default', 'p')).toBeUndefined();
  });

  it('deletes by selector and from files, with kubectl messages', async () => {
    const w = writeWorld();
    w.files['cms.yaml'] =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {app: demo}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yy\n  labels: {app: demo}\n';
    await w.kubectl(['apply', '-f', 'cms.yaml']);
    expect((await w.kubectl(['delete', 'cm', '-l', 'app=demo'])).stdout).toBe(
      'configmap "x" deleted\nconfigmap "yy" deleted\n',
    );
    expect((await w.kubectl(['delete', 'cm', '-l', 'app=demo'])).stdout).toBe('No resources found\n');
    await w.kubectl(['apply', '-f', 'cms.yaml']);
    expect((await w.kubectl(['delete', '-f', 'cms.yaml', '--dry-run=client'])).stdout).toBe(
      'configmap "x" deleted (dry run)\nconfigmap "yy" deleted (dry run)\n',
    );
    expect((await w.kubectl(['delete', '-f', 'cms.yaml'])).stdout).toBe(
      'configmap "x" deleted\nconfigmap "yy" deleted\n',
    );
    expect((await w.kubectl(['delete', '-f', 'cms.yaml'])).stderr).toBe(
      'Error from server (NotFound): error when deleting "cms.yaml": configmaps "x" not found\nError from server (NotFound): error when deleting "cms.yaml": configmaps "yy" not found\n',
    );
  });

  it('refuses what kubectl refuses', async () => {
    const w = writeWorld();
    expect((await w.kubectl(['delete', 'pods'])).stderr).toBe(
      'error: resource(s) were provided, but no name was specified\n',
    );
    expect((await w.kubectl(['delete', 'cm', 'x', '--cascade=sideways'])).stderr).toBe(
      'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n',
    );
    expect((await w.kubectl(['delete', 'cm', 'x', '--now', '--grace-period=5'])).stderr).toBe(
      'error: --now and --grace-period cannot be specified together\n',
    );
  });
});

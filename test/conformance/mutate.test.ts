/**
 * Commands that change objects, judged by real kubectl 1.32: scale (the scale subresource),
 * set image, label, annotate, edit (EDITOR is a script that rewrites the file), expose and run.
 */
import { chmodSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeHarness } from './support/serve';
import { ok, startFastServe, table, until } from './support/fast';

let h: ServeHarness;

beforeAll(async () => {
  h = await startFastServe(5);
  ok(await h.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80']));
  ok(await h.kubectl(['run', 'p1', '--image=nginx:1.27']));
  ok(await h.kubectl(['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=2']));
  await until(
    () =>
      h.cluster.client.get('deployments.apps', 'default', 'web')?.status?.availableReplicas === 2 &&
      h.cluster.client.get('pods', 'default', 'p1')?.status?.phase === 'Running',
    'web and p1 running',
  );
});

afterAll(async () => {
  await h?.stop();
});

const labels = (resource: string, name: string) =>
  h.cluster.client.get(resource, 'default', name)!.metadata.labels;
const annotations = (resource: string, name: string) =>
  h.cluster.client.get(resource, 'default', name)!.metadata.annotations;

describe('kubectl scale', () => {
  it('scales a Deployment up and its pods follow', async () => {
    expect(await h.kubectl(['scale', 'deployment', 'web', '--replicas=4'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web scaled\n',
      stderr: '',
    });
    await until(
      () => h.cluster.client.get('deployments.apps', 'default', 'web')?.status?.readyReplicas === 4,
      '4 ready',
    );
    expect(table(ok(await h.kubectl(['get', 'deploy', 'web'])))[1]!.slice(0, 4)).toEqual([
      'web',
      '4/4',
      '4',
      '4',
    ]);
  });

  it('--current-replicas guards the change', async () => {
    expect(await h.kubectl(['scale', 'deployment', 'web', '--current-replicas=3', '--replicas=1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Expected replicas to be 3, was 4\n',
    });
    expect(await h.kubectl(['scale', 'deployment', 'web', '--current-replicas=4', '--replicas=2'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web scaled\n',
      stderr: '',
    });
    await until(
      () =>
        h.cluster.client.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items.length === 2,
      'scaled down to 2 pods',
    );
  });

  it('scales a StatefulSet through its scale subresource; its pods are numbered', async () => {
    ok(
      await h.kubectl(['create', '-f', '-'], {
        stdin: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres:16}]}
`,
      }),
    );
    expect(await h.kubectl(['scale', 'statefulset', 'db', '--replicas=3'])).toEqual({
      code: 0,
      stdout: 'statefulset.apps/db scaled\n',
      stderr: '',
    });
    await until(
      () => h.cluster.client.get('statefulsets.apps', 'default', 'db')?.status?.readyReplicas === 3,
      'db-0..2 ready',
    );
    expect(
      h.cluster.client
        .list('pods', { namespace: 'default', labelSelector: 'app=db' })
        .items.map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['db-0', 'db-1', 'db-2']);
  });
});

describe('kubectl set image', () => {
  it('changes the image of one container; an unknown container is an error', async () => {
    expect(await h.kubectl(['set', 'image', 'pod/p1', 'p1=nginx:1.28'])).toEqual({
      code: 0,
      stdout: 'pod/p1 image updated\n',
      stderr: '',
    });
    expect(h.cluster.client.get('pods', 'default', 'p1')!.spec.containers[0].image).toBe('nginx:1.28');
    expect(await h.kubectl(['set', 'image', 'deployment/web', 'nope=nginx'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unable to find container named "nope"\n',
    });
  });
});

describe('kubectl label and annotate', () => {
  it('adds, refuses to overwrite without --overwrite, overwrites, removes', async () => {
    expect(await h.kubectl(['label', 'pod', 'p1', 'tier=front'])).toEqual({
      code: 0,
      stdout: 'pod/p1 labeled\n',
      stderr: '',
    });
    expect(labels('pods', 'p1')).toEqual({ run: 'p1', tier: 'front' });
    expect(await h.kubectl(['label', 'pod', 'p1', 'tier=back'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: 'tier' already has a value (front), and --overwrite is false\n",
    });
    expect(await h.kubectl(['label', 'pod', 'p1', 'tier=back', '--overwrite'])).toEqual({
      code: 0,
      stdout: 'pod/p1 labeled\n',
      stderr: '',
    });
    expect(await h.kubectl(['label', 'pod', 'p1', 'tier-'])).toEqual({
      code: 0,
      stdout: 'pod/p1 unlabeled\n',
      stderr: '',
    });
    expect(labels('pods', 'p1')).toEqual({ run: 'p1' });
  });

  it('labels every object a selector matches', async () => {
    const r = await h.kubectl(['label', 'pods', '-l', 'app=web', 'env=prod']);
    expect(r.code).toBe(0);
    const names = h.cluster.client
      .list('pods', { namespace: 'default', labelSelector: 'app=web' })
      .items.map((p) => p.metadata.name)
      .sort();
    expect(r.stdout).toBe(names.map((n) => `pod/${n} labeled\n`).join(''));
    expect(ok(await h.kubectl(['get', 'pods', '-l', 'env=prod', '-o', 'name']))).toBe(
      names.map((n) => `pod/${n}\n`).join(''),
    );
  });

  it('an invalid label key: the API server’s validation message', async () => {
    expect(await h.kubectl(['label', 'pod', 'p1', 'bad key=x'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "The Pod \"p1\" is invalid: metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n",
    });
  });

  it('annotate adds and removes; --dry-run=server changes nothing', async () => {
    expect(await h.kubectl(['annotate', 'deployment', 'web', 'owner=team-a'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web annotated\n',
      stderr: '',
    });
    expect(annotations('deployments.apps', 'web')!.owner).toBe('team-a');
    expect(await h.kubectl(['annotate', 'pod', 'p1', 'note=x', '--dry-run=server'])).toEqual({
      code: 0,
      stdout: 'pod/p1 annotated (server dry run)\n',
      stderr: '',
    });
    expect(annotations('pods', 'p1')?.note).toBeUndefined();
    expect(await h.kubectl(['annotate', 'deployment', 'web', 'owner-'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web annotated\n',
      stderr: '',
    });
    expect(annotations('deployments.apps', 'web')!.owner).toBeUndefined();
  });
});

describe('kubectl edit', () => {
  it('saves what the editor wrote', async () => {
    const editor = h.file('editor.sh', `#!/bin/sh\nsed -i 's/^  a: "1"$/  a: "9"/' "$1"\n`);
    chmodSync(editor, 0o755);
    expect(await h.kubectl(['edit', 'configmap', 'cfg'], { env: { EDITOR: editor } })).toEqual({
      code: 0,
      stdout: 'configmap/cfg edited\n',
      stderr: '',
    });
    expect(h.cluster.client.get('configmaps', 'default', 'cfg')!.data).toEqual({ a: '9', b: '2' });
  });

  it('an editor that changes nothing cancels the edit', async () => {
    expect(await h.kubectl(['edit', 'configmap', 'cfg'], { env: { EDITOR: 'true' } })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'Edit cancelled, no changes made.\n',
    });
  });

  it('edits a Deployment’s image and the rollout follows', async () => {
    const editor = h.file('image.sh', `#!/bin/sh\nsed -i 's/image: nginx:1.27$/image: nginx:1.28/' "$1"\n`);
    chmodSync(editor, 0o755);
    expect(await h.kubectl(['edit', 'deployment', 'web'], { env: { EDITOR: editor } })).toEqual({
      code: 0,
      stdout: 'deployment.apps/web edited\n',
      stderr: '',
    });
    const r = await h.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('deployment "web" successfully rolled out');
  });

  it('an unknown object: NotFound', async () => {
    expect(await h.kubectl(['edit', 'configmap', 'nope'], { env: { EDITOR: 'true' } })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): configmaps "nope" not found\n',
    });
  });
});

describe('kubectl expose and run', () => {
  it('expose deployment: a ClusterIP Service with the Deployment’s selector and port', async () => {
    expect(await h.kubectl(['expose', 'deployment', 'web', '--port=80', '--target-port=80'])).toEqual({
      code: 0,
      stdout: 'service/web exposed\n',
      stderr: '',
    });
    const s = h.cluster.client.get('services', 'default', 'web')!;
    expect(s.spec.selector).toEqual({ app: 'web' });
    expect(s.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    await until(
      () =>
        (
          h.cluster.client.list('endpointslices.discovery.k8s.io', {
            namespace: 'default',
            labelSelector: 'kubernetes.io/service-name=web',
          }).items[0]?.endpoints as unknown[] | undefined
        )?.length === 2,
      'the EndpointSlice to list both pods',
    );
  });

  it('expose --type=NodePort; a pod; and a kind that cannot be exposed', async () => {
    expect(
      await h.kubectl(['expose', 'deployment', 'web', '--port=80', '--type=NodePort', '--name=web-np']),
    ).toEqual({ code: 0, stdout: 'service/web-np exposed\n', stderr: '' });
    const np = h.cluster.client.get('services', 'default', 'web-np')!;
    expect(table(ok(await h.kubectl(['get', 'svc', 'web-np'])))[1]!.slice(1, 5)).toEqual([
      'NodePort',
      np.spec.clusterIP,
      '<none>',
      `80:${np.spec.ports[0].nodePort}/TCP`,
    ]);
    expect(await h.kubectl(['expose', 'pod', 'p1', '--port=8080', '--name=p1'])).toEqual({
      code: 0,
      stdout: 'service/p1 exposed\n',
      stderr: '',
    });
    expect(h.cluster.client.get('services', 'default', 'p1')!.spec.selector).toEqual({ run: 'p1' });
    expect(await h.kubectl(['expose', 'configmap', 'cfg', '--port=80'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot expose a ConfigMap\n',
    });
  });

  it('run: a pod labelled run=NAME; --restart=Never; --dry-run=server creates nothing', async () => {
    expect(
      await h.kubectl(['run', 'once', '--image=busybox:1.36', '--restart=Never', '--', 'echo', 'hi']),
    ).toEqual({
      code: 0,
      stdout: 'pod/once created\n',
      stderr: '',
    });
    await until(
      () => h.cluster.client.get('pods', 'default', 'once')?.status?.phase === 'Succeeded',
      'once done',
    );
    expect(table(ok(await h.kubectl(['get', 'pod', 'once'])))[1]!.slice(0, 4)).toEqual([
      'once',
      '0/1',
      'Completed',
      '0',
    ]);
    const p = h.cluster.client.get('pods', 'default', 'once')!;
    expect(p.metadata.labels).toEqual({ run: 'once' });
    expect(p.spec.containers[0].args).toEqual(['echo', 'hi']);
    const dry = await h.kubectl(['run', 'ghost', '--image=nginx', '--dry-run=server']);
    expect(dry).toEqual({ code: 0, stdout: 'pod/ghost created (server dry run)\n', stderr: '' });
    expect(h.cluster.client.get('pods', 'default', 'ghost')).toBeUndefined();
    expect(await h.kubectl(['run', 'p1', '--image=nginx'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (AlreadyExists): pods "p1" already exists\n',
    });
  });
});

describe('kubectl autoscale (autoscaling/v1, served by conversion from the stored v2 object)', () => {
  it('creates an HPA that get, describe and the v1 API all read', async () => {
    expect(
      await h.kubectl(['autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=60']),
    ).toEqual({
      code: 0,
      stdout: 'horizontalpodautoscaler.autoscaling/web autoscaled\n',
      stderr: '',
    });
    const v2 = h.cluster.client.get('horizontalpodautoscalers.autoscaling', 'default', 'web')!;
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      },
    ]);
    const rows = table(ok(await h.kubectl(['get', 'hpa', 'web'])));
    expect(rows[0]).toEqual(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    expect(rows[1]!.slice(0, 5)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/60%', '2', '5']);
    const v1 = JSON.parse(
      ok(
        await h.kubectl([
          'get',
          '--raw',
          '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web',
        ]),
      ),
    );
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 2,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 60,
    });
    expect(await h.kubectl(['autoscale', 'deployment', 'web', '--max=3'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n',
    });
  });

  it('an autoscaling/v1 manifest: apply creates and configures; an unknown field is refused', async () => {
    const manifest = (max: number, field = 'targetCPUUtilizationPercentage') =>
      h.file(
        'hpa-v1.yaml',
        `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: ${max}
  ${field}: 70
`,
      );
    expect(await h.kubectl(['apply', '-f', manifest(4)])).toEqual({
      code: 0,
      stdout: 'horizontalpodautoscaler.autoscaling/api created\n',
      stderr: '',
    });
    expect(ok(await h.kubectl(['apply', '-f', manifest(4)]))).toBe(
      'horizontalpodautoscaler.autoscaling/api unchanged\n',
    );
    expect(ok(await h.kubectl(['apply', '-f', manifest(6)]))).toBe(
      'horizontalpodautoscaler.autoscaling/api configured\n',
    );
    expect(
      h.cluster.client.get('horizontalpodautoscalers.autoscaling', 'default', 'api')!.spec.maxReplicas,
    ).toBe(6);
    const path = manifest(6, 'targetCPU');
    const bad = await h.kubectl(['create', '-f', path]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      `Error from server (BadRequest): error when creating "${path}": HorizontalPodAutoscaler in version "v1" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.targetCPU"\n`,
    );
  });
});

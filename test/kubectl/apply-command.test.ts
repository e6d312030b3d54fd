/** `kubectl apply` in process: created, configured, unchanged, dry runs, server-side, errors. */
import { describe, expect, it } from 'vitest';
import { writeWorld } from './support/write-env';

const cm = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  k: ${data}
`;

describe('kubectl apply', () => {
  it('creates, configures, leaves unchanged and records last-applied', async () => {
    const w = writeWorld();
    w.files['cm.yaml'] = cm('v');
    expect(await w.kubectl(['apply', '-f', 'cm.yaml'])).toEqual({
      stdout: 'configmap/a created\n',
      stderr: '',
      code: 0,
    });
    expect((await w.kubectl(['apply', '-f', 'cm.yaml'])).stdout).toBe('configmap/a unchanged\n');
    w.files['cm.yaml'] = cm('w');
    expect((await w.kubectl(['apply', '-f', 'cm.yaml'])).stdout).toBe('configmap/a configured\n');
    const live = w.cluster.client.get('configmaps', 'default', 'a')!;
    expect(live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","data":{"k":"w"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"a","namespace":"default"}}\n',
    );
    expect((live as { data?: unknown }).data).toEqual({ k: 'w' });
  });

  it('dry runs print their suffixes and change nothing', async () => {
    const w = writeWorld();
    w.files['cm.yaml'] = cm('v');
    expect((await w.kubectl(['apply', '-f', 'cm.yaml', '--dry-run=client'])).stdout).toBe(
      'configmap/a created (dry run)\n',
    );
    expect((await w.kubectl(['apply', '-f', 'cm.yaml', '--dry-run=server'])).stdout).toBe(
      'configmap/a created (server dry run)\n',
    );
    expect(w.cluster.client.get('configmaps', 'default', 'a')).toBeUndefined();
    expect((await w.kubectl(['apply', '-f', 'cm.yaml', '-o', 'name'])).stdout).toBe('configmap/a\n');
  });

  it('server-side apply and its conflict advice', async () => {
    const w = writeWorld();
    w.files['cm.yaml'] = cm('v');
    expect((await w.kubectl(['apply', '-f', 'cm.yaml', '--server-side'])).stdout).toBe(
      'configmap/a serverside-applied\n',
    );
    w.files['cm2.yaml'] = cm('x');
    const r = await w.kubectl(['apply', '-f', 'cm2.yaml', '--server-side', '--field-manager=other']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: Apply failed with 1 conflict: conflict with "kubectl".*: \.data\.k\nPlease review the fields above/,
    );
    expect(
      (
        await w.kubectl([
          'apply',
          '-f',
          'cm2.yaml',
          '--server-side',
          '--field-manager=other',
          '--force-conflicts',
        ])
      ).stdout,
    ).toBe('configmap/a serverside-applied\n');
  });

  it('reports a missing file and a missing namespace as kubectl does', async () => {
    const w = writeWorld();
    expect(await w.kubectl(['apply', '-f', 'nope.yaml'])).toEqual({
      stdout: '',
      stderr: 'error: the path "nope.yaml" does not exist\n',
      code: 1,
    });
    w.files['x.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n  namespace: nope\n';
    expect(await w.kubectl(['apply', '-f', 'x.yaml'])).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): error when creating "x.yaml": namespaces "nope" not found\n',
      code: 1,
    });
  });

  it('applies a deployment change through the three-way patch', async () => {
    const w = writeWorld();
    const dep = (image: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: ${image}}
`;
    w.files['d.yaml'] = dep('nginx:1.25', 2);
    expect((await w.kubectl(['apply', '-f', 'd.yaml'])).stdout).toBe('deployment.apps/web created\n');
    w.files['d.yaml'] = dep('nginx:1.26', 2);
    expect((await w.kubectl(['apply', '-f', 'd.yaml'])).stdout).toBe('deployment.apps/web configured\n');
    const live = w.cluster.client.get('deployments', 'default', 'web') as unknown as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(live.spec.template.spec.containers[0]!.image).toBe('nginx:1.26');
  });
});

describe('kubectl apply after the controllers ran', () => {
  it('is unchanged when only the server filled in defaults and status', async () => {
    const w = writeWorld();
    w.files['app.yaml'] = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
`;
    expect((await w.kubectl(['apply', '-f', 'app.yaml'])).stdout).toBe(
      'deployment.apps/web created\nservice/web created\n',
    );
    await w.settle(60_000);
    expect(await w.kubectl(['apply', '-f', 'app.yaml'])).toEqual({
      stdout: 'deployment.apps/web unchanged\nservice/web unchanged\n',
      stderr: '',
      code: 0,
    });
    await w.kubectl(['scale', 'deploy/web', '--replicas=5']);
    expect((await w.kubectl(['apply', '-f', 'app.yaml'])).stdout).toBe(
      'deployment.apps/web configured\nservice/web unchanged\n',
    );
    const live = w.cluster.client.get('deployments', 'default', 'web') as unknown as {
      spec: { replicas: number };
    };
    expect(live.spec.replicas).toBe(2);
  });
});

/**
 * Patches judged by real kubectl 1.32: client-side apply (strategic merge patches with
 * `$setElementOrder`), server-side apply with conflicts and `--force-conflicts`, `set image`,
 * `label`, `scale` (merge patch on the scale subresource), `rollout undo` (JSON patch), and apply
 * of multi-document files and directories.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, ScaledClock, type Cluster, type KubeObject } from '../../src/cluster/index';
import { validationHooks } from '../../src/cluster/validation/hooks';
import { bodyDecoders } from '../../src/cluster/body-decoders';
import { wireExtensions } from '../../src/cluster/openapi/wire';
import { patchHandlers, withFieldManagement } from '../../src/cluster/machinery/server-side-apply/index';
import { KUBECTL, startServe, type ServeHarness } from './support/serve';

/** `cadet serve`'s cluster (patch handlers, field management, Tables and OpenAPI v3), five times faster. */
function applyCluster(): Cluster {
  const clock = new ScaledClock(
    {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    { speed: 5, start: Date.now() },
  );
  return createCluster({
    clock,
    topology: 'default',
    hooks: withFieldManagement(validationHooks()),
    extensions: wireExtensions(clock, { decoders: bodyDecoders() }),
    patchHandlers: patchHandlers(),
  });
}

function deployment(name: string, image: string, replicas: number, sidecar = true): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
${sidecar ? '      - name: log\n        image: busybox:1.36\n        args: ["sh", "-c", "sleep 3600"]\n' : ''}`;
}

let s: ServeHarness;

async function get(kind: string, name: string): Promise<KubeObject> {
  const r = await s.kubectl(['get', kind, name, '-o', 'json', '--show-managed-fields']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as KubeObject;
}

function containersOf(obj: KubeObject): { name: string; image: string; args?: string[] }[] {
  return (obj.spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec
    .containers;
}

function managers(obj: KubeObject): string[] {
  return (
    (obj.metadata.managedFields ?? []) as { manager: string; operation: string; subresource?: string }[]
  ).map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`);
}

beforeAll(async () => {
  s = await startServe({ cluster: applyCluster() });
});
afterAll(async () => {
  await s?.stop();
});

describe.runIf(existsSync(KUBECTL))('kubectl apply and patches against cadet serve', () => {
  it('client-side apply: created, configured, unchanged', async () => {
    const file = s.file('web.yaml', deployment('web', 'nginx:1.26', 2));
    expect(await s.kubectl(['apply', '-f', file])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web created\n',
      stderr: '',
    });
    s.file('web.yaml', deployment('web', 'nginx:1.27', 2));
    expect(await s.kubectl(['apply', '-f', file])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web configured\n',
      stderr: '',
    });
    const live = await get('deployment', 'web');
    expect(containersOf(live).map((c) => `${c.name}=${c.image}`)).toEqual([
      'web=nginx:1.27',
      'log=busybox:1.36',
    ]);
    expect(managers(live)).toContain('kubectl-client-side-apply/Update');
    expect(await s.kubectl(['apply', '-f', file])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web unchanged\n',
      stderr: '',
    });
  });

  it('client-side apply removes a container dropped from the manifest (SMP $patch: delete)', async () => {
    const file = s.file('web.yaml', deployment('web', 'nginx:1.27', 2, false));
    expect(await s.kubectl(['apply', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/web configured\n',
    });
    expect(containersOf(await get('deployment', 'web')).map((c) => c.name)).toEqual(['web']);
    s.file('web.yaml', deployment('web', 'nginx:1.27', 2, true));
    expect(await s.kubectl(['apply', '-f', file])).toMatchObject({ code: 0 });
    expect(containersOf(await get('deployment', 'web')).map((c) => c.name)).toEqual(['web', 'log']);
  });

  it('set image patches one container by name (strategic merge patch)', async () => {
    expect(await s.kubectl(['set', 'image', 'deployment/web', 'web=nginx:1.28'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web image updated\n',
      stderr: '',
    });
    const live = await get('deployment', 'web');
    expect(containersOf(live).map((c) => `${c.name}=${c.image}`)).toEqual([
      'web=nginx:1.28',
      'log=busybox:1.36',
    ]);
    expect(containersOf(live)[1]!.args).toEqual(['sh', '-c', 'sleep 3600']);
    expect(managers(live)).toContain('kubectl-set/Update');
  });

  it('label (merge patch) and scale (merge patch on the scale subresource)', async () => {
    expect(await s.kubectl(['label', 'deployment', 'web', 'tier=front'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web labeled\n',
      stderr: '',
    });
    expect(await s.kubectl(['scale', 'deployment', 'web', '--replicas=3'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web scaled\n',
      stderr: '',
    });
    const live = await get('deployment', 'web');
    expect(live.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect((live.spec as { replicas: number }).replicas).toBe(3);
    expect(managers(live)).toEqual(expect.arrayContaining(['kubectl-label/Update', 'kubectl/Update/scale']));
  });

  it('rollout undo (JSON patch) goes back to the previous template', async () => {
    const status = await s.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(status.code).toBe(0);
    expect(await s.kubectl(['rollout', 'undo', 'deployment/web'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web rolled back\n',
      stderr: '',
    });
    const live = await get('deployment', 'web');
    expect(containersOf(live)[0]!.image).not.toBe('nginx:1.28');
  });

  it('server-side apply: serverside-applied, a conflict, then --force-conflicts', async () => {
    const cm = (mode: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: ${mode}\n  level: "3"\n`;
    const file = s.file('settings.yaml', cm('fast'));
    expect(await s.kubectl(['apply', '--server-side', '-f', file])).toEqual({
      code: 0,
      stdout: 'configmap/settings serverside-applied\n',
      stderr: '',
    });
    expect(await s.kubectl(['apply', '--server-side', '-f', file])).toEqual({
      code: 0,
      stdout: 'configmap/settings serverside-applied\n',
      stderr: '',
    });
    s.file('settings.yaml', cm('slow'));
    const refused = await s.kubectl(['apply', '--server-side', '--field-manager=ops', '-f', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n')[0]).toBe(
      'error: Apply failed with 1 conflict: conflict with "kubectl": .data.mode',
    );
    expect(refused.stderr).toContain('--force-conflicts');
    const forced = await s.kubectl([
      'apply',
      '--server-side',
      '--field-manager=ops',
      '--force-conflicts',
      '-f',
      file,
    ]);
    expect(forced).toEqual({ code: 0, stdout: 'configmap/settings serverside-applied\n', stderr: '' });
    const live = await get('configmap', 'settings');
    expect(live.data).toEqual({ mode: 'slow', level: '3' });
    expect(managers(live)).toEqual(['kubectl/Apply', 'ops/Apply']);
  });

  it('server-side apply over a client-side apply conflicts with kubectl-client-side-apply', async () => {
    const file = s.file('api.yaml', deployment('api', 'nginx:1.27', 2, false));
    expect(await s.kubectl(['apply', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/api created\n',
    });
    s.file('api.yaml', deployment('api', 'nginx:1.27', 4, false));
    const refused = await s.kubectl(['apply', '--server-side', '-f', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n')[0]).toBe(
      'error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    const forced = await s.kubectl(['apply', '--server-side', '--force-conflicts', '-f', file]);
    expect(forced).toEqual({ code: 0, stdout: 'deployment.apps/api serverside-applied\n', stderr: '' });
    const live = await get('deployment', 'api');
    expect((live.spec as { replicas: number }).replicas).toBe(4);
    expect(managers(live)).toContain('kubectl/Apply');
  });

  it('diff shows what apply would change (a dry-run strategic merge patch)', async () => {
    const cm = (value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: diffme\ndata:\n  a: "${value}"\n`;
    const file = s.file('diffme.yaml', cm('1'));
    expect(await s.kubectl(['apply', '-f', file])).toMatchObject({ code: 0 });
    expect(await s.kubectl(['diff', '-f', file])).toEqual({ code: 0, stdout: '', stderr: '' });
    s.file('diffme.yaml', cm('2'));
    const diff = await s.kubectl(['diff', '-f', file]);
    expect(diff.code).toBe(1);
    expect(diff.stdout.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(['-  a: "1"', '+  a: "2"']);
    expect((await get('configmap', 'diffme')).data).toEqual({ a: '1' });
  });

  it('applies a multi-document file and a directory', async () => {
    const multi = s.file(
      'multi.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: one
data:
  a: "1"
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`,
    );
    expect(await s.kubectl(['apply', '-f', multi])).toEqual({
      code: 0,
      stdout: 'configmap/one created\nservice/web created\n',
      stderr: '',
    });
    const dir = join(s.dir, 'manifests');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'a.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-a\ndata:\n  x: "1"\n',
    );
    writeFileSync(
      join(dir, 'b.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-b\ndata:\n  y: "2"\n',
    );
    expect(await s.kubectl(['apply', '-f', dir])).toEqual({
      code: 0,
      stdout: 'configmap/dir-a created\nconfigmap/dir-b created\n',
      stderr: '',
    });
    writeFileSync(
      join(dir, 'b.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dir-b\ndata:\n  y: "3"\n',
    );
    expect(await s.kubectl(['apply', '-f', dir])).toEqual({
      code: 0,
      stdout: 'configmap/dir-a unchanged\nconfigmap/dir-b configured\n',
      stderr: '',
    });
    // a Service port changed through client-side apply merges by port
    writeFileSync(
      multi,
      `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`,
    );
    expect(await s.kubectl(['apply', '-f', multi])).toMatchObject({
      code: 0,
      stdout: 'service/web configured\n',
    });
    const svc = await get('service', 'web');
    expect((svc.spec as { ports: unknown[] }).ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: 8080 },
    ]);
  });
});

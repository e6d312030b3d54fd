/**
 * What real kubectl 1.32 reads from OpenAPI v3 and discovery: `kubectl explain` (components
 * schemas reached through allOf references), `api-resources`, `api-versions`, and `apply -f` /
 * `create -f` under the default `--validate=strict` (the PATCH operations advertise
 * `fieldValidation`; client-side apply computes its strategic merge patch from the schemas'
 * merge keys without a warning). Also the endpoint's caching headers over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type Cluster } from '../../src/cluster/index';
import { validationHooks } from '../../src/cluster/validation/hooks';
import { bodyDecoders } from '../../src/cluster/body-decoders';
import { patchHandlers, withFieldManagement } from '../../src/cluster/machinery/server-side-apply/index';
import { wireExtensions } from '../../src/cluster/openapi/index';
import { startServe, type ServeHarness } from './support/serve';

let cluster: Cluster;
let h: ServeHarness;

beforeAll(async () => {
  const clock = new VirtualClock();
  cluster = createCluster({
    clock,
    hooks: withFieldManagement(validationHooks()),
    extensions: wireExtensions(clock, { decoders: bodyDecoders() }),
    patchHandlers: patchHandlers(),
  });
  h = await startServe({ cluster });
});

afterAll(async () => {
  await h?.stop();
});

function deployment(image: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api}
spec:
  replicas: 2${extra}
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
        env:
        - {name: MODE, value: "${image}"}
      - name: log
        image: busybox:1.36
        args: ["sh", "-c", "sleep 3600"]
`;
}

describe('kubectl explain', () => {
  it('explains a nested field through allOf references, with -required- and enums', async () => {
    const r = await h.kubectl(['explain', 'pod.spec.containers']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: containers <[]Container>',
    ]);
    expect(r.stdout).toContain('DESCRIPTION:\n    List of containers belonging to the pod.');
    expect(r.stdout).toMatch(/\n {2}name\t<string> -required-\n/);
    expect(r.stdout).toMatch(/\n {2}imagePullPolicy\t<string>\n {2}enum: Always, IfNotPresent, Never\n/);
    expect(r.stdout).toMatch(/\n {2}resources\t<ResourceRequirements>\n/);
  });

  it('explains a kind of a named group', async () => {
    const r = await h.kubectl(['explain', 'deployment.spec.strategy']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 5)).toEqual([
      'GROUP:      apps',
      'KIND:       Deployment',
      'VERSION:    v1',
      '',
      'FIELD: strategy <DeploymentStrategy>',
    ]);
    expect(r.stdout).toMatch(/\n {2}rollingUpdate\t<RollingUpdateDeployment>\n/);
    expect(r.stdout).toMatch(/\n {2}type\t<string>\n {2}enum: Recreate, RollingUpdate\n/);
  });

  it('says so for a field that does not exist', async () => {
    const r = await h.kubectl(['explain', 'pod.spec.nope']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: field "nope" does not exist');
  });
});

describe('discovery commands', () => {
  it('api-resources lists every served resource with short names, version, scope and kind', async () => {
    const r = await h.kubectl(['api-resources']);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const find = (name: string, version: string) =>
      rows.find((row) => row[0] === name && row.includes(version));
    expect(find('pods', 'v1')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(find('deployments', 'apps/v1')).toEqual([
      'deployments',
      'deploy',
      'apps/v1',
      'true',
      'Deployment',
    ]);
    expect(find('nodes', 'v1')).toEqual(['nodes', 'no', 'v1', 'false', 'Node']);
    expect(find('horizontalpodautoscalers', 'autoscaling/v2')).toEqual([
      'horizontalpodautoscalers',
      'hpa',
      'autoscaling/v2',
      'true',
      'HorizontalPodAutoscaler',
    ]);
    // one row per resource, in its group's preferred version (autoscaling/v1 is served too, unlisted)
    const resources = new Set(cluster.server.registry.all.map((i) => `${i.group}/${i.resource}`));
    expect(rows.length - 1).toBe(resources.size);
  });

  it('api-versions lists the served group/versions', async () => {
    const r = await h.kubectl(['api-versions']);
    expect(r.code).toBe(0);
    const expected = cluster.server.registry
      .groupVersions()
      .map((gv) => (gv.group ? `${gv.group}/${gv.version}` : gv.version))
      .sort();
    expect(r.stdout.trimEnd().split('\n')).toEqual(expected);
  });
});

describe('apply and create under default validation', () => {
  it('apply creates, then configures with a strategic merge patch computed from the schemas', async () => {
    const file = h.file('api.yaml', deployment('nginx:1.27'));
    const created = await h.kubectl(['apply', '-f', file]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('deployment.apps/api created');
    h.file('api.yaml', deployment('nginx:1.28'));
    const changed = await h.kubectl(['apply', '-f', file]);
    expect(changed.stderr).toBe('');
    expect(changed.stdout.trim()).toBe('deployment.apps/api configured');
    const d = cluster.client.get('deployments.apps', 'default', 'api')!;
    const containers = d.spec.template.spec.containers;
    expect(containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual([
      'web=nginx:1.28',
      'log=busybox:1.36',
    ]);
    expect(containers[0].env).toEqual([{ name: 'MODE', value: 'nginx:1.28' }]);
    const same = await h.kubectl(['apply', '-f', file]);
    expect(same.stdout.trim()).toBe('deployment.apps/api unchanged');
  });

  it('an unknown field is rejected by the server under fieldValidation=Strict', async () => {
    const file = h.file(
      'bad.yaml',
      deployment('nginx:1.28', '\n  replicaz: 3').replace('name: api', 'name: bad'),
    );
    const r = await h.kubectl(['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Error from server (BadRequest): error when creating "' +
        file +
        '": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"',
    );
  });

  it('create -f and apply --server-side work without --validate=false', async () => {
    const file = h.file('other.yaml', deployment('nginx:1.27').replace('name: api', 'name: other'));
    const created = await h.kubectl(['create', '-f', file]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('deployment.apps/other created');
    const ssa = await h.kubectl(['apply', '--server-side', '-f', file]);
    expect(ssa.stderr).toBe('');
    expect(ssa.stdout.trim()).toBe('deployment.apps/other serverside-applied');
  });
});

describe('the OpenAPI endpoint over HTTP', () => {
  it('serves the index uncached and hashed documents immutable with an ETag', async () => {
    const index = await fetch(`${h.url}/openapi/v3`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toContain('no-cache');
    const body = (await index.json()) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(body.paths)).toContain('apis/apps/v1');
    const url = body.paths['apis/apps/v1']!.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{16}$/);
    const doc = await fetch(`${h.url}${url}`);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('cache-control')).toBe('public, immutable');
    const etag = doc.headers.get('etag')!;
    expect(etag).toBe(`"${url.slice(url.indexOf('=') + 1)}"`);
    const again = await fetch(`${h.url}${url}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const v2 = await fetch(`${h.url}/openapi/v2`);
    expect(v2.status).toBe(404);
    expect(((await v2.json()) as { reason: string }).reason).toBe('NotFound');
  });
});

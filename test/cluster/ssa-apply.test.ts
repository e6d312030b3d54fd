/**
 * Server-side apply and managedFields through the HTTP-shaped API of a cluster with validation:
 * create, re-apply unchanged, change, conflicts, force, removal of dropped fields, Update entries
 * of ordinary writes.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type KubeObject } from '../../src/cluster/index';
import { validationHooks } from '../../src/cluster/validation/hooks';
import {
  patchHandlers,
  withFieldManagement,
  FieldSet,
} from '../../src/cluster/machinery/server-side-apply/index';

let clock = new VirtualClock();

function cluster() {
  clock = new VirtualClock();
  return createCluster({
    clock,
    hooks: withFieldManagement(validationHooks()),
    patchHandlers: patchHandlers(),
  });
}

type C = ReturnType<typeof cluster>;
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

function manifest(
  replicas: number | undefined,
  image = 'nginx:1.26',
  labels: Record<string, string> = { app: 'web' },
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

type Reply = { status: number; body: KubeObject & { message?: string; details?: { causes?: unknown[] } } };

async function send(
  c: C,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  query: Record<string, string>,
  type: string,
  body?: string,
): Promise<Reply> {
  const qs = new URLSearchParams(query).toString();
  const r = (await c.handle({
    method,
    url: qs ? `${path}?${qs}` : path,
    headers: { 'content-type': type },
    ...(body === undefined ? {} : { body }),
  })) as { status: number; body: string };
  return { status: r.status, body: JSON.parse(r.body) };
}

function apply(c: C, body: unknown, manager = 'kubectl', force = false, name = 'web') {
  const query: Record<string, string> = { force: String(force), fieldValidation: 'Strict' };
  if (manager) query.fieldManager = manager;
  return send(c, 'PATCH', `${DEPLOY}/${name}`, query, 'application/apply-patch+yaml', JSON.stringify(body));
}

function request(
  c: C,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
  type = 'application/json',
  query: Record<string, string> = {},
) {
  return send(c, method, path, query, type, body === undefined ? undefined : JSON.stringify(body));
}

function entries(obj: KubeObject) {
  return obj.metadata.managedFields as {
    manager: string;
    operation: string;
    apiVersion: string;
    time?: string;
    fieldsType: string;
    fieldsV1: Record<string, unknown>;
    subresource?: string;
  }[];
}

describe('server-side apply', () => {
  it('creates the object when absent (201) and records the applier with the fields it set', async () => {
    const c = cluster();
    const r = await apply(c, manifest(2));
    expect(r.status).toBe(201);
    expect(r.body.spec).toMatchObject({ replicas: 2, strategy: { type: 'RollingUpdate' } });
    expect(entries(r.body)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('re-applying the same configuration changes nothing (same resourceVersion)', async () => {
    const c = cluster();
    const first = await apply(c, manifest(2));
    clock.advance(60_000);
    const again = await apply(c, manifest(2));
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    expect(entries(again.body)[0]!.time).toBe('2026-01-01T00:00:00Z');
  });

  it('applies a change and stamps the new time', async () => {
    const c = cluster();
    await apply(c, manifest(2));
    clock.advance(60_000);
    const r = await apply(c, manifest(3, 'nginx:1.27'));
    expect(r.status).toBe(200);
    expect(r.body.spec).toMatchObject({ replicas: 3 });
    expect(
      (r.body.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
        .containers[0]!.image,
    ).toBe('nginx:1.27');
    expect(entries(r.body)[0]!.time).toBe('2026-01-01T00:01:00Z');
  });

  it('refuses to change a field another manager owns: 409 with Kubernetes message, then force takes it', async () => {
    const c = cluster();
    const created = await request(c, 'POST', DEPLOY, manifest(2), 'application/json', {
      fieldManager: 'kubectl-client-side-apply',
    });
    expect(created.status).toBe(201);
    expect(entries(created.body).map((e) => [e.manager, e.operation])).toEqual([
      ['kubectl-client-side-apply', 'Update'],
    ]);
    // the same values are shared, not conflicting
    expect((await apply(c, manifest(2))).status).toBe(200);
    const refused = await apply(c, manifest(5));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      code: 409,
      message:
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
    });
    const forced = await apply(c, manifest(5), 'kubectl', true);
    expect(forced.status).toBe(200);
    expect(forced.body.spec).toMatchObject({ replicas: 5 });
    const csa = entries(forced.body).find((e) => e.manager === 'kubectl-client-side-apply')!;
    expect(FieldSet.fromFieldsV1(csa.fieldsV1).has(['f:spec', 'f:replicas'])).toBe(false);
    const mine = entries(forced.body).find((e) => e.manager === 'kubectl')!;
    expect(FieldSet.fromFieldsV1(mine.fieldsV1).has(['f:spec', 'f:replicas'])).toBe(true);
  });

  it('lists several conflicts by manager', async () => {
    const c = cluster();
    await apply(c, manifest(2), 'team-a');
    const r = await apply(c, manifest(3, 'nginx:1.27'), 'team-b');
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "team-a":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image',
    );
  });

  it('an update (scale) takes a field from the applier, so the next apply conflicts with it', async () => {
    const c = cluster();
    await apply(c, manifest(2));
    const scaled = await request(
      c,
      'PATCH',
      `${DEPLOY}/web/scale`,
      { spec: { replicas: 4 } },
      'application/merge-patch+json',
      {
        fieldManager: 'kubectl',
      },
    );
    expect(scaled.status).toBe(200);
    const live = (await request(c, 'GET', `${DEPLOY}/web`)).body;
    const scaleEntry = entries(live).find((e) => e.subresource === 'scale')!;
    expect(scaleEntry).toMatchObject({ manager: 'kubectl', operation: 'Update', subresource: 'scale' });
    expect(scaleEntry.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    const r = await apply(c, manifest(2));
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });

  it('removes fields dropped from the configuration when no one else owns them', async () => {
    const c = cluster();
    await apply(c, manifest(2, 'nginx:1.26', { app: 'web', tier: 'front' }));
    const r = await apply(c, manifest(undefined, 'nginx:1.26', { app: 'web' }));
    expect(r.status).toBe(200);
    expect(r.body.metadata.labels).toEqual({ app: 'web' });
    // replicas went back to its default once no one owned it
    expect(r.body.spec).toMatchObject({ replicas: 1 });
  });

  it('keeps dropped fields another manager also owns', async () => {
    const c = cluster();
    await apply(c, manifest(2, 'nginx:1.26', { app: 'web', tier: 'front' }));
    await apply(
      c,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { tier: 'front' } } },
      'other',
    );
    const r = await apply(c, manifest(2, 'nginx:1.26', { app: 'web' }));
    expect(r.body.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });

  it('removes a container dropped from the configuration', async () => {
    const c = cluster();
    const two = manifest(1);
    (two.spec.template.spec.containers as unknown[]).push({ name: 'side', image: 'busybox' });
    await apply(c, two);
    const r = await apply(c, manifest(1));
    const names = (
      r.body.spec as { template: { spec: { containers: { name: string }[] } } }
    ).template.spec.containers.map((x) => x.name);
    expect(names).toEqual(['web']);
  });

  it('requires a field manager, a kind and a matching name', async () => {
    const c = cluster();
    expect((await apply(c, manifest(1), '')).status).toBe(400);
    const noKind = { ...manifest(1), kind: undefined };
    expect((await apply(c, noKind)).body.message).toMatch(/^Object 'Kind' is missing/);
    expect((await apply(c, manifest(1), 'kubectl', false, 'other')).body.message).toBe(
      'the name of the object (web) does not match the name on the URL (other)',
    );
  });

  it('accepts YAML bodies', async () => {
    const c = cluster();
    const r = await send(
      c,
      'PATCH',
      '/api/v1/namespaces/default/configmaps/settings',
      { fieldManager: 'me' },
      'application/apply-patch+yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n',
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ data: { mode: 'fast' } });
  });
});

describe('managedFields of ordinary writes', () => {
  it('records the creating manager with the defaulted fields, and an SMP as an Update', async () => {
    const c = cluster();
    const created = await request(c, 'POST', DEPLOY, manifest(2), 'application/json', {
      fieldManager: 'kubectl-create',
    });
    const [entry] = entries(created.body);
    expect(entry).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1' });
    const set = FieldSet.fromFieldsV1(entry!.fieldsV1);
    expect(set.has(['f:spec', 'f:replicas'])).toBe(true);
    expect(set.has(['f:spec', 'f:revisionHistoryLimit'])).toBe(true); // defaulted
    expect(set.has(['f:metadata', 'f:labels'])).toBe(true); // the '.' of a new map
    expect(set.hasWithin(['f:status'])).toBe(false);

    const patched = await request(
      c,
      'PATCH',
      `${DEPLOY}/web`,
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
      'application/strategic-merge-patch+json',
      { fieldManager: 'kubectl-set' },
    );
    expect(patched.status).toBe(200);
    const set2 = entries(patched.body).find((e) => e.manager === 'kubectl-set')!;
    expect(set2.fieldsV1).toEqual({
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } },
    });
    const creator = FieldSet.fromFieldsV1(
      entries(patched.body).find((e) => e.manager === 'kubectl-create')!.fieldsV1,
    );
    expect(
      creator.has(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']),
    ).toBe(false);
  });

  it('a write that changes nothing keeps managedFields and the resourceVersion', async () => {
    const c = cluster();
    const created = await request(c, 'POST', DEPLOY, manifest(2), 'application/json', { fieldManager: 'a' });
    const same = await request(
      c,
      'PATCH',
      `${DEPLOY}/web`,
      { spec: { replicas: 2 } },
      'application/merge-patch+json',
      {
        fieldManager: 'b',
      },
    );
    expect(same.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    expect(entries(same.body).map((e) => e.manager)).toEqual(['a']);
  });

  it('managedFields sent in a request replace the stored ones (kubectl migrating to server-side apply)', async () => {
    const c = cluster();
    await request(c, 'POST', DEPLOY, manifest(2), 'application/json', {
      fieldManager: 'kubectl-client-side-apply',
    });
    const live = (await request(c, 'GET', `${DEPLOY}/web`)).body;
    const migrated = entries(live).map((e) => ({ ...e, manager: 'kubectl', operation: 'Apply' }));
    const r = await request(
      c,
      'PATCH',
      `${DEPLOY}/web`,
      [{ op: 'replace', path: '/metadata/managedFields', value: migrated }],
      'application/json-patch+json',
      { fieldManager: 'kubectl' },
    );
    expect(r.status).toBe(200);
    expect(entries(r.body).map((e) => [e.manager, e.operation])).toEqual([['kubectl', 'Apply']]);
  });

  it('a field removed by an update leaves every manager', async () => {
    const c = cluster();
    await request(
      c,
      'POST',
      DEPLOY,
      manifest(2, 'nginx:1.26', { app: 'web', tier: 'front' }),
      'application/json',
      {
        fieldManager: 'a',
      },
    );
    const r = await request(
      c,
      'PATCH',
      `${DEPLOY}/web`,
      { metadata: { labels: { tier: null } } },
      'application/merge-patch+json',
      { fieldManager: 'b' },
    );
    expect(r.body.metadata.labels).toEqual({ app: 'web' });
    const a = FieldSet.fromFieldsV1(entries(r.body).find((e) => e.manager === 'a')!.fieldsV1);
    expect(a.has(['f:metadata', 'f:labels', 'f:app'])).toBe(true);
    expect(a.has(['f:metadata', 'f:labels', 'f:tier'])).toBe(false);
    // removing a field takes nothing over: b has no entry
    expect(entries(r.body).map((e) => e.manager)).toEqual(['a']);
  });

  it('an applier that owned a map as a whole keeps it while still setting keys of it', async () => {
    const c = cluster();
    await request(c, 'POST', DEPLOY, manifest(2), 'application/json', {
      fieldManager: 'kubectl-client-side-apply',
    });
    const live = (await request(c, 'GET', `${DEPLOY}/web`)).body;
    // what kubectl does when it moves client-side apply's fields to its apply manager
    const migrated = entries(live).map((e) => ({ ...e, manager: 'kubectl', operation: 'Apply' }));
    await request(
      c,
      'PATCH',
      `${DEPLOY}/web`,
      [{ op: 'replace', path: '/metadata/managedFields', value: migrated }],
      'application/json-patch+json',
    );
    const r = await apply(c, manifest(2));
    expect(r.status).toBe(200);
    expect(r.body.metadata.labels).toEqual({ app: 'web' });
    expect((r.body.spec as { template: { metadata: { labels: unknown } } }).template.metadata.labels).toEqual(
      {
        app: 'web',
      },
    );
  });

  it('status writes are recorded with their subresource', async () => {
    const c = cluster();
    await request(c, 'POST', DEPLOY, manifest(2), 'application/json', { fieldManager: 'a' });
    const r = await request(
      c,
      'PATCH',
      `${DEPLOY}/web/status`,
      { status: { replicas: 2 } },
      'application/merge-patch+json',
      { fieldManager: 'kube-controller-manager' },
    );
    expect(r.status).toBe(200);
    const entry = entries(r.body).find((e) => e.manager === 'kube-controller-manager')!;
    expect(entry).toMatchObject({
      operation: 'Update',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:replicas': {} } },
    });
  });
});

/**
 * The OpenAPI v3 endpoint: index and hashed per-group-version documents, the operations kubectl
 * looks for (PATCH with the kind and `fieldValidation`), self-contained component schemas in
 * Kubernetes' shape, and the strategic merge data on list fields.
 */
import { describe, expect, it } from 'vitest';
import { RESOURCES, ResourceRegistry, type ApiResponse } from '../../src/cluster/index';
import { documentHash, openApiHandler } from '../../src/cluster/openapi/index';
import { findKind } from '../../src/cluster/validation/kinds';

const registry = new ResourceRegistry(RESOURCES);
const handle = openApiHandler(registry);
const get = (url: string, headers: Record<string, string> = {}) =>
  handle({ method: 'GET', url, headers }) as ApiResponse;

type Doc = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

function documents(): Record<string, { url: string; doc: Doc; response: ApiResponse }> {
  const index = JSON.parse(get('/openapi/v3').body as string) as {
    paths: Record<string, { serverRelativeURL: string }>;
  };
  return Object.fromEntries(
    Object.entries(index.paths).map(([key, { serverRelativeURL }]) => {
      const response = get(serverRelativeURL);
      return [key, { url: serverRelativeURL, doc: JSON.parse(response.body as string) as Doc, response }];
    }),
  );
}

const docs = documents();

describe('index and caching', () => {
  it('lists every served group/version (metrics excluded) with the hash of its document', () => {
    expect(Object.keys(docs)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/batch/v1',
      'apis/autoscaling/v2',
      'apis/autoscaling/v1',
      'apis/discovery.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/storage.k8s.io/v1',
      'apis/rbac.authorization.k8s.io/v1',
    ]);
    for (const { url, response } of Object.values(docs)) {
      expect(url.endsWith(`?hash=${documentHash(response.body as string)}`)).toBe(true);
      expect(response.headers['cache-control']).toBe('public, immutable');
    }
    expect(get('/openapi/v3').headers['cache-control']).toContain('no-cache');
  });

  it('hashes are stable, a stale hash redirects, a matching ETag gets 304', () => {
    expect(
      openApiHandler(registry)({ method: 'GET', url: docs['apis/apps/v1']!.url, headers: {} })!.body,
    ).toBe(docs['apis/apps/v1']!.response.body);
    const stale = get('/openapi/v3/apis/apps/v1?hash=0000');
    expect(stale.status).toBe(301);
    expect(stale.headers.location).toBe(docs['apis/apps/v1']!.url);
    const etag = docs['apis/apps/v1']!.response.headers.etag!;
    expect(get(docs['apis/apps/v1']!.url, { 'if-none-match': etag }).status).toBe(304);
  });

  it('v2 and unknown group/versions are 404 Status; other paths pass through', () => {
    expect(get('/openapi/v2').status).toBe(404);
    expect(JSON.parse(get('/openapi/v2').body as string).reason).toBe('NotFound');
    expect(get('/openapi/v3/apis/nope/v1').status).toBe(404);
    expect(handle({ method: 'GET', url: '/api/v1/pods', headers: {} })).toBeUndefined();
  });
});

describe('operations', () => {
  it('every served kind with a schema has a PATCH with its kind, fieldValidation and the patch types', () => {
    const withoutSchema: string[] = [];
    for (const info of RESOURCES.filter((r) => !r.virtual)) {
      const kind = findKind(info);
      if (!kind) {
        withoutSchema.push(info.kind);
        continue;
      }
      const gv = info.group ? `apis/${info.group}/${info.version}` : `api/${info.version}`;
      const base = `/${gv}${info.namespaced ? '/namespaces/{namespace}' : ''}/${info.resource}`;
      const item = docs[gv]!.doc.paths[`${base}/{name}`]!;
      if (!info.verbs.includes('patch')) continue;
      const patch = item.patch!;
      expect(patch['x-kubernetes-group-version-kind'], info.kind).toEqual({
        group: info.group,
        version: info.version,
        kind: info.kind,
      });
      expect(patch.parameters as { name: string; in: string }[]).toContainEqual(
        expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
      );
      expect(Object.keys((patch.requestBody as { content: object }).content).sort()).toEqual([
        'application/apply-patch+yaml',
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
      ]);
      expect(docs[gv]!.doc.paths[base]!.post!['x-kubernetes-action']).toBe('post');
    }
    // autoscaling/v1 is served by conversion, with hand-written schemas (openapi/converted.ts)
    expect(withoutSchema).toEqual(['HorizontalPodAutoscaler', 'ControllerRevision'].sort());
  });

  it('strategic merge patch can be left out', () => {
    const plain = openApiHandler(registry, { strategicMergePatch: false });
    const url = docs['apis/apps/v1']!.url.replace(/\?.*/, '');
    const doc = JSON.parse(plain({ method: 'GET', url, headers: {} })!.body as string) as Doc;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch!;
    expect(Object.keys((patch.requestBody as { content: object }).content)).not.toContain(
      'application/strategic-merge-patch+json',
    );
  });
});

describe('component schemas', () => {
  it('are self-contained, reference through allOf, and carry no draft-07-only keywords', () => {
    for (const [gv, { doc }] of Object.entries(docs)) {
      const schemas = doc.components.schemas;
      const visit = (node: unknown, where: string): void => {
        if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
        if (!node || typeof node !== 'object') return;
        const n = node as Record<string, unknown>;
        if (typeof n.$ref === 'string') {
          expect(n.$ref.startsWith('#/components/schemas/'), where).toBe(true);
          expect(
            schemas[n.$ref.slice('#/components/schemas/'.length)],
            `${gv} ${where} -> ${n.$ref}`,
          ).toBeDefined();
        }
        expect(n.additionalProperties, where).not.toBe(false);
        expect(Array.isArray(n.type), where).toBe(false);
        expect(n.const, where).toBeUndefined();
        for (const [k, v] of Object.entries(n))
          if (k !== 'enum' && k !== 'required') visit(v, `${where}.${k}`);
      };
      visit(doc, gv);
    }
  });

  it('kinds carry their group/version/kind and descriptions; apiVersion and kind are not required', () => {
    const d = docs['apis/apps/v1']!.doc.components.schemas['io.k8s.api.apps.v1.Deployment']!;
    expect(d['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    expect(d.description).toMatch(/^Deployment enables declarative updates/);
    expect(d.required).toBeUndefined();
    const spec = (d.properties as Record<string, Record<string, unknown>>).spec!;
    expect(spec.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }]);
    expect(spec.description).toBe('Specification of the desired behavior of the Deployment.');
  });

  it('list fields carry their merge keys and strategies', () => {
    const s = docs['api/v1']!.doc.components.schemas;
    const prop = (def: string, field: string) =>
      (s[def]!.properties as Record<string, Record<string, unknown>>)[field]!;
    expect(prop('io.k8s.api.core.v1.PodSpec', 'containers')).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    expect(prop('io.k8s.api.core.v1.Container', 'ports')).toMatchObject({
      'x-kubernetes-patch-merge-key': 'containerPort',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
    });
    expect(prop('io.k8s.api.core.v1.PodSpec', 'volumes')['x-kubernetes-patch-strategy']).toBe(
      'merge,retainKeys',
    );
    expect(prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers')).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'set',
    });
    const intOrString = s['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!;
    expect(intOrString).toMatchObject({
      type: 'string',
      format: 'int-or-string',
      'x-kubernetes-int-or-string': true,
    });
  });
});

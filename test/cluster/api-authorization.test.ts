/** RBAC for impersonated requests and the access reviews (api/authorization.ts). */
import { describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import type { ApiResponse } from '../../src/cluster/types.js';

const rbac = 'rbac.authorization.k8s.io';

function setup() {
  const cluster = createCompleteCluster({ topology: 'default' });
  cluster.client.create(`roles.${rbac}`, {
    apiVersion: `${rbac}/v1`,
    kind: 'Role',
    metadata: { name: 'cm-editor', namespace: 'default' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'update'], resourceNames: ['app'] }],
  });
  cluster.client.create(`rolebindings.${rbac}`, {
    apiVersion: `${rbac}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'sa-edits', namespace: 'default' },
    roleRef: { apiGroup: rbac, kind: 'Role', name: 'cm-editor' },
    subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: 'default' }],
  });
  const call = async (method: string, url: string, headers: Record<string, string> = {}, body?: unknown) => {
    const r = (await cluster.handle({
      method: method as 'GET',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })) as ApiResponse;
    return { status: r.status, body: JSON.parse(String(r.body)) };
  };
  return { cluster, call };
}

const AS_BUILDER = { 'impersonate-user': 'system:serviceaccount:default:builder' };

describe('impersonated requests', () => {
  it('resourceNames limit a rule to the named objects', async () => {
    const { call } = setup();
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/app', AS_BUILDER)).status).toBe(404);
    const other = await call('GET', '/api/v1/namespaces/default/configmaps/other', AS_BUILDER);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({
      reason: 'Forbidden',
      code: 403,
      details: { name: 'other', kind: 'configmaps' },
      message:
        'configmaps "other" is forbidden: User "system:serviceaccount:default:builder" cannot get resource "configmaps" in API group "" in the namespace "default"',
    });
    // a list is not a named request: resourceNames rules do not allow it
    expect((await call('GET', '/api/v1/namespaces/default/configmaps', AS_BUILDER)).status).toBe(403);
  });

  it('the admin (no impersonation) may do everything', async () => {
    const { call } = setup();
    expect((await call('GET', '/api/v1/nodes')).status).toBe(200);
  });
});

describe('access reviews', () => {
  it('SelfSubjectAccessReview answers for the requester; SubjectAccessReview for the user in its spec', async () => {
    const { call } = setup();
    const ssar = (attrs: Record<string, string>, headers = AS_BUILDER) =>
      call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', headers, {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: attrs },
      });
    const yes = await ssar({ namespace: 'default', verb: 'update', resource: 'configmaps', name: 'app' });
    expect(yes.status).toBe(201);
    expect(yes.body).toMatchObject({ kind: 'SelfSubjectAccessReview', status: { allowed: true } });
    expect(
      (await ssar({ namespace: 'default', verb: 'delete', resource: 'configmaps', name: 'app' })).body.status,
    ).toEqual({
      allowed: false,
    });
    const sar = await call(
      'POST',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      {},
      {
        spec: {
          user: 'system:serviceaccount:default:builder',
          resourceAttributes: { namespace: 'default', verb: 'get', resource: 'configmaps', name: 'app' },
        },
      },
    );
    expect(sar.body.status).toEqual({ allowed: true });
  });
});

import { describe, expect, it } from 'vitest';
import type { ObjectHooks } from '../../src/cluster/index.js';
import { call, cluster, deployment, pod } from './api-helpers.js';

const status = (code: number, reason: string, message: string, details?: unknown) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

describe('Status errors', () => {
  it('404 NotFound for a missing object', async () => {
    const r = await call(cluster(), 'GET', '/api/v1/namespaces/default/pods/web');
    expect(r.status).toBe(404);
    expect(r.body).toEqual(status(404, 'NotFound', 'pods "web" not found', { name: 'web', kind: 'pods' }));
    // Kubernetes' key order
    expect(Object.keys(r.body)).toEqual([
      'kind',
      'apiVersion',
      'metadata',
      'status',
      'message',
      'reason',
      'details',
      'code',
    ]);
  });

  it('404 with group for named groups', async () => {
    const r = await call(cluster(), 'GET', '/apis/apps/v1/namespaces/default/deployments/web');
    expect(r.body).toEqual(
      status(404, 'NotFound', 'deployments.apps "web" not found', {
        name: 'web',
        group: 'apps',
        kind: 'deployments',
      }),
    );
  });

  it('404 for a resource the server does not serve', async () => {
    const r = await call(cluster(), 'GET', '/api/v1/namespaces/default/widgets');
    expect(r.body).toEqual(status(404, 'NotFound', 'the server could not find the requested resource', {}));
  });

  it('409 AlreadyExists', async () => {
    const c = cluster();
    await call(c, 'POST', '/api/v1/namespaces/default/pods', pod('web'));
    const r = await call(c, 'POST', '/api/v1/namespaces/default/pods', pod('web'));
    expect(r.body).toEqual(
      status(409, 'AlreadyExists', 'pods "web" already exists', { name: 'web', kind: 'pods' }),
    );
  });

  it('409 Conflict for a stale resourceVersion', async () => {
    const c = cluster();
    const created = (await call(c, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web')))
      .body;
    await call(c, 'PUT', '/apis/apps/v1/namespaces/default/deployments/web', {
      ...created,
      spec: { ...created.spec, replicas: 2 },
    });
    const r = await call(c, 'PUT', '/apis/apps/v1/namespaces/default/deployments/web', {
      ...created,
      spec: { ...created.spec, replicas: 3 },
    });
    expect(r.body).toEqual(
      status(
        409,
        'Conflict',
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
        { name: 'web', group: 'apps', kind: 'deployments' },
      ),
    );
  });

  it('405 MethodNotAllowed', async () => {
    const c = cluster();
    const r = await call(c, 'POST', '/api/v1/namespaces/default/pods/web', pod('web'));
    expect(r.body).toEqual(
      status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
    );
    expect((await call(c, 'DELETE', '/api/v1/namespaces')).status).toBe(405); // namespaces have no deletecollection
    expect((await call(c, 'POST', '/apis/metrics.k8s.io/v1beta1/nodes', {})).status).toBe(405);
  });

  it('400 BadRequest for malformed JSON, with the parse error', async () => {
    const r = await call(cluster(), 'POST', '/api/v1/namespaces/default/pods', '{"apiVersion": "v1",');
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('BadRequest');
    expect(r.body.message).toMatch(/^couldn't get version\/kind; json parse error: /);
  });

  it('415 for an unsupported body content type', async () => {
    const c = cluster();
    const r = await call(c, 'POST', '/api/v1/namespaces/default/configmaps', 'x', {
      'content-type': 'application/x-protobuf',
    });
    expect(r.body).toEqual(
      status(
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      ),
    );
    await call(c, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm' } });
    const patch = await call(c, 'PATCH', '/api/v1/namespaces/default/configmaps/cm', '{}', {
      'content-type': 'application/strategic-merge-patch+json',
    });
    expect(patch.status).toBe(415);
    expect(patch.body.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json',
    );
  });

  it('404 and 403 for a missing or terminating namespace', async () => {
    const c = cluster();
    const missing = await call(c, 'POST', '/api/v1/namespaces/nope/pods', pod('web'));
    expect(missing.body).toEqual(
      status(404, 'NotFound', 'namespaces "nope" not found', { name: 'nope', kind: 'namespaces' }),
    );
    await call(c, 'POST', '/api/v1/namespaces', {
      metadata: { name: 'team', finalizers: ['example.com/hold'] },
    });
    await call(c, 'DELETE', '/api/v1/namespaces/team');
    const terminating = await call(c, 'POST', '/api/v1/namespaces/team/pods', pod('web'));
    expect(terminating.body).toEqual(
      status(
        403,
        'Forbidden',
        'pods "web" is forbidden: unable to create new content in namespace team because it is being terminated',
        { name: 'web', kind: 'pods' },
      ),
    );
  });

  it('400 for mismatched names, namespaces, apiVersions and kinds', async () => {
    const c = cluster();
    expect(
      (
        await call(c, 'POST', '/api/v1/namespaces/default/pods', {
          ...pod('a'),
          metadata: { name: 'a', namespace: 'other' },
        })
      ).body.message,
    ).toBe('the namespace of the provided object does not match the namespace sent on the request');
    await call(c, 'POST', '/api/v1/namespaces/default/pods', pod('a'));
    expect((await call(c, 'PUT', '/api/v1/namespaces/default/pods/a', pod('b'))).body.message).toBe(
      'the name of the object (b) does not match the name on the URL (a)',
    );
    expect(
      (
        await call(c, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
          ...deployment('d'),
          apiVersion: 'apps/v1beta1',
        })
      ).body.message,
    ).toBe('the API version in the data (apps/v1beta1) does not match the expected API version (apps/v1)');
  });

  it('422 when neither name nor generateName is given', async () => {
    const r = await call(cluster(), 'POST', '/api/v1/namespaces/default/configmaps', { data: {} });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it('400 for selectors that do not parse and field labels that are not served', async () => {
    const c = cluster();
    const bad = await call(c, 'GET', '/api/v1/pods?labelSelector=a%3Db%3Dc');
    expect(bad.body).toEqual(status(400, 'BadRequest', "found '=', expected: ',' or 'end of string'"));
    const field = await call(c, 'GET', '/api/v1/pods?fieldSelector=spec.foo%3Dx');
    expect(field.body).toEqual(status(400, 'BadRequest', 'field label not supported: spec.foo'));
  });

  it('422 Invalid with causes, 400 for decode errors, and Warning headers, from the hooks', async () => {
    const hooks: ObjectHooks = {
      validate: (_rt, obj, _old, ctx) => {
        if (obj.metadata.name === 'strict')
          return {
            causes: [],
            decodeErrors: [
              { reason: 'FieldValueUnknown', message: 'unknown field "spec.foo"', field: 'spec.foo' },
            ],
          };
        if (obj.spec?.replicas < 0)
          return {
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: 'Invalid value: -1: must be greater than or equal to 0',
                field: 'spec.replicas',
              },
              {
                reason: 'FieldValueRequired',
                message: 'Required value',
                field: 'spec.template.spec.containers[0].image',
              },
            ],
          };
        return { causes: [], warnings: ctx.fieldValidation === 'Warn' ? ['unknown field "spec.extra"'] : [] };
      },
    };
    const c = cluster({ hooks });
    const r = await call(c, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', -1));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      reason: 'Invalid',
      message:
        'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers[0].image: Required value]',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ field: 'spec.replicas' }, { field: 'spec.template.spec.containers[0].image' }],
      },
    });
    const strict = await call(
      c,
      'POST',
      '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict',
      deployment('strict'),
    );
    expect(strict.body).toEqual(
      status(
        400,
        'BadRequest',
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"',
      ),
    );
    const warn = await call(
      c,
      'POST',
      '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Warn',
      deployment('ok'),
    );
    expect(warn.status).toBe(201);
    expect(warn.headers.warning).toBe('299 - "unknown field \\"spec.extra\\""');
  });
});

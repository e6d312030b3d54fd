import { describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import { VirtualClock } from '../../src/cluster/index.js';
import { call, type TestCluster } from './api-helpers.js';

/**
 * Bodies of the wrong JSON types for fields the defaulters and admission read: the API server
 * decodes a body before defaulting it, so each is a 400 naming the field (never a 500 from a
 * defaulter that met a string where it wanted a list), and nothing is stored.
 */
const cases: [string, Record<string, unknown>, string][] = [
  [
    'tolerations',
    { containers: [{ name: 'a', image: 'nginx' }], tolerations: {} },
    'json: cannot unmarshal object into Go struct field PodSpec.spec.tolerations of type []v1.Toleration',
  ],
  [
    'volumes',
    { containers: [{ name: 'a', image: 'nginx' }], volumes: {} },
    'json: cannot unmarshal object into Go struct field PodSpec.spec.volumes of type []v1.Volume',
  ],
  [
    'containers',
    { containers: 'ab' },
    'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container',
  ],
  [
    'env',
    { containers: [{ name: 'a', image: 'nginx', env: {} }] },
    'json: cannot unmarshal object into Go struct field Container.spec.containers.env of type []v1.EnvVar',
  ],
  [
    'ports',
    { containers: [{ name: 'a', image: 'nginx', ports: 'x' }] },
    'json: cannot unmarshal string into Go struct field Container.spec.containers.ports of type []v1.ContainerPort',
  ],
  [
    'volumemounts',
    { containers: [{ name: 'a', image: 'nginx', volumeMounts: {} }] },
    'json: cannot unmarshal object into Go struct field Container.spec.containers.volumeMounts of type []v1.VolumeMount',
  ],
  [
    'initcontainers',
    { containers: [{ name: 'a', image: 'nginx' }], initContainers: {} },
    'json: cannot unmarshal object into Go struct field PodSpec.spec.initContainers of type []v1.Container',
  ],
];

function complete(): TestCluster {
  return createCompleteCluster({ clock: new VirtualClock(), topology: 'default' }) as unknown as TestCluster;
}

describe('bodies of the wrong JSON types get the decoding 400, not a defaulter crash', () => {
  it.each(cases)('a Pod with a bad %s', async (name, spec, detail) => {
    const c = complete();
    const r = await call(c, 'POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec,
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: `Pod in version "v1" cannot be handled as a Pod: ${detail}`,
    });
    expect((await call(c, 'GET', `/api/v1/namespaces/default/pods/${name}`)).status).toBe(404);
  });

  it("a Deployment whose template's volumes are an object", async () => {
    const c = complete();
    const r = await call(c, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'a', image: 'nginx' }], volumes: {} },
        },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.reason).toBe('BadRequest');
    expect(r.body.message).toMatch(
      /^Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal object into Go struct field PodSpec\.spec\.template\.spec\.volumes of type \[\]v1\.Volume$/,
    );
  });

  it('a body of the right types still fails on the rules after defaulting (422), and a good one is created', async () => {
    const c = complete();
    const bad = await call(c, 'POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a' }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
    const good = await call(c, 'POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'nginx' }], tolerations: [] },
    });
    expect(good.status).toBe(201);
  });
});

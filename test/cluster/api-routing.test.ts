import { describe, expect, it } from 'vitest';
import { routeResource, splitUrl } from '../../src/cluster/api/paths.js';
import { RESOURCES, ResourceRegistry } from '../../src/cluster/api/resources.js';
import { ApiError } from '../../src/cluster/types.js';
import { call, cluster } from './api-helpers.js';

const registry = new ResourceRegistry();
const route = (url: string) => {
  const r = routeResource(registry, url);
  return (
    r && {
      group: r.resource.group,
      resource: r.resource.resource,
      namespace: r.namespace,
      name: r.name,
      sub: r.subresource,
      watch: r.watchPrefix,
      query: r.query,
    }
  );
};

describe('routing', () => {
  it.each([
    [
      '/api/v1/namespaces/default/pods',
      { group: '', resource: 'pods', namespace: 'default', name: '', sub: undefined },
    ],
    ['/api/v1/pods', { resource: 'pods', namespace: '', name: '' }],
    ['/api/v1/namespaces/default/pods/web/log', { resource: 'pods', name: 'web', sub: 'log' }],
    ['/api/v1/namespaces/default/pods/web/binding', { resource: 'pods', sub: 'binding' }],
    ['/api/v1/namespaces/default/pods/web/eviction', { resource: 'pods', sub: 'eviction' }],
    ['/api/v1/namespaces', { resource: 'namespaces', name: '' }],
    ['/api/v1/namespaces/team-a', { resource: 'namespaces', namespace: '', name: 'team-a' }],
    ['/api/v1/namespaces/team-a/finalize', { resource: 'namespaces', name: 'team-a', sub: 'finalize' }],
    ['/api/v1/namespaces/team-a/status', { resource: 'namespaces', name: 'team-a', sub: 'status' }],
    ['/api/v1/nodes/worker-1/status', { resource: 'nodes', name: 'worker-1', sub: 'status' }],
    [
      '/apis/apps/v1/namespaces/default/deployments/web/scale',
      { group: 'apps', resource: 'deployments', name: 'web', sub: 'scale' },
    ],
    ['/apis/apps/v1/deployments', { group: 'apps', resource: 'deployments', namespace: '' }],
    [
      '/apis/storage.k8s.io/v1/storageclasses/standard',
      { group: 'storage.k8s.io', resource: 'storageclasses', name: 'standard' },
    ],
    ['/apis/metrics.k8s.io/v1beta1/nodes', { group: 'metrics.k8s.io', resource: 'nodes' }],
    ['/api/v1/watch/namespaces/default/pods', { resource: 'pods', namespace: 'default', watch: true }],
  ])('%s', (url, expected) => {
    expect(route(url)).toMatchObject(expected);
  });

  it('decodes the query', () => {
    expect(splitUrl('/api/v1/pods?labelSelector=app%3Dweb%2Ctier+in+(a)&watch=true&x').query).toEqual({
      labelSelector: 'app=web,tier in (a)',
      watch: 'true',
      x: '',
    });
  });

  it.each([
    '/api/v1/namespaces/default/widgets',
    '/apis/apps/v2/deployments',
    '/api/v1/namespaces/default/nodes/n1',
    '/api/v1/namespaces/default/configmaps/x/scale',
    '/api/v1/namespaces/default/pods/a/b/c',
  ])('404s %s', (url) => {
    expect(() => routeResource(registry, url)).toThrow(ApiError);
  });

  it('leaves non-resource paths to others', () => {
    expect(routeResource(registry, '/version')).toBeUndefined();
    expect(routeResource(registry, '/apis/apps/v1')).toBeUndefined();
  });
});

describe('resource registry', () => {
  it('serves every kind of the cluster issue with its short names', () => {
    const short = Object.fromEntries(
      RESOURCES.filter((r) => !r.virtual).flatMap((r) =>
        r.shortNames.map((s) => [s, `${r.resource}${r.group ? `.${r.group}` : ''}`]),
      ),
    );
    expect(short).toMatchObject({
      po: 'pods',
      svc: 'services',
      deploy: 'deployments.apps',
      rs: 'replicasets.apps',
      ns: 'namespaces',
      no: 'nodes',
      cm: 'configmaps',
      sa: 'serviceaccounts',
      ev: 'events',
      pv: 'persistentvolumes',
      pvc: 'persistentvolumeclaims',
      quota: 'resourcequotas',
      limits: 'limitranges',
      rc: 'replicationcontrollers',
      sts: 'statefulsets.apps',
      ds: 'daemonsets.apps',
      cj: 'cronjobs.batch',
      hpa: 'horizontalpodautoscalers.autoscaling',
      ep: 'endpoints',
      netpol: 'networkpolicies.networking.k8s.io',
      ing: 'ingresses.networking.k8s.io',
      sc: 'storageclasses.storage.k8s.io',
    });
    for (const kind of [
      'Secret',
      'EndpointSlice',
      'Lease',
      'Role',
      'RoleBinding',
      'ClusterRole',
      'ClusterRoleBinding',
      'Job',
      'NodeMetrics',
      'PodMetrics',
    ])
      expect(RESOURCES.some((r) => r.kind === kind)).toBe(true);
  });

  it('puts the workloads in the `all` category, in kubectl get all order', () => {
    expect(RESOURCES.filter((r) => r.categories.includes('all')).map((r) => r.resource)).toEqual([
      'pods',
      'services',
      'replicationcontrollers',
      'deployments',
      'replicasets',
      'statefulsets',
      'daemonsets',
      'jobs',
      'cronjobs',
      'horizontalpodautoscalers',
      'horizontalpodautoscalers', // autoscaling/v1 (kubectl get all reads the preferred v2)
    ]);
  });

  it('resolves client names', () => {
    expect(registry.resolve('deploy')?.resource).toBe('deployments');
    expect(registry.resolve('deployments.apps')?.group).toBe('apps');
    expect(registry.resolve('pods')?.group).toBe('');
    expect(registry.resolve('pods.metrics.k8s.io')?.kind).toBe('PodMetrics');
    expect(registry.resolve('Pod')?.resource).toBe('pods');
    expect(registry.resolve('nope')).toBeUndefined();
  });
});

describe('discovery and non-resource paths', () => {
  it('serves /version as 1.32', async () => {
    const r = await call(cluster(), 'GET', '/version?timeout=5s');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ major: '1', minor: '32' });
    expect(r.body.gitVersion).toMatch(/^v1\.32\./);
  });

  it('serves aggregated discovery with the exact content type', async () => {
    const c = cluster();
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const apis = await call(c, 'GET', '/apis?timeout=32s', undefined, { accept });
    expect(apis.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const apps = apis.body.items.find((g: { metadata: { name: string } }) => g.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments');
    expect(deploy).toMatchObject({
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'Namespaced',
      shortNames: ['deploy'],
      categories: ['all'],
    });
    expect(deploy.subresources.map((s: { subresource: string }) => s.subresource)).toEqual([
      'status',
      'scale',
    ]);
    const core = await call(c, 'GET', '/api', undefined, { accept });
    expect(
      core.body.items[0].versions[0].resources.some((r: { resource: string }) => r.resource === 'pods'),
    ).toBe(true);
  });

  it('serves legacy discovery', async () => {
    const c = cluster();
    expect((await call(c, 'GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await call(c, 'GET', '/apis')).body;
    expect(groups.groups.map((g: { name: string }) => g.name)).toContain('rbac.authorization.k8s.io');
    const apps = (await call(c, 'GET', '/apis/apps/v1')).body;
    expect(apps.resources.map((r: { name: string }) => r.name)).toContain('deployments/scale');
    expect((await call(c, 'GET', '/apis/apps/v9')).status).toBe(404);
  });
});

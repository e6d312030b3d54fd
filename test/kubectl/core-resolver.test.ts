/** Resource types from the cluster's discovery, and the names users type for them. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete';
import { VirtualClock } from '../../src/cluster/index';
import { ApiClient } from '../../src/kubectl/client';
import { ResourceResolver, collectionUrl, kindPrefix, objectUrl } from '../../src/kubectl/resources';
import { inProcessTransport } from '../../src/kubectl/transport';

let resolver: ResourceResolver;

beforeAll(async () => {
  const cluster = createCompleteCluster({ clock: new VirtualClock() });
  resolver = await new ApiClient(inProcessTransport(cluster), 'http://test', () => undefined).resources();
});

describe('ResourceResolver', () => {
  it('accepts plurals, singulars, short names, kinds and group-qualified forms', () => {
    for (const arg of ['pods', 'pod', 'po', 'Pod', 'PODS'])
      expect(resolver.resolve(arg).resource).toBe('pods');
    for (const arg of [
      'deployments',
      'deploy',
      'deployment',
      'Deployment',
      'deployments.apps',
      'deploy.apps',
      'deployments.v1.apps',
    ])
      expect(resolver.resolve(arg)).toMatchObject({
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
        kind: 'Deployment',
      });
    expect(resolver.resolve('hpa')).toMatchObject({ group: 'autoscaling', version: 'v2' });
    expect(resolver.resolve('svc').namespaced).toBe(true);
    expect(resolver.resolve('no').namespaced).toBe(false);
  });

  it("refuses unknown types with kubectl's message", () => {
    expect(() => resolver.resolve('foo')).toThrow('the server doesn\'t have a resource type "foo"');
    expect(() => resolver.resolve('deployments.foo')).toThrow(
      'the server doesn\'t have a resource type "deployments"',
    );
  });

  it('expands categories and comma lists in order without duplicates', () => {
    expect(resolver.resolveList('all').map((r) => r.resource)).toEqual(
      expect.arrayContaining([
        'pods',
        'services',
        'deployments',
        'replicasets',
        'statefulsets',
        'daemonsets',
        'jobs',
        'cronjobs',
      ]),
    );
    expect(resolver.resolveList('all')[0]!.resource).toBe('pods');
    expect(resolver.resolveList('deploy,svc,deployments').map((r) => r.resource)).toEqual([
      'deployments',
      'services',
    ]);
  });

  it('builds URLs and name prefixes', () => {
    const deploy = resolver.resolve('deploy');
    expect(collectionUrl(deploy, 'dev')).toBe('/apis/apps/v1/namespaces/dev/deployments');
    expect(objectUrl(resolver.resolve('po'), 'default', 'web', 'log')).toBe(
      '/api/v1/namespaces/default/pods/web/log',
    );
    expect(collectionUrl(resolver.resolve('nodes'), 'default')).toBe('/api/v1/nodes');
    expect(kindPrefix(deploy)).toBe('deployment.apps');
    expect(kindPrefix(resolver.resolve('svc'))).toBe('service');
  });
});

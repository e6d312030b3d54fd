/** Strategic merge patch: merge keys from the table, each directive, list order. */
import { describe, expect, it } from 'vitest';
import {
  applyStrategicMergePatch,
  rootCursor,
  StrategicMergeError,
} from '../../src/cluster/machinery/strategic-merge/index';

const deployCursor = rootCursor('apps', 'v1', 'Deployment');
const podCursor = rootCursor('', 'v1', 'Pod');
const serviceCursor = rootCursor('', 'v1', 'Service');

function deployment(containers: unknown[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers, ...extra } },
    },
  };
}

const web = { name: 'web', image: 'nginx:1.26', ports: [{ containerPort: 80 }] };
const side = { name: 'side', image: 'busybox', args: ['sleep', '3600'] };

describe('strategic merge patch', () => {
  it('merges containers by name instead of replacing the list (kubectl set image)', () => {
    const out = applyStrategicMergePatch(
      deployment([web, side]),
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
      deployCursor,
    );
    expect(out.spec).toMatchObject({
      template: { spec: { containers: [{ ...web, image: 'nginx:1.27' }, side] } },
    });
  });

  it('appends new items and merges env by name and ports by containerPort', () => {
    const start = deployment([{ ...web, env: [{ name: 'A', value: '1' }] }]);
    const out = applyStrategicMergePatch(
      start,
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'web',
                  env: [{ name: 'B', value: '2' }],
                  ports: [{ containerPort: 80, name: 'http' }],
                },
                side,
              ],
            },
          },
        },
      },
      deployCursor,
    );
    const containers = (out.spec as { template: { spec: { containers: unknown[] } } }).template.spec
      .containers;
    expect(containers).toEqual([
      {
        ...web,
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [{ containerPort: 80, name: 'http' }],
      },
      side,
    ]);
  });

  it('replaces atomic lists (args, tolerations) and merges Service ports by port', () => {
    const out = applyStrategicMergePatch(
      deployment([side], { tolerations: [{ key: 'a', operator: 'Exists' }] }),
      {
        spec: {
          template: {
            spec: {
              containers: [{ name: 'side', args: ['true'] }],
              tolerations: [{ key: 'b', operator: 'Exists' }],
            },
          },
        },
      },
      deployCursor,
    );
    const spec = (out.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect(spec.containers).toEqual([{ ...side, args: ['true'] }]);
    expect(spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);

    const svc = applyStrategicMergePatch(
      { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } },
      { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      serviceCursor,
    );
    expect(svc.spec).toEqual({ ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] });
  });

  it('deletes fields given null and leaves other map keys', () => {
    const out = applyStrategicMergePatch(
      deployment([web]),
      { metadata: { labels: { tier: null, team: 'a' } }, spec: { replicas: null } },
      deployCursor,
    );
    expect(out.metadata).toEqual({ name: 'web', labels: { app: 'web', team: 'a' } });
    expect(out.spec).not.toHaveProperty('replicas');
  });

  it('$patch: delete removes a list item by its merge key, and a whole map', () => {
    const out = applyStrategicMergePatch(
      deployment([web, side]),
      {
        metadata: { labels: { $patch: 'delete' } },
        spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } },
      },
      deployCursor,
    );
    expect(out.metadata).toEqual({ name: 'web' });
    expect((out.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toEqual([
      web,
    ]);
  });

  it('$patch: replace replaces a map, and a list when it is a list element', () => {
    const out = applyStrategicMergePatch(
      deployment([web, side]),
      {
        metadata: { labels: { $patch: 'replace', only: 'this' } },
        spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'solo', image: 'x' }] } } },
      },
      deployCursor,
    );
    expect(out.metadata).toEqual({ name: 'web', labels: { only: 'this' } });
    expect((out.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toEqual([
      { name: 'solo', image: 'x' },
    ]);
  });

  it('$retainKeys keeps only the named fields (a Deployment strategy switched to Recreate)', () => {
    const start = deployment([web]);
    (start.spec as Record<string, unknown>).strategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    };
    const out = applyStrategicMergePatch(
      start,
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      deployCursor,
    );
    expect((out.spec as Record<string, unknown>).strategy).toEqual({ type: 'Recreate' });
  });

  it('$deleteFromPrimitiveList removes values from a merged primitive list; finalizers merge as a set', () => {
    const out = applyStrategicMergePatch(
      { metadata: { name: 'p', finalizers: ['a/x', 'b/y'] } },
      { metadata: { finalizers: ['c/z', 'a/x'], '$deleteFromPrimitiveList/finalizers': ['b/y'] } },
      podCursor,
    );
    expect(out.metadata).toEqual({ name: 'p', finalizers: ['a/x', 'c/z'] });
  });

  it('$setElementOrder orders the patched list as kubectl apply asks', () => {
    const a = { name: 'a', image: 'a' };
    const b = { name: 'b', image: 'b' };
    const c = { name: 'c', image: 'c' };
    const out = applyStrategicMergePatch(
      { spec: { containers: [a, b] } },
      {
        spec: {
          '$setElementOrder/containers': [{ name: 'c' }, { name: 'b' }, { name: 'a' }],
          containers: [c],
        },
      },
      podCursor,
    );
    expect((out.spec as { containers: { name: string }[] }).containers.map((x) => x.name)).toEqual([
      'c',
      'b',
      'a',
    ]);
  });

  it('$setElementOrder keeps server-only items in their place', () => {
    const out = applyStrategicMergePatch(
      { spec: { containers: [{ name: 'a' }, { name: 'injected' }, { name: 'b' }] } },
      {
        spec: {
          '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
          containers: [{ name: 'b', image: 'x' }],
        },
      },
      podCursor,
    );
    expect((out.spec as { containers: { name: string }[] }).containers.map((x) => x.name)).toEqual([
      'injected',
      'b',
      'a',
    ]);
  });

  it('rejects a list item without its merge key and unknown directives', () => {
    expect(() =>
      applyStrategicMergePatch({ spec: {} }, { spec: { containers: [{ image: 'x' }] } }, podCursor),
    ).toThrow(/does not contain declared merge key: name/);
    expect(() => applyStrategicMergePatch({}, { spec: { $patch: 'explode' } }, podCursor)).toThrow(
      StrategicMergeError,
    );
    expect(() => applyStrategicMergePatch({}, [], podCursor)).toThrow(StrategicMergeError);
  });

  it('does not change its inputs', () => {
    const start = deployment([web, side]);
    const copy = JSON.parse(JSON.stringify(start));
    applyStrategicMergePatch(
      start,
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'n' }] } } } },
      deployCursor,
    );
    expect(start).toEqual(copy);
  });
});

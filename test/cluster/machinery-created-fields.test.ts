/**
 * A create without managedFields of its own records its writer's fields through a shortcut
 * (the FieldsV1 built in one walk). These properties hold it equal to the general path, which
 * walks the object into field sets, for random Pods, Deployments and Events: the same
 * managedFields, or the same error.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '../../src/cluster/types';
import { clone } from '../../src/cluster/store/keys';
import { rootCursor } from '../../src/cluster/machinery/strategic-merge/index';
import {
  recordByWalk,
  recordUpdate,
  type WriteIdentity,
} from '../../src/cluster/machinery/server-side-apply/track';
import type { TrackedPart } from '../../src/cluster/machinery/server-side-apply/managed-fields';

const word = fc.constantFrom('a', 'b', 'web', 'x-1');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const labels = fc.dictionary(word, word, { maxKeys: 3 });

const container = fc.record(
  {
    name: maybe(word),
    image: maybe(word),
    ports: maybe(
      fc.array(fc.record({ containerPort: fc.constantFrom(80, 443, 8080), name: maybe(word) }), {
        maxLength: 3,
      }),
    ),
    env: maybe(fc.array(fc.record({ name: word, value: maybe(word) }), { maxLength: 3 })),
    args: maybe(fc.array(word, { maxLength: 2 })),
    resources: maybe(fc.record({ requests: maybe(fc.dictionary(fc.constantFrom('cpu', 'memory'), word)) })),
  },
  { requiredKeys: [] },
);

const podSpec = fc.record(
  {
    containers: fc.array(container, { maxLength: 3 }),
    nodeSelector: maybe(labels),
    tolerations: maybe(
      fc.array(fc.record({ key: word, operator: fc.constantFrom('Exists', 'Equal') }), { maxLength: 2 }),
    ),
    volumes: maybe(fc.array(fc.record({ name: word, emptyDir: fc.constant({}) }), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);

const metadata = fc.record(
  {
    name: word,
    namespace: maybe(word),
    labels: maybe(labels),
    annotations: maybe(labels),
    finalizers: maybe(fc.array(word, { maxLength: 3 })),
    uid: maybe(word),
    resourceVersion: maybe(fc.constant('7')),
    ownerReferences: maybe(
      fc.array(fc.record({ apiVersion: fc.constant('apps/v1'), kind: word, name: word, uid: word }), {
        maxLength: 2,
      }),
    ),
  },
  { requiredKeys: ['name'] },
);

const status = fc.record(
  {
    phase: maybe(word),
    conditions: maybe(
      fc.array(fc.record({ type: maybe(word), status: word }, { requiredKeys: ['status'] }), {
        maxLength: 3,
      }),
    ),
  },
  { requiredKeys: [] },
);

const pod = fc
  .record({ metadata, spec: maybe(podSpec), status: maybe(status) })
  .map((o) => ({ apiVersion: 'v1', kind: 'Pod', ...o }) as KubeObject);
const deployment = fc
  .record({
    metadata,
    spec: maybe(
      fc.record(
        {
          replicas: maybe(fc.nat(5)),
          selector: maybe(fc.record({ matchLabels: labels })),
          template: maybe(
            fc.record({ metadata: maybe(fc.record({ labels })), spec: podSpec }, { requiredKeys: [] }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  })
  .map((o) => ({ apiVersion: 'apps/v1', kind: 'Deployment', ...o }) as KubeObject);
const event = fc
  .record({
    metadata,
    involvedObject: fc.record({ kind: word, name: word, uid: maybe(word) }, { requiredKeys: [] }),
    reason: maybe(word),
    count: maybe(fc.nat(3)),
    source: maybe(fc.record({ component: word, host: maybe(word) }, { requiredKeys: [] })),
  })
  .map((o) => ({ apiVersion: 'v1', kind: 'Event', ...o }) as KubeObject);

function who(object: KubeObject, part: TrackedPart, subresource?: string): WriteIdentity {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  return {
    manager: 'cadet',
    apiVersion: object.apiVersion,
    ...(subresource ? { subresource } : {}),
    part,
    time: '2026-01-01T00:00:00Z',
    cursor: rootCursor(group!, version!, object.kind),
  };
}

function outcome(record: () => void, object: KubeObject): string {
  try {
    record();
    return JSON.stringify(object.metadata.managedFields ?? null);
  } catch (e) {
    return `error: ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

describe('the created-fields shortcut', () => {
  it('records what the general path records for a create', () => {
    fc.assert(
      fc.property(
        fc.oneof(pod, deployment, event),
        fc.constantFrom<[TrackedPart, string | undefined]>(
          ['all', undefined],
          ['spec', undefined],
          ['status', 'status'],
        ),
        (object, [part, subresource]) => {
          const identity = who(object, part, subresource);
          const a = clone(object);
          const b = clone(object);
          expect(outcome(() => recordUpdate(a, undefined, identity), a)).toBe(
            outcome(() => recordByWalk(b, undefined, identity), b),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('writes the FieldsV1 Kubernetes writes for a labelled Deployment', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } },
    } as KubeObject;
    recordUpdate(object, undefined, who(object, 'spec'));
    expect(object.metadata.managedFields).toEqual([
      {
        manager: 'cadet',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': { 'f:replicas': {}, 'f:selector': {} },
        },
      },
    ]);
  });
});

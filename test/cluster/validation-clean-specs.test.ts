/**
 * A stored (frozen) spec the schema accepted once is not validated again on a later write that
 * keeps it (a `/status` write): the rest of the object is. These tests hold the results equal to
 * a whole validation of an unfrozen copy (which never takes the shortcut), for good and bad
 * statuses, and check that a spec with a problem is never taken for a clean one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  defaultObject,
  findKind,
  validateObject,
  type ValidateOptions,
} from '../../src/cluster/validation/index';
import { validationHooks } from '../../src/cluster/validation/hooks';
import { createCluster, type KubeObject } from '../../src/cluster/index';
import { knownCleanSpec } from '../../src/cluster/validation/clean-specs';
import { clone, deepFreeze } from '../../src/cluster/store/keys';

const POD = { group: '', version: 'v1', kind: 'Pod' };
const podInfo = findKind(POD)!;

function pod(spec: Record<string, unknown>, status: unknown): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: deepFreeze(clone(spec)),
    status,
  };
}

const goodSpec = { containers: [{ name: 'nginx', image: 'nginx:1.27' }], nodeName: 'worker-1' };

/** Whole validation: the same object with its spec unfrozen (never remembered). */
function fresh(obj: Record<string, unknown>, options: ValidateOptions) {
  return validateObject(POD, clone(obj) as never, options);
}

const status = fc.record(
  {
    phase: fc.constantFrom('Pending', 'Running', 7, null),
    podIP: fc.constantFrom('10.244.1.5', 12, null),
    hostIP: fc.constantFrom('10.1.0.1', true),
    startTime: fc.constantFrom('2026-01-01T00:00:00Z', 'yesterday'),
    conditions: fc.array(
      fc.record(
        {
          type: fc.constantFrom('Ready', 3),
          status: fc.constantFrom('True', 'False', {}),
          bogus: fc.constant(1),
        },
        { requiredKeys: ['type'] },
      ),
      { maxLength: 2 },
    ),
    nominatedNode: fc.constant('x'),
  },
  { requiredKeys: [] },
);

describe('clean stored specs', () => {
  it('a status write reports what a whole validation reports, before and after the spec is remembered', () => {
    let shortcuts = 0;
    fc.assert(
      fc.property(
        status,
        status,
        fc.constantFrom<ValidateOptions['fieldValidation']>('Strict', 'Warn', 'Ignore'),
        (s1, s2, fv) => {
          const options: ValidateOptions = { fieldValidation: fv, subresource: 'status' };
          const spec = deepFreeze(clone(goodSpec));
          for (const s of [s1, { phase: 'Running' }, s2, s1]) {
            const obj = { ...pod({}, s), spec };
            if (knownCleanSpec(podInfo, obj)) shortcuts++;
            expect(validateObject(POD, obj as never, options)).toEqual(fresh(obj, options));
          }
        },
      ),
      { numRuns: 300 },
    );
    // s2 and s1 again went through the shortcut (the good status marks the spec), at least
    expect(shortcuts).toBeGreaterThanOrEqual(2 * 300);
  });

  it('remembers a frozen spec only after a validation without any error', () => {
    const bad = pod(goodSpec, { phase: 7 });
    validateObject(POD, bad as never, { fieldValidation: 'Strict', subresource: 'status' });
    expect(knownCleanSpec(podInfo, bad)).toBe(false);
    const good = { ...bad, status: { phase: 'Running' } };
    expect(validateObject(POD, good as never, { fieldValidation: 'Strict', subresource: 'status' })).toEqual({
      causes: [],
      warnings: [],
      decodeErrors: [],
    });
    expect(knownCleanSpec(podInfo, good)).toBe(true);
    // the same spec with a bad status: still rejected, in the same words, through the shortcut
    const again = validateObject(POD, bad as never, { fieldValidation: 'Strict', subresource: 'status' });
    expect(again.decodeErrors.map((c) => c.message)).toEqual([
      'json: cannot unmarshal number 7 into Go struct field PodStatus.status.phase of type string',
    ]);
    expect(again).toEqual(fresh(bad, { fieldValidation: 'Strict', subresource: 'status' }));
  });

  it('never remembers a spec with an unknown field: every write still finds it', () => {
    const obj = pod({ ...goodSpec, colour: 'blue' }, { phase: 'Running' });
    for (let i = 0; i < 3; i++) {
      const strict = validateObject(POD, obj as never, { fieldValidation: 'Strict', subresource: 'status' });
      expect(strict.decodeErrors.map((c) => c.message)).toEqual(['unknown field "spec.colour"']);
      const warn = validateObject(POD, obj as never, { fieldValidation: 'Warn', subresource: 'status' });
      expect(warn.warnings).toEqual(['unknown field "spec.colour"']);
    }
    expect(knownCleanSpec(podInfo, obj)).toBe(false);
  });

  it('never remembers a spec the schema rejects, nor an unfrozen one', () => {
    const wrong = pod({ containers: 'nginx' }, { phase: 'Running' });
    for (let i = 0; i < 2; i++) {
      const r = validateObject(POD, wrong as never, { fieldValidation: 'Strict', subresource: 'status' });
      expect(r.decodeErrors.length + r.causes.length).toBeGreaterThan(0);
      expect(r).toEqual(fresh(wrong, { fieldValidation: 'Strict', subresource: 'status' }));
    }
    expect(knownCleanSpec(podInfo, wrong)).toBe(false);
    const open = { ...pod(goodSpec, {}), spec: clone(goodSpec) };
    validateObject(POD, open as never, { fieldValidation: 'Strict', subresource: 'status' });
    expect(knownCleanSpec(podInfo, open)).toBe(false);
  });
});

describe('status-write defaulting', () => {
  const c = createCluster({ hooks: validationHooks(), seed: 7 });
  const hooks = validationHooks();
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }] };
  const objects: [string, Record<string, unknown>][] = [
    ['pods', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }],
    [
      'pods',
      { containers: [{ name: 'a', image: 'a', resources: { limits: { cpu: '1' } } }], hostNetwork: true },
    ],
    ['deployments.apps', { selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [] } } }],
    ['replicasets.apps', { replicas: 2, template: { spec: { containers: [{ name: 'x', image: 'x' }] } } }],
    ['statefulsets.apps', { volumeClaimTemplates: [{ spec: {} }], template: {} }],
    ['daemonsets.apps', { updateStrategy: { type: 'OnDelete' } }],
  ];

  it('gives what defaulting the whole object gives, for unsettled and settled frozen specs', () => {
    for (const [resource, rawSpec] of objects) {
      const info = c.server.resolve(resource);
      const gvk = { group: info.group, version: info.version, kind: info.kind };
      const ctx = { subresource: 'status' } as never;
      // as first stored (not yet defaulted: the defaulter changes it) and once defaulted (settled)
      const defaultedSpec = (defaultObject(gvk, { spec: clone(rawSpec) }) as { spec: object }).spec;
      for (const spec of [rawSpec, defaultedSpec]) {
        const obj = {
          apiVersion: 'v1',
          kind: info.kind,
          metadata: { name: 'x', namespace: 'default', labels: { a: 'b' } },
          spec: deepFreeze(clone(spec)),
          status: clone(status),
        } as unknown as KubeObject;
        const whole = JSON.stringify(defaultObject(gvk, obj));
        for (let i = 0; i < 2; i++) expect(JSON.stringify(hooks.default!(info, obj, ctx))).toBe(whole);
      }
    }
  });
});

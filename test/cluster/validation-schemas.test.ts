// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/cluster/validation/ajv-setup';
import { KINDS, listSchemas, schemaFor, validateManifest } from '../../src/cluster/validation';
import { MANIFESTS } from './validation-fixtures';

describe('generated Kubernetes schemas', () => {
  it('has a schema for every kind in the cluster issue', () => {
    expect(KINDS.map((k) => k.kind).sort()).toEqual(Object.keys(MANIFESTS).sort());
    expect(listSchemas()).toHaveLength(KINDS.length);
  });

  it.each(KINDS.map((k) => [k.kind, k] as const))(
    '%s: the self-contained schema compiles with ajv at run time',
    (_name, kind) => {
      const schema = schemaFor(kind)!;
      const ajv = createAjv();
      const validate = ajv.compile(schema);
      const manifest = MANIFESTS[kind.kind];
      expect(validate(JSON.parse(JSON.stringify(manifest))), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...manifest, notAField: 1 })).toBe(false);
    },
  );

  it.each(KINDS.map((k) => [k.kind] as const))('%s: a realistic manifest validates under Strict', (kind) => {
    const result = validateManifest(MANIFESTS[kind]);
    expect(result.decodeErrors).toEqual([]);
    expect(result.causes).toEqual([]);
  });

  it('keeps doc comments as descriptions (hover docs) and enums', () => {
    const schema = schemaFor({ group: 'apps', version: 'v1', kind: 'Deployment' }) as {
      definitions: Record<string, Obj>;
    };
    const container = schema.definitions['io.k8s.api.core.v1.Container'];
    expect(container.description).toBe('A single application container that you want to run within a pod.');
    expect(container.properties.imagePullPolicy.enum).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(container.properties.imagePullPolicy.description).toContain(
      'Defaults to Always if :latest tag is specified',
    );
    expect(schema.definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    expect(schema.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      'x-kubernetes-int-or-string': true,
    });
    expect(schema.definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas).toMatchObject({
      type: 'integer',
      format: 'int32',
    });
    expect(
      schema.definitions['io.k8s.api.core.v1.PodSpec'].properties.terminationGracePeriodSeconds,
    ).toMatchObject({ format: 'int64' });
  });

  it('accepts both forms of int-or-string and quantities, and rejects bad ones while decoding', () => {
    const d = structuredClone(MANIFESTS.Deployment);
    d.spec.strategy.rollingUpdate = { maxSurge: '50%', maxUnavailable: 0 };
    d.spec.template.spec.containers[0].resources = { requests: { cpu: 0.5, memory: '1.5Gi' } };
    expect(validateManifest(d).decodeErrors).toEqual([]);
    d.spec.template.spec.containers[0].resources.requests.cpu = '1 core';
    expect(validateManifest(d).decodeErrors).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.template.spec.containers[0].resources.requests[cpu]',
        message:
          "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      },
    ]);
  });
});

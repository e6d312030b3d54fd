import { describe, expect, it } from 'vitest';
import { defaultObject, statusFor, validateManifest, validateObject } from '../../src/cluster/validation';
import { MANIFESTS } from './validation-fixtures';

const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
const pod = { group: '', version: 'v1', kind: 'Pod' };
const clone = <T>(v: T): T => structuredClone(v);

describe("Kubernetes' exact messages", () => {
  it('Required value for a missing image, at the full field path', () => {
    const d = clone(MANIFESTS.Deployment);
    delete d.spec.template.spec.containers[0].image;
    const r = validateManifest(d);
    expect(r.causes).toEqual([
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.template.spec.containers[0].image',
      },
    ]);
    expect(statusFor(deployment, 'web', r)).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
      details: { name: 'web', group: 'apps', kind: 'Deployment' },
    });
  });

  it('Unsupported value for an enum', () => {
    const p = clone(MANIFESTS.Pod);
    p.spec.containers[0].imagePullPolicy = 'Alwayz';
    expect(validateManifest(p).causes).toEqual([
      {
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "Alwayz": supported values: "Always", "IfNotPresent", "Never"',
        field: 'spec.containers[0].imagePullPolicy',
      },
    ]);
  });

  it('Invalid value for a name that is not an RFC 1123 subdomain', () => {
    const p = clone(MANIFESTS.Pod);
    p.metadata.name = 'Web_1';
    expect(validateManifest(p).causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'metadata.name',
        message:
          "Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    ]);
  });

  it('Service names are RFC 1035 labels; Namespace names RFC 1123 labels of at most 63 characters', () => {
    const s = clone(MANIFESTS.Service);
    s.metadata.name = '1web';
    expect(validateManifest(s).causes[0]!.message).toBe(
      "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
    const ns = clone(MANIFESTS.Namespace);
    ns.metadata.name = 'a'.repeat(64);
    expect(validateManifest(ns).causes.map((c) => c.message)).toContain(
      `Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
    );
    ns.metadata.name = 'team.a';
    expect(validateManifest(ns).causes[0]!.message).toContain('a lowercase RFC 1123 label must consist of');
  });

  it('unknown fields: strict decoding error under Strict, a warning under Warn, nothing under Ignore', () => {
    const p = defaultObject(pod, clone(MANIFESTS.Pod));
    p.spec.containers[0].imagePullPolcy = 'Always';
    const strict = validateObject(pod, p, { fieldValidation: 'Strict' });
    expect(strict.decodeErrors).toEqual([
      {
        reason: 'FieldValueUnknown',
        field: 'spec.containers[0].imagePullPolcy',
        message: 'unknown field "spec.containers[0].imagePullPolcy"',
      },
    ]);
    expect(statusFor(pod, 'web', strict)).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolcy"',
    });
    const warn = validateObject(pod, p, { fieldValidation: 'Warn' });
    expect(warn.decodeErrors).toEqual([]);
    expect(warn.warnings).toEqual(['unknown field "spec.containers[0].imagePullPolcy"']);
    const ignore = validateObject(pod, p, { fieldValidation: 'Ignore' });
    expect(ignore).toEqual({ causes: [], warnings: [], decodeErrors: [] });
  });

  it('selector must match template labels', () => {
    const d = clone(MANIFESTS.Deployment);
    d.spec.template.metadata.labels = { app: 'x' };
    expect(validateManifest(d).causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message: 'Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
      },
    ]);
  });

  it('a missing selector is required and matches nothing', () => {
    const d = clone(MANIFESTS.Deployment);
    delete d.spec.selector;
    expect(validateManifest(d).causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('wrong JSON types fail decoding like Go does', () => {
    const d = clone(MANIFESTS.Deployment);
    d.spec.replicas = 'three';
    expect(validateManifest(d).decodeErrors).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.replicas',
        message:
          'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      },
    ]);
    d.spec.replicas = 1.5;
    expect(validateManifest(d).decodeErrors[0]!.message).toBe(
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('unknown kinds and missing apiVersion are clear', () => {
    expect(
      validateManifest({ apiVersion: 'apps/v1beta1', kind: 'Deployment' }).decodeErrors[0]!.message,
    ).toBe('no matches for kind "Deployment" in version "apps/v1beta1" (Deployment is served as apps/v1)');
    expect(validateManifest({ kind: 'Pod' }).decodeErrors[0]!.message).toBe("Object 'apiVersion' is missing");
    expect(validateManifest({ apiVersion: 'v1', kind: 'Widget' }).decodeErrors[0]!.message).toBe(
      'no matches for kind "Widget" in version "v1"',
    );
  });

  it('restartPolicy: Always only for Deployment templates, OnFailure/Never for Jobs', () => {
    const d = clone(MANIFESTS.Deployment);
    d.spec.template.spec.restartPolicy = 'Never';
    expect(validateManifest(d).causes).toEqual([
      {
        reason: 'FieldValueNotSupported',
        field: 'spec.template.spec.restartPolicy',
        message: 'Unsupported value: "Never": supported values: "Always"',
      },
    ]);
    const j = clone(MANIFESTS.Job);
    delete j.spec.template.spec.restartPolicy;
    expect(validateManifest(j).causes).toEqual([
      {
        reason: 'FieldValueNotSupported',
        field: 'spec.template.spec.restartPolicy',
        message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"',
      },
    ]);
  });

  it('label keys and values', () => {
    const p = clone(MANIFESTS.Pod);
    p.metadata.labels = { 'bad key': 'ok', good: 'bad value!' };
    expect(validateManifest(p).causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it('several causes join into one 422 message in brackets', () => {
    const d = clone(MANIFESTS.Deployment);
    d.spec.replicas = -1;
    delete d.spec.template.spec.containers[0].image;
    const status = statusFor(deployment, 'web', validateManifest(d))!;
    expect(status.message).toBe(
      'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers[0].image: Required value]',
    );
    expect(status.details!.causes).toHaveLength(2);
  });
});

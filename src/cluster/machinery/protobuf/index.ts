/**
 * Decoding of Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), as
 * kubectl 1.32's `create <generator>` subcommands send them, into the JSON objects kubectl would
 * have sent as JSON. See README.md.
 */
import { GoJsonDecoder, type Json } from './go-json';
import { readEnvelope } from './envelope';
import { CORE_V1_OBJECTS, CORE_V1_PODS } from './messages-core';
import { META_V1 } from './messages-meta';
import { APPS_V1, AUTOSCALING_V1, BATCH_V1 } from './messages-workloads';
import { AUTHENTICATION_V1, AUTHORIZATION_V1, RBAC_V1 } from './messages-auth';
import { CORE_V1_QUOTA, NETWORKING_V1 } from './messages-network';
import { buildMessages } from './schema';
import { ProtobufError } from './wire';

export { isKubernetesProtobuf, KUBERNETES_PROTOBUF_MEDIA_TYPE } from './envelope';
export { ProtobufError } from './wire';
export type { Json } from './go-json';

/** A decoded object: `kind` and `apiVersion` first, then the fields in Go's order. */
export interface DecodedObject {
  kind: string;
  apiVersion: string;
  [field: string]: Json;
}

/** The top-level message of each kind that can arrive as protobuf, by apiVersion. */
const KINDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  v1: {
    Namespace: 'Namespace',
    ConfigMap: 'ConfigMap',
    Secret: 'Secret',
    Service: 'Service',
    ServiceAccount: 'ServiceAccount',
    ResourceQuota: 'ResourceQuota',
  },
  'apps/v1': { Deployment: 'Deployment' },
  'batch/v1': { Job: 'Job', CronJob: 'CronJob' },
  'autoscaling/v1': { HorizontalPodAutoscaler: 'HorizontalPodAutoscaler' },
  'networking.k8s.io/v1': { Ingress: 'Ingress' },
  'authentication.k8s.io/v1': { TokenRequest: 'TokenRequest' },
  'rbac.authorization.k8s.io/v1': {
    Role: 'Role',
    ClusterRole: 'ClusterRole',
    RoleBinding: 'RoleBinding',
    ClusterRoleBinding: 'ClusterRoleBinding',
  },
  'authorization.k8s.io/v1': {
    SelfSubjectAccessReview: 'SelfSubjectAccessReview',
    SelfSubjectRulesReview: 'SelfSubjectRulesReview',
  },
};

const decoder = new GoJsonDecoder(
  buildMessages([
    META_V1,
    CORE_V1_OBJECTS,
    CORE_V1_PODS,
    APPS_V1,
    BATCH_V1,
    AUTOSCALING_V1,
    RBAC_V1,
    AUTHORIZATION_V1,
    NETWORKING_V1,
    CORE_V1_QUOTA,
    AUTHENTICATION_V1,
  ]),
);

/** Every `apiVersion kind` pair the decoder accepts, e.g. `apps/v1 Deployment`. */
export function protobufKinds(): string[] {
  return Object.entries(KINDS).flatMap(([gv, kinds]) => Object.keys(kinds).map((k) => `${gv} ${k}`));
}

/**
 * Decodes a Kubernetes protobuf body into the object's JSON form. Throws a ProtobufError whose
 * message starts with `protobuf body: ` (for example `protobuf body: unknown kind apps/v1 Foo`,
 * `protobuf body: truncated varint at byte 17`) when the body is malformed (`status` 400) or of a
 * kind or content encoding it cannot decode (`status` 415).
 */
export function decodeKubernetesProtobuf(bytes: Uint8Array): DecodedObject {
  const env = readEnvelope(bytes);
  if (env.contentEncoding)
    throw new ProtobufError(`unsupported contentEncoding ${JSON.stringify(env.contentEncoding)}`, 415);
  const message = KINDS[env.apiVersion]?.[env.kind];
  if (!message) throw new ProtobufError(`unknown kind ${env.apiVersion} ${env.kind}`, 415);
  if (env.rawEnd <= env.rawStart) throw new ProtobufError(`the envelope holds no ${env.kind} object`);
  const body = decoder.decode(message, bytes, env.rawStart, env.rawEnd) as { [key: string]: Json };
  return { kind: env.kind, apiVersion: env.apiVersion, ...body };
}

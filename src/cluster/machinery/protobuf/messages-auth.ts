/**
 * rbac.authorization.k8s.io/v1, authorization.k8s.io/v1 and authentication.k8s.io/v1 messages
 * that kubectl sends as protobuf: `create role|clusterrole|rolebinding|clusterrolebinding`, the
 * access reviews of `auth can-i` and `create token`'s TokenRequest (format of schema.ts: Go struct
 * order, Go JSON rules as flags).
 */
import type { FieldSpec } from './schema';

/** rbac.authorization.k8s.io/v1 message definitions. */
export const RBAC_V1: Readonly<Record<string, readonly FieldSpec[]>> = {
  PolicyRule: [
    [1, 'verbs', 'repeated string'],
    [2, 'apiGroups', 'repeated string', 'omitempty'],
    [3, 'resources', 'repeated string', 'omitempty'],
    [4, 'resourceNames', 'repeated string', 'omitempty'],
    [5, 'nonResourceURLs', 'repeated string', 'omitempty'],
  ],
  Role: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'rules', 'repeated PolicyRule'],
  ],
  ClusterRole: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'rules', 'repeated PolicyRule'],
    [3, 'aggregationRule', 'AggregationRule', 'pointer', 'omitempty'],
  ],
  AggregationRule: [[1, 'clusterRoleSelectors', 'repeated LabelSelector', 'omitempty']],
  Subject: [
    [1, 'kind', 'string'],
    [2, 'apiGroup', 'string', 'omitempty'],
    [3, 'name', 'string'],
    [4, 'namespace', 'string', 'omitempty'],
  ],
  RoleRef: [
    [1, 'apiGroup', 'string'],
    [2, 'kind', 'string'],
    [3, 'name', 'string'],
  ],
  RoleBinding: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'subjects', 'repeated Subject', 'omitempty'],
    [3, 'roleRef', 'RoleRef'],
  ],
  ClusterRoleBinding: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'subjects', 'repeated Subject', 'omitempty'],
    [3, 'roleRef', 'RoleRef'],
  ],
};

/** authorization.k8s.io/v1 message definitions. */
export const AUTHORIZATION_V1: Readonly<Record<string, readonly FieldSpec[]>> = {
  ResourceAttributes: [
    [1, 'namespace', 'string', 'omitempty'],
    [2, 'verb', 'string', 'omitempty'],
    [3, 'group', 'string', 'omitempty'],
    [4, 'version', 'string', 'omitempty'],
    [5, 'resource', 'string', 'omitempty'],
    [6, 'subresource', 'string', 'omitempty'],
    [7, 'name', 'string', 'omitempty'],
  ],
  NonResourceAttributes: [
    [1, 'path', 'string', 'omitempty'],
    [2, 'verb', 'string', 'omitempty'],
  ],
  SelfSubjectAccessReviewSpec: [
    [1, 'resourceAttributes', 'ResourceAttributes', 'pointer', 'omitempty'],
    [2, 'nonResourceAttributes', 'NonResourceAttributes', 'pointer', 'omitempty'],
  ],
  SubjectAccessReviewStatus: [
    [1, 'allowed', 'bool'],
    [4, 'denied', 'bool', 'omitempty'],
    [2, 'reason', 'string', 'omitempty'],
    [3, 'evaluationError', 'string', 'omitempty'],
  ],
  SelfSubjectAccessReview: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'SelfSubjectAccessReviewSpec'],
    [3, 'status', 'SubjectAccessReviewStatus', 'omitempty'],
  ],
  SelfSubjectRulesReviewSpec: [[1, 'namespace', 'string', 'omitempty']],
  ResourceRule: [
    [1, 'verbs', 'repeated string'],
    [2, 'apiGroups', 'repeated string', 'omitempty'],
    [3, 'resources', 'repeated string', 'omitempty'],
    [4, 'resourceNames', 'repeated string', 'omitempty'],
  ],
  NonResourceRule: [
    [1, 'verbs', 'repeated string'],
    [2, 'nonResourceURLs', 'repeated string', 'omitempty'],
  ],
  SubjectRulesReviewStatus: [
    [1, 'resourceRules', 'repeated ResourceRule'],
    [2, 'nonResourceRules', 'repeated NonResourceRule'],
    [3, 'incomplete', 'bool'],
    [4, 'evaluationError', 'string', 'omitempty'],
  ],
  SelfSubjectRulesReview: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'SelfSubjectRulesReviewSpec'],
    [3, 'status', 'SubjectRulesReviewStatus', 'omitempty'],
  ],
};

/** authentication.k8s.io/v1 message definitions (`kubectl create token` sends a TokenRequest). */
export const AUTHENTICATION_V1: Readonly<Record<string, readonly FieldSpec[]>> = {
  TokenRequest: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'TokenRequestSpec'],
    [3, 'status', 'TokenRequestStatus', 'omitempty'],
  ],
  TokenRequestSpec: [
    [1, 'audiences', 'repeated string'],
    [4, 'expirationSeconds', 'int64', 'pointer'],
    [3, 'boundObjectRef', 'BoundObjectReference', 'pointer'],
  ],
  BoundObjectReference: [
    [1, 'kind', 'string', 'omitempty'],
    [2, 'apiVersion', 'string', 'omitempty'],
    [3, 'name', 'string', 'omitempty'],
    [4, 'uid', 'string', 'omitempty'],
  ],
  TokenRequestStatus: [
    [1, 'token', 'string'],
    [2, 'expirationTimestamp', 'Time'],
  ],
};

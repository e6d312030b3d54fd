/**
 * networking.k8s.io/v1 Ingress and core/v1 ResourceQuota messages, as `kubectl create ingress`
 * and `kubectl create quota` send them (format of schema.ts: Go struct order, Go JSON rules).
 */
import type { FieldSpec } from './schema';

/** networking.k8s.io/v1 message definitions. */
export const NETWORKING_V1: Readonly<Record<string, readonly FieldSpec[]>> = {
  Ingress: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'IngressSpec', 'omitempty'],
    [3, 'status', 'IngressStatus', 'omitempty'],
  ],
  IngressSpec: [
    [4, 'ingressClassName', 'string', 'pointer', 'omitempty'],
    [1, 'defaultBackend', 'IngressBackend', 'pointer', 'omitempty'],
    [2, 'tls', 'repeated IngressTLS', 'omitempty'],
    [3, 'rules', 'repeated IngressRule', 'omitempty'],
  ],
  IngressTLS: [
    [1, 'hosts', 'repeated string', 'omitempty'],
    [2, 'secretName', 'string', 'omitempty'],
  ],
  IngressRule: [
    [1, 'host', 'string', 'omitempty'],
    [2, '', 'IngressRuleValue', 'inline'],
  ],
  IngressRuleValue: [[1, 'http', 'HTTPIngressRuleValue', 'pointer', 'omitempty']],
  HTTPIngressRuleValue: [[1, 'paths', 'repeated HTTPIngressPath']],
  HTTPIngressPath: [
    [1, 'path', 'string', 'omitempty'],
    [3, 'pathType', 'string', 'pointer'],
    [2, 'backend', 'IngressBackend'],
  ],
  IngressBackend: [
    [4, 'service', 'IngressServiceBackend', 'pointer', 'omitempty'],
    [3, 'resource', 'TypedLocalObjectReference', 'pointer', 'omitempty'],
  ],
  IngressServiceBackend: [
    [1, 'name', 'string'],
    [2, 'port', 'ServiceBackendPort', 'omitempty'],
  ],
  ServiceBackendPort: [
    [1, 'name', 'string', 'omitempty'],
    [2, 'number', 'int32', 'omitempty'],
  ],
  TypedLocalObjectReference: [
    [1, 'apiGroup', 'string', 'pointer'],
    [2, 'kind', 'string'],
    [3, 'name', 'string'],
  ],
  IngressStatus: [[1, 'loadBalancer', 'IngressLoadBalancerStatus', 'omitempty']],
  IngressLoadBalancerStatus: [[1, 'ingress', 'repeated IngressLoadBalancerIngress', 'omitempty']],
  IngressLoadBalancerIngress: [
    [1, 'ip', 'string', 'omitempty'],
    [2, 'hostname', 'string', 'omitempty'],
    [4, 'ports', 'repeated IngressPortStatus', 'omitempty'],
  ],
  IngressPortStatus: [
    [1, 'port', 'int32'],
    [2, 'protocol', 'string'],
    [3, 'error', 'string', 'pointer', 'omitempty'],
  ],
};

/** core/v1 ResourceQuota message definitions. */
export const CORE_V1_QUOTA: Readonly<Record<string, readonly FieldSpec[]>> = {
  ResourceQuota: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'ResourceQuotaSpec', 'omitempty'],
    [3, 'status', 'ResourceQuotaStatus', 'omitempty'],
  ],
  ResourceQuotaSpec: [
    [1, 'hard', 'map<string, Quantity>', 'omitempty'],
    [2, 'scopes', 'repeated string', 'omitempty'],
    [3, 'scopeSelector', 'ScopeSelector', 'pointer', 'omitempty'],
  ],
  ScopeSelector: [[1, 'matchExpressions', 'repeated ScopedResourceSelectorRequirement', 'omitempty']],
  ScopedResourceSelectorRequirement: [
    [1, 'scopeName', 'string'],
    [2, 'operator', 'string'],
    [3, 'values', 'repeated string', 'omitempty'],
  ],
  ResourceQuotaStatus: [
    [1, 'hard', 'map<string, Quantity>', 'omitempty'],
    [2, 'used', 'map<string, Quantity>', 'omitempty'],
  ],
};

/** `kubectl describe` for Pods, Services, Endpoints, Ingresses, Nodes, Namespaces, ConfigMaps, Secrets, ServiceAccounts, NetworkPolicies, RBAC and a generic kind: golden text from real kubectl 1.32. */
import { describe } from 'vitest';
import { goldenCases } from './support/golden';

describe('describe core kinds', () => {
  goldenCases((n) =>
    [
      'pod-multi',
      'pod-bad',
      'pod-user',
      'service',
      'service-kubernetes',
      'endpoints',
      'ingress',
      'node',
      'node-control-plane',
      'namespace',
      'configmap',
      'secret',
      'serviceaccount',
      'lease',
      'networkpolicy',
      'role',
      'rolebinding',
      'clusterrole',
      'clusterrolebinding',
    ].includes(n),
  );
});

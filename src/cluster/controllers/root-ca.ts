/**
 * The root CA publisher: every active namespace has a `kube-root-ca.crt` ConfigMap holding the
 * cluster's CA bundle (pods mount it through their projected service account token volume, and
 * `kubectl get configmaps` lists it in every namespace, as on a real cluster).
 */
import type { KubeObject } from '../types.js';
import type { ReconcileResult } from './types.js';

/** The ConfigMap's name. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

/** The description a real cluster's publisher puts on the ConfigMap. */
export const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * The simulated cluster's CA certificate: PEM framing around a fixed body (the simulation does no
 * TLS; the text only has to look and size like a certificate).
 */
export const ROOT_CA_PEM = (() => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let state = 0x2545f491;
  let body = '';
  for (let i = 0; i < 1024; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    body += alphabet[(state >>> 16) % 64];
    if (i % 64 === 63) body += '\n';
  }
  return `-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n${body}-----END CERTIFICATE-----\n`;
})();

/** What the publisher observes: the namespace's ConfigMap, if any. */
export interface RootCaObserved {
  configMap?: KubeObject;
}

/** Reconciles a Namespace: creates (or restores) its `kube-root-ca.crt` ConfigMap. */
export function reconcileRootCa(ns: KubeObject, observed: RootCaObserved): ReconcileResult {
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return { actions: [] };
  if (observed.configMap) return { actions: [] };
  return {
    actions: [
      {
        type: 'create',
        resource: 'configmaps',
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: ROOT_CA_CONFIGMAP,
            namespace: ns.metadata.name,
            annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION },
          },
          data: { 'ca.crt': ROOT_CA_PEM },
        },
      },
    ],
  };
}

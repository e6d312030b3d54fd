/** Writes the kubeconfig `cadet serve` hands to kubectl and client libraries. */
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  namespace?: string;
  context?: string;
}

/** A kubeconfig with one cluster, one user and the context `cadet` (the current one). */
export function kubeconfig({ server, namespace, context = 'cadet' }: KubeconfigOptions): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // A plain-HTTP server has no certificate to verify; saying so lets clients that refuse
    // http:// otherwise (@kubernetes/client-node 1.x) connect. kubectl ignores it for http.
    clusters: [
      {
        name: context,
        cluster: { server, ...(server.startsWith('http://') ? { 'insecure-skip-tls-verify': true } : {}) },
      },
    ],
    users: [{ name: context, user: { token: 'cadet' } }],
    // like kubeadm's admin.conf, no namespace unless asked (kubectl then uses "default" and does
    // not warn that a cluster-scoped resource "is not namespace scoped")
    contexts: [
      { name: context, context: { cluster: context, user: context, ...(namespace ? { namespace } : {}) } },
    ],
    'current-context': context,
    preferences: {},
  });
}

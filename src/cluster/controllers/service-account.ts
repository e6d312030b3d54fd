/** The ServiceAccount controller: every active namespace has a `default` ServiceAccount. */
import type { KubeObject } from '../types.js';
import type { ReconcileResult } from './types.js';

/** What the ServiceAccount controller observes: the namespace's `default` ServiceAccount, if any. */
export interface ServiceAccountObserved {
  defaultAccount?: KubeObject;
}

/** Reconciles a Namespace: creates its `default` ServiceAccount when missing. */
export function reconcileServiceAccounts(ns: KubeObject, observed: ServiceAccountObserved): ReconcileResult {
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating' || observed.defaultAccount)
    return { actions: [] };
  return {
    actions: [
      {
        type: 'create',
        resource: 'serviceaccounts',
        object: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: ns.metadata.name },
        },
      },
    ],
  };
}

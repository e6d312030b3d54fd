/**
 * What admission plugins (not defaulting) add to a Pod on a real 1.32 cluster, and what a new
 * Pod's status starts as. The API layer calls these; they are here because they are defaults
 * in everything but name. Functions mutate the pod they are given.
 */
import { parseQuantity } from '../../machinery/quantity';
import type { Obj } from '../rules/meta';

/** Options for `admitPod`. */
export interface PodAdmissionOptions {
  /** Mount the projected token volume (the ServiceAccount admission plugin's `kube-api-access-xxxxx`). */
  mountToken?: boolean;
  /** The five-character suffix of the token volume's name, from the cluster's seeded generator. */
  tokenVolumeSuffix?: string;
}

/** The tolerations the DefaultTolerationSeconds plugin adds: not-ready and unreachable for 300 s. */
export function defaultTolerations(): Obj[] {
  return [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
  ];
}

/**
 * ServiceAccount (serviceAccountName `default`, the deprecated `serviceAccount` mirror, the
 * token volume and its mounts), DefaultTolerationSeconds, and Priority (`priority: 0`,
 * `preemptionPolicy: PreemptLowerPriority`) admission for a new Pod.
 */
export function admitPod(pod: Obj, options: PodAdmissionOptions = {}): void {
  const s = (pod.spec ??= {});
  s.serviceAccountName ||= s.serviceAccount || 'default';
  s.serviceAccount = s.serviceAccountName;
  s.priority ??= 0;
  s.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations: Obj[] = (s.tolerations ??= []);
  for (const t of defaultTolerations()) {
    const has = tolerations.some(
      (x) => x?.key === t.key && (x.effect === undefined || x.effect === 'NoExecute'),
    );
    if (!has) tolerations.push(t);
  }
  if (options.mountToken !== false && s.automountServiceAccountToken !== false && options.tokenVolumeSuffix) {
    const name = `kube-api-access-${options.tokenVolumeSuffix}`;
    s.volumes ??= [];
    if (!s.volumes.some((v: Obj) => v?.name?.startsWith('kube-api-access-'))) {
      s.volumes.push({
        name,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              downwardAPI: {
                items: [
                  { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
                ],
              },
            },
          ],
        },
      });
      for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])]) {
        if (!c) continue;
        c.volumeMounts ??= [];
        c.volumeMounts.push({
          name,
          readOnly: true,
          mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        });
      }
    }
  }
}

/** Guaranteed, Burstable or BestEffort, from the containers' requests and limits. */
export function qosClass(pod: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers: Obj[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const name of ['cpu', 'memory']) {
      const r = req[name] ?? lim[name];
      const l = lim[name];
      if (r !== undefined || l !== undefined) any = true;
      if (l === undefined || r === undefined || parseQuantity(r).nanos !== parseQuantity(l).nanos)
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** A new Pod's status: Pending, with its QoS class. */
export function initialPodStatus(pod: Obj): Obj {
  return { phase: 'Pending', qosClass: qosClass(pod) };
}

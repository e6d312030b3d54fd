/**
 * What admission plugins (not defaulting) add to a Pod on a real 1.32 cluster, and what a new
 * Pod's status starts as. The API layer calls these; they are here because they are defaults
 * in everything but name. Functions mutate the pod they are given.
 */
import { parseQuantity } from '../../machinery/quantity';
import { flatString } from '../../machinery/flat-string';
import { deepFreeze, objectFor } from '../../store/keys';
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

/*
 * What admission adds is the same for every pod but the token volume's name: those parts are
 * frozen once and shared by every pod that gets them (the store keeps frozen parts as they are,
 * and everything stored is frozen anyway), instead of a copy per pod (about 0.7 KB).
 */
const DEFAULT_TOLERATIONS: readonly Obj[] = Object.freeze(defaultTolerations().map((t) => Object.freeze(t)));

/** The projected token volume's content (what follows its name). */
const TOKEN_PROJECTION: Obj = deepFreeze({
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    {
      downwardAPI: {
        items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
      },
    },
  ],
});

/** The empty pod securityContext defaulting gives most pods. */
const NO_SECURITY_CONTEXT: Obj = Object.freeze({});

/** A plain object without fields (`{}`), not frozen yet. */
function isEmptyObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.isFrozen(v)) return false;
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const _ in v) return false;
  return true;
}

/** Where the token volume is mounted in every container. */
const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

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
  s.tolerations = withDefaultTolerations(s.tolerations);
  if (isEmptyObject(s.securityContext)) s.securityContext = NO_SECURITY_CONTEXT;
  if (options.mountToken !== false && s.automountServiceAccountToken !== false && options.tokenVolumeSuffix) {
    const volumes: Obj[] = s.volumes ?? [];
    if (!volumes.some((v: Obj) => v?.name?.startsWith('kube-api-access-'))) {
      // one flat string: a template's result would be a pair of pointers to its pieces
      const name = flatString(`kube-api-access-${options.tokenVolumeSuffix}`);
      s.volumes = appended(volumes, { name, projected: TOKEN_PROJECTION });
      const containers = s.containers ?? [];
      const initContainers = s.initContainers ?? [];
      // what is not a list fails here as it always did (the schema refuses it after admission)
      void [...containers, ...initContainers];
      for (const list of [containers, initContainers]) {
        for (let i = 0; i < list.length; i++) {
          const c = list[i];
          if (!c) continue;
          const mounted = withMount(c, { name, readOnly: true, mountPath: TOKEN_MOUNT_PATH });
          if (mounted !== c) list[i] = mounted;
        }
      }
    }
  }
}

/**
 * `tolerations` (a pod's own, or undefined) with the DefaultTolerationSeconds plugin's two added
 * unless the pod tolerates those taints already: the shared frozen pair when it had none.
 */
function withDefaultTolerations(tolerations: Obj[] | undefined): Obj[] {
  if (tolerations == null || (Array.isArray(tolerations) && tolerations.length === 0))
    return DEFAULT_TOLERATIONS as Obj[];
  const missing = DEFAULT_TOLERATIONS.filter(
    (t) => !tolerations.some((x) => x?.key === t.key && (x.effect === undefined || x.effect === 'NoExecute')),
  );
  return missing.length ? [...tolerations, ...missing] : tolerations;
}

/**
 * The container with `mount` added last to its volumeMounts. A container that had no
 * volumeMounts is copied into an object laid out for one more field: the field added to the
 * defaulted copy would otherwise sit in a separate property array (about 40 bytes per pod).
 */
function withMount(c: Obj, mount: Obj): Obj {
  if (c.volumeMounts != null && !Array.isArray(c.volumeMounts)) {
    c.volumeMounts.push(mount); // not a list: fails as it always did
    return c;
  }
  const list = appended(c.volumeMounts ?? [], mount);
  if (
    typeof c !== 'object' ||
    Array.isArray(c) ||
    Object.getPrototypeOf(c) !== Object.prototype ||
    Object.prototype.hasOwnProperty.call(c, 'volumeMounts')
  ) {
    c.volumeMounts = list; // in place (a primitive fails here as it always did)
    return c;
  }
  const keys = Object.keys(c);
  const out = objectFor(keys.length + 1);
  for (const k of keys) out[k] = c[k];
  out.volumeMounts = list;
  return out;
}

/** A new array of `list`'s items and `item`, allocated for its length (`push` leaves room for 16). */
function appended(list: Obj[], item: Obj): Obj[] {
  const out = new Array<Obj>(list.length + 1);
  for (let i = 0; i < list.length; i++) out[i] = list[i];
  out[list.length] = item;
  return out;
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

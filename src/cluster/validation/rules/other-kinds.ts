/**
 * Rules for ConfigMap, Secret, PersistentVolumeClaim, HorizontalPodAutoscaler, Ingress,
 * NetworkPolicy, RBAC objects and ResourceQuota, on create and on update.
 */
import {
  type Cause,
  FieldPath,
  forbidden,
  invalid,
  invalidRendered,
  notSupported,
  required,
  tooLong,
} from '../field-errors';
import { configMapKey, portName, portNumber } from '../names';
import { stableStringify, validateLabelSelector, type Obj } from './meta';

/** ConfigMaps and Secrets hold at most 1 MiB of data. */
export const MAX_DATA_SIZE = 1024 * 1024;

/** UTF-8 length of a string. */
function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function validateKeys(map: Record<string, unknown> | undefined, path: FieldPath): Cause[] {
  const causes: Cause[] = [];
  for (const key of Object.keys(map ?? {}))
    for (const msg of configMapKey(key)) causes.push(invalid(path.key(key), key, msg));
  return causes;
}

/** ConfigMap: keys, no key in both data and binaryData, total size. */
export function validateConfigMap(cm: Obj): Cause[] {
  const data = FieldPath.root('data');
  const causes = [
    ...validateKeys(cm.data, data),
    ...validateKeys(cm.binaryData, FieldPath.root('binaryData')),
  ];
  let size = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    size += byteLength(String(v));
    if (cm.binaryData && k in cm.binaryData)
      causes.push(invalid(data.key(k), k, 'duplicate of key present in binaryData'));
  }
  for (const v of Object.values(cm.binaryData ?? {})) size += Math.floor((String(v).length * 3) / 4);
  if (size > MAX_DATA_SIZE) causes.push(tooLong('', `may not be more than ${MAX_DATA_SIZE} bytes`));
  return causes;
}

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/basic-auth': [],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/** Secret: keys, size, and the keys its type requires. */
export function validateSecret(secret: Obj): Cause[] {
  const data = FieldPath.root('data');
  const causes = validateKeys(secret.data, data);
  let size = 0;
  for (const v of Object.values(secret.data ?? {})) size += Math.floor((String(v).length * 3) / 4);
  for (const v of Object.values(secret.stringData ?? {})) size += byteLength(String(v));
  if (size > MAX_DATA_SIZE) causes.push(tooLong(data, `may not be more than ${MAX_DATA_SIZE} bytes`));
  const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
  for (const key of SECRET_REQUIRED_KEYS[secret.type ?? 'Opaque'] ?? [])
    if (!keys.has(key)) causes.push(required(data.key(key)));
  if (
    secret.type === 'kubernetes.io/service-account-token' &&
    !secret.metadata?.annotations?.['kubernetes.io/service-account.name']
  ) {
    causes.push(
      required(FieldPath.root('metadata').child('annotations').key('kubernetes.io/service-account.name')),
    );
  }
  return causes;
}

/** Secret and ConfigMap updates: type is fixed; `immutable: true` freezes data. */
export function validateDataUpdate(obj: Obj, old: Obj): Cause[] {
  const causes: Cause[] = [];
  if (obj.kind === 'Secret' && (obj.type ?? 'Opaque') !== (old.type ?? 'Opaque'))
    causes.push(invalid('type', obj.type ?? '', 'field is immutable'));
  if (old.immutable === true) {
    if (obj.immutable !== true)
      causes.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (stableStringify(obj.data) !== stableStringify(old.data))
      causes.push(forbidden('data', 'field is immutable when `immutable` is set'));
    if (stableStringify(obj.binaryData) !== stableStringify(old.binaryData))
      causes.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  }
  return causes;
}

/** PersistentVolumeClaim create rules. */
export function validatePersistentVolumeClaim(pvc: Obj): Cause[] {
  const spec = FieldPath.root('spec');
  const s = pvc.spec ?? {};
  const causes: Cause[] = [];
  if (!s.accessModes?.length)
    causes.push(required(spec.child('accessModes'), 'at least 1 access mode is required'));
  if (!s.resources?.requests?.storage) causes.push(required(spec.child('resources').key('storage')));
  causes.push(...validateLabelSelector(s.selector, spec.child('selector')));
  return causes;
}

/** A claim's spec is frozen after creation, except its storage request and volume attributes class. */
export function validatePersistentVolumeClaimUpdate(pvc: Obj, old: Obj): Cause[] {
  const strip = (s: Obj) => {
    const copy = structuredCloneLite(s ?? {});
    if (copy.resources) delete copy.resources.requests;
    delete copy.volumeAttributesClassName;
    // The binder fills volumeName on a pending claim.
    if (!old.spec?.volumeName) delete copy.volumeName;
    return stableStringify(copy);
  };
  if (strip(pvc.spec) === strip(old.spec)) return [];
  return [
    forbidden(
      'spec',
      'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ),
  ];
}

function structuredCloneLite<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** HorizontalPodAutoscaler (autoscaling/v2) create rules. */
export function validateHorizontalPodAutoscaler(hpa: Obj): Cause[] {
  const spec = FieldPath.root('spec');
  const s = hpa.spec ?? {};
  const causes: Cause[] = [];
  const ref = s.scaleTargetRef ?? {};
  if (!ref.kind) causes.push(required(spec.child('scaleTargetRef').child('kind')));
  if (!ref.name) causes.push(required(spec.child('scaleTargetRef').child('name')));
  const min = s.minReplicas ?? 1;
  if (typeof s.minReplicas === 'number' && s.minReplicas < 1)
    causes.push(invalid(spec.child('minReplicas'), s.minReplicas, 'must be greater than or equal to 1'));
  if (typeof s.maxReplicas === 'number' && s.maxReplicas < min) {
    causes.push(
      invalid(spec.child('maxReplicas'), s.maxReplicas, 'must be greater than or equal to `minReplicas`'),
    );
  }
  (s.metrics ?? []).forEach((m: Obj, i: number) => {
    const mp = spec.child('metrics').index(i);
    const source = m?.type ? m[String(m.type).charAt(0).toLowerCase() + String(m.type).slice(1)] : undefined;
    if (m?.type && !source)
      causes.push(
        required(
          mp.child(String(m.type).charAt(0).toLowerCase() + String(m.type).slice(1)),
          `must populate information for the given metric source`,
        ),
      );
    const target = source?.target;
    if (target?.type === 'Utilization' && target.averageUtilization === undefined) {
      causes.push(
        required(
          mp.child('resource').child('target').child('averageUtilization'),
          'must set either a target value or averageUtilization',
        ),
      );
    }
  });
  return causes;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

/** Ingress create rules: paths are absolute and typed, backends name a service and a port. */
export function validateIngress(ing: Obj): Cause[] {
  const spec = FieldPath.root('spec');
  const causes: Cause[] = [];
  const backend = (b: Obj, path: FieldPath) => {
    if (!b) return;
    if (b.service) {
      if (!b.service.name) causes.push(required(path.child('service').child('name')));
      const port = b.service.port ?? {};
      if (port.name === undefined && port.number === undefined)
        causes.push(required(path.child('service').child('port'), 'port name or number is required'));
      if (port.name !== undefined && port.number !== undefined)
        causes.push(
          invalid(path.child('service').child('port'), port.name, 'cannot set both port name & port number'),
        );
      if (typeof port.number === 'number')
        for (const msg of portNumber(port.number))
          causes.push(invalid(path.child('service').child('port').child('number'), port.number, msg));
      if (typeof port.name === 'string')
        for (const msg of portName(port.name))
          causes.push(invalid(path.child('service').child('port').child('name'), port.name, msg));
    } else if (!b.resource)
      causes.push(invalid(path, '', 'exactly one of `service` or `resource` must be specified'));
  };
  backend(ing.spec?.defaultBackend, spec.child('defaultBackend'));
  (ing.spec?.rules ?? []).forEach((r: Obj, i: number) => {
    (r?.http?.paths ?? []).forEach((p: Obj, j: number) => {
      const pp = spec.child('rules').index(i).child('http').child('paths').index(j);
      if (!p?.pathType) causes.push(required(pp.child('pathType'), 'pathType must be specified'));
      else if (!PATH_TYPES.includes(p.pathType))
        causes.push(notSupported(pp.child('pathType'), p.pathType, PATH_TYPES));
      if (p?.path !== undefined && !String(p.path).startsWith('/'))
        causes.push(invalid(pp.child('path'), p.path, 'must be an absolute path'));
      backend(p?.backend, pp.child('backend'));
    });
  });
  return causes;
}

/** NetworkPolicy create rules: selectors and port numbers. */
export function validateNetworkPolicy(np: Obj): Cause[] {
  const spec = FieldPath.root('spec');
  const s = np.spec ?? {};
  const causes = validateLabelSelector(s.podSelector, spec.child('podSelector'));
  for (const dir of ['ingress', 'egress'] as const) {
    (s[dir] ?? []).forEach((rule: Obj, i: number) => {
      (rule?.ports ?? []).forEach((p: Obj, j: number) => {
        const pp = spec.child(dir).index(i).child('ports').index(j);
        if (typeof p?.port === 'number')
          for (const msg of portNumber(p.port)) causes.push(invalid(pp.child('port'), p.port, msg));
        if (typeof p?.endPort === 'number' && typeof p.port === 'number' && p.endPort < p.port) {
          causes.push(invalid(pp.child('endPort'), p.endPort, 'must be greater than or equal to `port`'));
        }
      });
      for (const peerList of ['from', 'to']) {
        (rule?.[peerList] ?? []).forEach((peer: Obj, k: number) => {
          const pp = spec.child(dir).index(i).child(peerList).index(k);
          causes.push(...validateLabelSelector(peer?.podSelector, pp.child('podSelector')));
          causes.push(...validateLabelSelector(peer?.namespaceSelector, pp.child('namespaceSelector')));
        });
      }
    });
  }
  return causes;
}

const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'];

/** Role and ClusterRole rules: every rule names verbs. */
export function validateRole(role: Obj): Cause[] {
  const causes: Cause[] = [];
  (role.rules ?? []).forEach((r: Obj, i: number) => {
    const rp = FieldPath.root('rules').index(i);
    if (!r?.verbs?.length) causes.push(required(rp.child('verbs'), 'verbs must contain at least one value'));
    if (!r?.nonResourceURLs?.length && !r?.resources?.length && role.kind === 'Role') {
      causes.push(required(rp.child('resources'), 'resource rules must supply at least one resource'));
    }
  });
  return causes;
}

/** RoleBinding and ClusterRoleBinding rules: a role reference and well-formed subjects. */
export function validateRoleBinding(rb: Obj): Cause[] {
  const causes: Cause[] = [];
  const ref = rb.roleRef ?? {};
  const allowed = rb.kind === 'RoleBinding' ? ['ClusterRole', 'Role'] : ['ClusterRole'];
  if (ref.apiGroup !== 'rbac.authorization.k8s.io')
    causes.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  if (!ref.kind) causes.push(required('roleRef.kind'));
  else if (!allowed.includes(ref.kind)) causes.push(notSupported('roleRef.kind', ref.kind, allowed));
  if (!ref.name) causes.push(required('roleRef.name'));
  (rb.subjects ?? []).forEach((s: Obj, i: number) => {
    const sp = FieldPath.root('subjects').index(i);
    if (!SUBJECT_KINDS.includes(s?.kind))
      causes.push(notSupported(sp.child('kind'), s?.kind ?? '', SUBJECT_KINDS));
    if (!s?.name) causes.push(required(sp.child('name')));
    if (s?.kind === 'ServiceAccount' && rb.kind === 'ClusterRoleBinding' && !s.namespace)
      causes.push(required(sp.child('namespace')));
    if ((s?.kind === 'User' || s?.kind === 'Group') && s.apiGroup !== 'rbac.authorization.k8s.io') {
      causes.push(notSupported(sp.child('apiGroup'), s.apiGroup ?? '', ['rbac.authorization.k8s.io']));
    }
  });
  return causes;
}

/** A binding's roleRef never changes. */
export function validateRoleBindingUpdate(rb: Obj, old: Obj): Cause[] {
  if (stableStringify(rb.roleRef) === stableStringify(old.roleRef)) return [];
  const r = rb.roleRef ?? {};
  return [
    invalidRendered(
      'roleRef',
      `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}`,
      'cannot change roleRef',
    ),
  ];
}

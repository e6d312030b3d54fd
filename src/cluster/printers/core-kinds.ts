/**
 * Tables of the cluster and configuration kinds: Namespace, Node, ConfigMap, Secret,
 * ServiceAccount, Event, PersistentVolume(Claim), ResourceQuota, LimitRange, StorageClass, the
 * four RBAC kinds and Lease, with the columns of Kubernetes' printers.
 */
import type { KubeObject } from '../types.js';
import { parseRfc3339, rfc3339 } from '../machinery/timestamps.js';
import { since } from './duration.js';
import { AGE_COLUMN, at, column, int, list, NAME_COLUMN, type Printer } from './table.js';

const age = (o: KubeObject, now: number) => since(o.metadata.creationTimestamp, now);
const count = (map: unknown) => (map && typeof map === 'object' ? Object.keys(map).length : 0);

/** Namespace: Name, Status, Age. */
export const NAMESPACE_PRINTER: Printer = {
  columns: [NAME_COLUMN, column('Status', 'The status of the namespace.'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name, String(at(o, 'status', 'phase') ?? ''), age(o, now)],
};

/** A node's roles from its `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return [...roles].sort();
}

/** A node's STATUS cell: Ready, NotReady or Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: KubeObject): string {
  const ready = list(at(node, 'status', 'conditions')).find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (at(node, 'spec', 'unschedulable') === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeAddress(node: KubeObject, type: string): string {
  const a = list(at(node, 'status', 'addresses')).find((x) => x.type === type);
  return a ? String(a.address) : '<none>';
}

/** Node: Name, Status, Roles, Age, Version | Internal-IP, External-IP, OS-Image, Kernel-Version, Container-Runtime. */
export const NODE_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'The status of the node.'),
    column('Roles', 'The roles of the node.'),
    AGE_COLUMN,
    column('Version', 'Kubelet version reported by the node.'),
    column('Internal-IP', 'The internal IP address of the node.', { wide: true }),
    column('External-IP', 'The external IP address of the node.', { wide: true }),
    column('OS-Image', 'OS image reported by the node.', { wide: true }),
    column('Kernel-Version', 'Kernel version reported by the node.', { wide: true }),
    column('Container-Runtime', 'Container runtime version reported by the node.', { wide: true }),
  ],
  cells: (o, { now }) => {
    const info = at(o, 'status', 'nodeInfo') ?? {};
    const roles = nodeRoles(o).join(',');
    return [
      o.metadata.name,
      nodeStatus(o),
      roles || '<none>',
      age(o, now),
      String(info.kubeletVersion ?? ''),
      nodeAddress(o, 'InternalIP'),
      nodeAddress(o, 'ExternalIP'),
      String(info.osImage ?? '') || '<unknown>',
      String(info.kernelVersion ?? '') || '<unknown>',
      String(info.containerRuntimeVersion ?? '') || '<unknown>',
    ];
  },
};

/** ConfigMap: Name, Data, Age. */
export const CONFIGMAP_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Data', 'The number of keys in data and binaryData.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => [o.metadata.name, count(o.data) + count(o.binaryData), age(o, now)],
};

/** Secret: Name, Type, Data, Age. */
export const SECRET_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'The type of the secret.'),
    column('Data', 'The number of keys in the secret.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => [o.metadata.name, String(o.type ?? ''), count(o.data), age(o, now)],
};

/** ServiceAccount: Name, Secrets, Age. */
export const SERVICEACCOUNT_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Secrets', 'The number of secrets listed by the service account.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => [o.metadata.name, list(o.secrets).length, age(o, now)],
};

/** Event: Last Seen, Type, Reason, Object, Message | Subobject, Source, First Seen, Count, Name. */
export const EVENT_PRINTER: Printer = {
  columns: [
    column('Last Seen', 'Time since the event was last observed.'),
    column('Type', 'Type of this event (Normal, Warning).'),
    column(
      'Reason',
      "Short, machine understandable reason for the transition into the object's current status.",
    ),
    column('Object', 'The object this event is about.'),
    column('Subobject', 'The part of the object this event is about (a container).', { wide: true }),
    column('Source', 'The component that reported this event.', { wide: true }),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'Time since the event was first observed.', { wide: true }),
    column('Count', 'The number of times this event has occurred.', { type: 'integer', wide: true }),
    column('Name', 'The name of the event.', { wide: true, format: 'name' }),
  ],
  cells: (o, { now }) => {
    const first = o.firstTimestamp ? since(o.firstTimestamp, now) : since(o.eventTime, now);
    let last = o.lastTimestamp ? since(o.lastTimestamp, now) : first;
    let times = int(o.count);
    const series = o.series as Record<string, unknown> | undefined;
    if (series) {
      last = since(series.lastObservedTime, now);
      times = int(series.count);
    } else if (times === 0) times = 1;
    const kind = String(at(o, 'involvedObject', 'kind') ?? '').toLowerCase();
    const name = String(at(o, 'involvedObject', 'name') ?? '');
    const component = String(at(o, 'source', 'component') ?? '') || String(o.reportingComponent ?? '');
    const host = String(at(o, 'source', 'host') ?? '') || String(o.reportingInstance ?? '');
    return [
      last,
      String(o.type ?? ''),
      String(o.reason ?? ''),
      name ? `${kind}/${name}` : kind,
      String(at(o, 'involvedObject', 'fieldPath') ?? ''),
      host ? `${component}, ${host}` : component,
      String(o.message ?? '').trim(),
      first,
      times,
      o.metadata.name,
    ];
  },
};

/** Access modes in Kubernetes' short form, in its fixed order: `RWO,ROX,RWX,RWOP`. */
export function accessModes(modes: unknown): string {
  const have = new Set(list<string>(modes));
  const short: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return short
    .filter(([m]) => have.has(m))
    .map(([, s]) => s)
    .join(',');
}

/** PersistentVolume: Name, Capacity, Access Modes, Reclaim Policy, Status, Claim, StorageClass, VolumeAttributesClass, Reason, Age | VolumeMode. */
export const PV_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Capacity', 'The storage capacity of the volume.'),
    column('Access Modes', 'The ways the volume can be mounted.'),
    column('Reclaim Policy', 'What happens to the volume when released from its claim.'),
    column('Status', 'The phase of the volume.'),
    column('Claim', 'The claim bound to the volume.'),
    column('StorageClass', 'The storage class of the volume.'),
    column('VolumeAttributesClass', 'The volume attributes class of the volume.'),
    column('Reason', 'Why the volume is in this phase.'),
    AGE_COLUMN,
    column('VolumeMode', 'Whether the volume is a filesystem or a raw block device.', { wide: true }),
  ],
  cells: (o, { now }) => {
    const ref = at(o, 'spec', 'claimRef');
    const mode = at(o, 'spec', 'volumeMode');
    const vac = at(o, 'spec', 'volumeAttributesClassName');
    return [
      o.metadata.name,
      String(at(o, 'spec', 'capacity', 'storage') ?? '0'),
      accessModes(at(o, 'spec', 'accessModes')),
      String(at(o, 'spec', 'persistentVolumeReclaimPolicy') ?? ''),
      o.metadata.deletionTimestamp ? 'Terminating' : String(at(o, 'status', 'phase') ?? ''),
      ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
      String(at(o, 'spec', 'storageClassName') ?? ''),
      vac ? String(vac) : '<unset>',
      String(at(o, 'status', 'reason') ?? ''),
      age(o, now),
      mode ? String(mode) : '<unset>',
    ];
  },
};

/** PersistentVolumeClaim: Name, Status, Volume, Capacity, Access Modes, StorageClass, VolumeAttributesClass, Age | VolumeMode. */
export const PVC_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'The phase of the claim.'),
    column('Volume', 'The volume bound to the claim.'),
    column('Capacity', 'The capacity of the bound volume.'),
    column('Access Modes', 'The access modes of the bound volume.'),
    column('StorageClass', 'The storage class of the claim.'),
    column('VolumeAttributesClass', 'The volume attributes class of the claim.'),
    AGE_COLUMN,
    column('VolumeMode', 'Whether the claim wants a filesystem or a raw block device.', { wide: true }),
  ],
  cells: (o, { now }) => {
    const volume = String(at(o, 'spec', 'volumeName') ?? '');
    const mode = at(o, 'spec', 'volumeMode');
    const vac = at(o, 'spec', 'volumeAttributesClassName');
    return [
      o.metadata.name,
      o.metadata.deletionTimestamp ? 'Terminating' : String(at(o, 'status', 'phase') ?? ''),
      volume,
      volume ? String(at(o, 'status', 'capacity', 'storage') ?? '') : '',
      volume ? accessModes(at(o, 'status', 'accessModes')) : '',
      String(at(o, 'spec', 'storageClassName') ?? ''),
      vac ? String(vac) : '<unset>',
      age(o, now),
      mode ? String(mode) : '<unset>',
    ];
  },
};

/** ResourceQuota: Name, Age, Request, Limit (`pods: 2/10, requests.cpu: 500m/1`). */
export const RESOURCEQUOTA_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    column('Request', 'Used and hard amounts of the requested resources.'),
    column('Limit', 'Used and hard amounts of the resource limits.'),
  ],
  cells: (o, { now }) => {
    const names = Object.keys(at(o, 'spec', 'hard') ?? {}).sort();
    const requests: string[] = [];
    const limits: string[] = [];
    for (const n of names) {
      const used = String(at(o, 'status', 'used', n) ?? '0');
      const hard = String(at(o, 'status', 'hard', n) ?? '0');
      (n.split('.')[0] === 'limits' && n.includes('.') ? limits : requests).push(`${n}: ${used}/${hard}`);
    }
    return [o.metadata.name, age(o, now), requests.join(', '), limits.join(', ')];
  },
};

/** The Created At cell (RFC 3339 in UTC) of LimitRanges and RBAC roles. */
function createdAt(o: KubeObject): string {
  const t = parseRfc3339(o.metadata.creationTimestamp);
  return t === undefined ? '' : rfc3339(t);
}

const CREATED_AT = column('Created At', 'The time the object was created.', { type: 'date' });

/** LimitRange, Role and ClusterRole: Name, Created At. */
export const CREATED_AT_PRINTER: Printer = {
  columns: [NAME_COLUMN, CREATED_AT],
  cells: (o) => [o.metadata.name, createdAt(o)],
};

/** StorageClass: Name (`(default)` marked), Provisioner, ReclaimPolicy, VolumeBindingMode, AllowVolumeExpansion, Age. */
export const STORAGECLASS_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Provisioner', 'The provisioner of the class.'),
    column('ReclaimPolicy', 'What happens to volumes of the class when released.'),
    column('VolumeBindingMode', 'When volumes of the class are bound and provisioned.'),
    column('AllowVolumeExpansion', 'Whether volumes of the class can be expanded.', { type: 'boolean' }),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => {
    const a = o.metadata.annotations ?? {};
    const isDefault =
      a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [
      isDefault ? `${o.metadata.name} (default)` : o.metadata.name,
      String(o.provisioner ?? ''),
      String(o.reclaimPolicy ?? 'Delete'),
      String(o.volumeBindingMode ?? 'Immediate'),
      o.allowVolumeExpansion === true,
      age(o, now),
    ];
  },
};

/** RoleBinding and ClusterRoleBinding: Name, Role, Age | Users, Groups, ServiceAccounts. */
export const BINDING_PRINTER: Printer = {
  columns: [
    NAME_COLUMN,
    column('Role', 'The role the binding grants.'),
    AGE_COLUMN,
    column('Users', 'The users bound.', { wide: true }),
    column('Groups', 'The groups bound.', { wide: true }),
    column('ServiceAccounts', 'The service accounts bound.', { wide: true }),
  ],
  cells: (o, { now }) => {
    const subjects = list(o.subjects);
    const of = (kind: string) => subjects.filter((s) => s.kind === kind);
    return [
      o.metadata.name,
      `${at(o, 'roleRef', 'kind') ?? ''}/${at(o, 'roleRef', 'name') ?? ''}`,
      age(o, now),
      of('User')
        .map((s) => String(s.name))
        .join(', '),
      of('Group')
        .map((s) => String(s.name))
        .join(', '),
      of('ServiceAccount')
        .map((s) => (s.namespace ? `${String(s.namespace)}/${String(s.name)}` : String(s.name)))
        .join(', '),
    ];
  },
};

/** Lease: Name, Holder, Age. */
export const LEASE_PRINTER: Printer = {
  columns: [NAME_COLUMN, column('Holder', 'The holder of the lease.'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name, String(at(o, 'spec', 'holderIdentity') ?? ''), age(o, now)],
};

/** Any other kind: Name, Age. */
export const GENERIC_PRINTER: Printer = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name, age(o, now)],
};

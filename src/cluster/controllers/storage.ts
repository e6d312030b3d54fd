/**
 * PersistentVolume binding: a Pending claim binds to the smallest Available volume that fits
 * (class, access modes, size, selector), or its class's simulated provisioner creates a volume
 * `pvc-<claim uid>` for it; both then show `Bound`. A volume whose claim is gone is deleted
 * (reclaim policy Delete) or `Released` (Retain). The default StorageClass `standard` is here as data.
 */
import type { KubeObject } from '../types.js';
import type { Action, EventSpec, ReconcileResult } from './types.js';
import { type LabelSelector, matchesSelector } from './labels.js';
import { clone, compareStrings, sameJson } from './json.js';
import { compareQuantity, parseQuantity, tryParseQuantity } from '../machinery/quantity.js';

/** The provisioner of the simulated default class. */
export const SIMULATED_PROVISIONER = 'cadet.dev/simulated';
/** The annotation that marks the default StorageClass. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** The default StorageClass a cluster starts with. */
export function defaultStorageClass(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    provisioner: SIMULATED_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  };
}

/** The default class among `classes` (the newest when several claim it), if any. */
export function findDefaultClass(classes: readonly KubeObject[]): KubeObject | undefined {
  return [...classes]
    .filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')
    .sort(
      (a, b) =>
        compareStrings(b.metadata.creationTimestamp ?? '', a.metadata.creationTimestamp ?? '') ||
        compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''),
    )[0];
}

/** What the claim binder observes. */
export interface ClaimObserved {
  volumes: KubeObject[];
  classes: KubeObject[];
  /** Pods of the claim's namespace (WaitForFirstConsumer waits for a scheduled one). */
  pods: KubeObject[];
}

const COMPONENT = 'persistentvolume-controller';

const request = (pvc: KubeObject) => tryParseQuantity(pvc.spec?.resources?.requests?.storage);
const modes = (o: KubeObject): string[] => (o.spec?.accessModes ?? []) as string[];
const classOf = (o: KubeObject): string => (o.spec?.storageClassName as string | undefined) ?? '';

function claimRefTo(pvc: KubeObject): Record<string, string> {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: pvc.metadata.namespace ?? '',
    name: pvc.metadata.name ?? '',
    uid: pvc.metadata.uid ?? '',
    apiVersion: 'v1',
  };
}

function refersTo(pv: KubeObject, pvc: KubeObject): boolean {
  const ref = pv.spec?.claimRef as Record<string, string> | undefined;
  return (
    !!ref &&
    ref.namespace === pvc.metadata.namespace &&
    ref.name === pvc.metadata.name &&
    (!ref.uid || ref.uid === pvc.metadata.uid)
  );
}

function fits(pv: KubeObject, pvc: KubeObject): boolean {
  if (pv.spec?.claimRef || pv.metadata.deletionTimestamp) return false;
  if (classOf(pv) !== classOf(pvc)) return false;
  if (!modes(pvc).every((m) => modes(pv).includes(m))) return false;
  const want = request(pvc);
  const have = tryParseQuantity(pv.spec?.capacity?.storage);
  if (want && (!have || compareQuantity(have, want) < 0)) return false;
  const selector = pvc.spec?.selector as LabelSelector | undefined;
  return !selector || matchesSelector(selector, pv.metadata.labels);
}

/** The volume the simulated provisioner creates for `pvc` of class `sc`. */
export function provisionedVolume(pvc: KubeObject, sc: KubeObject): KubeObject {
  const name = `pvc-${pvc.metadata.uid}`;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': String(sc.provisioner) } },
    spec: {
      capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '1Gi' },
      accessModes: modes(pvc).length ? clone(modes(pvc)) : ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      hostPath: { path: `/var/lib/cadet/volumes/${name}`, type: 'DirectoryOrCreate' },
      claimRef: claimRefTo(pvc),
    },
  };
}

/** Reconciles a PersistentVolumeClaim: binds or provisions, then reports Bound. */
export function reconcileClaim(pvc: KubeObject, observed: ClaimObserved): ReconcileResult {
  if (pvc.metadata.deletionTimestamp) return { actions: [] };
  const actions: Action[] = [];
  const event = (reason: string, message: string, type: EventSpec['type'] = 'Normal'): EventSpec => ({
    involvedObject: pvc,
    type,
    reason,
    message,
    component: COMPONENT,
  });
  const volumeName = pvc.spec?.volumeName as string | undefined;
  const pv = volumeName
    ? observed.volumes.find((v) => v.metadata.name === volumeName)
    : observed.volumes.find((v) => refersTo(v, pvc));

  if (!pv) {
    const candidates = observed.volumes
      .filter((v) => fits(v, pvc))
      .sort(
        (a, b) =>
          compareQuantity(parseQuantity(a.spec.capacity.storage), parseQuantity(b.spec.capacity.storage)) ||
          compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''),
      );
    if (candidates[0] && !volumeName) {
      // Static binding: claim the volume first, then the claim (next sync).
      const next = clone(candidates[0]);
      next.spec.claimRef = claimRefTo(pvc);
      next.metadata.annotations = {
        ...(next.metadata.annotations ?? {}),
        'pv.kubernetes.io/bound-by-controller': 'yes',
      };
      actions.push({ type: 'update', resource: 'persistentvolumes', object: next });
      return { actions };
    }
    const sc = observed.classes.find((c) => c.metadata.name === classOf(pvc));
    if (!sc || volumeName) {
      const msg = classOf(pvc)
        ? `storageclass.storage.k8s.io "${classOf(pvc)}" not found`
        : 'no persistent volumes available for this claim and no storage class is set';
      return {
        actions: statusActions(pvc, { phase: 'Pending' }, [
          { type: 'event', event: event('FailedBinding', msg, 'Warning') },
        ]),
      };
    }
    if (sc.provisioner !== SIMULATED_PROVISIONER) {
      const msg = `Waiting for a volume to be created either by the external provisioner '${String(sc.provisioner)}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
      return {
        actions: statusActions(pvc, { phase: 'Pending' }, [
          { type: 'event', event: event('ExternalProvisioning', msg) },
        ]),
      };
    }
    if (sc.volumeBindingMode === 'WaitForFirstConsumer') {
      const used = observed.pods.some(
        (p) =>
          p.spec?.nodeName &&
          ((p.spec?.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string } }[]).some(
            (v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name,
          ),
      );
      if (!used) {
        const msg = 'waiting for first consumer to be created before binding';
        return {
          actions: statusActions(pvc, { phase: 'Pending' }, [
            { type: 'event', event: event('WaitForFirstConsumer', msg) },
          ]),
        };
      }
    }
    const volume = provisionedVolume(pvc, sc);
    actions.push({
      type: 'create',
      resource: 'persistentvolumes',
      object: volume,
      event: event('ProvisioningSucceeded', `Successfully provisioned volume ${volume.metadata.name}`),
    });
    const annotated = clone(pvc);
    annotated.metadata.annotations = {
      ...(annotated.metadata.annotations ?? {}),
      'volume.beta.kubernetes.io/storage-provisioner': String(sc.provisioner),
      'volume.kubernetes.io/storage-provisioner': String(sc.provisioner),
    };
    if (!sameJson(annotated.metadata, pvc.metadata))
      actions.push({ type: 'update', resource: 'persistentvolumeclaims', object: annotated });
    return { actions };
  }

  // The volume is ours: finish the claim's side, then both statuses.
  if (!refersTo(pv, pvc)) return { actions: statusActions(pvc, { phase: 'Lost' }, []) };
  const claim = clone(pvc);
  claim.spec = { ...claim.spec, volumeName: pv.metadata.name };
  claim.metadata.annotations = {
    ...(claim.metadata.annotations ?? {}),
    'pv.kubernetes.io/bind-completed': 'yes',
    ...(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']
      ? {}
      : { 'pv.kubernetes.io/bound-by-controller': 'yes' }),
  };
  if (!sameJson(claim.spec, pvc.spec) || !sameJson(claim.metadata, pvc.metadata))
    actions.push({ type: 'update', resource: 'persistentvolumeclaims', object: claim });
  if (!sameJson(pv.status ?? {}, { ...(pv.status ?? {}), phase: 'Bound' }))
    actions.push({
      type: 'updateStatus',
      resource: 'persistentvolumes',
      object: { ...pv, status: { ...(pv.status ?? {}), phase: 'Bound' } },
    });
  const status = { phase: 'Bound', accessModes: clone(modes(pv)), capacity: clone(pv.spec?.capacity ?? {}) };
  return { actions: statusActions(claim, status, actions) };
}

function statusActions(pvc: KubeObject, status: Record<string, unknown>, actions: Action[]): Action[] {
  const next = { ...(pvc.status ?? {}), ...status };
  if (!sameJson(next, pvc.status ?? {}))
    actions.push({
      type: 'updateStatus',
      resource: 'persistentvolumeclaims',
      object: { ...pvc, status: next },
    });
  return actions;
}

/** What the volume reclaimer observes: the claim its claimRef names, if it exists. */
export interface VolumeObserved {
  claim?: KubeObject;
}

/** Reconciles a PersistentVolume: Available when free, Released or deleted when its claim is gone. */
export function reconcileVolume(pv: KubeObject, observed: VolumeObserved): ReconcileResult {
  if (pv.metadata.deletionTimestamp) return { actions: [] };
  const ref = pv.spec?.claimRef as Record<string, string> | undefined;
  let phase = 'Available';
  if (ref) {
    const claim = observed.claim;
    if (claim && (!ref.uid || ref.uid === claim.metadata.uid)) {
      // Bound is written by the claim's side once the claim points back.
      if (pv.status?.phase !== 'Bound') return { actions: [] };
      phase = 'Bound';
    } else {
      if ((pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain') === 'Delete')
        return {
          actions: [
            { type: 'delete', resource: 'persistentvolumes', namespace: '', name: pv.metadata.name ?? '' },
          ],
        };
      phase = 'Released';
    }
  }
  if (pv.status?.phase === phase) return { actions: [] };
  return {
    actions: [
      {
        type: 'updateStatus',
        resource: 'persistentvolumes',
        object: { ...pv, status: { ...(pv.status ?? {}), phase } },
      },
    ],
  };
}

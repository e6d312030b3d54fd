/** `kubectl describe` for PersistentVolumeClaims, PersistentVolumes and StorageClasses. */
import type { KubeObject } from '../../cluster/types.js';
import { formatLabels } from '../../cluster/printers/table.js';
import { describeEvents } from './events.js';
import {
  annotationsMultiline,
  arr,
  byString,
  labelsMultiline,
  rec,
  rfc1123z,
  since,
  str,
  type Obj,
} from './format.js';
import { fetchEvents, listOrEmpty, type DescribeContext } from './source.js';
import { L0, L1, L2, tabbedString, type DescribeWriter } from './writer.js';

/** `RWO,ROX,RWX,RWOP` (GetAccessModesAsString). */
export function accessModes(modes: unknown): string {
  const list = arr<string>(modes);
  const out: string[] = [];
  if (list.includes('ReadWriteOnce')) out.push('RWO');
  if (list.includes('ReadOnlyMany')) out.push('ROX');
  if (list.includes('ReadWriteMany')) out.push('RWX');
  if (list.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

function finalizers(list: unknown): string {
  return `[${arr<string>(list).join(' ')}]`;
}

function claimClass(pvc: Obj): string {
  return (
    str(rec(rec(pvc.metadata).annotations)['volume.beta.kubernetes.io/storage-class']) ||
    str(rec(pvc.spec).storageClassName)
  );
}

export function renderPersistentVolumeClaim(
  pvc: KubeObject,
  usedBy: string[],
  events: Obj[] | undefined,
  now: number,
): string {
  const spec = rec(pvc.spec);
  const status = rec(pvc.status);
  const m = pvc.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    w.write(L0, `StorageClass:\t${claimClass(pvc)}\n`);
    if (m.deletionTimestamp) w.write(L0, `Status:\tTerminating (lasts ${since(m.deletionTimestamp, now)})\n`);
    else w.write(L0, `Status:\t${str(status.phase)}\n`);
    w.write(L0, `Volume:\t${str(spec.volumeName)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `Finalizers:\t${finalizers(m.finalizers)}\n`);
    let capacity = '';
    let modes = '';
    if (str(spec.volumeName)) {
      modes = accessModes(status.accessModes);
      capacity = str(rec(status.capacity).storage) || '0';
    }
    w.write(L0, `Capacity:\t${capacity}\n`);
    w.write(L0, `Access Modes:\t${modes}\n`);
    if (spec.volumeMode) w.write(L0, `VolumeMode:\t${str(spec.volumeMode)}\n`);
    if (spec.dataSource) {
      const ds = rec(spec.dataSource);
      w.write(L0, 'DataSource:\n');
      if (ds.apiGroup) w.write(L1, `APIGroup:\t${str(ds.apiGroup)}\n`);
      w.write(L1, `Kind:\t${str(ds.kind)}\n`);
      w.write(L1, `Name:\t${str(ds.name)}\n`);
    }
    w.write(L0, 'Used By:\t');
    if (usedBy.length === 0) w.line('<none>');
    else usedBy.forEach((name, i) => w.write(L0, `${i === 0 ? '' : '\t'}${name}\n`));
    const conditions = arr(status.conditions);
    if (conditions.length) {
      w.write(L0, 'Conditions:\n');
      w.write(L1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(L1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          L1,
          `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`,
        );
    }
    describeEvents(events, w, now);
  });
}

export async function describePersistentVolumeClaim(pvc: KubeObject, ctx: DescribeContext): Promise<string> {
  const pods = await listOrEmpty(ctx, 'pods', { namespace: pvc.metadata.namespace });
  const name = str(pvc.metadata.name);
  const usedBy = pods
    .filter((p) =>
      arr(rec(p.spec).volumes).some(
        (v) =>
          str(rec(v.persistentVolumeClaim).claimName) === name ||
          (v.ephemeral && `${str(p.metadata.name)}-${str(v.name)}` === name),
      ),
    )
    .map((p) => str(p.metadata.name))
    .sort(byString);
  return renderPersistentVolumeClaim(pvc, usedBy, await fetchEvents(ctx, pvc), ctx.now);
}

function volumeSource(spec: Obj, w: DescribeWriter): void {
  const row = (type: string, rows: [string, string][]): void =>
    w.write(L2, `Type:\t${type}\n${rows.map(([k, v]) => `    ${k}:\t${v}\n`).join('')}`);
  if (spec.hostPath) {
    const h = rec(spec.hostPath);
    row('HostPath (bare host directory volume)', [
      ['Path', str(h.path)],
      ['HostPathType', h.type === undefined ? '<none>' : str(h.type)],
    ]);
  } else if (spec.nfs) {
    const n = rec(spec.nfs);
    row('NFS (an NFS mount that lasts the lifetime of a pod)', [
      ['Server', str(n.server)],
      ['Path', str(n.path)],
      ['ReadOnly', String(n.readOnly === true)],
    ]);
  } else if (spec.local) {
    row('LocalVolume (a persistent volume backed by local storage on a node)', [
      ['Path', str(rec(spec.local).path)],
    ]);
  } else if (spec.csi) {
    const c = rec(spec.csi);
    row('CSI (a Container Storage Interface (CSI) volume source)', [
      ['Driver', str(c.driver)],
      ['FSType', str(c.fsType)],
      ['VolumeHandle', str(c.volumeHandle)],
      ['ReadOnly', String(c.readOnly === true)],
    ]);
    const attrs = rec(c.volumeAttributes);
    w.write(L0, '    VolumeAttributes:');
    const keys = Object.keys(attrs).sort(byString);
    if (keys.length === 0) w.write(L0, '\t<none>\n');
    else keys.forEach((k, i) => w.write(L0, `${i === 0 ? '' : '    '}\t${k}=${str(attrs[k])}\n`));
  }
}

function nodeAffinity(w: DescribeWriter, affinity: unknown): void {
  const required = rec(rec(affinity).required);
  if (!affinity || !rec(affinity).required) {
    w.write(L0, 'Node Affinity:\t<none>\n');
    return;
  }
  w.write(L0, 'Node Affinity:\n');
  w.write(L1, 'Required Terms:\t');
  const terms = arr(required.nodeSelectorTerms);
  if (terms.length === 0) {
    w.write(L0, '<none>\n');
    return;
  }
  for (const term of terms) {
    w.write(L0, '\n');
    const exprs = arr(term.matchExpressions);
    w.write(L2, 'Term 0:\t');
    w.write(
      L0,
      `${exprs.map((e) => `${str(e.key)} ${str(e.operator).toLowerCase()} [${arr<string>(e.values).join(', ')}]`).join('\n')}\n`,
    );
  }
}

export function renderPersistentVolume(pv: KubeObject, events: Obj[] | undefined, now: number): string {
  const spec = rec(pv.spec);
  const m = pv.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `Finalizers:\t${finalizers(m.finalizers)}\n`);
    const cls =
      str(rec(m.annotations)['volume.beta.kubernetes.io/storage-class']) || str(spec.storageClassName);
    w.write(L0, `StorageClass:\t${cls}\n`);
    if (m.deletionTimestamp) w.write(L0, `Status:\tTerminating (lasts ${since(m.deletionTimestamp, now)})\n`);
    else w.write(L0, `Status:\t${str(rec(pv.status).phase)}\n`);
    const claim = rec(spec.claimRef);
    w.write(L0, `Claim:\t${spec.claimRef ? `${str(claim.namespace)}/${str(claim.name)}` : ''}\n`);
    w.write(L0, `Reclaim Policy:\t${str(spec.persistentVolumeReclaimPolicy)}\n`);
    w.write(L0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(L0, `VolumeMode:\t${str(spec.volumeMode)}\n`);
    w.write(L0, `Capacity:\t${str(rec(spec.capacity).storage) || '0'}\n`);
    nodeAffinity(w, spec.nodeAffinity);
    w.write(L0, `Message:\t${str(rec(pv.status).message)}\n`);
    w.write(L0, 'Source:\n');
    volumeSource(spec, w);
    describeEvents(events, w, now);
  });
}

export async function describePersistentVolume(pv: KubeObject, ctx: DescribeContext): Promise<string> {
  return renderPersistentVolume(pv, await fetchEvents(ctx, pv), ctx.now);
}

function boolPtrText(v: unknown): string {
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : '<unset>';
}

export function renderStorageClass(sc: KubeObject, events: Obj[] | undefined, now: number): string {
  const m = sc.metadata;
  const ann = rec(m.annotations);
  const isDefault =
    ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
    w.write(L0, `Annotations:\t${formatLabels(m.annotations)}\n`);
    w.write(L0, `Provisioner:\t${str(sc.provisioner)}\n`);
    w.write(L0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(L0, `AllowVolumeExpansion:\t${boolPtrText(sc.allowVolumeExpansion)}\n`);
    const options = arr<string>(sc.mountOptions);
    if (options.length === 0) w.write(L0, 'MountOptions:\t<none>\n');
    else {
      w.write(L0, 'MountOptions:\n');
      for (const o of options) w.write(L1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(L0, `ReclaimPolicy:\t${str(sc.reclaimPolicy)}\n`);
    if (sc.volumeBindingMode) w.write(L0, `VolumeBindingMode:\t${str(sc.volumeBindingMode)}\n`);
    if (sc.allowedTopologies) {
      w.write(L0, 'AllowedTopologies:\t');
      const terms = arr(sc.allowedTopologies);
      if (terms.length === 0) w.line('<none>');
      terms.forEach((t, i) => {
        const exprs = arr(t.matchLabelExpressions)
          .map((e) => `${str(e.key)} in [${arr<string>(e.values).join(', ')}]`)
          .join('\n');
        w.write(L0, `${i === 0 ? '' : '\t'}\n`);
        w.write(L1, `Term ${i}:\t${exprs}\n`);
      });
    }
    describeEvents(events, w, now);
  });
}

export async function describeStorageClass(sc: KubeObject, ctx: DescribeContext): Promise<string> {
  return renderStorageClass(sc, await fetchEvents(ctx, sc), ctx.now);
}

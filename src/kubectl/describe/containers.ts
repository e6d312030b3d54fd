/**
 * The parts of describe shared by pods and pod templates: containers (ports, command, state,
 * resources, probes, environment, mounts), volumes, and the `Pod Template:` block of workloads.
 */
import { L0, L1, L2, L3, type DescribeWriter } from './writer.js';
import {
  annotationsMultiline,
  arr,
  boolPtr,
  byString,
  labelsMultiline,
  num,
  orNone,
  printBool,
  rec,
  rfc1123z,
  str,
  tolerationsMultiline,
  type Obj,
} from './format.js';

/** Resolves a fieldRef env var for a pod (EnvValueRetriever); templates have none. */
export type EnvResolver = (fieldPath: string) => string;

/**
 * The pod's value for a downward-API field path, as kubectl shows it beside the path. Like
 * kubectl, only metadata fields resolve; `spec.nodeName`, `status.podIP` and the rest show empty.
 */
export function podFieldResolver(pod: Obj): EnvResolver {
  return (path) => {
    const meta = rec(pod.metadata);
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (m) return str(rec(meta[m[1]!])[m[2]!]);
    switch (path) {
      case 'metadata.name':
        return str(meta.name);
      case 'metadata.namespace':
        return str(meta.namespace);
      case 'metadata.uid':
        return str(meta.uid);
      default:
        return '';
    }
  };
}

function ports(list: Obj[], field: 'containerPort' | 'hostPort'): string {
  return list.map((p) => `${num(p[field])}/${str(p.protocol)}`).join(', ');
}

/** A probe as one line (DescribeProbe). */
export function describeProbe(p: Obj): string {
  const attrs = `delay=${num(p.initialDelaySeconds)}s timeout=${num(p.timeoutSeconds)}s period=${num(p.periodSeconds)}s #success=${num(p.successThreshold)} #failure=${num(p.failureThreshold)}`;
  if (p.exec) return `exec [${arr<string>(rec(p.exec).command).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = rec(p.httpGet);
    const port = h.port === undefined || h.port === null ? '' : String(h.port);
    const host = str(h.host);
    const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    const scheme = str(h.scheme).toLowerCase();
    let path = str(h.path);
    if (path && !path.startsWith('/') && hostPort) path = `/${path}`;
    return `http-get ${scheme ? `${scheme}:` : ''}//${hostPort}${path} ${attrs}`;
  }
  if (p.tcpSocket) {
    const t = rec(p.tcpSocket);
    return `tcp-socket ${str(t.host)}:${t.port === undefined ? '' : String(t.port)} ${attrs}`;
  }
  if (p.grpc) {
    const g = rec(p.grpc);
    return `grpc <pod>:${num(g.port)} ${str(g.service)} ${attrs}`;
  }
  return `unknown ${attrs}`;
}

function describeState(title: string, state: Obj, w: DescribeWriter): void {
  if (state.running) {
    w.write(L2, `${title}:\tRunning\n`);
    w.write(L3, `Started:\t${rfc1123z(rec(state.running).startedAt)}\n`);
  } else if (state.waiting) {
    w.write(L2, `${title}:\tWaiting\n`);
    if (str(rec(state.waiting).reason)) w.write(L3, `Reason:\t${str(rec(state.waiting).reason)}\n`);
  } else if (state.terminated) {
    const t = rec(state.terminated);
    w.write(L2, `${title}:\tTerminated\n`);
    if (str(t.reason)) w.write(L3, `Reason:\t${str(t.reason)}\n`);
    if (str(t.message)) w.write(L3, `Message:\t${str(t.message)}\n`);
    w.write(L3, `Exit Code:\t${num(t.exitCode)}\n`);
    if (num(t.signal) > 0) w.write(L3, `Signal:\t${num(t.signal)}\n`);
    w.write(L3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(L3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(L2, `${title}:\tWaiting\n`);
  }
}

function resourceLines(w: DescribeWriter, title: string, map: unknown): void {
  const r = rec(map);
  const names = Object.keys(r).sort(byString);
  if (names.length > 0) w.write(L2, `${title}:\n`);
  for (const name of names) w.write(L3, `${name}:\t${str(r[name])}\n`);
}

function describeEnv(c: Obj, resolve: EnvResolver | undefined, w: DescribeWriter): void {
  const env = arr(c.env);
  w.write(L2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const name = str(e.name);
    if (!e.valueFrom) {
      str(e.value)
        .split('\n')
        .forEach((s, i) => w.write(L3, i === 0 ? `${name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const from = rec(e.valueFrom);
    if (from.fieldRef) {
      const f = rec(from.fieldRef);
      const value = resolve ? resolve(str(f.fieldPath)) : '';
      w.write(L3, `${name}:\t${value} (${str(f.apiVersion)}:${str(f.fieldPath)})\n`);
    } else if (from.resourceFieldRef) {
      const f = rec(from.resourceFieldRef);
      const resource = str(f.resource);
      const [kind, res] = resource.split('.') as [string, string];
      let value = str(rec(rec(c.resources)[kind])[res ?? '']);
      if (!value) value = '0';
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
        value = 'node allocatable';
      w.write(L3, `${name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const s = rec(from.secretKeyRef);
      w.write(
        L3,
        `${name}:\t<set to the key '${str(s.key)}' in secret '${str(s.name)}'>\tOptional: ${s.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const s = rec(from.configMapKeyRef);
      w.write(
        L3,
        `${name}:\t<set to the key '${str(s.key)}' of config map '${str(s.name)}'>\tOptional: ${s.optional === true}\n`,
      );
    }
  }
}

function describeEnvFrom(c: Obj, w: DescribeWriter): void {
  const list = arr(c.envFrom);
  w.write(L2, `Environment Variables from:${list.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of list) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = str(rec(e.configMapRef).name);
      optional = rec(e.configMapRef).optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = str(rec(e.secretRef).name);
      optional = rec(e.secretRef).optional === true;
    }
    if (!str(e.prefix)) w.write(L3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(L3, `${name}\t${from} with prefix '${str(e.prefix)}'\tOptional: ${optional}\n`);
  }
}

function describeMounts(c: Obj, w: DescribeWriter): void {
  const mounts = arr(c.volumeMounts)
    .map((m, i) => ({ m, i }))
    .sort((a, b) => byString(str(a.m.mountPath), str(b.m.mountPath)) || a.i - b.i)
    .map((x) => x.m);
  w.write(L2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly === true ? 'ro' : 'rw'];
    if (str(m.subPath)) flags.push(`path=${JSON.stringify(str(m.subPath))}`);
    w.write(L3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
  }
  const devices = arr(c.volumeDevices);
  if (devices.length > 0) {
    w.write(L2, 'Devices:\n');
    devices
      .slice()
      .sort((a, b) => byString(str(a.devicePath), str(b.devicePath)))
      .forEach((d) => w.write(L3, `${str(d.devicePath)} from ${str(d.name)}\n`));
  }
}

/**
 * Writes `Containers:` (or `Init Containers:`) with each container; `statuses` from the pod
 * status (templates have none); `space` is '' for pods and '  ' inside a pod template.
 */
export function describeContainers(
  label: string,
  containers: Obj[],
  statuses: Obj[] | undefined,
  resolve: EnvResolver | undefined,
  w: DescribeWriter,
  space: string,
): void {
  const byName = new Map(arr(statuses).map((s) => [str(s.name), s] as const));
  w.write(L0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = byName.get(str(c.name));
    w.write(L1, `${space ? ' ' : ''}${str(c.name)}:\n`);
    if (status) w.write(L2, `Container ID:\t${str(status.containerID)}\n`);
    w.write(L2, `Image:\t${str(c.image)}\n`);
    if (status) w.write(L2, `Image ID:\t${str(status.imageID)}\n`);
    const p = ports(arr(c.ports), 'containerPort');
    if (p.includes(',')) w.write(L2, `Ports:\t${p}\n`);
    else w.write(L2, `Port:\t${orNone(p)}\n`);
    const hp = ports(arr(c.ports), 'hostPort');
    if (hp.includes(',')) w.write(L2, `Host Ports:\t${hp}\n`);
    else w.write(L2, `Host Port:\t${orNone(hp)}\n`);
    const seccomp = rec(rec(c.securityContext).seccompProfile);
    if (c.securityContext && rec(c.securityContext).seccompProfile) {
      w.write(L2, `SeccompProfile:\t${str(seccomp.type)}\n`);
      if (seccomp.type === 'Localhost') w.write(L3, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
    }
    for (const [title, field] of [
      ['Command', 'command'],
      ['Args', 'args'],
    ] as const) {
      const list = arr<string>(c[field]);
      if (list.length === 0) continue;
      w.write(L2, `${title}:\n`);
      for (const item of list) for (const s of str(item).split('\n')) w.write(L3, `${s}\n`);
    }
    if (status) {
      describeState('State', rec(status.state), w);
      if (rec(status.lastState).terminated) describeState('Last State', rec(status.lastState), w);
      w.write(L2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(L2, `Restart Count:\t${num(status.restartCount)}\n`);
    }
    resourceLines(w, 'Limits', rec(c.resources).limits);
    resourceLines(w, 'Requests', rec(c.resources).requests);
    for (const [title, field] of [
      ['Liveness', 'livenessProbe'],
      ['Readiness', 'readinessProbe'],
      ['Startup', 'startupProbe'],
    ] as const) {
      if (c[field]) w.write(L2, `${title}:\t${describeProbe(rec(c[field]))}\n`);
    }
    if (arr(c.envFrom).length > 0) describeEnvFrom(c, w);
    describeEnv(c, resolve, w);
    describeMounts(c, w);
  }
}

/** One volume source, as kubectl names and details it. */
function describeVolumeSource(v: Obj, w: DescribeWriter): void {
  const two = (type: string, rows: [string, string][]): void => {
    w.write(L2, `Type:\t${type}\n${rows.map(([k, val]) => `    ${k}:\t${val}\n`).join('')}`);
  };
  if (v.hostPath) {
    const h = rec(v.hostPath);
    two('HostPath (bare host directory volume)', [
      ['Path', str(h.path)],
      ['HostPathType', h.type === undefined ? '<none>' : str(h.type)],
    ]);
  } else if (v.emptyDir) {
    const e = rec(v.emptyDir);
    const limit = str(e.sizeLimit);
    two("EmptyDir (a temporary directory that shares a pod's lifetime)", [
      ['Medium', str(e.medium)],
      ['SizeLimit', limit && limit !== '0' ? limit : '<unset>'],
    ]);
  } else if (v.secret) {
    const s = rec(v.secret);
    two('Secret (a volume populated by a Secret)', [
      ['SecretName', str(s.secretName)],
      ['Optional', String(s.optional === true)],
    ]);
  } else if (v.configMap) {
    const s = rec(v.configMap);
    two('ConfigMap (a volume populated by a ConfigMap)', [
      ['Name', str(s.name)],
      ['Optional', String(s.optional === true)],
    ]);
  } else if (v.persistentVolumeClaim) {
    const s = rec(v.persistentVolumeClaim);
    two('PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [
      ['ClaimName', str(s.claimName)],
      ['ReadOnly', String(s.readOnly === true)],
    ]);
  } else if (v.nfs) {
    const s = rec(v.nfs);
    two('NFS (an NFS mount that lasts the lifetime of a pod)', [
      ['Server', str(s.server)],
      ['Path', str(s.path)],
      ['ReadOnly', String(s.readOnly === true)],
    ]);
  } else if (v.projected) {
    w.write(L2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const src of arr(rec(v.projected).sources)) {
      if (src.secret) {
        const s = rec(src.secret);
        w.write(L2, `SecretName:\t${str(s.name)}\n    SecretOptionalName:\t${boolPtr(s.optional)}\n`);
      } else if (src.downwardAPI) {
        w.write(L2, 'DownwardAPI:\ttrue\n');
      } else if (src.configMap) {
        const s = rec(src.configMap);
        w.write(L2, `ConfigMapName:\t${str(s.name)}\n    ConfigMapOptional:\t${boolPtr(s.optional)}\n`);
      } else if (src.serviceAccountToken) {
        w.write(L2, `TokenExpirationSeconds:\t${num(rec(src.serviceAccountToken).expirationSeconds)}\n`);
      }
    }
  } else if (v.downwardAPI) {
    w.write(L2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of arr(rec(v.downwardAPI).items)) {
      if (item.fieldRef) w.write(L3, `${str(rec(item.fieldRef).fieldPath)} -> ${str(item.path)}\n`);
      if (item.resourceFieldRef)
        w.write(L3, `${str(rec(item.resourceFieldRef).resource)} -> ${str(item.path)}\n`);
    }
  } else {
    w.write(L1, '<unknown>\n');
  }
}

/** Writes `Volumes:` (describeVolumes); `space` as for containers. */
export function describeVolumes(volumes: Obj[], w: DescribeWriter, space: string): void {
  if (volumes.length === 0) {
    w.write(L0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(L0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(L1, `${space ? ' ' : ''}${str(v.name)}:\n`);
    describeVolumeSource(v, w);
  }
}

/** Writes `Topology Spread Constraints:` when the spec has any. */
export function describeTopologySpread(constraints: Obj[], w: DescribeWriter, space: string): void {
  if (constraints.length === 0) return;
  w.write(L0, `${space}Topology Spread Constraints:\t`);
  constraints
    .map((c, i) => ({ c, i }))
    .sort((a, b) => byString(str(a.c.topologyKey), str(b.c.topologyKey)) || a.i - b.i)
    .forEach(({ c }, i) => {
      if (i !== 0) w.write(L0, `${space}\t`);
      w.write(
        L0,
        `${str(c.topologyKey)}:${str(c.whenUnsatisfiable)} when max skew ${num(c.maxSkew)} is exceeded`,
      );
      const sel = rec(c.labelSelector);
      if (c.labelSelector) w.write(L0, ` for selector ${formatSelectorBrief(sel)}`);
      w.write(L0, '\n');
    });
}

function formatSelectorBrief(sel: Obj): string {
  const parts = Object.keys(rec(sel.matchLabels))
    .sort(byString)
    .map((k) => `${k}=${str(rec(sel.matchLabels)[k])}`);
  return parts.length ? parts.join(',') : '<none>';
}

/** Writes `Pod Template:` and what it holds (DescribePodTemplate). */
export function describePodTemplate(template: Obj | undefined, w: DescribeWriter): void {
  w.write(L0, 'Pod Template:\n');
  if (!template) {
    w.write(L1, '<unset>');
    return;
  }
  const meta = rec(template.metadata);
  const spec = rec(template.spec);
  labelsMultiline(w, '  Labels', meta.labels);
  if (Object.keys(rec(meta.annotations)).length > 0)
    annotationsMultiline(w, '  Annotations', meta.annotations);
  if (str(spec.serviceAccountName)) w.write(L1, `Service Account:\t${str(spec.serviceAccountName)}\n`);
  if (arr(spec.initContainers).length > 0)
    describeContainers('Init Containers', arr(spec.initContainers), undefined, undefined, w, '  ');
  describeContainers('Containers', arr(spec.containers), undefined, undefined, w, '  ');
  describeVolumes(arr(spec.volumes), w, '  ');
  describeTopologySpread(arr(spec.topologySpreadConstraints), w, '  ');
  if (str(spec.priorityClassName)) w.write(L1, `Priority Class Name:\t${str(spec.priorityClassName)}\n`);
  labelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

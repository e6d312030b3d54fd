/**
 * Pod spec rules, for Pods and for the pod templates of every workload kind: containers present,
 * names unique RFC 1123 labels, images given, ports in range, requests within limits, volume
 * mounts naming declared volumes, probes with exactly one handler.
 */
import { compareQuantity, formatQuantity, tryParseQuantity } from '../../machinery/quantity';
import { type Cause, duplicate, type FieldPath, invalid, notSupported, required } from '../field-errors';
import { dns1123Label, portName, portNumber } from '../names';
import { stableStringify, validateLabels, type Obj } from './meta';

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function validateProbe(probe: Obj, path: FieldPath): Cause[] {
  if (!probe) return [];
  const handlers = PROBE_HANDLERS.filter((h) => probe[h]);
  if (handlers.length === 0) return [required(path, 'must specify a handler type')];
  if (handlers.length > 1)
    return [
      {
        reason: 'FieldValueForbidden',
        field: String(path.child(handlers[1]!)),
        message: 'Forbidden: may not specify more than 1 handler type',
      },
    ];
  const causes: Cause[] = [];
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  const portPath = path.child(probe.httpGet ? 'httpGet' : 'tcpSocket').child('port');
  if (typeof port === 'number') for (const msg of portNumber(port)) causes.push(invalid(portPath, port, msg));
  if (typeof port === 'string') for (const msg of portName(port)) causes.push(invalid(portPath, port, msg));
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    if (typeof probe[field] === 'number' && probe[field] < 0)
      causes.push(invalid(path.child(field), probe[field], 'must be greater than or equal to 0'));
  }
  return causes;
}

function validateResources(resources: Obj, path: FieldPath): Cause[] {
  const causes: Cause[] = [];
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  for (const [kind, map] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const [name, value] of Object.entries(map)) {
      const q = tryParseQuantity(value);
      if (q && q.nanos < 0n)
        causes.push(invalid(path.child(kind).key(name), String(value), 'must be greater than or equal to 0'));
    }
  }
  for (const [name, value] of Object.entries(requests)) {
    const req = tryParseQuantity(value);
    const lim = tryParseQuantity(limits[name]);
    if (req && lim && compareQuantity(req, lim) > 0) {
      causes.push(
        invalid(
          path.child('requests').key(name),
          formatQuantity(req),
          `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`,
        ),
      );
    }
  }
  return causes;
}

function validateContainer(c: Obj, path: FieldPath, volumes: Set<string>): Cause[] {
  const causes: Cause[] = [];
  if (!c?.name) causes.push(required(path.child('name')));
  else for (const msg of dns1123Label(String(c.name))) causes.push(invalid(path.child('name'), c.name, msg));
  if (!c?.image) causes.push(required(path.child('image')));
  else if (String(c.image).trim() !== c.image)
    causes.push(invalid(path.child('image'), c.image, 'must not have leading or trailing whitespace'));
  const portNames = new Set<string>();
  (c?.ports ?? []).forEach((p: Obj, i: number) => {
    const pp = path.child('ports').index(i);
    if (typeof p?.containerPort === 'number')
      for (const msg of portNumber(p.containerPort))
        causes.push(invalid(pp.child('containerPort'), p.containerPort, msg));
    if (typeof p?.hostPort === 'number' && p.hostPort !== 0)
      for (const msg of portNumber(p.hostPort)) causes.push(invalid(pp.child('hostPort'), p.hostPort, msg));
    if (p?.name) {
      for (const msg of portName(String(p.name))) causes.push(invalid(pp.child('name'), p.name, msg));
      if (portNames.has(p.name)) causes.push(duplicate(pp.child('name'), p.name));
      portNames.add(p.name);
    }
  });
  (c?.env ?? []).forEach((e: Obj, i: number) => {
    if (!e?.name) causes.push(required(path.child('env').index(i).child('name')));
  });
  (c?.volumeMounts ?? []).forEach((m: Obj, i: number) => {
    const mp = path.child('volumeMounts').index(i);
    if (m?.name && !volumes.has(m.name))
      causes.push({
        reason: 'FieldValueNotFound',
        field: String(mp.child('name')),
        message: `Not found: ${JSON.stringify(m.name)}`,
      });
    if (m && !m.mountPath) causes.push(required(mp.child('mountPath')));
  });
  causes.push(...validateResources(c?.resources, path.child('resources')));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
    causes.push(...validateProbe(c?.[probe], path.child(probe)));
  return causes;
}

/** Options for a pod spec: which restart policies its owner allows. */
export interface PodSpecOptions {
  /** Allowed restartPolicy values, in the order Kubernetes lists them; undefined = any. */
  restartPolicies?: readonly string[];
  /**
   * Volume names that come from outside the pod spec: a StatefulSet's volumeClaimTemplates,
   * which its pods mount by the claim template's name.
   */
  externalVolumes?: readonly string[];
}

/** Validates a PodSpec at `path` (`spec` for a Pod, `spec.template.spec` for a template). */
export function validatePodSpec(spec: Obj, path: FieldPath, options: PodSpecOptions = {}): Cause[] {
  const causes: Cause[] = [];
  if (!spec) return [required(path)];
  const volumes = new Set<string>();
  const external = new Set(options.externalVolumes ?? []);
  (spec.volumes ?? []).forEach((v: Obj, i: number) => {
    const vp = path.child('volumes').index(i);
    if (!v?.name) causes.push(required(vp.child('name')));
    else {
      for (const msg of dns1123Label(String(v.name))) causes.push(invalid(vp.child('name'), v.name, msg));
      if (volumes.has(v.name)) causes.push(duplicate(vp.child('name'), v.name));
      volumes.add(v.name);
    }
  });
  const containers: Obj[] = spec.containers ?? [];
  if (containers.length === 0) causes.push(required(path.child('containers')));
  const names = new Set<string>();
  for (const [list, items] of [
    ['initContainers', spec.initContainers ?? []],
    ['containers', containers],
  ] as const) {
    (items as Obj[]).forEach((c, i) => {
      const cp = path.child(list).index(i);
      causes.push(...validateContainer(c, cp, new Set([...volumes, ...external])));
      if (c?.name) {
        if (names.has(c.name)) causes.push(duplicate(cp.child('name'), c.name));
        names.add(c.name);
      }
    });
  }
  if (
    options.restartPolicies &&
    spec.restartPolicy !== undefined &&
    !options.restartPolicies.includes(spec.restartPolicy)
  ) {
    causes.push(notSupported(path.child('restartPolicy'), spec.restartPolicy, options.restartPolicies));
  }
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    causes.push(
      invalid(
        path.child('terminationGracePeriodSeconds'),
        spec.terminationGracePeriodSeconds,
        'must be greater than or equal to 0',
      ),
    );
  }
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    causes.push(
      invalid(
        path.child('activeDeadlineSeconds'),
        spec.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  }
  causes.push(...validateLabels(spec.nodeSelector, path.child('nodeSelector')));
  return causes;
}

/** A pod template: its labels, then its spec. */
export function validatePodTemplate(template: Obj, path: FieldPath, options: PodSpecOptions = {}): Cause[] {
  if (!template) return [required(path)];
  return [
    ...validateLabels(template.metadata?.labels, path.child('metadata').child('labels')),
    ...validatePodSpec(template.spec, path.child('spec'), options),
  ];
}

const POD_UPDATE_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** A running Pod's spec is frozen except images, activeDeadlineSeconds and added tolerations. */
export function validatePodUpdate(pod: Obj, old: Obj): Cause[] {
  const a = JSON.parse(JSON.stringify(pod.spec ?? {}));
  const b = old.spec ?? {};
  for (const list of ['containers', 'initContainers']) {
    (a[list] ?? []).forEach((c: Obj, i: number) => {
      if (c && b[list]?.[i]) c.image = b[list][i].image;
    });
  }
  a.activeDeadlineSeconds = b.activeDeadlineSeconds;
  const oldTolerations: Obj[] = b.tolerations ?? [];
  const newTolerations: Obj[] = a.tolerations ?? [];
  if (stableStringify(newTolerations.slice(0, oldTolerations.length)) === stableStringify(oldTolerations))
    a.tolerations = b.tolerations;
  if (
    typeof b.terminationGracePeriodSeconds === 'number' &&
    b.terminationGracePeriodSeconds < 0 &&
    a.terminationGracePeriodSeconds === 1
  ) {
    a.terminationGracePeriodSeconds = b.terminationGracePeriodSeconds;
  }
  if (stableStringify(a) === stableStringify(b)) return [];
  return [{ reason: 'FieldValueForbidden', field: 'spec', message: `Forbidden: ${POD_UPDATE_MESSAGE}` }];
}

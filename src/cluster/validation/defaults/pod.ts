/**
 * Pod and pod template defaults, as the API server's defaulting fills them in for v1 PodSpecs
 * (Kubernetes 1.32). Functions mutate the object they are given; callers pass a clone.
 */
import { canonicalQuantity, isQuantity } from '../../machinery/quantity';
import type { Obj } from '../rules/meta';

/** `Always` for `:latest` or an untagged image, else `IfNotPresent` (a digest counts as a tag). */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'Always';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Obj): void {
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
  if (probe.grpc) probe.grpc.service ??= '';
}

function canonicalResources(resources: Obj): void {
  for (const kind of ['limits', 'requests']) {
    const map = resources?.[kind];
    if (!map) continue;
    for (const [name, value] of Object.entries(map)) {
      if ((typeof value === 'string' || typeof value === 'number') && isQuantity(value))
        map[name] = canonicalQuantity(value);
    }
  }
}

/** Container defaults: pull policy, termination message, port protocols, probes, env sources. */
export function defaultContainer(c: Obj): void {
  if (!c || typeof c !== 'object') return;
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  canonicalResources(c.resources);
  for (const port of c.ports ?? []) if (port) port.protocol ??= 'TCP';
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  for (const handler of [c.lifecycle?.postStart, c.lifecycle?.preStop])
    if (handler?.httpGet) handler.httpGet.scheme ??= 'HTTP';
  for (const env of c.env ?? []) {
    if (env?.valueFrom?.fieldRef) env.valueFrom.fieldRef.apiVersion ??= 'v1';
    if (env?.valueFrom?.resourceFieldRef) env.valueFrom.resourceFieldRef.divisor ??= '0';
  }
}

function defaultVolume(v: Obj): void {
  if (!v) return;
  if (v.configMap) v.configMap.defaultMode ??= 420;
  if (v.secret) v.secret.defaultMode ??= 420;
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= 420;
    for (const item of v.downwardAPI.items ?? []) if (item?.fieldRef) item.fieldRef.apiVersion ??= 'v1';
  }
  if (v.projected) v.projected.defaultMode ??= 420;
  if (v.hostPath) v.hostPath.type ??= '';
  if (v.iscsi) v.iscsi.iscsiInterface ??= 'default';
}

/** PodSpec defaults (Pods and templates alike). */
export function defaultPodSpec(spec: Obj): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c?.ports ?? []) if (p && p.hostPort === undefined) p.hostPort = p.containerPort;
    }
  }
}

/**
 * Pod template defaults: the PodSpec defaults, plus `creationTimestamp: null` in the template's
 * metadata, which a 1.32 server prints for every embedded template.
 */
export function defaultPodTemplate(template: Obj): void {
  if (!template || typeof template !== 'object') return;
  template.metadata ??= {};
  if (!('creationTimestamp' in template.metadata)) template.metadata.creationTimestamp = null;
  template.spec ??= {};
  defaultPodSpec(template.spec);
}

/** A top-level Pod: PodSpec defaults, service links, and requests copied from limits. */
export function defaultPod(pod: Obj): void {
  pod.spec ??= {};
  defaultPodSpec(pod.spec);
  pod.spec.enableServiceLinks ??= true;
  for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
    const limits = c?.resources?.limits;
    if (!limits) continue;
    c.resources.requests ??= {};
    for (const [name, value] of Object.entries(limits))
      if (c.resources.requests[name] === undefined) c.resources.requests[name] = value;
  }
}

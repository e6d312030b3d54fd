/**
 * Subresources: `scale` (an autoscaling/v1 Scale), `binding` (the scheduler's write),
 * `eviction`, namespace `finalize`, and pod `log`. `status` lives in server.ts.
 */
import type { KubeObject, Status } from '../types.js';
import { badRequest, conflict, created, invalid, notFound } from '../machinery/errors.js';
import {
  formatLabelSelector,
  fromLabelMap,
  fromLabelSelectorObject,
  SelectorError,
} from '../machinery/selectors.js';
import { clone } from '../store/keys.js';
import { parseRfc3339, rfc3339 } from '../machinery/timestamps.js';
import { encodeBase64 } from '../machinery/base64.js';
import type { LogOptions } from './hooks.js';
import type { ApiDeleteOptions, ApiServer, WriteOptions, WriteResult } from './server.js';
import type { ResourceInfo } from './resources.js';

const SCALE_KIND = { group: 'autoscaling', kind: 'Scale' };

/** The label selector text a Scale reports (`app=web`). */
function scaleSelector(info: ResourceInfo, obj: KubeObject): string {
  try {
    if (info.resource === 'replicationcontrollers')
      return formatLabelSelector(fromLabelMap(obj.spec?.selector));
    return formatLabelSelector(fromLabelSelectorObject(obj.spec?.selector));
  } catch (e) {
    if (e instanceof SelectorError) return '';
    throw e;
  }
}

/** An object's Scale (autoscaling/v1). */
export function scaleOf(info: ResourceInfo, obj: KubeObject): KubeObject {
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: scaleSelector(info, obj) },
  };
}

function requireScale(info: ResourceInfo): void {
  if (!info.subresources.includes('scale')) throw notFound(info, '');
}

/** GET .../scale. */
export function getScale(server: ApiServer, info: ResourceInfo, namespace: string, name: string): KubeObject {
  requireScale(info);
  return scaleOf(info, server.get(info, namespace, name));
}

/** PUT .../scale: sets `spec.replicas` of the parent (409 for a stale Scale resourceVersion). */
export function updateScale(
  server: ApiServer,
  info: ResourceInfo,
  namespace: string,
  name: string,
  body: unknown,
  options: WriteOptions = {},
): WriteResult {
  requireScale(info);
  const scale = body as KubeObject;
  if (!scale || typeof scale !== 'object' || (scale.kind !== undefined && scale.kind !== 'Scale'))
    throw badRequest(
      `${String(scale?.kind)} in version "v1" cannot be handled as a Scale: expected kind Scale`,
    );
  const replicas = scale.spec?.replicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0)
    throw invalid(SCALE_KIND, name, [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
        field: 'spec.replicas',
      },
    ]);
  const current = server.get(info, namespace, name);
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(info, name);
  const next = clone(current) as KubeObject;
  next.spec = { ...(next.spec ?? {}), replicas };
  const key = {
    group: info.group,
    resource: info.resource,
    namespace: info.namespaced ? namespace : '',
    name,
  };
  const result = server.commitWrite(info, 'UPDATE', key, next, current, options, 'scale');
  return { ...result, object: scaleOf(info, result.object) };
}

/** PATCH .../scale: the patch applies to the Scale. */
export function patchScale(
  server: ApiServer,
  info: ResourceInfo,
  namespace: string,
  name: string,
  contentType: string,
  patch: string,
  options: WriteOptions = {},
): WriteResult {
  requireScale(info);
  const handler = server.patchHandler(contentType);
  const current = getScale(server, info, namespace, name);
  const patched = handler.apply(clone(current), patch, {
    resource: info,
    subresource: 'scale',
    namespace,
    name,
    fieldManager: options.fieldManager,
    force: !!options.force,
  });
  return updateScale(server, info, namespace, name, patched, options);
}

/**
 * POST pods/<name>/binding (or the `bindings` collection): assigns a pod to a node, setting
 * `spec.nodeName` and the PodScheduled condition. 409 when the pod is already bound.
 */
export function bindPod(
  server: ApiServer,
  namespace: string,
  podName: string,
  body: unknown,
  options: WriteOptions = {},
): Status {
  const podInfo = server.resolve('pods');
  const binding = body as KubeObject;
  const name = podName || binding?.metadata?.name;
  if (!name) throw badRequest('name is required in the binding');
  const target = (binding as { target?: { kind?: string; name?: string } }).target;
  if (!target?.name) throw badRequest('a binding needs target.name');
  if (target.kind && target.kind !== 'Node')
    throw badRequest(`a binding target must be a Node, not ${target.kind}`);
  const pod = server.get(podInfo, namespace, name);
  const bindingGr = { group: '', resource: 'pods/binding' };
  if (binding.metadata?.uid && binding.metadata.uid !== pod.metadata.uid)
    throw conflict(
      bindingGr,
      name,
      `Precondition failed: UID in precondition: ${binding.metadata.uid}, UID in object meta: ${pod.metadata.uid}`,
    );
  if (pod.metadata.deletionTimestamp)
    throw conflict(bindingGr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName)
    throw conflict(
      bindingGr,
      name,
      `pod ${name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`,
    );
  if (!options.dryRun) {
    // new top level, spec and status; the rest stays the stored (frozen) pod's, as the store keeps it
    const next = { ...pod } as KubeObject;
    next.spec = { ...(next.spec ?? {}), nodeName: target.name };
    const conditions: { type: string }[] = [...(next.status?.conditions ?? [])].filter(
      (c) => c.type !== 'PodScheduled',
    );
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: server.now(),
    } as { type: string });
    next.status = { ...(next.status ?? {}), conditions };
    server.systemUpdate(podInfo, next);
  }
  return created();
}

/** POST pods/<name>/eviction: deletes the pod with the Eviction's delete options. */
export function evictPod(
  server: ApiServer,
  namespace: string,
  name: string,
  body: unknown,
  options: WriteOptions = {},
): Status {
  const podInfo = server.resolve('pods');
  const eviction = (body ?? {}) as { metadata?: { name?: string }; deleteOptions?: ApiDeleteOptions };
  if (eviction.metadata?.name && eviction.metadata.name !== name)
    throw badRequest(`name in URL does not match name in Eviction object`);
  server.delete(podInfo, namespace, name, eviction.deleteOptions ?? {}, options);
  return created();
}

/** PUT namespaces/<name>/finalize: replaces `spec.finalizers` (the namespace controller's last step). */
export function finalizeNamespace(server: ApiServer, name: string, body: unknown): KubeObject {
  const info = server.resolve('namespaces');
  const ns = server.get(info, '', name);
  const obj = server.decodeObject(info, body);
  if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== ns.metadata.resourceVersion)
    throw conflict(info, name);
  const next = clone(ns) as KubeObject;
  const finalizers = obj.spec?.finalizers ?? [];
  next.spec = { ...(next.spec ?? {}), finalizers };
  if (finalizers.length === 0) delete next.spec.finalizers;
  return server.systemUpdate(info, next);
}

/** Which container `kubectl logs` means; 400 in Kubernetes' words when it is ambiguous or wrong. */
export function logContainer(pod: KubeObject, requested: string | undefined): string {
  const containers: { name: string }[] = [...(pod.spec?.containers ?? [])];
  const all = [
    ...(pod.spec?.initContainers ?? []),
    ...containers,
    ...(pod.spec?.ephemeralContainers ?? []),
  ] as { name: string }[];
  const name = pod.metadata.name;
  if (requested) {
    if (!all.some((c) => c.name === requested))
      throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const only = containers.length === 1 ? containers[0]!.name : undefined;
  if (only) return only;
  const defaulted = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (defaulted && all.some((c) => c.name === defaulted)) return defaulted;
  throw badRequest(
    `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`,
  );
}

/** GET pods/<name>/log: the provider's text (a stream when following). Empty without a provider. */
export function podLogs(
  server: ApiServer,
  namespace: string,
  name: string,
  query: Record<string, string>,
): string | AsyncIterable<string> {
  const pod = server.get(server.resolve('pods'), namespace, name);
  const container = logContainer(pod, query.container);
  const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  // `--since-time` arrives as sinceTime (RFC 3339): the same filter as sinceSeconds, from now.
  const sinceTime = parseRfc3339(query.sinceTime);
  const sinceSeconds =
    int(query.sinceSeconds) ??
    (sinceTime !== undefined ? Math.max(0, (server.clock.now() - sinceTime) / 1000) : undefined);
  const options: LogOptions = {
    container,
    follow: query.follow === 'true',
    previous: query.previous === 'true',
    timestamps: query.timestamps === 'true',
    tailLines: int(query.tailLines),
    sinceSeconds,
    limitBytes: int(query.limitBytes),
  };
  return server.providers.podLogs?.(pod, options) ?? '';
}

/** base64url without padding (JWT segments). */
function base64Url(text: string): string {
  return encodeBase64(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * POST serviceaccounts/NAME/token (`kubectl create token`): a TokenRequest answered with a
 * JWT-shaped token for the service account, with the claims a real token carries (issuer,
 * audience, subject, expiry, the bound service account). The simulation checks no signatures, so
 * the signature segment is only shaped like one.
 */
export function requestToken(server: ApiServer, namespace: string, name: string, body: unknown): unknown {
  const info = server.resolve('serviceaccounts');
  const sa = server.get(info, namespace, name);
  const spec = ((body as { spec?: Record<string, unknown> } | undefined)?.spec ?? {}) as {
    audiences?: string[];
    expirationSeconds?: number;
    boundObjectRef?: unknown;
  };
  const expirationSeconds = spec.expirationSeconds ?? 3600;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600)
    throw invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, name, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.expirationSeconds',
        message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
      },
    ]);
  const issuer = 'https://kubernetes.default.svc.cluster.local';
  const audiences = spec.audiences?.length ? spec.audiences : [issuer];
  const now = Math.floor(server.clock.now() / 1000);
  const jti = server.store.random.uid();
  const header = base64Url(
    JSON.stringify({ alg: 'RS256', kid: server.store.random.uid().replace(/-/g, '') }),
  );
  const payload = base64Url(
    JSON.stringify({
      aud: audiences,
      exp: now + expirationSeconds,
      iat: now,
      iss: issuer,
      jti,
      'kubernetes.io': { namespace, serviceaccount: { name, uid: sa.metadata.uid } },
      nbf: now,
      sub: `system:serviceaccount:${namespace}:${name}`,
    }),
  );
  const signature = base64Url(`${jti}${sa.metadata.uid}${jti}${sa.metadata.uid}`.repeat(2)).slice(0, 342);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: {
      token: `${header}.${payload}.${signature}`,
      expirationTimestamp: rfc3339((now + expirationSeconds) * 1000),
    },
  };
}

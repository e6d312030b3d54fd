/**
 * The HTTP-shaped entry: `handle(request) -> response` (or a stream for watches and followed
 * logs), on top of `ApiServer`. It parses paths and query parameters, decodes bodies, maps
 * methods to verbs, and turns every failure into a `Status` body with Kubernetes' code.
 */
import type {
  ApiRequest,
  ApiResponse,
  HandleResult,
  KubeObject,
  Status,
  StreamResponse,
  WatchEvent,
} from '../types.js';
import { ApiError } from '../types.js';
import {
  badRequest,
  internalError,
  methodNotAllowed,
  resourceNotFound,
  unsupportedMediaType,
} from '../machinery/errors.js';
import { decodeUtf8 } from '../machinery/utf8.js';
import {
  AGGREGATED_DISCOVERY,
  aggregatedDiscovery,
  legacyCoreVersions,
  legacyGroupList,
  resourceList,
  VERSION_INFO,
} from './discovery.js';
import type { FieldValidation } from './hooks.js';
import { routeResource, splitUrl, type ResourceRoute } from './paths.js';
import { apiVersionOf, type ResourceInfo } from './resources.js';
import { decodeError, parseBody } from './body.js';
import type { ApiDeleteOptions, ApiServer, WriteOptions } from './server.js';
import { ChunkQueue } from './stream.js';
import { conversionFor, type VersionConversion } from './conversion.js';
import { ADMIN, allowed, forbiddenFor, review, REVIEW_RESOURCES, userOf, verbOf } from './authorization.js';
import { clone } from '../store/keys.js';
import {
  bindPod,
  evictPod,
  finalizeNamespace,
  getScale,
  patchScale,
  podLogs,
  requestToken,
  updateScale,
} from './subresources.js';

/** Turns objects into what the request's Accept header asks for (server-side Tables plug in here). */
export interface Presenter {
  /** A single object; undefined keeps the object. */
  object?(info: ResourceInfo, object: KubeObject, request: ApiRequest): unknown;
  /** A list body; undefined keeps the list. */
  list?(
    info: ResourceInfo,
    list: { metadata: Record<string, unknown>; items: KubeObject[] },
    request: ApiRequest,
  ): unknown;
  /** One watch event's object; undefined keeps it. `first` is true for the stream's first event. */
  watchObject?(info: ResourceInfo, event: WatchEvent, request: ApiRequest, first: boolean): unknown;
}

/** Ways to extend the HTTP entry without changing it. */
export interface HandlerExtensions {
  /** Answers a request first (OpenAPI documents, extra endpoints); undefined passes it on. */
  before?(request: ApiRequest): HandleResult | undefined | Promise<HandleResult | undefined>;
  presenter?: Presenter;
  /** Body decoders by content type (for example `application/vnd.kubernetes.protobuf`). */
  decoders?: Record<string, (body: Uint8Array | string) => unknown>;
  /** How often (cluster ms) a watch with `allowWatchBookmarks` gets a BOOKMARK (default 60 s). */
  bookmarkIntervalMs?: number;
}

const JSON_TYPE = 'application/json';

function json(status: number, body: unknown, extra: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...extra }, body: JSON.stringify(body) };
}

function statusResponse(s: Status): ApiResponse {
  return json(s.code, s);
}

/** `Warning` header value for a list of warnings. */
function warningHeader(warnings: string[]): Record<string, string> {
  const unique = [...new Set(warnings)];
  if (unique.length === 0) return {};
  return { warning: unique.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

function bodyText(body: Uint8Array | string | undefined): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : decodeUtf8(body);
}

function bool(v: string | undefined): boolean {
  return v === 'true' || v === '1';
}

/** The field manager of a write: `fieldManager`, else the User-Agent's product (`kubectl`), as Kubernetes does. */
function fieldManagerOf(route: ResourceRoute, userAgent: string | undefined): string | undefined {
  if (route.query.fieldManager) return route.query.fieldManager;
  const product = userAgent?.split('/')[0]?.trim().slice(0, 128);
  return product || undefined;
}

function writeOptions(route: ResourceRoute, userAgent?: string): WriteOptions {
  const q = route.query;
  if (q.dryRun !== undefined && q.dryRun !== 'All' && q.dryRun !== '')
    throw badRequest(`Invalid dryRun value: ${JSON.stringify(q.dryRun)}: supported values: "All"`);
  const fv = q.fieldValidation;
  if (fv !== undefined && fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore')
    throw badRequest(
      `fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`,
    );
  return {
    dryRun: q.dryRun === 'All',
    fieldValidation: (fv as FieldValidation | undefined) ?? 'Warn',
    fieldManager: fieldManagerOf(route, userAgent),
    force: bool(q.force),
  };
}

/** Creates the `handle` function of a server. */
export function createHandler(
  server: ApiServer,
  extensions: HandlerExtensions = {},
): (request: ApiRequest) => Promise<HandleResult> {
  const decodeBody = (request: ApiRequest): unknown => {
    const type = (request.headers['content-type'] ?? JSON_TYPE).split(/[;,]/)[0]!.trim().toLowerCase();
    if (type === JSON_TYPE || type === '' || type === '*/*')
      return parseBody(bodyText(request.body), 'object');
    const decoder = extensions.decoders?.[type];
    if (decoder) return decoder(request.body ?? '');
    throw unsupportedMediaType(type, [JSON_TYPE, 'application/yaml', 'application/vnd.kubernetes.protobuf']);
  };

  const present = (info: ResourceInfo, obj: KubeObject, request: ApiRequest): unknown =>
    extensions.presenter?.object?.(info, obj, request) ?? obj;

  const listBody = (
    info: ResourceInfo,
    request: ApiRequest,
    r: { items: KubeObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number },
  ) => {
    const metadata: Record<string, unknown> = { resourceVersion: r.resourceVersion };
    if (r.continue) metadata.continue = r.continue;
    if (r.remainingItemCount !== undefined) metadata.remainingItemCount = r.remainingItemCount;
    const items = r.items.map((o) => {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest as KubeObject;
    });
    const list = { kind: info.listKind, apiVersion: apiVersionOf(info), metadata, items };
    return extensions.presenter?.list?.(info, list, request) ?? list;
  };

  const nonResource = (request: ApiRequest): HandleResult | undefined => {
    const { path } = splitUrl(request.url);
    const p = path.replace(/\/+$/, '') || '/';
    const accept = request.headers.accept ?? '';
    const aggregated = accept.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2');
    if (p === '/version') return json(200, VERSION_INFO);
    if (p === '/healthz' || p === '/livez' || p === '/readyz')
      return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok' };
    if (p === '/api')
      return aggregated
        ? json(200, aggregatedDiscovery(server.registry, true), { 'content-type': AGGREGATED_DISCOVERY })
        : json(200, legacyCoreVersions());
    if (p === '/apis')
      return aggregated
        ? json(200, aggregatedDiscovery(server.registry, false), { 'content-type': AGGREGATED_DISCOVERY })
        : json(200, legacyGroupList(server.registry));
    const group = /^\/apis\/([^/]+)$/.exec(p);
    if (group) {
      // legacy discovery of one group: its APIGroup entry
      const entry = (legacyGroupList(server.registry) as { groups: { name: string }[] }).groups.find(
        (g) => g.name === group[1],
      );
      if (!entry) throw resourceNotFound();
      return json(200, { kind: 'APIGroup', apiVersion: 'v1', ...entry });
    }
    const gv = /^\/api\/([^/]+)$/.exec(p) ?? /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
    if (gv) {
      const doc =
        gv.length === 2 || gv[2] === undefined
          ? resourceList(server.registry, '', gv[1]!)
          : resourceList(server.registry, gv[1]!, gv[2]);
      if (doc) return json(200, doc);
      throw resourceNotFound();
    }
    return undefined;
  };

  const watch = (
    route: ResourceRoute,
    request: ApiRequest,
    out: (o: KubeObject) => unknown = (o) => o,
  ): StreamResponse => {
    const info = route.resource;
    const q = route.query;
    const queue = new ChunkQueue();
    let first = true;
    const send = (event: WatchEvent) => {
      const object =
        event.type === 'ERROR' || event.type === 'BOOKMARK'
          ? event.object
          : (extensions.presenter?.watchObject?.(info, event, request, first) ?? out(event.object));
      first = false;
      queue.push(`${JSON.stringify({ type: event.type, object })}\n`);
    };
    const response: StreamResponse = {
      status: 200,
      headers: { 'content-type': JSON_TYPE },
      stream: queue,
      close: () => queue.end(),
    };
    let w: { stop(): void } | undefined;
    try {
      w = server.watch(
        info,
        route.namespace,
        {
          labelSelector: q.labelSelector,
          fieldSelector: q.fieldSelector,
          resourceVersion: q.resourceVersion,
        },
        send,
        () => queue.end(),
      );
    } catch (e) {
      if (e instanceof ApiError && (e.code === 410 || e.code === 504)) {
        send({ type: 'ERROR', object: e.status as unknown as KubeObject });
        queue.end();
        return response;
      }
      throw e;
    }
    queue.onClose(() => w?.stop());
    const clock = server.clock;
    if (bool(q.allowWatchBookmarks)) {
      const interval = extensions.bookmarkIntervalMs ?? 60_000;
      let cancel: (() => void) | undefined;
      const tick = () => {
        if (queue.closed) return;
        send({
          type: 'BOOKMARK',
          object: {
            kind: info.kind,
            apiVersion: apiVersionOf(info),
            metadata: { resourceVersion: server.store.resourceVersion },
          },
        });
        cancel = clock.at(clock.now() + interval, tick);
      };
      cancel = clock.at(clock.now() + interval, tick);
      queue.onClose(() => cancel?.());
    }
    const timeout = q.timeoutSeconds !== undefined ? Number(q.timeoutSeconds) : undefined;
    if (timeout !== undefined && Number.isFinite(timeout) && timeout >= 0) {
      const cancel = clock.at(clock.now() + timeout * 1000, () => queue.end());
      queue.onClose(cancel);
    }
    return response;
  };

  const logs = (route: ResourceRoute): HandleResult => {
    const out = podLogs(server, route.namespace, route.name, route.query);
    const headers = { 'content-type': 'text/plain' };
    if (typeof out === 'string') return { status: 200, headers, body: out };
    const queue = new ChunkQueue();
    const source = out[Symbol.asyncIterator]();
    void (async () => {
      try {
        for (;;) {
          const next = await source.next();
          if (next.done || queue.closed) break;
          queue.push(next.value);
        }
      } finally {
        queue.end();
      }
    })();
    // A client that goes away stops the source too (a follow stops polling).
    const close = (): void => {
      queue.end();
      void source.return?.();
    };
    return { status: 200, headers, stream: queue, close };
  };

  const deleteOptions = (route: ResourceRoute, request: ApiRequest): ApiDeleteOptions => {
    const text = bodyText(request.body).trim();
    const opts = (text ? parseBody(text, 'object') : {}) as ApiDeleteOptions & { dryRun?: string[] };
    const q = route.query;
    if (q.gracePeriodSeconds !== undefined) opts.gracePeriodSeconds = Number(q.gracePeriodSeconds);
    if (q.propagationPolicy)
      opts.propagationPolicy = q.propagationPolicy as ApiDeleteOptions['propagationPolicy'];
    if (q.orphanDependents !== undefined) opts.orphanDependents = bool(q.orphanDependents);
    if (Array.isArray(opts.dryRun) && opts.dryRun.includes('All')) route.query.dryRun = 'All';
    return opts;
  };

  /**
   * A request to a version served by conversion (api/conversion.ts): the server works on the
   * storage version; bodies are converted in, answers out (Tables are printed from the stored
   * objects, as their columns are the same).
   */
  const converted = (route: ResourceRoute, conv: VersionConversion, request: ApiRequest): HandleResult => {
    const served = route.resource;
    const info = server.registry.get(served.group, conv.storageVersion, served.resource)!;
    const { namespace: ns, name, subresource: sub, query: q } = route;
    const method = request.method;
    const one = (obj: KubeObject): unknown =>
      extensions.presenter?.object?.(info, obj, request) ?? conv.fromStorage(obj);
    const many = (r: { items: KubeObject[]; resourceVersion: string; continue?: string }): unknown => {
      const metadata: Record<string, unknown> = { resourceVersion: r.resourceVersion };
      if (r.continue) metadata.continue = r.continue;
      const table = extensions.presenter?.list?.(info, { metadata, items: r.items }, request);
      if (table) return table;
      const items = r.items.map((o) => {
        const { apiVersion: _a, kind: _k, ...rest } = conv.fromStorage(o);
        return rest;
      });
      return { kind: served.listKind, apiVersion: apiVersionOf(served), metadata, items };
    };
    if (sub && sub !== 'status') throw methodNotAllowed();
    const write = writeOptions(route, request.headers['user-agent']);
    /** The body (or patched object), checked for fields the served version lacks. */
    const bodyOf = (body: KubeObject = decodeBody(request) as KubeObject): KubeObject => {
      const unknown = conv.unknownFields(body);
      if (unknown.length && write.fieldValidation === 'Strict')
        throw decodeError(
          served,
          unknown.map((f) => ({ reason: 'FieldValueUnknown', message: `unknown field "${f}"` })),
        );
      return body;
    };
    if (method === 'GET' || method === 'HEAD') {
      const storageRoute = { ...route, resource: info };
      if (!name) {
        if (route.watchPrefix || bool(q.watch)) return watch(storageRoute, request, conv.fromStorage);
        return json(
          200,
          many(
            server.list(info, ns, {
              labelSelector: q.labelSelector,
              fieldSelector: q.fieldSelector,
              limit: q.limit ? Number(q.limit) : undefined,
              continue: q.continue,
            }),
          ),
        );
      }
      if (route.watchPrefix || bool(q.watch)) {
        const byName = `metadata.name=${name.replace(/([\\,=])/g, '\\$1')}`;
        const fieldSelector = q.fieldSelector ? `${q.fieldSelector},${byName}` : byName;
        return watch(
          { ...storageRoute, name: '', query: { ...q, fieldSelector } },
          request,
          conv.fromStorage,
        );
      }
      return json(200, one(server.get(info, ns, name)));
    }
    if (method === 'POST') {
      if (name) throw methodNotAllowed();
      const r = server.create(info, ns, conv.toStorage(bodyOf(), undefined), write);
      return json(201, one(r.object), warningHeader(r.warnings));
    }
    if (method === 'PUT') {
      if (!name) throw methodNotAllowed();
      const stored = server.find(info, ns, name);
      const body = conv.toStorage(bodyOf(), stored);
      const r =
        sub === 'status'
          ? server.updateStatus(info, ns, name, body, write)
          : server.update(info, ns, name, body, write);
      return json(r.created ? 201 : 200, one(r.object), warningHeader(r.warnings));
    }
    if (method === 'PATCH') {
      if (!name || sub) throw methodNotAllowed();
      const type = request.headers['content-type'] ?? '';
      const handler = server.patchHandler(type);
      const stored = server.get(info, ns, name);
      const patched = handler.apply(conv.fromStorage(clone(stored) as KubeObject), bodyText(request.body), {
        resource: served,
        namespace: ns,
        name,
        fieldManager: write.fieldManager,
        force: !!write.force,
      });
      const next = conv.toStorage(bodyOf(patched), stored);
      next.metadata = { ...next.metadata, resourceVersion: stored.metadata.resourceVersion };
      const r = server.update(info, ns, name, next, { ...write, patchType: type.split(';')[0]!.trim() });
      return json(200, one(r.object), warningHeader(r.warnings));
    }
    if (method === 'DELETE') {
      if (!name) throw methodNotAllowed();
      const r = server.delete(info, ns, name, deleteOptions(route, request), write);
      return json(200, r.body === r.object ? one(r.object) : r.body);
    }
    throw methodNotAllowed();
  };

  const dispatch = async (request: ApiRequest): Promise<HandleResult> => {
    const early = await extensions.before?.(request);
    if (early) return early;
    const other = nonResource(request);
    if (other) return other;
    const route = routeResource(server.registry, request.url);
    if (!route) throw resourceNotFound();
    const user = userOf(request);
    const target = route.resource;
    if (target.group === 'authorization.k8s.io' && REVIEW_RESOURCES.includes(target.resource)) {
      if (request.method !== 'POST' || route.name) throw methodNotAllowed();
      const body = review(server, target.resource, route.namespace, decodeBody(request) as KubeObject, user);
      return json(201, { ...body, kind: target.kind, apiVersion: apiVersionOf(target) });
    }
    if (target.group === 'authentication.k8s.io' && target.resource === 'selfsubjectreviews') {
      if (request.method !== 'POST' || route.name) throw methodNotAllowed();
      return json(201, {
        kind: 'SelfSubjectReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: null },
        status: { userInfo: { username: user.username, groups: user.groups } },
      });
    }
    if (user !== ADMIN) {
      // an impersonated user gets what RBAC grants it, nothing more
      const attrs = {
        verb: verbOf(route, request.method),
        group: target.group,
        resource: target.resource,
        ...(route.subresource ? { subresource: route.subresource } : {}),
        ...(target.namespaced && route.namespace ? { namespace: route.namespace } : {}),
        ...(route.name ? { name: route.name } : {}),
      };
      if (!allowed(server, user, attrs)) throw forbiddenFor(user, attrs);
    }
    const conversion = conversionFor(route.resource);
    if (conversion) return converted(route, conversion, request);
    const { resource: info, namespace: ns, name, subresource: sub, query: q } = route;
    const method = request.method;

    if (method === 'GET' || method === 'HEAD') {
      if (!name) {
        if (route.watchPrefix || bool(q.watch)) return watch(route, request);
        if (!info.verbs.includes('list')) throw methodNotAllowed();
        const r = server.list(info, ns, {
          labelSelector: q.labelSelector,
          fieldSelector: q.fieldSelector,
          limit: q.limit ? Number(q.limit) : undefined,
          continue: q.continue,
        });
        return json(200, listBody(info, request, r));
      }
      if (!sub && (route.watchPrefix || bool(q.watch))) {
        // watching one object is a collection watch filtered by its name
        const byName = `metadata.name=${name.replace(/([\\,=])/g, '\\$1')}`;
        const fieldSelector = q.fieldSelector ? `${q.fieldSelector},${byName}` : byName;
        return watch({ ...route, name: '', query: { ...q, fieldSelector } }, request);
      }
      if (route.watchPrefix) throw methodNotAllowed();
      if (!sub) return json(200, present(info, server.get(info, ns, name), request));
      if (sub === 'status') return json(200, present(info, server.get(info, ns, name), request));
      if (sub === 'scale') return json(200, getScale(server, info, ns, name));
      if (sub === 'log') return logs(route);
      if (sub === 'exec' || sub === 'attach' || sub === 'portforward')
        throw badRequest('Upgrade request required');
      throw methodNotAllowed();
    }

    const deleteOpts = method === 'DELETE' ? deleteOptions(route, request) : undefined;
    const write = writeOptions(route, request.headers['user-agent']);
    if (method === 'POST') {
      if (!name) {
        if (info.group === '' && info.resource === 'bindings') {
          const status = bindPod(server, ns, '', decodeBody(request), write);
          return json(201, status);
        }
        const r = server.create(info, ns, decodeBody(request), write);
        return json(201, present(info, r.object, request), warningHeader(r.warnings));
      }
      if (sub === 'binding') return json(201, bindPod(server, ns, name, decodeBody(request), write));
      if (sub === 'eviction') return json(201, evictPod(server, ns, name, decodeBody(request), write));
      if (sub === 'token' && info.group === '' && info.resource === 'serviceaccounts')
        return json(201, requestToken(server, ns, name, decodeBody(request)));
      if (sub === 'exec' || sub === 'attach' || sub === 'portforward')
        throw badRequest('Upgrade request required');
      throw methodNotAllowed();
    }
    if (method === 'PUT') {
      if (!name) throw methodNotAllowed();
      const body = decodeBody(request);
      if (!sub) {
        const r = server.update(info, ns, name, body, write);
        return json(r.created ? 201 : 200, present(info, r.object, request), warningHeader(r.warnings));
      }
      if (sub === 'status') {
        const r = server.updateStatus(info, ns, name, body, write);
        return json(200, present(info, r.object, request), warningHeader(r.warnings));
      }
      if (sub === 'scale') {
        const r = updateScale(server, info, ns, name, body, write);
        return json(200, r.object, warningHeader(r.warnings));
      }
      if (sub === 'finalize' && info.resource === 'namespaces')
        return json(200, finalizeNamespace(server, name, body));
      throw methodNotAllowed();
    }
    if (method === 'PATCH') {
      if (!name) throw methodNotAllowed();
      const type = request.headers['content-type'] ?? '';
      const patch = bodyText(request.body);
      if (sub === 'scale') {
        const r = patchScale(server, info, ns, name, type, patch, write);
        return json(200, r.object, warningHeader(r.warnings));
      }
      if (sub && sub !== 'status') throw methodNotAllowed();
      const r = server.patch(info, ns, name, type, patch, { ...write, subresource: sub });
      return json(r.created ? 201 : 200, present(info, r.object, request), warningHeader(r.warnings));
    }
    if (method === 'DELETE') {
      if (sub) throw methodNotAllowed();
      const opts = deleteOpts!;
      if (!name) {
        const results = server.deleteCollection(
          info,
          ns,
          { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector },
          opts,
          write,
        );
        return json(
          200,
          listBody(info, request, {
            items: results.map((r) => r.object),
            resourceVersion: server.store.resourceVersion,
          }),
        );
      }
      const r = server.delete(info, ns, name, opts, write);
      return json(200, r.body === r.object ? present(info, r.object, request) : r.body);
    }
    throw methodNotAllowed();
  };

  return async (request: ApiRequest): Promise<HandleResult> => {
    try {
      const result = await dispatch(request);
      if (request.method === 'HEAD' && !('stream' in result)) return { ...result, body: '' };
      return result;
    } catch (e) {
      if (e instanceof ApiError) return statusResponse(e.status);
      return statusResponse(internalError(e instanceof Error ? e.message : String(e)).status);
    }
  };
}

/**
 * The API server's semantics, synchronous and transport-free: get, list, watch, create, update,
 * patch, delete and deletecollection on every registered resource, with the write pipeline
 * (strategy -> hooks -> store), namespace lifecycle checks, graceful deletion and finalizers.
 * `handler.ts` puts HTTP on top of it; `client.ts` calls it in process. Subresources are in
 * `subresources.ts`, garbage collection in `gc.ts`.
 */
import type {
  Clock,
  DeleteOptions,
  KubeObject,
  ListOptions,
  ObjectKey,
  ObjectList,
  Status,
  WatchEvent,
} from '../types.js';
import { ApiError } from '../types.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  methodNotAllowed,
  notFound,
  resourceNotFound,
  unsupportedMediaType,
} from '../machinery/errors.js';
import { applyMergePatch } from '../machinery/merge-patch.js';
import { parseFieldSelector, parseLabelSelector, SelectorError } from '../machinery/selectors.js';
import { rfc3339 } from '../machinery/timestamps.js';
import { generationContent, type Store, type StoreWatch } from '../store/store.js';
import { passes, type StoreFilter } from '../store/filter.js';
import { clone, jsonEqual, shareIdentical } from '../store/keys.js';
import {
  NO_HOOKS,
  type FieldValidation,
  type HookContext,
  type ObjectHooks,
  type PatchContext,
  type PatchHandler,
  type Providers,
} from './hooks.js';
import { apiVersionOf, fieldLabelValue, keyFor, ResourceRegistry, type ResourceInfo } from './resources.js';
import { applyJsonPatchOrFail, decodeError, parseBody } from './body.js';
import { continueExpired, decodeContinue, encodeContinue, itemSortKey } from './pages.js';
import {
  deleteCollection as deleteMatching,
  deleteObject,
  maybeFinalize as finalizeIfFree,
  rearmGraceTimers as rearmTimers,
} from './deletion.js';

/** Options of a write. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  fieldManager?: string;
  /** Server-side apply: take over conflicting fields. */
  force?: boolean;
  /** The patch content type, when the write is a PATCH (hooks see it as `patchType`). */
  patchType?: string;
}

/** A stored (or, on dry runs, would-be-stored) object with the warnings to send. */
export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  /** The write created the object (201). */
  created: boolean;
}

/** List options (query parameters of a list). */
export interface ApiListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

/** A list page. */
export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Watch options. */
export interface ApiWatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
}

/** Delete options: the `DeleteOptions` body. */
export interface ApiDeleteOptions extends DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
}

/** What a delete did. */
export interface DeleteResult {
  /** The object is gone from the store (or would be, on a dry run). */
  deleted: boolean;
  /** The object: its final state, or its state while it waits for finalizers or a grace period. */
  object: KubeObject;
  /** The body to answer with: the object, or a Success Status for kinds that return one. */
  body: KubeObject | Status;
}

/** Options of an API server. */
export interface ApiServerOptions {
  store: Store;
  clock: Clock;
  registry?: ResourceRegistry;
  hooks?: ObjectHooks;
  providers?: Providers;
  /** Extra patch types by content type (strategic merge, server-side apply). */
  patchHandlers?: Record<string, PatchHandler>;
  /**
   * Who ends a pod's grace period: `timer` (default) removes a terminating pod once its grace
   * period has elapsed on the clock; `kubelet` leaves it until a delete with grace 0 (a simulated
   * kubelet that has stopped the containers), as a real cluster does.
   */
  podTermination?: 'timer' | 'kubelet';
}

/** Content types of the built-in patch types. */
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** Server-owned metadata fields a client cannot set on create. */
const SERVER_META = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
];

/** Kinds whose status survives create (the kubelet registers Nodes with status). */
const KEEP_STATUS_ON_CREATE = new Set(['/nodes']);

/** The initial status a kind gets on create. */
function initialStatus(info: ResourceInfo): unknown {
  if (info.group !== '') return undefined;
  switch (info.resource) {
    case 'pods':
      return { phase: 'Pending' };
    case 'namespaces':
      return { phase: 'Active' };
    case 'persistentvolumes':
    case 'persistentvolumeclaims':
      return { phase: 'Pending' };
    default:
      return undefined;
  }
}

const keyOf = keyFor;

/**
 * ObjectMeta's maps and lists are `omitempty` in the real API server: an empty `labels: {}` or
 * `finalizers: []` is not stored (so a dry-run of `annotations: {}` reads back without it).
 */
const OMIT_EMPTY_META = ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields'];

function dropEmptyMetadata(obj: KubeObject): void {
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (!isObject(meta)) return;
  for (const f of OMIT_EMPTY_META) {
    const v = meta[f];
    if (v === undefined) continue;
    if (v === null || (Array.isArray(v) ? v.length === 0 : isObject(v) && !hasOwnKeys(v))) delete meta[f];
  }
}

function hasOwnKeys(v: Record<string, unknown>): boolean {
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return true;
  return false;
}

/**
 * Shares, in a write's object (the server's own), the parts identical to the stored object's:
 * every top-level field but metadata, and metadata's fields.
 */
function shareStoredParts(obj: KubeObject, old: KubeObject): void {
  const top = obj as unknown as Record<string, unknown>;
  const prev = old as unknown as Record<string, unknown>;
  for (const k of Object.keys(top)) {
    if (k === 'metadata') continue;
    if (Object.prototype.hasOwnProperty.call(prev, k)) top[k] = shareIdentical(top[k], prev[k]);
  }
  const meta = obj.metadata as Record<string, unknown> | undefined;
  const oldMeta = old.metadata as Record<string, unknown> | undefined;
  if (!isObject(meta) || !isObject(oldMeta) || Object.isFrozen(meta)) return;
  for (const k of Object.keys(meta))
    if (Object.prototype.hasOwnProperty.call(oldMeta, k)) meta[k] = shareIdentical(meta[k], oldMeta[k]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The `HookContext` of one write (its reads go to the server's store). */
class WriteContext implements HookContext {
  readonly dryRun: boolean;
  readonly fieldValidation: FieldValidation;
  readonly fieldManager: string | undefined;
  readonly patchType: string | undefined;
  readonly now: number;
  readonly random: HookContext['random'];
  readonly clock: Clock;

  constructor(
    private readonly server: ApiServer,
    readonly operation: HookContext['operation'],
    readonly resource: ResourceInfo,
    readonly subresource: string | undefined,
    readonly namespace: string,
    readonly name: string,
    options: WriteOptions,
  ) {
    this.dryRun = !!options.dryRun;
    this.fieldValidation = options.fieldValidation ?? 'Strict';
    this.fieldManager = options.fieldManager;
    this.patchType = options.patchType;
    this.now = server.clock.now();
    this.random = server.store.random;
    this.clock = server.clock;
  }

  get(resource: string, ns: string, n: string): KubeObject | undefined {
    const i = this.server.registry.resolve(resource);
    return i ? this.server.store.get(keyOf(i, ns, n)) : undefined;
  }

  list(resource: string, opts: ListOptions = {}): ObjectList {
    const i = this.server.resolve(resource);
    const r = this.server.list(i, opts.namespace ?? '', {
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
    });
    return { items: r.items, resourceVersion: r.resourceVersion };
  }
}

/** The API server core. */
export class ApiServer {
  readonly store: Store;
  readonly clock: Clock;
  readonly registry: ResourceRegistry;
  readonly hooks: ObjectHooks;
  /** Logs and metrics providers; assignable so a world built over the client can plug in later. */
  providers: Providers;
  readonly patchHandlers: Record<string, PatchHandler>;
  readonly podTermination: 'timer' | 'kubelet';

  constructor(options: ApiServerOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.registry = options.registry ?? ResourceRegistry.shared();
    this.hooks = options.hooks ?? NO_HOOKS;
    this.providers = options.providers ?? {};
    this.podTermination = options.podTermination ?? 'timer';
    this.patchHandlers = {
      [MERGE_PATCH]: {
        apply: (current, patch) => applyMergePatch(current, parseBody(patch, 'patch')) as KubeObject,
      },
      [JSON_PATCH]: {
        apply: (current, patch) => applyJsonPatchOrFail(current, patch, this.currentPatchContext),
      },
      ...(options.patchHandlers ?? {}),
    };
  }

  private currentPatchContext: PatchContext | undefined;

  /** A resource by client-side name (`pods`, `deploy`, `deployments.apps`); 404 when unknown. */
  resolve(name: string): ResourceInfo {
    const info = this.registry.resolve(name);
    if (!info) throw resourceNotFound();
    return info;
  }

  // ------------------------------------------------------------ reads

  get(info: ResourceInfo, namespace: string, name: string): KubeObject {
    if (info.virtual) return this.virtualGet(info, namespace, name);
    const obj = this.store.get(keyOf(info, namespace, name));
    if (!obj) throw notFound(info, name);
    return obj;
  }

  /** Like `get`, but undefined when absent. */
  find(info: ResourceInfo, namespace: string, name: string): KubeObject | undefined {
    return this.store.get(keyOf(info, namespace, name));
  }

  list(info: ResourceInfo, namespace: string, options: ApiListOptions = {}): ListResult {
    const filter = this.filterFor(info, namespace, options.labelSelector, options.fieldSelector);
    if (info.virtual)
      return {
        items: this.virtualList(info, namespace).filter((o) => passes(filter, o)),
        resourceVersion: this.store.resourceVersion,
      };
    let { items, resourceVersion: rv } = this.store.list(filter);
    let start = 0;
    if (options.continue) {
      const token = decodeContinue(options.continue);
      // later pages show the cluster as it was at the first page's resourceVersion
      try {
        items = this.store.listAt(filter, token.rv);
      } catch (e) {
        if (e instanceof ApiError && e.code === 410) throw continueExpired();
        throw e;
      }
      rv = String(token.rv);
      start = items.findIndex((o) => itemSortKey(o) > token.start);
      if (start < 0) start = items.length;
    }
    const limit = options.limit && options.limit > 0 ? options.limit : undefined;
    if (!limit || start + limit >= items.length) return { items: items.slice(start), resourceVersion: rv };
    const page = items.slice(start, start + limit);
    const result: ListResult = {
      items: page,
      resourceVersion: rv,
      continue: encodeContinue(Number(rv), itemSortKey(page[page.length - 1]!)),
    };
    if (!options.labelSelector && !options.fieldSelector)
      result.remainingItemCount = items.length - start - limit;
    return result;
  }

  /**
   * Watches a resource from `resourceVersion` (see Store.watch). Throws 410 Gone when that
   * version has been compacted. Objects in events are frozen.
   */
  watch(
    info: ResourceInfo,
    namespace: string,
    options: ApiWatchOptions,
    onEvent: (event: WatchEvent) => void,
    onClose?: () => void,
  ): StoreWatch {
    if (info.virtual || !info.verbs.includes('watch')) throw methodNotAllowed();
    const filter = this.filterFor(info, namespace, options.labelSelector, options.fieldSelector);
    return this.store.watch(
      filter,
      options.resourceVersion,
      (e) => onEvent({ type: e.type, object: e.object }),
      onClose,
    );
  }

  /** The store filter for a request; 400 for selectors that do not parse or fields not served. */
  filterFor(
    info: ResourceInfo,
    namespace: string,
    labelSelector?: string,
    fieldSelector?: string,
  ): StoreFilter {
    const filter: StoreFilter = { group: info.group, resource: info.resource };
    if (info.namespaced && namespace) filter.namespace = namespace;
    try {
      if (labelSelector) filter.label = parseLabelSelector(labelSelector);
      if (fieldSelector) filter.field = parseFieldSelector(fieldSelector);
    } catch (e) {
      if (e instanceof SelectorError) throw badRequest(e.message);
      throw e;
    }
    for (const r of filter.field?.requirements ?? []) {
      if (
        r.field !== 'metadata.name' &&
        r.field !== 'metadata.namespace' &&
        !info.fieldLabels.includes(r.field)
      )
        throw badRequest(`field label not supported: ${r.field}`);
    }
    filter.fieldGetter = (obj, field) => fieldLabelValue(info, obj, field);
    return filter;
  }

  // ------------------------------------------------------------ writes

  /** POST: creates an object (`generateName` honoured). 409 AlreadyExists, 404/403 for the namespace. */
  create(info: ResourceInfo, namespace: string, body: unknown, options: WriteOptions = {}): WriteResult {
    this.requireVerb(info, 'create');
    const obj = this.decodeObject(info, body);
    const ns = info.namespaced ? this.namespaceFor(obj, namespace) : '';
    const meta = obj.metadata;
    for (const f of SERVER_META) delete (meta as Record<string, unknown>)[f];
    if (!meta.name && meta.generateName) meta.name = this.store.random.generateName(meta.generateName);
    if (!meta.name)
      throw invalid(info, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        },
      ]);
    if (
      info.subresources.includes('status') &&
      !KEEP_STATUS_ON_CREATE.has(`${info.group}/${info.resource}`)
    ) {
      const init = initialStatus(info);
      if (init === undefined) delete obj.status;
      else obj.status = init;
    }
    if (info.resource === 'namespaces' && info.group === '') obj.status = { phase: 'Active' };
    if (info.namespaced) this.checkNamespace(info, ns, meta.name);
    const key = keyOf(info, ns, meta.name);
    if (this.store.get(key)) throw alreadyExists(info, meta.name);
    meta.uid = this.store.random.uid();
    meta.creationTimestamp = rfc3339(this.clock.now());
    return this.commitWrite(info, 'CREATE', key, obj, undefined, options, undefined);
  }

  /** PUT: replaces an object (creates it for kinds that allow create-on-update). */
  update(
    info: ResourceInfo,
    namespace: string,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ): WriteResult {
    this.requireVerb(info, 'update');
    const obj = this.decodeObject(info, body);
    this.checkNameAndNamespace(info, obj, namespace, name);
    const key = keyOf(info, namespace, name);
    const old = this.store.get(key);
    if (!old) {
      if (info.allowCreateOnUpdate) return this.create(info, namespace, obj, options);
      throw notFound(info, name);
    }
    const next = this.prepareUpdate(info, obj, old, key);
    return this.commitWrite(info, 'UPDATE', key, next, old, options, undefined);
  }

  /** PUT .../status: replaces only the status (metadata and spec are kept). */
  updateStatus(
    info: ResourceInfo,
    namespace: string,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ): WriteResult {
    if (!info.subresources.includes('status')) throw resourceNotFound();
    const obj = this.decodeObject(info, body);
    this.checkNameAndNamespace(info, obj, namespace, name);
    const key = keyOf(info, namespace, name);
    const old = this.store.get(key);
    if (!old) throw notFound(info, name);
    // the stored object's frozen parts, copied by commitWrite's hooks before anything changes them
    const next = { ...old, metadata: { ...old.metadata } } as KubeObject;
    if (obj.status === undefined) delete next.status;
    else next.status = obj.status;
    next.metadata.resourceVersion = obj.metadata.resourceVersion;
    return this.commitWrite(info, 'UPDATE', key, next, old, options, 'status');
  }

  /**
   * PATCH: applies a patch of `contentType` to the object (or to its `status` with
   * `subresource: 'status'`) and stores the result like an update.
   */
  patch(
    info: ResourceInfo,
    namespace: string,
    name: string,
    contentType: string,
    patch: string,
    options: WriteOptions & { subresource?: string } = {},
  ): WriteResult {
    this.requireVerb(info, 'patch');
    const handler = this.patchHandler(contentType);
    const key = keyOf(info, namespace, name);
    const old = this.store.get(key);
    const ctx: PatchContext = {
      resource: info,
      subresource: options.subresource,
      namespace,
      name,
      fieldManager: options.fieldManager,
      force: !!options.force,
    };
    if (!old && !handler.upsert) throw notFound(info, name);
    this.currentPatchContext = ctx;
    let patched: KubeObject;
    try {
      patched = handler.apply(old ? (clone(old) as KubeObject) : undefined, patch, ctx);
    } finally {
      this.currentPatchContext = undefined;
    }
    if (!isObject(patched) || !isObject(patched.metadata))
      throw badRequest('the patch produced an object without metadata');
    options = { ...options, patchType: contentType.split(';')[0]!.trim().toLowerCase() };
    if (!old) return { ...this.create(info, namespace, patched, options), created: true };
    const requested = patched.metadata.resourceVersion;
    if (requested && requested !== old.metadata.resourceVersion) throw conflict(info, name);
    patched.metadata.resourceVersion = old.metadata.resourceVersion;
    patched.metadata.name ??= name;
    if (options.subresource === 'status') return this.updateStatus(info, namespace, name, patched, options);
    return this.update(info, namespace, name, patched, options);
  }

  /** The handler of a patch content type; 415 for unknown ones. */
  patchHandler(contentType: string): PatchHandler {
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    const handler = this.patchHandlers[type];
    if (!handler) throw unsupportedMediaType(type, Object.keys(this.patchHandlers).sort());
    return handler;
  }

  /**
   * DELETE. Pods get a grace period (their `terminationGracePeriodSeconds`, or the request's);
   * objects with finalizers (including the `orphan` and `foregroundDeletion` ones that
   * propagation policies add) get `deletionTimestamp` and stay until the finalizers are gone.
   */
  delete(
    info: ResourceInfo,
    namespace: string,
    name: string,
    options: ApiDeleteOptions = {},
    write: WriteOptions = {},
  ): DeleteResult {
    return deleteObject(this, info, namespace, name, options, write);
  }

  /** DELETE on a collection: deletes every matching object; returns the results in order. */
  deleteCollection(
    info: ResourceInfo,
    namespace: string,
    list: ApiListOptions,
    options: ApiDeleteOptions = {},
    write: WriteOptions = {},
  ): DeleteResult[] {
    return deleteMatching(this, info, namespace, list, options, write);
  }

  /** Removes a terminating object once no finalizer holds it and its grace period is over. */
  maybeFinalize(info: ResourceInfo, key: ObjectKey, obj: KubeObject): boolean {
    return finalizeIfFree(this, info, key, obj);
  }

  /** Re-arms grace-period timers for terminating pods (after a snapshot import). */
  rearmGraceTimers(): void {
    rearmTimers(this);
  }

  /**
   * Stores an object without hooks (system writes: bindings, garbage collector, finalizers),
   * then completes a pending deletion when nothing holds it any more.
   */
  systemUpdate(info: ResourceInfo, object: KubeObject): KubeObject {
    const key = keyOf(info, object.metadata.namespace ?? '', object.metadata.name!);
    const stored = this.store.update(key, object, { generation: info.generation });
    this.maybeFinalize(info, key, stored);
    return stored;
  }

  /** The clock's time as a Kubernetes timestamp. */
  now(): string {
    return rfc3339(this.clock.now());
  }

  // ------------------------------------------------------------ internals

  /** A context for hooks. */
  hookContext(
    info: ResourceInfo,
    operation: HookContext['operation'],
    namespace: string,
    name: string,
    options: WriteOptions,
    subresource?: string,
  ): HookContext {
    return new WriteContext(this, operation, info, subresource, namespace, name, options);
  }

  /** Runs the hooks and stores the object. */
  commitWrite(
    info: ResourceInfo,
    operation: 'CREATE' | 'UPDATE',
    key: ObjectKey,
    object: KubeObject,
    old: KubeObject | undefined,
    options: WriteOptions,
    subresource: string | undefined,
  ): WriteResult {
    const ctx = this.hookContext(info, operation, key.namespace, key.name, options, subresource);
    const warnings: string[] = [];
    // `object` is the server's own at its top level and in its metadata, and may share deeper
    // parts with the request or the stored object: a deep copy before hooks change it, unless the
    // defaulting hook makes one anyway
    let obj = this.hooks.defaultCopies && this.hooks.default ? object : (clone(object) as KubeObject);
    try {
      dropEmptyMetadata(obj);
      if (this.hooks.default) obj = this.hooks.default(info, obj, ctx);
      if (this.hooks.admit) {
        const admitted = this.hooks.admit(obj, old, ctx);
        if ('metadata' in admitted) obj = admitted as KubeObject;
        else {
          obj = admitted.object;
          warnings.push(...(admitted.warnings ?? []));
        }
      }
    } catch (e) {
      throw this.asDecodeError(info, object, old, ctx, e);
    }
    // what the write keeps of the stored object is stored, frozen and compared once, not again
    if (old) shareStoredParts(obj, old);
    if (this.hooks.validate) {
      const result = this.hooks.validate(info, obj, old, ctx);
      warnings.push(...(result.warnings ?? []));
      if (result.decodeErrors && result.decodeErrors.length > 0) throw decodeError(info, result.decodeErrors);
      if (result.causes.length > 0) throw invalid(info, key.name, result.causes);
    }
    this.hooks.validateAdmission?.(obj, old, ctx);
    if (options.dryRun) {
      const preview = clone(obj) as KubeObject;
      if (operation === 'CREATE') {
        if (info.generation) preview.metadata.generation = 1;
      } else {
        preview.metadata.resourceVersion = old!.metadata.resourceVersion;
        // as the real write would: the generation goes up when the spec changes
        if (info.generation) {
          const gen = old!.metadata.generation ?? 1;
          preview.metadata.generation = jsonEqual(generationContent(preview), generationContent(old!))
            ? gen
            : gen + 1;
        }
      }
      return { object: preview, warnings, created: operation === 'CREATE' };
    }
    // the object is the server's own (copied by defaulting or above): the store may keep its parts
    const write = { generation: info.generation, owned: true };
    const stored =
      operation === 'CREATE' ? this.store.create(key, obj, write) : this.store.update(key, obj, write);
    this.hooks.committed?.(stored, old, ctx);
    if (operation === 'UPDATE') this.maybeFinalize(info, key, stored);
    return { object: stored, warnings, created: operation === 'CREATE' };
  }

  /**
   * What a defaulting or admission hook's failure means. The API server decodes a body into its
   * types before defaulting, so a body of the wrong JSON types (`tolerations: {}`, `containers:
   * "ab"`) is a 400 "cannot be handled as a Pod" naming the field, never a defaulter's crash: a
   * hook that throws anything but an API error has the body as it came validated, and its decode
   * errors are the answer. A body that decodes keeps the hook's own error.
   */
  private asDecodeError(
    info: ResourceInfo,
    object: KubeObject,
    old: KubeObject | undefined,
    ctx: HookContext,
    error: unknown,
  ): unknown {
    if (error instanceof ApiError || !this.hooks.validate) return error;
    let decodeErrors;
    try {
      decodeErrors = this.hooks.validate(info, object, old, ctx).decodeErrors;
    } catch {
      return error;
    }
    return decodeErrors && decodeErrors.length > 0 ? decodeError(info, decodeErrors) : error;
  }

  /** 405 unless the resource serves `verb`. */
  requireVerb(info: ResourceInfo, verb: string): void {
    if (!info.verbs.includes(verb)) throw methodNotAllowed();
  }

  /** Checks a body's apiVersion and kind against the resource and fills them in. */
  decodeObject(info: ResourceInfo, body: unknown): KubeObject {
    if (!isObject(body))
      throw badRequest(
        `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: the body must be a JSON object`,
      );
    // a copy of the top level (and of metadata, below); commitWrite copies what hooks change
    const obj = { ...body } as KubeObject;
    const expected = apiVersionOf(info);
    if (obj.apiVersion !== undefined && obj.apiVersion !== expected)
      throw badRequest(
        `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected})`,
      );
    if (obj.kind !== undefined && obj.kind !== info.kind)
      throw badRequest(
        `${String(obj.kind)} in version "${info.version}" cannot be handled as a ${info.kind}: the kind in the data (${String(obj.kind)}) does not match the expected kind (${info.kind})`,
      );
    obj.apiVersion = expected;
    obj.kind = info.kind;
    if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
    if (!isObject(obj.metadata))
      throw badRequest(
        `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: metadata must be an object`,
      );
    obj.metadata = { ...obj.metadata };
    return obj;
  }

  private namespaceFor(obj: KubeObject, namespace: string): string {
    const own = obj.metadata.namespace;
    if (namespace && own && own !== namespace)
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    const ns = namespace || own || '';
    if (!ns)
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    obj.metadata.namespace = ns;
    return ns;
  }

  private checkNameAndNamespace(info: ResourceInfo, obj: KubeObject, namespace: string, name: string): void {
    if (obj.metadata.name && obj.metadata.name !== name)
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    obj.metadata.name = name;
    if (info.namespaced) this.namespaceFor(obj, namespace);
    else delete obj.metadata.namespace;
  }

  /** Namespace lifecycle admission: the namespace must exist and not be terminating. */
  private checkNamespace(info: ResourceInfo, namespace: string, name: string): void {
    const ns = this.store.get({ group: '', resource: 'namespaces', namespace: '', name: namespace });
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
    if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating')
      throw forbidden(
        info,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
  }

  private prepareUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject, key: ObjectKey): KubeObject {
    const meta = obj.metadata;
    if (meta.uid && meta.uid !== old.metadata.uid)
      throw conflict(
        info,
        key.name,
        `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.generation = old.metadata.generation;
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      const before = new Set(old.metadata.finalizers ?? []);
      const added = (meta.finalizers ?? []).filter((f) => !before.has(f));
      if (added.length > 0)
        throw invalid(info, key.name, [
          {
            reason: 'FieldValueForbidden',
            message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
            field: 'metadata.finalizers',
          },
        ]);
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (info.subresources.includes('status')) {
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
    }
    return obj;
  }

  private virtualGet(info: ResourceInfo, namespace: string, name: string): KubeObject {
    const found = this.virtualList(info, namespace).find((o) => o.metadata.name === name);
    if (found) return found;
    if (info.group !== 'metrics.k8s.io') throw notFound(info, name);
    // metrics-server's words: its listers' NotFound for a missing object (`pods "x"`,
    // `node "x"`), its own for an object without metrics (podmetrics "ns/x", nodemetrics "x").
    if (info.resource === 'pods') {
      if (!this.store.get({ group: '', resource: 'pods', namespace, name }))
        throw notFound({ group: '', resource: 'pods' }, name);
      throw notFound({ group: info.group, resource: 'podmetrics' }, `${namespace}/${name}`);
    }
    if (!this.store.get({ group: '', resource: 'nodes', namespace: '', name }))
      throw notFound({ group: '', resource: 'node' }, name);
    throw notFound({ group: info.group, resource: 'nodemetrics' }, name);
  }

  private virtualList(info: ResourceInfo, namespace: string): KubeObject[] {
    if (info.resource === 'nodes') return this.providers.nodeMetrics?.() ?? [];
    if (info.resource === 'pods')
      return (this.providers.podMetrics?.(namespace || undefined) ?? []).filter(
        (o) => !namespace || o.metadata.namespace === namespace,
      );
    return [];
  }
}

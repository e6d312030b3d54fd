/**
 * The in-process `ClusterClient` (types.ts): controllers, the scheduler, kubelets, graders and
 * tests talk to the cluster through it. It calls the same `ApiServer` operations as HTTP
 * requests, so every write is defaulted, admitted and validated exactly the same way.
 * Objects it returns are mutable copies, unless a read-only caller asks for `shared` ones.
 */
import type {
  ClusterClient,
  DeleteOptions,
  KubeObject,
  ListOptions,
  ObjectList,
  PatchType,
  WatchEvent,
  WatchOptions,
} from './types.js';
import { ApiError } from './types.js';
import type { FieldValidation } from './api/hooks.js';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, type ApiServer } from './api/server.js';
import { bindPod, patchScale } from './api/subresources.js';
import { clone } from './store/keys.js';

const PATCH_TYPES: Record<PatchType, string> = {
  merge: MERGE_PATCH,
  json: JSON_PATCH,
  strategic: STRATEGIC_MERGE_PATCH,
  apply: APPLY_PATCH,
};

/** `shared: true`: return the store's own (deep-frozen) object instead of a copy. */
interface Shared {
  shared?: boolean;
}

/** Options of an in-process client. */
export interface InProcessClientOptions {
  /** How unknown fields in writes are treated (default `Strict`: code should not send any). */
  fieldValidation?: FieldValidation;
  /** The field manager recorded for writes (default `cadet`). */
  fieldManager?: string;
}

/** A `ClusterClient` over an `ApiServer`. */
export class InProcessClient implements ClusterClient {
  private readonly fieldValidation: FieldValidation;
  private readonly fieldManager: string;

  constructor(
    private readonly server: ApiServer,
    options: InProcessClientOptions = {},
  ) {
    this.fieldValidation = options.fieldValidation ?? 'Strict';
    this.fieldManager = options.fieldManager ?? 'cadet';
  }

  private get write() {
    return { fieldValidation: this.fieldValidation, fieldManager: this.fieldManager };
  }

  private namespaceOf(resource: string, object: KubeObject): string {
    const info = this.server.resolve(resource);
    return info.namespaced ? (object.metadata?.namespace ?? 'default') : '';
  }

  get<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string,
    name: string,
    options: { shared?: boolean } = {},
  ): T | undefined {
    const info = this.server.resolve(resource);
    if (!info.virtual) {
      // absent is an answer here, not an error (no 404 built and thrown)
      const found = this.server.find(info, namespace, name);
      return (found === undefined || options.shared ? found : clone(found)) as T | undefined;
    }
    try {
      const found = this.server.get(info, namespace, name);
      return (options.shared ? found : clone(found)) as T;
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  list<T extends KubeObject = KubeObject>(resource: string, options: ListOptions = {}): ObjectList<T> {
    const info = this.server.resolve(resource);
    const r = this.server.list(info, options.namespace ?? '', {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    return {
      items: (options.shared ? r.items : r.items.map((o) => clone(o))) as T[],
      resourceVersion: r.resourceVersion,
    };
  }

  create<T extends KubeObject = KubeObject>(resource: string, object: T, options: Shared = {}): T {
    const info = this.server.resolve(resource);
    if (info.group === '' && info.resource === 'bindings') {
      bindPod(this.server, this.namespaceOf('pods', object), '', object, this.write);
      return clone(object);
    }
    const stored = this.server.create(info, this.namespaceOf(resource, object), object, this.write).object;
    return (options.shared ? stored : clone(stored)) as T;
  }

  update<T extends KubeObject = KubeObject>(resource: string, object: T, options: Shared = {}): T {
    return this.replace('update', resource, object, options);
  }

  updateStatus<T extends KubeObject = KubeObject>(resource: string, object: T, options: Shared = {}): T {
    return this.replace('updateStatus', resource, object, options);
  }

  /** A PUT of the object or its status; the stored object, or a copy of it. */
  private replace<T extends KubeObject>(
    verb: 'update' | 'updateStatus',
    resource: string,
    object: T,
    options: Shared,
  ): T {
    const info = this.server.resolve(resource);
    const stored = this.server[verb](
      info,
      this.namespaceOf(resource, object),
      object.metadata.name ?? '',
      object,
      this.write,
    ).object;
    return (options.shared ? stored : clone(stored)) as T;
  }

  patch<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    subresource?: string,
  ): T {
    const info = this.server.resolve(resource);
    const text = typeof patch === 'string' ? patch : JSON.stringify(patch);
    if (subresource === 'scale')
      return clone(
        patchScale(this.server, info, namespace, name, PATCH_TYPES[type], text, this.write).object,
      ) as T;
    return clone(
      this.server.patch(info, namespace, name, PATCH_TYPES[type], text, { ...this.write, subresource })
        .object,
    ) as T;
  }

  delete(resource: string, namespace: string, name: string, options: DeleteOptions = {}): void {
    this.server.delete(this.server.resolve(resource), namespace, name, options);
  }

  /**
   * Watches from `options.resourceVersion`, or from now when it is absent (pass `'0'` to get
   * the current objects as ADDED events first). Events arrive synchronously, in order.
   * When the store is replaced (snapshot import) the watch re-subscribes and receives every
   * current object as ADDED, as an informer relists, so level-triggered consumers resync.
   * With `shared: true` events carry the store's frozen objects instead of copies.
   */
  watch(resource: string, options: WatchOptions, onEvent: (event: WatchEvent) => void): () => void {
    const info = this.server.resolve(resource);
    let stopped = false;
    let current: { stop(): void } | undefined;
    const subscribe = (resourceVersion: string) => {
      current = this.server.watch(
        info,
        options.namespace ?? '',
        { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector, resourceVersion },
        (e) => onEvent({ type: e.type, object: options.shared ? e.object : clone(e.object) }),
        () => {
          if (!stopped) subscribe('0');
        },
      );
    };
    subscribe(options.resourceVersion ?? this.server.store.resourceVersion);
    return () => {
      stopped = true;
      current?.stop();
    };
  }
}

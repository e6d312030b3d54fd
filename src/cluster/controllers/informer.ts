/**
 * An informer cache: one list-then-watch per resource, kept current by the watch (which fires
 * synchronously after each commit), with indexes by namespace and, for pods, by node. Reads
 * return the store's shared (frozen) objects: never modify them. `CachedClient` serves reads
 * from the cache and passes writes to the real client, so reconcilers' `observe` functions stay
 * cheap at thousands of objects.
 */
import type {
  ClusterClient,
  KubeObject,
  ListOptions,
  ObjectList,
  PatchType,
  WatchEvent,
  WatchOptions,
  DeleteOptions,
} from '../types.js';
import { objectKey } from './object-key.js';

type Handler = (event: WatchEvent) => void;

/**
 * A derived index kept by the cache (the scheduler's per-node usage, ...): told about every
 * object of its resources, existing ones first, then each change before subscribers hear of it.
 * `old` is the version of the same object (namespace and name) the cache held before, which is
 * the version the index was last told of (undefined when the cache held none); a delete comes
 * only for an object the cache held. Called on its own, `delete(resource, o)` takes back `o`.
 */
export interface CacheIndexer {
  readonly resources: readonly string[];
  set(resource: string, object: KubeObject, old?: KubeObject): void;
  delete(resource: string, object: KubeObject, old?: KubeObject): void;
}

interface ResourceCache {
  all: Map<string, KubeObject>;
  byNamespace: Map<string, Map<string, KubeObject>>;
  byNode: Map<string, Map<string, KubeObject>>;
  handlers: Handler[];
  indexers: CacheIndexer[];
  stop: () => void;
}

/** The cache's key of an object (shared with the indexers that hear of it next). */
const keyOf = objectKey;

function indexAdd(
  index: Map<string, Map<string, KubeObject>>,
  bucket: string,
  key: string,
  o: KubeObject,
): void {
  let m = index.get(bucket);
  if (!m) index.set(bucket, (m = new Map()));
  m.set(key, o);
}

function indexRemove(index: Map<string, Map<string, KubeObject>>, bucket: string, key: string): void {
  const m = index.get(bucket);
  if (!m) return;
  m.delete(key);
  if (m.size === 0) index.delete(bucket);
}

/** Caches resources on first use and tells subscribers about changes after the cache has them. */
export class InformerCache {
  private readonly caches = new Map<string, ResourceCache>();
  private readonly indexers = new Map<string, CacheIndexer>();

  constructor(private readonly client: ClusterClient) {}

  private ensure(resource: string): ResourceCache {
    let c = this.caches.get(resource);
    if (c) return c;
    c = {
      all: new Map(),
      byNamespace: new Map(),
      byNode: new Map(),
      handlers: [],
      indexers: [],
      stop: () => {},
    };
    this.caches.set(resource, c);
    const cache = c;
    const initial = this.client.list(resource, { shared: true });
    for (const o of initial.items) this.put(cache, o);
    cache.stop = this.client.watch(
      resource,
      { resourceVersion: initial.resourceVersion, shared: true },
      (e) => {
        if (e.type === 'DELETED') {
          // indexers hold what the cache held: nothing to take back when it held nothing
          const old = this.remove(cache, e.object);
          if (old) for (const ix of cache.indexers) ix.delete(resource, e.object, old);
        } else if (e.type === 'ADDED' || e.type === 'MODIFIED') {
          const old = this.put(cache, e.object);
          for (const ix of cache.indexers) ix.set(resource, e.object, old);
        } else return;
        for (const h of [...cache.handlers]) h(e);
      },
    );
    return cache;
  }

  /** Caches `o`; returns the version it replaces, if any. */
  private put(c: ResourceCache, o: KubeObject): KubeObject | undefined {
    const key = keyOf(o);
    const old = c.all.get(key);
    // by the new object's key (the same text), so that indexers told of `o` next share it
    if (old) this.removeKey(c, old, key);
    c.all.set(key, o);
    indexAdd(c.byNamespace, o.metadata.namespace ?? '', key, o);
    const node = o.spec?.nodeName as string | undefined;
    if (node) indexAdd(c.byNode, node, key, o);
    return old;
  }

  /** Forgets the cached version of `o`; returns it, if any. */
  private remove(c: ResourceCache, o: KubeObject): KubeObject | undefined {
    const key = keyOf(o);
    const old = c.all.get(key);
    if (old) this.removeKey(c, old, key);
    return old;
  }

  /** Forgets `old`, cached under `key`. */
  private removeKey(c: ResourceCache, old: KubeObject, key: string): void {
    c.all.delete(key);
    indexRemove(c.byNamespace, old.metadata.namespace ?? '', key);
    const node = old.spec?.nodeName as string | undefined;
    if (node) indexRemove(c.byNode, node, key);
  }

  /** Calls `handler` after each change of `resource` (once the cache holds it). Returns an unsubscribe. */
  subscribe(resource: string, handler: Handler): () => void {
    const c = this.ensure(resource);
    c.handlers.push(handler);
    return () => {
      c.handlers = c.handlers.filter((h) => h !== handler);
    };
  }

  /**
   * The indexer registered under `name`, made (and filled with the cached objects) on first use.
   * Forgotten by `reset()`, like the caches it derives from.
   */
  indexer<T extends CacheIndexer>(name: string, make: () => T): T {
    const known = this.indexers.get(name);
    if (known) return known as T;
    const ix = make();
    this.indexers.set(name, ix);
    for (const resource of ix.resources) {
      const c = this.ensure(resource);
      c.indexers.push(ix);
      for (const o of c.all.values()) ix.set(resource, o);
    }
    return ix;
  }

  /** The cached object, if any. */
  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.ensure(resource).all.get(`${namespace}/${name}`);
  }

  /** The cached object under its key (`namespace/name`, as `objectKey` makes it), if any. */
  getByKey(resource: string, key: string): KubeObject | undefined {
    return this.ensure(resource).all.get(key);
  }

  /**
   * Cached objects, in the order the cache learnt them. Served from the cache: all, by
   * namespace, and `spec.nodeName=<node>` field selectors. Other selectors go to the client.
   */
  list(resource: string, options: ListOptions = {}): KubeObject[] | undefined {
    const node = /^spec\.nodeName=([^,]*)$/.exec(options.fieldSelector ?? '');
    if (options.labelSelector || (options.fieldSelector && !node)) return undefined;
    const c = this.ensure(resource);
    let source: Iterable<KubeObject> = node
      ? (c.byNode.get(node[1]!)?.values() ?? [])
      : options.namespace
        ? (c.byNamespace.get(options.namespace)?.values() ?? [])
        : c.all.values();
    if (node && options.namespace)
      source = [...source].filter((o) => o.metadata.namespace === options.namespace);
    return [...source];
  }

  /** Stops every watch and forgets everything (a later read lists again). */
  reset(): void {
    for (const c of this.caches.values()) c.stop();
    this.caches.clear();
    this.indexers.clear();
  }
}

/** A ClusterClient that reads from an InformerCache and writes through to the real client. */
export class CachedClient implements ClusterClient {
  constructor(
    private readonly client: ClusterClient,
    readonly cache: InformerCache,
  ) {}

  get<T extends KubeObject = KubeObject>(resource: string, namespace: string, name: string): T | undefined {
    return this.cache.get(resource, namespace, name) as T | undefined;
  }

  list<T extends KubeObject = KubeObject>(resource: string, options?: ListOptions): ObjectList<T> {
    const items = this.cache.list(resource, options);
    if (!items) return this.client.list<T>(resource, { ...options, shared: true });
    return { items: items as T[], resourceVersion: '' };
  }

  create<T extends KubeObject = KubeObject>(resource: string, object: T): T {
    return this.client.create(resource, object);
  }

  update<T extends KubeObject = KubeObject>(resource: string, object: T): T {
    return this.client.update(resource, object);
  }

  updateStatus<T extends KubeObject = KubeObject>(resource: string, object: T): T {
    return this.client.updateStatus(resource, object);
  }

  patch<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    subresource?: string,
  ): T {
    return this.client.patch(resource, namespace, name, type, patch, subresource);
  }

  delete(resource: string, namespace: string, name: string, options?: DeleteOptions): void {
    this.client.delete(resource, namespace, name, options);
  }

  watch(resource: string, options: WatchOptions, onEvent: (event: WatchEvent) => void): () => void {
    return this.client.watch(resource, options, onEvent);
  }
}

/**
 * An informer-cache index of one resource by controller: the objects each owner controls (by the
 * owner's uid), and per namespace the objects no one controls (orphans a controller may adopt).
 * It lets a ReplicaSet sync read its own pods instead of every pod of the namespace, which made
 * each sync cost as much as the namespace was big (ReplicaSets x pods).
 *
 * Order: an object moves to the end of its bucket whenever it changes, exactly as it does in
 * the cache's namespace index, so the objects of one owner come in the same relative order as
 * in a namespace list, and reconcilers see the same sequence either way.
 */
import type { ClusterClient, KubeObject } from '../types.js';
import { CachedClient, type CacheIndexer } from './informer.js';
import { getControllerOf } from './owners.js';
import { objectKey } from './object-key.js';

type Bucket = Map<string, KubeObject>;

const EMPTY: readonly KubeObject[] = Object.freeze([]);

/** The object's key, the same string as the informer cache's. */
const keyOf = objectKey;

/**
 * Objects of one resource by controller uid, and orphans by namespace. A change finds its old
 * place from the version it replaces (the cache hands it over: `CacheIndexer`), so the index
 * keeps no per-object record of where each one sits.
 */
export class OwnerIndex implements CacheIndexer {
  readonly resources: readonly string[];
  private readonly byOwner = new Map<string, Bucket>();
  private readonly orphans = new Map<string, Bucket>();

  constructor(resource: string) {
    this.resources = [resource];
  }

  set(_resource: string, o: KubeObject, old?: KubeObject): void {
    const key = keyOf(o);
    if (old) this.bucketOf(old)?.delete(key);
    const ref = getControllerOf(o);
    const index = ref ? this.byOwner : this.orphans;
    const bucketKey = ref ? ref.uid : (o.metadata.namespace ?? '');
    let bucket = index.get(bucketKey);
    if (!bucket) index.set(bucketKey, (bucket = new Map()));
    bucket.set(key, o);
  }

  delete(_resource: string, o: KubeObject, old?: KubeObject): void {
    // An empty bucket stays (an owner's next object reuses it): one small map per owner that
    // ever controlled something.
    this.bucketOf(old ?? o)?.delete(keyOf(o));
  }

  /** The bucket a version of an object was put in. */
  private bucketOf(o: KubeObject): Bucket | undefined {
    const ref = getControllerOf(o);
    return ref ? this.byOwner.get(ref.uid) : this.orphans.get(o.metadata.namespace ?? '');
  }

  /** The objects whose controller has this uid, in cache order. */
  controlledBy(uid: string): readonly KubeObject[] {
    const bucket = this.byOwner.get(uid);
    return bucket?.size ? [...bucket.values()] : EMPTY;
  }

  /** Whether some object of the namespace has no controller. */
  hasOrphans(namespace: string): boolean {
    return (this.orphans.get(namespace)?.size ?? 0) > 0;
  }
}

/**
 * What a replica controller (ReplicaSet, ReplicationController) must see of `resource` for
 * `owner`: the objects it controls, plus, when the namespace has objects no one controls, every
 * object of the namespace (adoption candidates in namespace order). Without an informer cache,
 * the namespace list.
 */
export function ownedOrAdoptable(client: ClusterClient, resource: string, owner: KubeObject): KubeObject[] {
  const ns = owner.metadata.namespace ?? '';
  if (!(client instanceof CachedClient)) return client.list(resource, { namespace: ns }).items;
  const index = client.cache.indexer(`owners:${resource}`, () => new OwnerIndex(resource));
  if (index.hasOrphans(ns)) return client.list(resource, { namespace: ns }).items;
  return index.controlledBy(owner.metadata.uid ?? '') as KubeObject[];
}

/** The objects of `resource` controlled by any of `owners` (from the index when cached). */
export function controlledByAny(
  client: ClusterClient,
  resource: string,
  namespace: string,
  owners: readonly KubeObject[],
): KubeObject[] {
  if (!(client instanceof CachedClient)) return client.list(resource, { namespace }).items;
  const index = client.cache.indexer(`owners:${resource}`, () => new OwnerIndex(resource));
  const out: KubeObject[] = [];
  for (const o of owners) out.push(...index.controlledBy(o.metadata.uid ?? ''));
  return out;
}

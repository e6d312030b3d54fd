/**
 * The garbage collector: deletes dependents whose owners are gone (Background propagation),
 * deletes dependents first while an owner carries the `foregroundDeletion` finalizer
 * (Foreground), and strips owner references before releasing an owner that carries the
 * `orphan` finalizer (Orphan).
 *
 * Like the real one it is asynchronous: store changes mark owner uids dirty, and a pass runs on
 * the clock at the current time (so under a VirtualClock, `advance(0)`/`runUntilIdle()` runs it).
 * Each pass is level-triggered: it looks at the state, not at which event woke it.
 */
import type { KubeObject, ObjectKey } from '../types.js';
import { ApiError } from '../types.js';
import type { StoreWatch } from '../store/store.js';
import { clone } from '../store/keys.js';
import type { ApiServer } from './server.js';
import type { ResourceInfo } from './resources.js';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/** The garbage collector of one API server. */
export class GarbageCollector {
  private readonly dirty = new Set<string>();
  private scheduled = false;
  private watch: StoreWatch | undefined;
  private stopped = false;

  constructor(private readonly server: ApiServer) {}

  /** Starts following the store (from its current resourceVersion) and queues a full check. */
  start(): void {
    this.stopped = false;
    this.watch?.stop();
    const store = this.server.store;
    this.watch = store.watch(undefined, store.resourceVersion, (_event, change) => {
      if (change) this.observe(change.type, change.object, change.prev);
    });
    // Anything already stored that waits for the collector (after a snapshot import).
    for (const e of store.entries()) this.observe('ADDED', e.object, undefined);
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.watch = undefined;
  }

  /** Owner uids waiting for a pass. */
  get pending(): number {
    return this.dirty.size;
  }

  private observe(
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    obj: KubeObject,
    prev: KubeObject | undefined,
  ): void {
    const uid = obj.metadata.uid!;
    const store = this.server.store;
    if (type === 'DELETED') {
      if (store.hasDependents(uid)) this.mark(uid);
      for (const ref of obj.metadata.ownerReferences ?? []) this.mark(ref.uid);
      return;
    }
    const fins = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && (fins.includes(ORPHAN) || fins.includes(FOREGROUND)))
      this.mark(uid);
    const refs = obj.metadata.ownerReferences;
    for (const ref of refs ?? []) {
      const owner = store.objectByUid(ref.uid);
      if (!owner || owner.metadata.deletionTimestamp) this.mark(ref.uid);
    }
    // an owner reference removed from a dependent may release a foreground owner (a write that
    // keeps the stored references, such as a status write, removes none)
    const before = prev?.metadata.ownerReferences;
    if (before !== refs)
      for (const ref of before ?? []) {
        if (!(obj.metadata.ownerReferences ?? []).some((r) => r.uid === ref.uid)) this.mark(ref.uid);
      }
  }

  private mark(uid: string): void {
    this.dirty.add(uid);
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.server.clock.at(this.server.clock.now(), () => {
      this.scheduled = false;
      this.pass();
    });
  }

  /** Processes every dirty owner uid once (new marks made meanwhile go to the next pass). */
  pass(): void {
    const uids = [...this.dirty];
    this.dirty.clear();
    for (const uid of uids) this.processOwner(uid);
  }

  private infoOf(key: ObjectKey): ResourceInfo | undefined {
    return this.server.registry.forGroupResource(key.group, key.resource);
  }

  private processOwner(uid: string): void {
    const store = this.server.store;
    const owner = store.getByUid(uid);
    const dependents = store.dependents(uid);
    if (!owner) {
      for (const key of dependents) this.processDependent(key);
      return;
    }
    const meta = owner.object.metadata;
    if (!meta.deletionTimestamp) return;
    const fins = meta.finalizers ?? [];
    if (fins.includes(ORPHAN)) {
      for (const key of dependents) this.dropOwnerRef(key, uid);
      this.removeFinalizer(owner.key, uid, ORPHAN);
      return;
    }
    if (fins.includes(FOREGROUND)) {
      let blocking = 0;
      for (const key of dependents) {
        const dep = store.get(key);
        if (!dep) continue;
        const ref = dep.metadata.ownerReferences?.find((r) => r.uid === uid);
        if (ref?.blockOwnerDeletion) blocking++;
        if (!dep.metadata.deletionTimestamp) this.deleteQuietly(key, 'Foreground');
      }
      // dependents that disappeared at once no longer block
      const still = store
        .dependents(uid)
        .filter((k) =>
          store.get(k)?.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion),
        );
      if (blocking === 0 || still.length === 0) this.removeFinalizer(owner.key, uid, FOREGROUND);
    }
  }

  /** A dependent whose owner is gone: delete it when no owner is left, else drop the dangling refs. */
  private processDependent(key: ObjectKey): void {
    const store = this.server.store;
    const dep = store.get(key);
    if (!dep) return;
    const refs = dep.metadata.ownerReferences ?? [];
    const live = refs.filter((r) => store.getByUid(r.uid));
    if (live.length === 0) {
      if (!dep.metadata.deletionTimestamp) this.deleteQuietly(key, 'Background');
      return;
    }
    if (live.length < refs.length) {
      const info = this.infoOf(key);
      if (!info) return;
      const next = clone(dep) as KubeObject;
      next.metadata.ownerReferences = live;
      this.server.systemUpdate(info, next);
    }
  }

  private dropOwnerRef(key: ObjectKey, ownerUid: string): void {
    const dep = this.server.store.get(key);
    const info = this.infoOf(key);
    if (!dep || !info) return;
    const next = clone(dep) as KubeObject;
    const refs = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
    if (refs.length > 0) next.metadata.ownerReferences = refs;
    else delete next.metadata.ownerReferences;
    this.server.systemUpdate(info, next);
  }

  private removeFinalizer(key: ObjectKey, uid: string, finalizer: string): void {
    const obj = this.server.store.get(key);
    const info = this.infoOf(key);
    if (!obj || !info || obj.metadata.uid !== uid) return;
    const next = clone(obj) as KubeObject;
    const fins = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (fins.length > 0) next.metadata.finalizers = fins;
    else delete next.metadata.finalizers;
    this.server.systemUpdate(info, next);
  }

  private deleteQuietly(key: ObjectKey, policy: 'Background' | 'Foreground'): void {
    const info = this.infoOf(key);
    if (!info) return;
    try {
      this.server.delete(info, key.namespace, key.name, { propagationPolicy: policy });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
}

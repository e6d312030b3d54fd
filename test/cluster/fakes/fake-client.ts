/**
 * A small in-memory ClusterClient for controller tests: create/get/list/update/updateStatus/
 * delete/watch with resourceVersions, conflicts, generateName, generation, graceful pod deletion,
 * background garbage collection and the pod binding subresource. No validation or defaulting.
 */
import {
  ApiError,
  type ClusterClient,
  type Clock,
  type KubeObject,
  type ListOptions,
  type ObjectList,
  type WatchEvent,
} from '../../../src/cluster/types.js';
import { toTimestamp } from '../../../src/cluster/controllers/time.js';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function status(code: number, reason: string, message: string): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export class FakeClient implements ClusterClient {
  readonly objects = new Map<string, { resource: string; object: KubeObject }>();
  private rv = 0;
  private uid = 0;
  private rand = 12345;
  private watchers: { resource: string; fn: (e: WatchEvent) => void }[] = [];

  constructor(private readonly clock: Clock) {}

  private key(resource: string, ns: string, name: string): string {
    return `${resource}/${ns}/${name}`;
  }

  private suffix(): string {
    let s = '';
    for (let i = 0; i < 5; i++) {
      this.rand = (this.rand * 1103515245 + 12345) % 2147483648;
      s += ALPHABET[this.rand % ALPHABET.length];
    }
    return s;
  }

  private emit(resource: string, type: WatchEvent['type'], object: KubeObject): void {
    for (const w of [...this.watchers]) if (w.resource === resource) w.fn({ type, object: clone(object) });
  }

  get<T extends KubeObject = KubeObject>(resource: string, namespace: string, name: string): T | undefined {
    const e = this.objects.get(this.key(resource, namespace, name));
    return e ? (clone(e.object) as T) : undefined;
  }

  list<T extends KubeObject = KubeObject>(resource: string, options: ListOptions = {}): ObjectList<T> {
    const items: T[] = [];
    const selector = (options.labelSelector ?? '')
      .split(',')
      .filter(Boolean)
      .map((p) => p.split('='));
    for (const e of this.objects.values()) {
      if (e.resource !== resource) continue;
      if (options.namespace && e.object.metadata.namespace !== options.namespace) continue;
      if (!selector.every(([k, v]) => e.object.metadata.labels?.[k!] === v)) continue;
      items.push(clone(e.object) as T);
    }
    items.sort((a, b) =>
      (a.metadata.namespace ?? '') + '/' + a.metadata.name <
      (b.metadata.namespace ?? '') + '/' + b.metadata.name
        ? -1
        : 1,
    );
    return { items, resourceVersion: String(this.rv) };
  }

  create<T extends KubeObject = KubeObject>(resource: string, object: T): T {
    if (resource === 'bindings') return this.bind(object) as unknown as T;
    const o = clone(object);
    const ns = o.metadata.namespace ?? '';
    if (!o.metadata.name && o.metadata.generateName)
      o.metadata.name = o.metadata.generateName + this.suffix();
    const k = this.key(resource, ns, o.metadata.name ?? '');
    if (this.objects.has(k))
      throw status(409, 'AlreadyExists', `${resource} "${o.metadata.name}" already exists`);
    o.metadata.uid = `uid-${++this.uid}`;
    o.metadata.creationTimestamp = toTimestamp(this.clock.now());
    o.metadata.resourceVersion = String(++this.rv);
    if (resource !== 'pods' && resource !== 'events' && o.spec !== undefined) o.metadata.generation = 1;
    this.objects.set(k, { resource, object: o });
    this.emit(resource, 'ADDED', o);
    return clone(o);
  }

  private stored(resource: string, o: KubeObject): KubeObject {
    const e = this.objects.get(this.key(resource, o.metadata.namespace ?? '', o.metadata.name ?? ''));
    if (!e) throw status(404, 'NotFound', `${resource} "${o.metadata.name}" not found`);
    if (o.metadata.resourceVersion && o.metadata.resourceVersion !== e.object.metadata.resourceVersion) {
      throw status(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resource} "${o.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    return e.object;
  }

  update<T extends KubeObject = KubeObject>(resource: string, object: T): T {
    const old = this.stored(resource, object);
    const o = clone(object) as KubeObject;
    o.metadata = {
      ...o.metadata,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      resourceVersion: String(++this.rv),
    };
    if (old.metadata.deletionTimestamp) o.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (resource !== 'events') o.status = old.status;
    if (old.metadata.generation !== undefined) {
      o.metadata.generation =
        JSON.stringify(o.spec) === JSON.stringify(old.spec)
          ? old.metadata.generation
          : old.metadata.generation + 1;
    }
    this.objects.set(this.key(resource, o.metadata.namespace ?? '', o.metadata.name ?? ''), {
      resource,
      object: o,
    });
    this.emit(resource, 'MODIFIED', o);
    return clone(o) as T;
  }

  updateStatus<T extends KubeObject = KubeObject>(resource: string, object: T): T {
    const old = this.stored(resource, object);
    const o = clone(old);
    o.status = clone(object.status);
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(this.key(resource, o.metadata.namespace ?? '', o.metadata.name ?? ''), {
      resource,
      object: o,
    });
    this.emit(resource, 'MODIFIED', o);
    return clone(o) as T;
  }

  /** Merge patch of the object or its status (enough for tests). */
  patch<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string,
    name: string,
    _type: string,
    patch: unknown,
    subresource?: string,
  ): T {
    const current = this.get(resource, namespace, name);
    if (!current) throw status(404, 'NotFound', `${resource} "${name}" not found`);
    const merged = mergePatch(current, patch) as KubeObject;
    merged.metadata.resourceVersion = current.metadata.resourceVersion;
    return (
      subresource === 'status' ? this.updateStatus(resource, merged) : this.update(resource, merged)
    ) as T;
  }

  delete(
    resource: string,
    namespace: string,
    name: string,
    options: { gracePeriodSeconds?: number } = {},
  ): void {
    const k = this.key(resource, namespace, name);
    const e = this.objects.get(k);
    if (!e) throw status(404, 'NotFound', `${resource} "${name}" not found`);
    const o = e.object;
    const grace = options.gracePeriodSeconds ?? o.spec?.terminationGracePeriodSeconds ?? 30;
    if (
      resource === 'pods' &&
      o.spec?.nodeName &&
      grace > 0 &&
      !(o.status?.phase === 'Succeeded' || o.status?.phase === 'Failed')
    ) {
      if (o.metadata.deletionTimestamp) return;
      o.metadata.deletionTimestamp = toTimestamp(this.clock.now() + grace * 1000);
      o.metadata.deletionGracePeriodSeconds = grace;
      o.metadata.resourceVersion = String(++this.rv);
      this.emit(resource, 'MODIFIED', o);
      return;
    }
    this.objects.delete(k);
    o.metadata.resourceVersion = String(++this.rv);
    this.emit(resource, 'DELETED', o);
    // Background garbage collection of dependents.
    for (const dep of [...this.objects.values()]) {
      if (dep.object.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid)) {
        this.delete(dep.resource, dep.object.metadata.namespace ?? '', dep.object.metadata.name ?? '');
      }
    }
  }

  watch(resource: string, _options: unknown, onEvent: (event: WatchEvent) => void): () => void {
    const w = { resource, fn: onEvent };
    this.watchers.push(w);
    return () => {
      this.watchers = this.watchers.filter((x) => x !== w);
    };
  }

  private bind(binding: KubeObject): KubeObject {
    const ns = binding.metadata.namespace ?? '';
    const pod = this.objects.get(this.key('pods', ns, binding.metadata.name ?? ''));
    if (!pod) throw status(404, 'NotFound', `pods "${binding.metadata.name}" not found`);
    if (pod.object.spec?.nodeName)
      throw status(
        409,
        'Conflict',
        `pod ${binding.metadata.name} is already assigned to node "${pod.object.spec.nodeName}"`,
      );
    pod.object.spec.nodeName = (binding.target as { name: string }).name;
    pod.object.metadata.resourceVersion = String(++this.rv);
    this.emit('pods', 'MODIFIED', pod.object);
    return clone(binding);
  }
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * The shared vocabulary of the cluster core: objects, requests, the clock and the typed
 * in-process client that controllers, the scheduler, kubelets, kubectl and graders use.
 *
 * Everything here is plain data and interfaces; no module in src/cluster may import
 * `node:*`, use `process`, `Buffer`, timers or `Date`, or touch the DOM.
 */

// ---------------------------------------------------------------- objects

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
}

/** Any Kubernetes object. `spec`/`status` stay loosely typed: each kind narrows them. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  status?: any;
  [field: string]: unknown;
}

/** A resource type as the API serves it (one row of `kubectl api-resources`). */
export interface ResourceType {
  group: string; // '' for core
  version: string;
  resource: string; // plural, e.g. 'deployments'
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories: string[];
  subresources: string[]; // e.g. ['status', 'scale']
}

/** Identifies one object. `namespace` is '' for cluster-scoped resources. */
export interface ObjectKey {
  group: string;
  resource: string;
  namespace: string;
  name: string;
}

// ---------------------------------------------------------------- API errors

/** A `Status` object as the API server returns it for failures. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string; // NotFound, AlreadyExists, Conflict, Invalid, BadRequest, Forbidden, Gone, ...
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason: string; message: string; field?: string }[];
    retryAfterSeconds?: number;
    /** Set on `Success` statuses of deletes. */
    uid?: string;
  };
  code: number;
}

/** Thrown inside the core, turned into a Status response by the API layer. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason;
  }
}

// ---------------------------------------------------------------- HTTP-shaped entry

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface ApiRequest {
  method: HttpMethod;
  /** Path and query, e.g. `/api/v1/namespaces/default/pods?labelSelector=app%3Dweb`. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

/** A complete response. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** A streaming response (watch, `logs -f`): chunks until closed by either side. */
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  stream: AsyncIterable<string>;
  /** The client went away: release the watch. */
  close(): void;
}

export type HandleResult = ApiResponse | StreamResponse;

export function isStream(r: HandleResult): r is StreamResponse {
  return 'stream' in r;
}

// ---------------------------------------------------------------- watch

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

// ---------------------------------------------------------------- time

/**
 * The one clock of a cluster. Virtual in tests and grading (advanced by hand), real time
 * times a speed factor in the browser. Times are milliseconds since the Unix epoch.
 */
export interface Clock {
  now(): number;
  /** Runs `fn` once the clock reaches `at`. Returns a cancel function. */
  at(at: number, fn: () => void): () => void;
}

// ---------------------------------------------------------------- in-process client

export interface ListOptions {
  namespace?: string; // omitted or '' = all namespaces (for namespaced resources)
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Return the store's own (deep-frozen) objects instead of copies: much cheaper for read-only
   * callers such as a reconciler's `observe`. Never modify them. Clients may ignore it.
   */
  shared?: boolean;
}

export interface WatchOptions extends ListOptions {
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
}

export interface ObjectList<T = KubeObject> {
  items: T[];
  resourceVersion: string;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
}

/**
 * A typed, in-process client of the API, in the shape of client-go. Every write goes
 * through the same validation, defaulting and admission as an HTTP request. Resources
 * are named as `<resource>` for core (`pods`) or `<resource>.<group>` (`deployments.apps`).
 */
export interface ClusterClient {
  /** The object, or undefined. With `shared`, the store's own (deep-frozen) object: never modify it. */
  get<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string,
    name: string,
    options?: { shared?: boolean },
  ): T | undefined;
  list<T extends KubeObject = KubeObject>(resource: string, options?: ListOptions): ObjectList<T>;
  /** Writes return the object as stored; with `shared`, the store's own (deep-frozen) object. */
  create<T extends KubeObject = KubeObject>(resource: string, object: T, options?: { shared?: boolean }): T;
  update<T extends KubeObject = KubeObject>(resource: string, object: T, options?: { shared?: boolean }): T;
  updateStatus<T extends KubeObject = KubeObject>(
    resource: string,
    object: T,
    options?: { shared?: boolean },
  ): T;
  patch<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    subresource?: string,
  ): T;
  delete(resource: string, namespace: string, name: string, options?: DeleteOptions): void;
  /** Calls `onEvent` for each change, synchronously after the write commits. */
  watch(resource: string, options: WatchOptions, onEvent: (event: WatchEvent) => void): () => void;
}

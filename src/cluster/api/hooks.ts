/**
 * Plug-in points of the API layer. The API calls these for every write; the defaults do nothing,
 * so the cluster works (without validation) before the real implementations are plugged in.
 *
 * Order on create and update, as the API server runs it:
 *   strategy (server-owned fields, status reset) -> `default` -> `admit` (mutating admission)
 *   -> `validate` (400 for decode errors, 422 for causes) -> `validateAdmission` (quota, ...)
 *   -> store.
 */
import type { Clock, KubeObject, ListOptions, ObjectList } from '../types.js';
import type { Random } from '../machinery/random.js';
import type { ResourceInfo } from './resources.js';

/** How unknown fields are treated (`fieldValidation` query parameter). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The write a hook is looking at. */
export interface HookContext {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  resource: ResourceInfo;
  /** `status`, `scale`, `binding`, ... or undefined for the main resource. */
  subresource?: string;
  namespace: string;
  name: string;
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
  /** The patch content type when the write is a PATCH (server-side apply tracks its own fields). */
  patchType?: string;
  /** The clock's time. */
  now: number;
  /** The cluster's seeded generator (for allocations such as cluster IPs or volume suffixes). */
  random: Random;
  clock: Clock;
  /** Reads the store as the API sees it (objects are frozen: copy before changing). */
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  list(resource: string, options?: ListOptions): ObjectList;
}

/** One 422 cause or 400 decode error. */
export interface HookCause {
  reason: string;
  message: string;
  field?: string;
}

/** What `validate` reports. Valid when both lists are empty. */
export interface HookValidation {
  /** 422 Invalid causes. */
  causes: HookCause[];
  /** Sent as `Warning: 299 - "..."` headers. */
  warnings?: string[];
  /** 400 BadRequest problems found while decoding (unknown fields under Strict, wrong types). */
  decodeErrors?: HookCause[];
}

/** What `admit` may return besides the object: warnings to send. */
export interface HookAdmission {
  object: KubeObject;
  warnings?: string[];
}

/** Validation, defaulting and admission, injected into the API. Every member is optional. */
export interface ObjectHooks {
  /** Returns the object with defaults filled in (may change and return the argument). */
  default?(resource: ResourceInfo, object: KubeObject, ctx: HookContext): KubeObject;
  /**
   * `default` returns a new object that shares no part with the one it was given (a deep copy),
   * frozen parts aside, which nobody can change. The server then need not deep-copy request
   * bodies itself before the hooks change them.
   */
  defaultCopies?: boolean;
  /**
   * Mutating admission (ServiceAccount, LimitRange defaults, cluster IP allocation...). Throw an
   * ApiError to reject. The object returned becomes the server's: the store freezes its parts in
   * place, so return the argument or a new object, never one kept elsewhere.
   */
  admit?(object: KubeObject, old: KubeObject | undefined, ctx: HookContext): KubeObject | HookAdmission;
  /** Schema and semantic validation. */
  validate?(
    resource: ResourceInfo,
    object: KubeObject,
    old: KubeObject | undefined,
    ctx: HookContext,
  ): HookValidation;
  /** Validating admission after validation (ResourceQuota). Throw an ApiError to reject. */
  validateAdmission?(object: KubeObject, old: KubeObject | undefined, ctx: HookContext): void;
  /** Told after a write is stored (not on dry runs): release allocations, record usage. */
  committed?(object: KubeObject, old: KubeObject | undefined, ctx: HookContext): void;
  /** Told after an object left the store for good (release cluster IPs, node ports). */
  removed?(object: KubeObject, ctx: Pick<HookContext, 'resource' | 'now' | 'random' | 'clock'>): void;
}

/** The hooks that do nothing. */
export const NO_HOOKS: ObjectHooks = Object.freeze({});

/** A patch type: the JSON merge and JSON patch types are built in; strategic merge and apply plug in here. */
export interface PatchHandler {
  /** The object may not exist yet: a patch creates it (server-side apply). */
  upsert?: boolean;
  /**
   * Returns the patched object. `current` is a mutable copy (undefined only for `upsert`
   * handlers when the object does not exist). Throw an ApiError for a bad patch.
   */
  apply(current: KubeObject | undefined, patch: string, ctx: PatchContext): KubeObject;
}

/** What a patch handler knows about the request. */
export interface PatchContext {
  resource: ResourceInfo;
  subresource?: string;
  namespace: string;
  name: string;
  fieldManager?: string;
  force: boolean;
}

/** Options of a `kubectl logs` request. */
export interface LogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
}

/**
 * Behaviour that lives outside the API (kubelets, metrics). Defaults: empty logs, exec refused
 * as the API server refuses a non-upgrade request, empty metrics.
 */
export interface Providers {
  /** Log text of a container (a stream when following). */
  podLogs?(pod: KubeObject, options: LogOptions): string | AsyncIterable<string>;
  /** NodeMetrics objects (metrics.k8s.io/v1beta1). */
  nodeMetrics?(): KubeObject[];
  /** PodMetrics objects, optionally of one namespace. */
  podMetrics?(namespace?: string): KubeObject[];
}

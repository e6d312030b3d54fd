/**
 * The reconciler contract shared by every controller, the scheduler and the kubelets.
 *
 * A reconciler is a pure function of (the object, what it observes, now). It never asks which
 * event woke it; it returns the actions that move the world toward the object's spec, as data.
 * The runtime (runtime.ts) applies them through a ClusterClient. Reconciling a converged state
 * returns no actions, and reconciling the state that results from applying the actions returns
 * no actions either.
 */
import type { DeleteOptions, KubeObject } from '../types.js';

/** What an event says, before the runtime stamps names and counts on it. */
export interface EventSpec {
  /** The object the event is about. */
  involvedObject: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  /** `$name` is replaced by the created object's name for events attached to a create action. */
  message: string;
  /** The component that reports it, e.g. `replicaset-controller`, `default-scheduler`, `kubelet`. */
  component: string;
  /** For kubelet events: the node name (Event.source.host). */
  host?: string;
  /** For container events: `spec.containers{web}`. */
  fieldPath?: string;
}

/** Create an object. Names from `generateName` are filled in by the API. */
export interface CreateAction {
  type: 'create';
  resource: string;
  object: KubeObject;
  /** Emitted once the create succeeds (with `$name` replaced by the created name). */
  event?: EventSpec;
}

/** Replace an object's metadata and spec (the object carries the resourceVersion read). */
export interface UpdateAction {
  type: 'update';
  resource: string;
  object: KubeObject;
}

/** Write an object's status subresource (the object carries the resourceVersion read). */
export interface UpdateStatusAction {
  type: 'updateStatus';
  resource: string;
  object: KubeObject;
}

/** Delete an object. */
export interface DeleteAction {
  type: 'delete';
  resource: string;
  namespace: string;
  name: string;
  options?: DeleteOptions;
  event?: EventSpec;
}

/** Bind a pod to a node through the binding subresource. */
export interface BindAction {
  type: 'bind';
  namespace: string;
  name: string;
  uid?: string;
  nodeName: string;
}

/** Record an Event (the runtime aggregates repeats into `count`). */
export interface EventAction {
  type: 'event';
  event: EventSpec;
}

export type Action =
  CreateAction | UpdateAction | UpdateStatusAction | DeleteAction | BindAction | EventAction;

/** What one reconcile returns. */
export interface ReconcileResult<M = undefined> {
  actions: Action[];
  /** Reconcile this key again after this many milliseconds (a timed transition is due). */
  requeueAfterMs?: number;
  /**
   * Controller-private memory (the kubelet's back-off timers); handed back on the next call.
   * Without one, the key's previous memo is kept.
   */
  memo?: M;
  /** Forget the key's memo: nothing is left to remember (the scheduler's bound pods). */
  forgetMemo?: boolean;
}

/** A pure reconciler. */
export type Reconciler<T extends KubeObject, O, M = undefined> = (
  object: T,
  observed: O,
  now: number,
) => ReconcileResult<M>;

/** The empty result. */
export const NOTHING: ReconcileResult<never> = Object.freeze({ actions: [] }) as ReconcileResult<never>;

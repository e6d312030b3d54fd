/**
 * The Namespace controller: once a namespace is Terminating it deletes everything in it, reports
 * what remains in the namespace's conditions, and when nothing is left removes the `kubernetes`
 * finalizer so the API deletes the namespace.
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from './types.js';
import { clone, compareStrings, sameJson } from './json.js';
import { toTimestamp } from './time.js';

/** What the Namespace controller observes: the namespace's content by resource. */
export interface NamespaceObserved {
  /** Resource name (`pods`, `deployments.apps`) to the objects of that resource in the namespace. */
  content: Record<string, KubeObject[]>;
}

/** The finalizer the namespace controller owns. */
export const NAMESPACE_FINALIZER = 'kubernetes';
/** How often a terminating namespace is checked while content remains. */
export const NAMESPACE_RECHECK_MS = 1_000;

interface Condition {
  type: string;
  status: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** Reconciles a core/v1 Namespace. */
export function reconcileNamespace(
  ns: KubeObject,
  observed: NamespaceObserved,
  now: number,
): ReconcileResult {
  if (!ns.metadata.deletionTimestamp) return { actions: [] };
  const actions: Action[] = [];
  const name = ns.metadata.name ?? '';
  const remaining: [string, number][] = [];
  const finalizersLeft = new Set<string>();
  for (const resource of Object.keys(observed.content).sort(compareStrings)) {
    const objects = observed.content[resource] ?? [];
    if (!objects.length) continue;
    remaining.push([resource.split('.')[0]!, objects.length]);
    for (const o of objects) {
      for (const f of o.metadata.finalizers ?? []) finalizersLeft.add(f);
      if (o.metadata.deletionTimestamp) continue;
      actions.push({ type: 'delete', resource, namespace: name, name: o.metadata.name ?? '' });
    }
  }

  const ts = toTimestamp(now);
  const status = clone(ns.status ?? {}) as Record<string, unknown>;
  status.phase = 'Terminating';
  const old = (status.conditions ?? []) as Condition[];
  const set = (type: string, on: boolean, reason: string, message: string): Condition => {
    const prev = old.find((c) => c.type === type);
    const value = on ? 'True' : 'False';
    return {
      type,
      status: value,
      lastTransitionTime: prev && prev.status === value ? prev.lastTransitionTime : ts,
      reason,
      message,
    };
  };
  const list = remaining.map(([r, n]) => `${r} has ${n} resource instances`).join(', ');
  const conditions = [
    set(
      'NamespaceDeletionDiscoveryFailure',
      false,
      'ResourcesDiscovered',
      'All resources successfully discovered',
    ),
    set(
      'NamespaceDeletionGroupVersionParsingFailure',
      false,
      'ParsedGroupVersions',
      'All legacy kube types successfully parsed',
    ),
    set(
      'NamespaceDeletionContentFailure',
      false,
      'ContentDeleted',
      'All content successfully deleted, may be waiting on finalization',
    ),
    remaining.length
      ? set('NamespaceContentRemaining', true, 'SomeResourcesRemain', `Some resources are remaining: ${list}`)
      : set('NamespaceContentRemaining', false, 'ContentRemoved', 'All content successfully removed'),
    finalizersLeft.size
      ? set(
          'NamespaceFinalizersRemaining',
          true,
          'SomeFinalizersRemain',
          `Some content in the namespace has finalizers remaining: ${[...finalizersLeft].sort(compareStrings).join(', ')}`,
        )
      : set(
          'NamespaceFinalizersRemaining',
          false,
          'ContentHasNoFinalizers',
          'All content-preserving finalizers finished',
        ),
  ];
  status.conditions = conditions;
  if (remaining.length) {
    if (!sameJson(status, ns.status ?? {}))
      actions.push({ type: 'updateStatus', resource: 'namespaces', object: { ...ns, status } });
    return { actions, requeueAfterMs: NAMESPACE_RECHECK_MS };
  }
  // Empty: give up the finalizer; the API removes the namespace when none is left.
  const finalizers = ((ns.spec?.finalizers ?? []) as string[]).filter((f) => f !== NAMESPACE_FINALIZER);
  if (finalizers.length === (ns.spec?.finalizers ?? []).length) return { actions };
  const next = clone(ns);
  // An empty list, not an absent one: defaulting would put the finalizer back on an absent list.
  next.spec = { ...(next.spec ?? {}), finalizers };
  actions.push({ type: 'update', resource: 'namespaces', object: next });
  // Checked again in case another finalizer or a write keeps it.
  return { actions, requeueAfterMs: NAMESPACE_RECHECK_MS };
}

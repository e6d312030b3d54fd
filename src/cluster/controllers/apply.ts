/** Applies a reconciler's actions through a ClusterClient. */
import { ApiError, type ClusterClient, type KubeObject } from '../types.js';
import type { Action, EventSpec } from './types.js';
import type { EventRecorder } from './event-recorder.js';

/** What happened when a batch of actions was applied. */
export interface ApplyOutcome {
  /** Writes refused with 409 Conflict (the reconciler read stale state: sync again). */
  conflicts: number;
  /** Other API errors, in order, with the action that failed. */
  errors: ApiError[];
  failed: { action: Action; error: ApiError }[];
}

function keyOf(resource: string, o: KubeObject): string {
  return `${resource}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/**
 * Applies `actions` in order. A later write to an object this batch already wrote carries the
 * resourceVersion of that write (a reconciler reads once and may update spec, then status).
 * Failures are collected, not thrown; a failed create records a FailedCreate Warning event.
 */
export function applyActions(
  client: ClusterClient,
  actions: Action[],
  now: number,
  recorder: EventRecorder,
): ApplyOutcome {
  const outcome: ApplyOutcome = { conflicts: 0, errors: [], failed: [] };
  const versions = new Map<string, string | undefined>();
  const fresh = (resource: string, o: KubeObject): KubeObject => {
    const rv = versions.get(keyOf(resource, o));
    return rv === undefined ? o : { ...o, metadata: { ...o.metadata, resourceVersion: rv } };
  };
  const fail = (action: Action, e: unknown, onCreate?: EventSpec): void => {
    if (!(e instanceof ApiError)) throw e;
    if (e.code === 409 && e.reason === 'Conflict') outcome.conflicts++;
    else {
      outcome.errors.push(e);
      outcome.failed.push({ action, error: e });
    }
    if (onCreate) {
      recorder.record(
        { ...onCreate, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${e.message}` },
        now,
      );
    }
  };
  for (const action of actions) {
    try {
      switch (action.type) {
        case 'create': {
          // results are only read here: the stored objects, not copies
          const created = client.create(action.resource, action.object, { shared: true });
          if (action.event)
            recorder.record(
              {
                ...action.event,
                message: action.event.message.replace('$name', created.metadata.name ?? ''),
              },
              now,
            );
          break;
        }
        case 'update': {
          const updated = client.update(action.resource, fresh(action.resource, action.object), {
            shared: true,
          });
          versions.set(keyOf(action.resource, updated), updated.metadata.resourceVersion);
          break;
        }
        case 'updateStatus': {
          const updated = client.updateStatus(action.resource, fresh(action.resource, action.object), {
            shared: true,
          });
          versions.set(keyOf(action.resource, updated), updated.metadata.resourceVersion);
          break;
        }
        case 'delete':
          client.delete(action.resource, action.namespace, action.name, action.options);
          if (action.event) recorder.record(action.event, now);
          break;
        case 'bind':
          client.create('bindings', {
            apiVersion: 'v1',
            kind: 'Binding',
            metadata: {
              name: action.name,
              namespace: action.namespace,
              ...(action.uid ? { uid: action.uid } : {}),
            },
            target: { apiVersion: 'v1', kind: 'Node', name: action.nodeName },
          });
          break;
        case 'event':
          recorder.record(action.event, now);
          break;
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 404 && action.type === 'delete') continue; // already gone
      fail(action, e, action.type === 'create' ? action.event : undefined);
    }
  }
  return outcome;
}

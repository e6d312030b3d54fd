/**
 * Revision history for StatefulSets and DaemonSets, as ControllerRevision objects: one per pod
 * template the set has had, named `<set>-<hash>`, numbered in order of use, holding the template
 * as the patch `kubectl rollout undo` applies. A template that comes back (a rollback) takes the
 * next number again; revisions beyond `revisionHistoryLimit` that no pod uses are removed.
 */
import type { KubeObject } from '../types.js';
import type { Action } from './types.js';
import { controllerRef, isControlledBy } from './owners.js';
import { clone, compareStrings } from './json.js';

/** The label carrying a revision's hash. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** What `syncRevisions` decided: the actions, and the current number of the update revision. */
export interface RevisionSync {
  actions: Action[];
  revision: number;
}

function revisionObject(set: KubeObject, name: string, hash: string, revision: number): KubeObject {
  const template = clone(set.spec?.template ?? {});
  const cause = set.metadata.annotations?.['kubernetes.io/change-cause'];
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ...(cause ? { annotations: { 'kubernetes.io/change-cause': cause } } : {}),
      ownerReferences: [controllerRef(set)],
    },
    data: { spec: { template: { ...template, $patch: 'replace' } } },
    revision,
  };
}

/**
 * Makes the set's ControllerRevisions match its template: creates or renumbers the revision
 * `name` (hash `hash`), and deletes old ones beyond the history limit whose names are not in
 * `inUse` (revisions pods still run).
 */
export function syncRevisions(
  set: KubeObject,
  revisions: readonly KubeObject[],
  name: string,
  hash: string,
  inUse: ReadonlySet<string>,
): RevisionSync {
  const actions: Action[] = [];
  const own = revisions
    .filter((r) => r.metadata.namespace === set.metadata.namespace && isControlledBy(r, set))
    .sort(
      (a, b) =>
        Number(a.revision ?? 0) - Number(b.revision ?? 0) ||
        compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''),
    );
  const highest = own.reduce((n, r) => Math.max(n, Number(r.revision ?? 0)), 0);
  const existing = own.find((r) => r.metadata.name === name);
  let revision: number;
  if (!existing) {
    revision = highest + 1;
    actions.push({
      type: 'create',
      resource: 'controllerrevisions.apps',
      object: revisionObject(set, name, hash, revision),
    });
  } else if (Number(existing.revision ?? 0) < highest) {
    revision = highest + 1;
    actions.push({
      type: 'update',
      resource: 'controllerrevisions.apps',
      object: { ...clone(existing), revision },
    });
  } else revision = Number(existing.revision ?? 0);

  const limit = Number(set.spec?.revisionHistoryLimit ?? 10);
  const old = own.filter((r) => r.metadata.name !== name && !inUse.has(r.metadata.name ?? ''));
  for (const r of old.slice(0, Math.max(0, old.length - limit)))
    actions.push({
      type: 'delete',
      resource: 'controllerrevisions.apps',
      namespace: set.metadata.namespace ?? '',
      name: r.metadata.name ?? '',
    });
  return { actions, revision };
}

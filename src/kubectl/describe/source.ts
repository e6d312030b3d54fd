/**
 * What a describer may read besides the object itself, and how: kubectl's describers fetch events
 * by field selector, a Deployment's ReplicaSets, a Service's Endpoints, a Node's pods and Lease, and
 * so on. The command adapts its API client to this interface; tests adapt an in-process cluster.
 */
import type { KubeObject } from '../../cluster/types.js';

/** A list request: resource as `plural` or `plural.group` (`pods`, `replicasets.apps`). */
export interface ListQuery {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Read access for describers. Errors reject; describers swallow them where kubectl does. */
export interface DescribeSource {
  get(resource: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  list(resource: string, query: ListQuery): Promise<KubeObject[]>;
}

/** Everything a describer gets. */
export interface DescribeContext {
  source: DescribeSource;
  /** The client's clock (milliseconds), for ages. */
  now: number;
  /** `--show-events` (default true). */
  showEvents: boolean;
}

/** The object's events as kubectl's describe asks for them (undefined when events are off; [] on error). */
export async function fetchEvents(
  ctx: DescribeContext,
  obj: KubeObject,
  withKind = true,
): Promise<KubeObject[] | undefined> {
  if (!ctx.showEvents) return undefined;
  const m = obj.metadata;
  const terms = [`involvedObject.name=${m.name}`];
  if (m.namespace) terms.push(`involvedObject.namespace=${m.namespace}`);
  if (withKind && obj.kind) terms.push(`involvedObject.kind=${obj.kind}`);
  if (m.uid) terms.push(`involvedObject.uid=${m.uid}`);
  try {
    return await ctx.source.list('events', {
      ...(m.namespace ? { namespace: m.namespace } : {}),
      fieldSelector: terms.join(','),
    });
  } catch {
    return [];
  }
}

/** A list that yields [] when the server refuses it (kubectl ignores those errors). */
export async function listOrEmpty(
  ctx: DescribeContext,
  resource: string,
  query: ListQuery,
): Promise<KubeObject[]> {
  try {
    return await ctx.source.list(resource, query);
  } catch {
    return [];
  }
}

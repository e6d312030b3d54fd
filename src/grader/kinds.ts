/** Kind names to API resources, from the cluster's registry of built-in resources (pure). */
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../cluster/api/resources.js';

/** The resource serving `kind` (at `apiVersion`, or the first non-virtual one serving the kind). */
export function resourceOf(kind: string, apiVersion?: string): ResourceInfo | undefined {
  return RESOURCES.find(
    (r) => r.kind === kind && !r.virtual && (apiVersion === undefined || apiVersionOf(r) === apiVersion),
  );
}

/** `deployments.apps`, or `pods`: how the in-process client names a resource. */
export function clientName(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** `deployment.apps`, or `pod`: how kubectl prints an object's type (`pod/web created`). */
export function kubectlType(info: ResourceInfo): string {
  return info.group ? `${info.singular}.${info.group}` : info.singular;
}

export { apiVersionOf };

/**
 * Who is asking, and may they: the request's user (the kubeconfig's admin, or whoever kubectl
 * `--as`/`--as-group` impersonates through the `Impersonate-User`/`Impersonate-Group` headers),
 * RBAC evaluation over the stored Roles, ClusterRoles and their bindings, and the access review
 * resources (`kubectl auth can-i` posts a SelfSubjectAccessReview).
 *
 * The cluster's own user (no impersonation) is in `system:masters` and may do everything, as the
 * kubeadm admin is. An impersonated user gets `system:authenticated` (and a service account its
 * `system:serviceaccounts` groups) and only what RBAC grants; every request it makes is checked,
 * with the real API server's Forbidden message.
 */
import type { ApiRequest, KubeObject, Status } from '../types.js';
import { ApiError } from '../types.js';
import type { ResourceRoute } from './paths.js';
import type { ApiServer } from './server.js';

/** An authenticated user. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** What a request wants to do (the attributes RBAC rules match). */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** The admin the kubeconfig authenticates as. */
export const ADMIN: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:masters', 'system:authenticated'],
};

/** The user a request acts as: the impersonated one when the impersonation headers are set. */
export function userOf(request: ApiRequest): UserInfo {
  const user = request.headers['impersonate-user'];
  if (!user) return ADMIN;
  const asked = (request.headers['impersonate-group'] ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  const groups = [...asked];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
  if (sa) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (user !== 'system:anonymous' && !groups.includes('system:authenticated'))
    groups.push('system:authenticated');
  return { username: user, groups: [...new Set(groups)] };
}

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string): boolean {
  if (s.kind === 'User') return s.name === user.username;
  if (s.kind === 'Group') return !!s.name && user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount')
    return user.username === `system:serviceaccount:${s.namespace || bindingNamespace}:${s.name}`;
  return false;
}

function ruleAllows(rule: PolicyRule, a: ResourceAttributes): boolean {
  const has = (list: string[] | undefined, value: string) =>
    !!list && (list.includes('*') || list.includes(value));
  if (!has(rule.verbs, a.verb)) return false;
  if (!has(rule.apiGroups, a.group)) return false;
  const resources = rule.resources ?? [];
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk =
    resources.includes('*') ||
    resources.includes(combined) ||
    (a.subresource !== undefined && resources.includes(`*/${a.subresource}`));
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (!!a.name && names.includes(a.name));
}

/** The roles' rules that apply to `user` in `namespace` (cluster-wide ones included). */
function rulesFor(server: ApiServer, user: UserInfo, namespace: string | undefined): PolicyRule[] {
  const client = (resource: string, ns = '') =>
    server.store.list({ group: 'rbac.authorization.k8s.io', resource, ...(ns ? { namespace: ns } : {}) })
      .items;
  const clusterRole = (name: string) =>
    server.store.get({ group: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespace: '', name });
  const role = (ns: string, name: string) =>
    server.store.get({ group: 'rbac.authorization.k8s.io', resource: 'roles', namespace: ns, name });
  const rules: PolicyRule[] = [];
  const add = (r: KubeObject | undefined) => rules.push(...((r?.rules ?? []) as PolicyRule[]));
  const refOf = (b: KubeObject) => (b.roleRef ?? {}) as { kind?: string; name?: string };
  for (const b of client('clusterrolebindings')) {
    const ref = refOf(b);
    if (
      ((b.subjects ?? []) as Subject[]).some((s) => subjectMatches(s, user, '')) &&
      ref.kind === 'ClusterRole'
    )
      add(clusterRole(ref.name ?? ''));
  }
  if (namespace)
    for (const b of client('rolebindings', namespace)) {
      if (!((b.subjects ?? []) as Subject[]).some((s) => subjectMatches(s, user, namespace))) continue;
      const ref = refOf(b);
      add(ref.kind === 'Role' ? role(namespace, ref.name ?? '') : clusterRole(ref.name ?? ''));
    }
  return rules;
}

/** Whether RBAC (or membership of system:masters) lets `user` do `a`. */
export function allowed(server: ApiServer, user: UserInfo, a: ResourceAttributes): boolean {
  if (user.groups.includes('system:masters')) return true;
  return rulesFor(server, user, a.namespace).some((rule) => ruleAllows(rule, a));
}

/** The RBAC verb of a resource request. */
export function verbOf(route: ResourceRoute, method: string): string {
  const watching = route.watchPrefix || route.query.watch === 'true' || route.query.watch === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watching ? 'watch' : route.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** The real API server's 403 for a request RBAC does not allow. */
export function forbiddenFor(user: UserInfo, a: ResourceAttributes): ApiError {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const subject = a.name ? `${qualified} ${JSON.stringify(a.name)}` : qualified;
  const scope = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
  const message = `${subject} is forbidden: User ${JSON.stringify(user.username)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.group)} ${scope}`;
  const details: NonNullable<Status['details']> = { kind: a.resource };
  if (a.name) details.name = a.name;
  if (a.group) details.group = a.group;
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Forbidden',
    details,
    code: 403,
  } as Status);
}

/** The access review resources of authorization.k8s.io/v1 (created, never stored). */
export const REVIEW_RESOURCES = [
  'selfsubjectaccessreviews',
  'subjectaccessreviews',
  'localsubjectaccessreviews',
  'selfsubjectrulesreviews',
];

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Answers a POSTed access review with its `status` filled in (201, as the real server does). */
export function review(
  server: ApiServer,
  resource: string,
  namespace: string,
  body: Obj,
  requester: UserInfo,
): Obj {
  const spec: Obj = body?.spec ?? {};
  const user: UserInfo =
    resource === 'subjectaccessreviews' || resource === 'localsubjectaccessreviews'
      ? { username: String(spec.user ?? ''), groups: (spec.groups ?? []) as string[] }
      : requester;
  const out: Obj = { ...body, metadata: { ...(body?.metadata ?? {}), creationTimestamp: null } };
  if (resource === 'selfsubjectrulesreviews') {
    const ns = String(spec.namespace ?? namespace ?? '');
    const rules = user.groups.includes('system:masters')
      ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]
      : rulesFor(server, user, ns).filter((r) => !r.nonResourceURLs);
    out.status = {
      resourceRules: rules.map((r) => ({
        verbs: r.verbs ?? [],
        ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}),
        ...(r.resources ? { resources: r.resources } : {}),
        ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
      })),
      nonResourceRules: user.groups.includes('system:masters')
        ? [{ verbs: ['*'], nonResourceURLs: ['*'] }]
        : [],
      incomplete: false,
    };
    return out;
  }
  const ra: Obj | undefined = spec.resourceAttributes;
  if (!ra) {
    // non-resource URLs: discovery and health endpoints are open to every authenticated user
    out.status = {
      allowed: user.groups.includes('system:masters') || user.groups.includes('system:authenticated'),
    };
    return out;
  }
  const attrs: ResourceAttributes = {
    verb: String(ra.verb ?? ''),
    group: String(ra.group ?? ''),
    resource: String(ra.resource ?? ''),
    ...(ra.subresource ? { subresource: String(ra.subresource) } : {}),
    ...(ra.namespace || resource === 'localsubjectaccessreviews'
      ? { namespace: String(ra.namespace || namespace) }
      : {}),
    ...(ra.name ? { name: String(ra.name) } : {}),
  };
  out.status = { allowed: allowed(server, user, attrs) };
  return out;
}

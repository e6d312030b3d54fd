/** `kubectl describe` for Roles, ClusterRoles, RoleBindings and ClusterRoleBindings. */
import type { KubeObject } from '../../cluster/types.js';
import { annotationsMultiline, arr, labelsMultiline, str, type Obj } from './format.js';
import { L0, L1, tabbedString } from './writer.js';

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/** One rule per group, resource and name (kubectl's BreakdownRule; verbs as written). */
function breakdown(rule: Obj): Rule[] {
  const verbs = arr<string>(rule.verbs);
  const out: Rule[] = [];
  for (const group of arr<string>(rule.apiGroups))
    for (const resource of arr<string>(rule.resources)) {
      const names = arr<string>(rule.resourceNames);
      if (names.length > 0)
        for (const name of names)
          out.push({
            verbs,
            apiGroups: [group],
            resources: [resource],
            resourceNames: [name],
            nonResourceURLs: [],
          });
      else
        out.push({
          verbs,
          apiGroups: [group],
          resources: [resource],
          resourceNames: [],
          nonResourceURLs: [],
        });
    }
  for (const url of arr<string>(rule.nonResourceURLs))
    out.push({ verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] });
  return out;
}

/** Go's `%v` of a string slice: `[a b]`. */
const v = (list: string[]): string => `[${list.join(' ')}]`;

/** The rule as its generated String() prints it (kubectl sorts rules by this text). */
function ruleText(r: Rule): string {
  return `&PolicyRule{Verbs:${v(r.verbs)},APIGroups:${v(r.apiGroups)},Resources:${v(r.resources)},ResourceNames:${v(r.resourceNames)},NonResourceURLs:${v(r.nonResourceURLs)},}`;
}

/** Rules on the same single group/resource/name merged (CompactRules), sorted by their text. */
export function compactRules(rules: Obj[]): Rule[] {
  const all = rules.flatMap(breakdown);
  const compacted: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of all) {
    if (r.resources.length === 1 && r.apiGroups.length === 1 && r.nonResourceURLs.length === 0) {
      const key = `${r.apiGroups[0]}\u0000${r.resources[0]}\u0000${r.resourceNames.join(',')}`;
      const existing = simple.get(key);
      if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
      else simple.set(key, { ...r, verbs: [...r.verbs] });
    } else compacted.push(r);
  }
  compacted.push(...simple.values());
  return compacted
    .map((r, i) => ({ r, i, t: ruleText(r) }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i))
    .map((x) => x.r);
}

/** `pods`, `deployments.apps`, `deployments.apps/scale` (CombineResourceGroup). */
function resourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [res, sub] = resources[0]!.split(/\/(.*)/s) as [string, string | undefined];
  let text = res;
  if (groups.length > 0 && groups[0] !== '') text += `.${groups[0]}`;
  if (sub !== undefined) text += `/${sub}`;
  return text;
}

export async function describeRole(role: KubeObject): Promise<string> {
  const rules = compactRules(arr((role as Obj).rules));
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(role.metadata.name)}\n`);
    labelsMultiline(w, 'Labels', role.metadata.labels);
    annotationsMultiline(w, 'Annotations', role.metadata.annotations);
    w.write(L0, 'PolicyRule:\n');
    w.write(L1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(L1, '---------\t-----------------\t--------------\t-----\n');
    for (const r of rules)
      w.write(
        L1,
        `${resourceGroup(r.resources, r.apiGroups)}\t${v(r.nonResourceURLs)}\t${v(r.resourceNames)}\t${v(r.verbs)}\n`,
      );
  });
}

export async function describeRoleBinding(binding: KubeObject): Promise<string> {
  const b = binding as Obj;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(binding.metadata.name)}\n`);
    labelsMultiline(w, 'Labels', binding.metadata.labels);
    annotationsMultiline(w, 'Annotations', binding.metadata.annotations);
    w.write(L0, 'Role:\n');
    w.write(L1, `Kind:\t${str(b.roleRef?.kind)}\n`);
    w.write(L1, `Name:\t${str(b.roleRef?.name)}\n`);
    w.write(L0, 'Subjects:\n');
    w.write(L1, 'Kind\tName\tNamespace\n');
    w.write(L1, '----\t----\t---------\n');
    for (const s of arr(b.subjects)) w.write(L1, `${str(s.kind)}\t${str(s.name)}\t${str(s.namespace)}\n`);
  });
}

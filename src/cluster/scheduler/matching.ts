/** Matching rules the scheduler shares: tolerations, node selector terms, pod affinity terms. */
import type { KubeObject } from '../types.js';
import { type LabelSelector, matchesSelector } from '../controllers/labels.js';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** True when `t` tolerates `taint` (an empty key with Exists tolerates everything). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/**
 * The node's taints, plus the ones the node lifecycle controller puts on a node whose Ready
 * condition is False (`not-ready`) or Unknown (`unreachable`) and on a cordoned node.
 */
export function effectiveTaints(node: KubeObject): Taint[] {
  const taints: Taint[] = [...((node.spec?.taints ?? []) as Taint[])];
  const ready = (node.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready') as
    { status: string } | undefined;
  const add = (key: string): void => {
    if (!taints.some((t) => t.key === key && t.effect === 'NoSchedule'))
      taints.push({ key, effect: 'NoSchedule' });
  };
  if (ready?.status === 'False') add('node.kubernetes.io/not-ready');
  if (ready?.status === 'Unknown') add('node.kubernetes.io/unreachable');
  return taints;
}

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

function requirementMatches(r: Requirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && /^-?\d+$/.test(value) && Number(value) > Number(r.values?.[0]);
    case 'Lt':
      return value !== undefined && /^-?\d+$/.test(value) && Number(value) < Number(r.values?.[0]);
    default:
      return false;
  }
}

/** One NodeSelectorTerm: all its expressions and fields must match. An empty term matches nothing. */
export function nodeSelectorTermMatches(
  term: { matchExpressions?: Requirement[]; matchFields?: Requirement[] },
  node: KubeObject,
): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return (
    exprs.every((r) => requirementMatches(r, labels[r.key])) &&
    fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
  );
}

/** `spec.nodeSelector` and required node affinity (terms are ORed). */
export function nodeMatchesPodAffinity(pod: KubeObject, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>))
    if (labels[k] !== v) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms as { matchExpressions?: Requirement[]; matchFields?: Requirement[] }[] | undefined;
  if (terms && !terms.some((t) => nodeSelectorTermMatches(t, node))) return false;
  return true;
}

/** A pod (anti-)affinity term. */
export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
}

/** True when `other` is selected by `term`, evaluated for a pod in namespace `ns`. */
export function termSelects(term: PodAffinityTerm, ns: string, other: KubeObject): boolean {
  const namespaces = term.namespaces?.length ? term.namespaces : term.namespaceSelector ? undefined : [ns];
  if (namespaces && !namespaces.includes(other.metadata.namespace ?? '')) return false;
  return matchesSelector(term.labelSelector, other.metadata.labels);
}

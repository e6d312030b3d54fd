/** Resource arithmetic for scheduling: pod requests, node allocatable, what is already used. */
import type { KubeObject } from '../types.js';
import { integerValue, milliValue, tryParseQuantity } from '../machinery/quantity.js';

/** Requests in scheduler units: CPU in millicores, memory in bytes, and other resources as integers. */
export type Resources = Record<string, number>;

/** A resource quantity in the scheduler's unit (`cpu` in millicores, everything else rounded up). */
export function amount(resource: string, value: unknown): number {
  // The same few quantity strings ("100m", "8Gi") come up for every node and pod: parse each once.
  const key = typeof value === 'string' ? `${resource === 'cpu' ? 'm' : 'i'}${value}` : undefined;
  if (key !== undefined) {
    const known = amounts.get(key);
    if (known !== undefined) return known;
  }
  const q = tryParseQuantity(value);
  const result = !q ? 0 : resource === 'cpu' ? milliValue(q) : integerValue(q);
  if (key !== undefined) {
    if (amounts.size >= MAX_AMOUNTS) amounts.clear();
    amounts.set(key, result);
  }
  return result;
}

const MAX_AMOUNTS = 10_000;
const amounts = new Map<string, number>();

function add(into: Resources, from: Record<string, unknown> | undefined): void {
  for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + amount(k, v);
}

function containerRequests(c: {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}): Record<string, unknown> {
  // The API server defaults a missing request to the limit.
  return { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
}

// Objects from the informer cache are shared and immutable: their parsed requests can be kept.
const requestsCache = new WeakMap<KubeObject, Resources>();
const scoringCache = new WeakMap<KubeObject, Resources>();
const allocatableCache = new WeakMap<KubeObject, Resources>();

/** What a pod asks for: the sum over containers, at least the largest init container, plus overhead. */
export function podRequests(pod: KubeObject): Resources {
  const cached = requestsCache.get(pod);
  if (cached && Object.isFrozen(pod)) return cached;
  const total = computeRequests(pod);
  requestsCache.set(pod, total);
  return total;
}

function computeRequests(pod: KubeObject): Resources {
  const total: Resources = {};
  for (const c of pod.spec?.containers ?? []) add(total, containerRequests(c));
  for (const c of pod.spec?.initContainers ?? []) {
    const one: Resources = {};
    add(one, containerRequests(c));
    for (const [k, v] of Object.entries(one)) total[k] = Math.max(total[k] ?? 0, v);
  }
  add(total, pod.spec?.overhead);
  return total;
}

/** Requests as scoring sees them: containers without a CPU or memory request count 100m and 200Mi. */
export function podRequestsForScoring(pod: KubeObject): Resources {
  const cached = scoringCache.get(pod);
  if (cached && Object.isFrozen(pod)) return cached;
  const r = computeScoringRequests(pod);
  scoringCache.set(pod, r);
  return r;
}

function computeScoringRequests(pod: KubeObject): Resources {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = containerRequests(c);
    cpu += r.cpu !== undefined ? amount('cpu', r.cpu) : 100;
    memory += r.memory !== undefined ? amount('memory', r.memory) : 200 * 1024 * 1024;
  }
  return { cpu, memory };
}

/** The node's allocatable resources (capacity when allocatable is missing). */
export function nodeAllocatable(node: KubeObject): Resources {
  const cached = allocatableCache.get(node);
  if (cached && Object.isFrozen(node)) return cached;
  const out: Resources = {};
  add(out, node.status?.allocatable ?? node.status?.capacity);
  allocatableCache.set(node, out);
  return out;
}

/** Pods that occupy a node: bound to it and not finished. */
export function podsOnNode(nodeName: string, pods: KubeObject[]): KubeObject[] {
  return pods.filter(
    (p) => p.spec?.nodeName === nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
}

/** Sum of requests of pods on a node. */
export function usedOn(nodePods: KubeObject[], scoring = false): Resources {
  const used: Resources = {};
  for (const p of nodePods) {
    for (const [k, v] of Object.entries(scoring ? podRequestsForScoring(p) : podRequests(p)))
      used[k] = (used[k] ?? 0) + v;
  }
  return used;
}

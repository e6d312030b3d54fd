/**
 * Score plugins with kube-scheduler's default weights. Each gives every feasible node a score
 * from 0 to 100; the node with the highest weighted sum wins.
 *
 * Every score is a whole number from 0 to 100, so one scheduling attempt keeps them all in one
 * byte array, its score table: a row per feasible node, a column per plugin (in `SCORERS`
 * order). Each scorer fills its column in place, so an attempt builds no array per plugin, and
 * the two resource plugins, which read the same figures, fill their columns in one loop.
 */
import type { FilterContext } from './filters.js';
import { podRequestsForScoring } from './resources.js';
import {
  type PodAffinityTerm,
  type Toleration,
  nodeSelectorTermMatches,
  termSelects,
  tolerates,
} from './matching.js';
import type { NodeInfo } from './cache.js';
import { getControllerOf } from '../controllers/owners.js';

/** kube-scheduler's default weights of the score plugins. */
const TAINT_WEIGHT = 3;
const NODE_AFFINITY_WEIGHT = 2;
const SPREAD_WEIGHT = 2;
const POD_AFFINITY_WEIGHT = 2;
const FIT_WEIGHT = 1;
const BALANCED_WEIGHT = 1;

/** Score plugins and weights (kube-scheduler's defaults; spreading stands in for PodTopologySpread's). */
export const SCORERS: readonly { name: string; weight: number }[] = [
  { name: 'TaintToleration', weight: TAINT_WEIGHT },
  { name: 'NodeAffinity', weight: NODE_AFFINITY_WEIGHT },
  { name: 'PodTopologySpread', weight: SPREAD_WEIGHT },
  { name: 'InterPodAffinity', weight: POD_AFFINITY_WEIGHT },
  { name: 'NodeResourcesFit', weight: FIT_WEIGHT },
  { name: 'NodeResourcesBalancedAllocation', weight: BALANCED_WEIGHT },
];

/** The columns of a score table, one per plugin of `SCORERS`. */
const TAINT = 0;
const NODE_AFFINITY = 1;
const SPREAD = 2;
const POD_AFFINITY = 3;
const FIT = 4;
const BALANCED = 5;
const COLUMNS = SCORERS.length;

/**
 * Plugin `p`'s score of feasible node `f` is `table[f * SCORERS.length + p]`, from 0 to 100.
 */
export type ScoreTable = Uint8Array;

/** One attempt's scores. */
export interface Scores {
  table: ScoreTable;
  /**
   * Per feasible node, the weighted sum of the plugins whose scores differ between nodes: its
   * total less an amount that is the same for every node, so it ranks the nodes as their totals
   * do (the highest, and the nodes that share it, are the same). Valid until the next attempt.
   */
  ranks: Int32Array;
}

/** Scores the first `count` of `feasible` for `ctx.pod` with every plugin. */
export function scoreNodes(ctx: FilterContext, feasible: readonly NodeInfo[], count: number): Scores {
  const pass = new ScorePass(count);
  taintToleration(ctx, feasible, pass);
  nodeAffinity(ctx, feasible, pass);
  spreading(ctx, feasible, pass);
  interPodAffinity(ctx, feasible, pass);
  resources(ctx, feasible, pass);
  return { table: pass.table, ranks: pass.ranks };
}

/** The weighted sum of feasible node `f`'s scores. */
export function totalScore(table: ScoreTable, f: number): number {
  const at = f * COLUMNS;
  return (
    table[at + TAINT]! * TAINT_WEIGHT +
    table[at + NODE_AFFINITY]! * NODE_AFFINITY_WEIGHT +
    table[at + SPREAD]! * SPREAD_WEIGHT +
    table[at + POD_AFFINITY]! * POD_AFFINITY_WEIGHT +
    table[at + FIT]! * FIT_WEIGHT +
    table[at + BALANCED]! * BALANCED_WEIGHT
  );
}

/**
 * Score tables are cut from shared 64 KiB buffers, each part used once (so it starts at 0):
 * allocating a typed array of its own for every attempt costs more than scoring some of the
 * nodes. A decision kept alive keeps its buffer alive (decisions of bound pods are dropped).
 */
const SLAB_BYTES = 64 * 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

function newTable(bytes: number): ScoreTable {
  if (bytes > SLAB_BYTES) return new Uint8Array(bytes);
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const table = new Uint8Array(slab, slabUsed, bytes);
  slabUsed += bytes;
  return table;
}

/** The ranks of the attempt under way (one buffer for every attempt). */
let ranksBuffer = new Int32Array(1024);

/** Where the scorers of one attempt write: each plugin's scores, and the ranks. */
class ScorePass {
  readonly table: ScoreTable;
  readonly ranks: Int32Array;

  constructor(readonly count: number) {
    this.table = newTable(count * COLUMNS);
    if (ranksBuffer.length < count) ranksBuffer = new Int32Array(Math.max(count, ranksBuffer.length * 2));
    this.ranks = ranksBuffer;
    this.ranks.fill(0, 0, count);
  }

  /** Node `f` scores `score` in `column`, a plugin whose scores differ between nodes. */
  set(f: number, column: number, weight: number, score: number): void {
    this.table[f * COLUMNS + column] = score;
    this.ranks[f]! += score * weight;
  }

  /** Every node scores `score` in `column` (the ranks leave out what every node gets). */
  fill(column: number, score: number): void {
    if (score) for (let at = column; at < this.table.length; at += COLUMNS) this.table[at] = score;
  }
}

/**
 * Raw values of one plugin, one per feasible node, before `normalize` maps them to 0..100. One
 * buffer serves every attempt (an attempt runs to its end before the next starts).
 */
let rawBuffer = new Float64Array(1024);

function raw(length: number): Float64Array {
  if (rawBuffer.length < length) rawBuffer = new Float64Array(Math.max(length, rawBuffer.length * 2));
  return rawBuffer;
}

/**
 * Maps the first `pass.count` raw values to 0..100 in `column`: the highest raw value scores
 * 100, the lowest 0 (or the other way round when `reverse`, for values where less is better).
 * When all are equal every node scores 0 (100 when `reverse`). The lowest value counted is 0
 * (`withZero`, as for counts and sums of positive weights) or the lowest raw value.
 */
function normalize(
  values: Float64Array,
  pass: ScorePass,
  column: number,
  weight: number,
  reverse: boolean,
  withZero: boolean,
): void {
  let max = withZero ? 0 : values[0]!;
  let min = max;
  for (let f = 0; f < pass.count; f++) {
    const v = values[f]!;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (max === min) return pass.fill(column, reverse ? 100 : 0);
  const range = max - min;
  for (let f = 0; f < pass.count; f++) {
    const s = Math.floor(((values[f]! - min) * 100) / range);
    pass.set(f, column, weight, reverse ? 100 - s : s);
  }
}

/** The share of the node's CPU (`cpu`) or memory used once the pod is placed, at most 1. */
function fraction(alloc: number, used: number, req: number): number {
  return alloc ? Math.min(1, (used + req) / alloc) : 1;
}

/**
 * NodeResourcesFit prefers emptier nodes: the mean free share of CPU and memory after placing
 * the pod. NodeResourcesBalancedAllocation prefers nodes whose CPU and memory use stay in step.
 */
function resources(ctx: FilterContext, nodes: readonly NodeInfo[], pass: ScorePass): void {
  const req = podRequestsForScoring(ctx.pod);
  const reqCpu = req.cpu ?? 0;
  const reqMemory = req.memory ?? 0;
  for (let f = 0; f < pass.count; f++) {
    const n = nodes[f]!;
    const cpu = fraction(n.allocatableCpu, n.scoringCpu, reqCpu);
    const memory = fraction(n.allocatableMemory, n.scoringMemory, reqMemory);
    pass.set(f, FIT, FIT_WEIGHT, Math.floor(((1 - cpu) * 100 + (1 - memory) * 100) / 2));
    pass.set(f, BALANCED, BALANCED_WEIGHT, Math.floor((1 - Math.abs(cpu - memory) / 2) * 100));
  }
}

/** Fewer untolerated PreferNoSchedule taints is better. */
function taintToleration(ctx: FilterContext, nodes: readonly NodeInfo[], pass: ScorePass): void {
  let soft = false;
  for (let f = 0; f < pass.count && !soft; f++) soft = nodes[f]!.softTaints;
  if (!soft) return pass.fill(TAINT, 100);
  const tols = (ctx.pod.spec?.tolerations ?? []) as Toleration[];
  const values = raw(pass.count);
  for (let f = 0; f < pass.count; f++) {
    const n = nodes[f]!;
    values[f] = n.softTaints
      ? n.taints.filter((t) => t.effect === 'PreferNoSchedule' && !tols.some((tol) => tolerates(tol, t)))
          .length
      : 0;
  }
  normalize(values, pass, TAINT, TAINT_WEIGHT, true, true);
}

/** Sum of the weights of preferred node-affinity terms the node matches. */
function nodeAffinity(ctx: FilterContext, nodes: readonly NodeInfo[], pass: ScorePass): void {
  const terms = (ctx.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ??
    []) as {
    weight: number;
    preference: Parameters<typeof nodeSelectorTermMatches>[0];
  }[];
  if (!terms.length) return;
  const values = raw(pass.count);
  for (let f = 0; f < pass.count; f++) {
    const node = nodes[f]!.node!;
    values[f] = terms.reduce((s, t) => s + (nodeSelectorTermMatches(t.preference, node) ? t.weight : 0), 0);
  }
  normalize(values, pass, NODE_AFFINITY, NODE_AFFINITY_WEIGHT, false, true);
}

/** Preferred pod affinity adds its weight where matching pods run; preferred anti-affinity subtracts it. */
function interPodAffinity(ctx: FilterContext, nodes: readonly NodeInfo[], pass: ScorePass): void {
  const ns = ctx.pod.metadata.namespace ?? '';
  const aff = ctx.pod.spec?.affinity ?? {};
  const weighted = [
    ...(
      (aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as {
        weight: number;
        podAffinityTerm: PodAffinityTerm;
      }[]
    ).map((t) => ({ ...t, sign: 1 })),
    ...(
      (aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as {
        weight: number;
        podAffinityTerm: PodAffinityTerm;
      }[]
    ).map((t) => ({ ...t, sign: -1 })),
  ];
  if (!weighted.length) return;
  // Per term: the topology values of nodes that run a pod the term selects.
  const domains = weighted.map((t) => {
    const out = new Set<string>();
    for (const n of ctx.nodes) {
      const value = n.node!.metadata.labels?.[t.podAffinityTerm.topologyKey];
      if (value === undefined || out.has(value)) continue;
      if (ctx.cache.podsOn(n.name).some((p) => termSelects(t.podAffinityTerm, ns, p))) out.add(value);
    }
    return out;
  });
  const values = raw(pass.count);
  for (let f = 0; f < pass.count; f++) {
    const labels = nodes[f]!.node!.metadata.labels;
    let score = 0;
    weighted.forEach((t, i) => {
      const value = labels?.[t.podAffinityTerm.topologyKey];
      if (value !== undefined && domains[i]!.has(value)) score += t.sign * t.weight;
    });
    values[f] = score;
  }
  // Sums can be negative: the lowest one scores 0.
  normalize(values, pass, POD_AFFINITY, POD_AFFINITY_WEIGHT, false, false);
}

/**
 * Spreading: pods of the same owner (ReplicaSet, StatefulSet, ...) prefer nodes, then zones,
 * that run fewer of their siblings (the default spreading kube-scheduler applies without
 * explicit constraints, plus ScheduleAnyway topology constraints counted the same way).
 */
function spreading(ctx: FilterContext, nodes: readonly NodeInfo[], pass: ScorePass): void {
  const owner = getControllerOf(ctx.pod);
  if (!owner) return;
  const counts = ctx.cache.controllerPods.get(owner.uid);
  if (!counts) return pass.fill(SPREAD, 100);
  // Siblings per zone, kept by the cache (nodes without a zone label count in no zone).
  const perZone = ctx.cache.controllerZones.get(owner.uid);
  const values = raw(pass.count);
  for (let f = 0; f < pass.count; f++) {
    const n = nodes[f]!;
    values[f] = (counts.get(n) ?? 0) * 2 + (n.zone === undefined ? 0 : (perZone?.get(n.zone) ?? 0));
  }
  normalize(values, pass, SPREAD, SPREAD_WEIGHT, true, true);
}

/**
 * The grader's public API (pure: runs in a browser worker and in Node).
 *
 * ```ts
 * const { lab, diagnostics } = loadLab(files, { slug: 'deploy-scale-heal' });
 * const report = await gradeFiles(lab!, learnerFiles); // replay on a fresh cluster, then grade
 * const live = await grade(lab!, inProcessReader(cluster), { files }); // grade a running cluster
 * ```
 *
 * The HTTP reader (a real cluster through a kubeconfig) is Node-only: `src/grader/http-reader.ts`.
 */
import { grade } from './grade.js';
import { inProcessReader } from './in-process-reader.js';
import { replay } from './replay.js';
import type { GradeReport, Lab } from './types.js';

export * from './types.js';
export type { ClusterReader, ListQuery } from './reader.js';
export { loadLab, allChecks } from './load.js';
export { grade } from './grade.js';
export { inProcessReader } from './in-process-reader.js';
export { replay, applyFiles, freshCluster, isManifestFile, sourceMap, BOOT_MS } from './replay.js';
export { match, evaluate as evaluateExpression, readPath } from './match.js';
export { parseDuration } from './duration.js';

/** Replays `files` on a fresh cluster for the lab and grades the result. */
export async function gradeFiles(
  lab: Lab,
  files: Record<string, string>,
  options: { noChaos?: boolean } = {},
): Promise<GradeReport> {
  const { cluster, applied, sources, owedMs } = replay(lab, files, { owe: true });
  try {
    return await grade(lab, inProcessReader(cluster), {
      files,
      sources,
      applied,
      discard: true,
      ...(owedMs ? { owedMs } : {}),
      ...options,
    });
  } finally {
    cluster.world?.stop();
    cluster.gc.stop();
  }
}

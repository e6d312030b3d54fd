/**
 * What the workspace reads from a lab's `lab.yaml` to lay out the page and start the cluster:
 * title, instructions, tasks with their hints, topology, seed, chaos buttons, whether the
 * solution may be shown and whether checks run live. The grader reads the same file for the
 * checks; `cadet check` validates it against `src/content/schemas/lab.schema.json`. Pure.
 */
import { parse } from 'yaml';
import type { ChaosKind } from './engine/types.js';

export interface TaskMeta {
  id: string;
  title: string;
  hints: string[];
  checks: { id: string; title: string }[];
}

export interface LabMeta {
  title: string;
  summary: string;
  instructions: string;
  topology: string;
  seed: number;
  chaos: ChaosKind[];
  showSolution: boolean;
  liveCheck: boolean;
  tasks: TaskMeta[];
  /** Problems reading lab.yaml (the lab still opens with what could be read). */
  diagnostics: string[];
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

export function readLabMeta(text: string): LabMeta {
  const diagnostics: string[] = [];
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      data = parsed as Record<string, unknown>;
    else diagnostics.push('lab.yaml: expected a mapping at the top level');
  } catch (err) {
    diagnostics.push(`lab.yaml: ${(err as Error).message}`);
  }
  const tasks = (Array.isArray(data.tasks) ? data.tasks : []).map((t: Record<string, unknown>, i) => ({
    id: str(t?.id, `task-${i + 1}`),
    title: str(t?.title, `Task ${i + 1}`),
    hints: (Array.isArray(t?.hints) ? t.hints : []).filter((h): h is string => typeof h === 'string'),
    checks: (Array.isArray(t?.checks) ? t.checks : []).map((c: Record<string, unknown>, j) => ({
      id: str(c?.id, `check-${j + 1}`),
      title: str(c?.title, str(c?.id, `Check ${j + 1}`)),
    })),
  }));
  return {
    title: str(data.title, 'Untitled lab'),
    summary: str(data.summary),
    instructions: str(data.instructions),
    topology: str(data.topology, 'default'),
    seed: typeof data.seed === 'number' ? data.seed : 1,
    chaos: (Array.isArray(data.chaos) ? data.chaos : []).filter((c): c is ChaosKind =>
      ['deletePod', 'stopNode', 'zoneDown', 'killPod', 'startNode', 'zoneUp'].includes(c as string),
    ),
    showSolution: data.showSolution !== false,
    liveCheck: data.liveCheck === true,
    tasks,
    diagnostics,
  };
}

/** The files under `dir/` of a lab bundle, keyed by their path below it (`starter/pod.yaml` -> `pod.yaml`). */
export function filesUnder(files: Record<string, string>, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(files))
    if (path.startsWith(`${dir}/`)) out[path.slice(dir.length + 1)] = text;
  return out;
}

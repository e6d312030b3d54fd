/**
 * `loadLab`: a lab folder's files (path relative to the folder -> text) become a `Lab`, with
 * diagnostics (file, line, column) for anything wrong. Pure.
 */
import labSchema from '../content/schemas/lab.schema.json' with { type: 'json' };
import { schemaDiagnostics } from '../content/ajv.js';
import { parseYaml, yamlErrors } from '../content/diagnostics.js';
import { parseDuration } from './duration.js';
import type { Check, ChaosName, Lab, LabDiagnostic, LoadResult, Task, Variant } from './types.js';

const CHECK_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

interface RawCheck {
  points?: number;
  checks?: RawCheck[];
  [key: string]: unknown;
}

function normalizeCheck(raw: RawCheck): Check {
  const check = { ...raw, points: raw.points ?? 1 } as RawCheck;
  if (raw.checks) check.checks = raw.checks.map(normalizeCheck) as unknown as RawCheck[];
  return check as unknown as Check;
}

/** Files under `prefix/` with the prefix removed, sorted by path. */
function under(files: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) {
    if (path.startsWith(`${prefix}/`)) out[path.slice(prefix.length + 1)] = files[path]!;
  }
  return out;
}

/** Every check id in a list, nested ones included. */
export function allChecks(checks: readonly Check[]): Check[] {
  return checks.flatMap((c) => [c, ...('checks' in c && c.checks ? allChecks(c.checks) : [])]);
}

/**
 * Loads a lab from its files: `lab.yaml`, `starter/**`, `solution/**`, `setup/**` and
 * `variants/<correct-|wrong->name/**` (a wrong variant names the check it fails in `EXPECT`).
 * `dir` prefixes the file names in diagnostics (e.g. `labs/01-repair-the-primers-pod`).
 */
export function loadLab(
  files: Record<string, string>,
  options: { slug?: string; dir?: string } = {},
): LoadResult {
  const dir = options.dir ?? '';
  const at = (p: string): string => (dir ? `${dir}/${p}` : p);
  const diagnostics: LabDiagnostic[] = [];
  const text = files['lab.yaml'];
  if (text === undefined) {
    return {
      diagnostics: [
        {
          file: at('lab.yaml'),
          line: 1,
          col: 1,
          code: 'lab-missing-file',
          severity: 'error',
          message: 'a lab folder needs a lab.yaml',
        },
      ],
    };
  }
  const src = parseYaml(text);
  const syntax = yamlErrors(src, at('lab.yaml'));
  if (syntax.length) return { diagnostics: syntax };
  const schema = schemaDiagnostics(labSchema, src, at('lab.yaml'), 'lab-invalid');
  if (schema.length) return { diagnostics: schema };
  const data = src.doc.toJS() as Record<string, unknown> & {
    tasks: (Omit<Task, 'checks'> & { checks: RawCheck[] })[];
  };

  const variants: Variant[] = [];
  const names = [
    ...new Set(
      Object.keys(files)
        .filter((p) => p.startsWith('variants/'))
        .map((p) => p.split('/')[1]!),
    ),
  ].sort();
  for (const name of names) {
    const kind = name.startsWith('correct-') ? 'correct' : name.startsWith('wrong-') ? 'wrong' : undefined;
    if (!kind) {
      diagnostics.push({
        file: at(`variants/${name}`),
        line: 1,
        col: 1,
        code: 'lab-variant-name',
        severity: 'error',
        message: `variant "${name}" must be named correct-<what> or wrong-<what>`,
      });
      continue;
    }
    const all = under(files, `variants/${name}`);
    const expect = all['EXPECT']?.trim();
    delete all['EXPECT'];
    if (kind === 'wrong' && !expect) {
      diagnostics.push({
        file: at(`variants/${name}/EXPECT`),
        line: 1,
        col: 1,
        code: 'lab-variant-expect',
        severity: 'error',
        message: `variants/${name}/EXPECT must name the check id this wrong variant fails`,
      });
    }
    variants.push({ name, kind, ...(expect ? { expect } : {}), files: all });
  }

  const tasks: Task[] = data.tasks.map((t) => ({
    id: t.id,
    title: t.title,
    ...(t.description !== undefined ? { description: t.description } : {}),
    hints: t.hints ?? [],
    checks: t.checks.map(normalizeCheck),
  }));
  const ids = new Set(tasks.flatMap((t) => allChecks(t.checks).map((c) => c.id)));
  for (const v of variants) {
    if (v.expect && (!CHECK_ID.test(v.expect) || !ids.has(v.expect))) {
      diagnostics.push({
        file: at(`variants/${v.name}/EXPECT`),
        line: 1,
        col: 1,
        code: 'lab-variant-expect',
        severity: 'error',
        message: `check "${v.expect}" does not exist in lab.yaml`,
      });
    }
  }
  const lab: Lab = {
    slug: options.slug ?? '',
    title: data.title as string,
    summary: data.summary as string,
    topics: data.topics as string[],
    minutes: data.minutes as number,
    lessons: (data.lessons as string[] | undefined) ?? [],
    topology: (data.topology as string | undefined) ?? 'default',
    instructions: (data.instructions as string | undefined) ?? '',
    tasks,
    showSolution: (data.showSolution as boolean | undefined) ?? true,
    chaos: (data.chaos as ChaosName[] | undefined) ?? [],
    liveCheck: (data.liveCheck as boolean | undefined) ?? false,
    settleMs: data.settle === undefined ? 60_000 : parseDuration(data.settle as string | number),
    seed: (data.seed as number | undefined) ?? 1,
    starter: under(files, 'starter'),
    solution: under(files, 'solution'),
    setup: under(files, 'setup'),
    variants,
  };
  return { lab, diagnostics };
}

import labSchema from './schemas/lab.schema.json' with { type: 'json' };
import { schemaDiagnostics } from './ajv';
import { parseYaml, positionOf, sortDiagnostics, yamlErrors, type Diagnostic } from './diagnostics';
import { loadLab } from '../grader/load';
import { gradeFiles } from '../grader/index';
import type { CheckResult, GradeReport } from '../grader/types';

export interface LabFiles {
  /** `labs/<nn-slug>` */
  dir: string;
  labYaml?: string;
  hasStarter: boolean;
  hasSolution: boolean;
}

export { labSchema };

/** `01-repair-the-primers-pod` -> `repair-the-primers-pod` */
export function labSlug(dirName: string): string {
  return dirName.replace(/^\d+-/, '');
}

/** Checks a lab folder's shape and its lab.yaml against the schema. */
export function checkLab(lab: LabFiles, lessonIds: Set<string>): Diagnostic[] {
  const file = `${lab.dir}/lab.yaml`;
  if (lab.labYaml === undefined) {
    return [
      {
        file: lab.dir,
        line: 1,
        col: 1,
        code: 'lab-missing-file',
        severity: 'error',
        message: 'a lab folder needs a lab.yaml',
      },
    ];
  }
  const out: Diagnostic[] = [];
  for (const [present, name] of [
    [lab.hasStarter, 'starter'],
    [lab.hasSolution, 'solution'],
  ] as const) {
    if (!present)
      out.push({
        file,
        line: 1,
        col: 1,
        code: 'lab-missing-folder',
        severity: 'error',
        message: `${lab.dir}/${name}/ is missing`,
      });
  }
  const src = parseYaml(lab.labYaml);
  const syntax = yamlErrors(src, file);
  if (syntax.length) return [...out, ...syntax];
  const schema = schemaDiagnostics(labSchema, src, file, 'lab-invalid');
  if (schema.length) return [...out, ...schema];
  const data = src.doc.toJS() as { lessons?: string[]; tasks: { id: string; checks: NestedCheck[] }[] };
  (data.lessons ?? []).forEach((id, i) => {
    if (!lessonIds.has(id)) {
      out.push({
        file,
        ...positionOf(src, ['lessons', i]),
        code: 'unknown-lesson',
        severity: 'error',
        message: `lesson "${id}" does not exist`,
      });
    }
  });
  const checkIds = new Set<string>();
  const walk = (checks: NestedCheck[], path: (string | number)[]): void =>
    checks.forEach((check, c) => {
      if (checkIds.has(check.id)) {
        out.push({
          file,
          ...positionOf(src, [...path, c, 'id']),
          code: 'duplicate-check',
          severity: 'error',
          message: `check id "${check.id}" is used twice`,
        });
      }
      checkIds.add(check.id);
      walk(check.checks ?? [], [...path, c, 'checks']);
    });
  data.tasks.forEach((task, t) => walk(task.checks, ['tasks', t, 'checks']));
  return out;
}

/** The position in lab.yaml of each check id (nested checks included), for diagnostics. */
function checkPositions(labYaml: string): Map<string, { line: number; col: number }> {
  const src = parseYaml(labYaml);
  const out = new Map<string, { line: number; col: number }>();
  const data = src.doc.toJS() as { tasks?: { checks?: NestedCheck[] }[] } | null;
  const walk = (checks: NestedCheck[] | undefined, path: (string | number)[]): void =>
    (checks ?? []).forEach((c, i) => {
      out.set(c.id, positionOf(src, [...path, i, 'id']));
      walk(c.checks, [...path, i, 'checks']);
    });
  (data?.tasks ?? []).forEach((t, i) => walk(t.checks, ['tasks', i, 'checks']));
  return out;
}

interface NestedCheck {
  id: string;
  checks?: NestedCheck[];
}

/**
 * Proves a lab's graders can be trusted, by replaying files on fresh clusters: the solution
 * passes every check; the starter fails at least one check of every task; every
 * `variants/correct-*` passes; every `variants/wrong-*` fails the check its EXPECT names. A lab
 * needs at least one correct and two wrong variants. `files` are the lab folder's files by
 * path relative to it; `dir` is the folder (`labs/01-repair-the-primers-pod`).
 */
export async function proveLab(dir: string, files: Record<string, string>): Promise<Diagnostic[]> {
  const slug = labSlug(dir.split('/').pop() ?? dir);
  const { lab, diagnostics } = loadLab(files, { slug, dir });
  const out: Diagnostic[] = diagnostics.map((d) => ({ ...d }));
  if (!lab) return out;
  const file = `${dir}/lab.yaml`;
  const positions = checkPositions(files['lab.yaml'] ?? '');
  const at = (id: string) => positions.get(id) ?? { line: 1, col: 1 };
  const flat = (checks: CheckResult[]): CheckResult[] =>
    checks.flatMap((c) => [c, ...flat(c.children ?? [])]);
  /** Failing checks: the top-level ones, or with nested ones too (a wrong variant may name one). */
  const failing = (report: GradeReport, nested = false) =>
    report.tasks.flatMap((t) =>
      (nested ? flat(t.checks) : t.checks).filter((c) => !c.passed).map((c) => ({ task: t.id, check: c })),
    );
  const applyErrors = (report: GradeReport) =>
    report.applied
      .filter((a) => !a.ok)
      .map((a) => `${a.file}:${a.line}: ${a.message}`)
      .join('; ');

  const solution = await gradeFiles(lab, lab.solution);
  for (const { check } of failing(solution)) {
    out.push({
      file,
      ...at(check.id),
      code: 'lab-solution-fails',
      severity: 'error',
      message: `the solution fails check "${check.id}": ${check.message}${applyErrors(solution) ? ` (apply: ${applyErrors(solution)})` : ''}`,
    });
  }
  const starter = await gradeFiles(lab, lab.starter);
  starter.tasks.forEach((t, i) => {
    if (t.passed) {
      out.push({
        file,
        ...(positions.size
          ? positionOf(parseYaml(files['lab.yaml']!), ['tasks', i, 'id'])
          : { line: 1, col: 1 }),
        code: 'lab-starter-passes',
        severity: 'error',
        message: `the starter already passes every check of task "${t.id}"`,
      });
    }
  });
  const correct = lab.variants.filter((v) => v.kind === 'correct');
  const wrong = lab.variants.filter((v) => v.kind === 'wrong');
  if (correct.length < 1 || wrong.length < 2) {
    out.push({
      file,
      line: 1,
      col: 1,
      code: 'lab-variants-missing',
      severity: 'error',
      message: `a lab needs at least one variants/correct-* and two variants/wrong-* folders (found ${correct.length} and ${wrong.length})`,
    });
  }
  for (const v of lab.variants) {
    const report = await gradeFiles(lab, v.files);
    const vfile = `${dir}/variants/${v.name}`;
    if (v.kind === 'correct') {
      for (const { check } of failing(report)) {
        out.push({
          file: vfile,
          line: 1,
          col: 1,
          code: 'lab-variant-fails',
          severity: 'error',
          message: `correct variant ${v.name} fails check "${check.id}": ${check.message}`,
        });
      }
    } else if (v.expect && !failing(report, true).some((f) => f.check.id === v.expect)) {
      out.push({
        file: `${vfile}/EXPECT`,
        line: 1,
        col: 1,
        code: 'lab-variant-passes',
        severity: 'error',
        message: `wrong variant ${v.name} passes check "${v.expect}", which it should fail`,
      });
    }
  }
  return sortDiagnostics(out);
}

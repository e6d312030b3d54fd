import labSchema from './schemas/lab.schema.json' with { type: 'json' };
import { schemaDiagnostics } from './ajv';
import { parseYaml, positionOf, yamlErrors, type Diagnostic } from './diagnostics';

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
  const data = src.doc.toJS() as { lessons?: string[]; tasks: { id: string; checks: { id: string }[] }[] };
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
  data.tasks.forEach((task, t) =>
    task.checks.forEach((check, c) => {
      if (checkIds.has(check.id)) {
        out.push({
          file,
          ...positionOf(src, ['tasks', t, 'checks', c, 'id']),
          code: 'duplicate-check',
          severity: 'error',
          message: `check id "${check.id}" is used twice`,
        });
      }
      checkIds.add(check.id);
    }),
  );
  return out;
}

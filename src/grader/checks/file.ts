/** `file`: a learner's file parses as YAML, is valid against the cluster's schemas, and matches a partial body. */
import { validateManifest } from '../../cluster/validation/index.js';
import type { FileCheck } from '../types.js';
import { match, expectedOf, formatPath, show, splitPath } from '../match.js';
import type { GradeContext, Outcome } from '../context.js';

export async function fileCheck(ctx: GradeContext, check: FileCheck): Promise<Outcome> {
  const parsed = ctx.parse(check.path);
  if (!parsed)
    return {
      passed: false,
      message: `file ${check.path} does not exist`,
      found: 'no file',
      expected: check.path,
    };
  for (const d of parsed.docs) {
    const err = d.errors[0];
    if (err) {
      const pos = parsed.lines.linePos(err.pos[0]);
      const location = { file: check.path, line: pos.line, col: pos.col };
      return {
        passed: false,
        message: `${check.path}:${pos.line}:${pos.col}: not valid YAML: ${err.message.split('\n')[0]}`,
        found: 'a YAML syntax error',
        expected: 'valid YAML',
        location,
      };
    }
  }
  const docs = parsed.docs.map((d, i) => ({ i, obj: d.toJS() as unknown })).filter((d) => d.obj != null);
  const chosen = check.kind ? docs.find((d) => (d.obj as { kind?: unknown }).kind === check.kind) : docs[0];
  if (!chosen)
    return {
      passed: false,
      message: check.kind ? `${check.path} has no ${check.kind} document` : `${check.path} is empty`,
      found: 'nothing',
      expected: check.kind ?? 'a manifest',
      location: { file: check.path, line: 1, col: 1 },
    };
  if (check.valid ?? true) {
    const result = validateManifest(chosen.obj);
    const cause = result.decodeErrors[0] ?? result.causes[0];
    if (cause) {
      const path = splitPath(cause.field ?? '');
      const location = ctx.locate(check.path, chosen.i, path, cause.reason === 'FieldValueUnknown')!;
      return {
        passed: false,
        message: `${check.path}:${location.line}: ${cause.field ? `${cause.field}: ` : ''}${cause.message}`,
        found: cause.message,
        expected: 'a valid manifest',
        ...(cause.field ? { path: cause.field } : {}),
        location,
      };
    }
  }
  if (check.match) {
    const miss = match(chosen.obj, check.match);
    if (miss) {
      const path = formatPath(miss.path);
      const location = ctx.locate(check.path, chosen.i, miss.path)!;
      return {
        passed: false,
        message: `${check.path}:${location.line}: ${path} is ${show(miss.found)}, expected ${expectedOf(miss)}`,
        found: show(miss.found),
        expected: expectedOf(miss),
        path,
        location,
      };
    }
  }
  return {
    passed: true,
    message: `${check.path} is a valid ${String((chosen.obj as { kind?: unknown }).kind ?? 'document')}`,
  };
}

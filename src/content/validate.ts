/**
 * Node-only: reads the content folders (lessons/, quizzes/, labs/) and checks all of it.
 * `cadet check` prints what this returns; the content tests assert on it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseYaml, positionOf, sortDiagnostics, yamlErrors, type Diagnostic } from './diagnostics';
import { checkLesson } from './lessons';
import { splitFrontmatter } from './markdown';
import { checkQuiz, type Quiz } from './quizzes';
import { checkLab, labSlug, proveLab } from './labs';
import { lessonSlug } from '../course.mjs';

export interface ContentReport {
  diagnostics: Diagnostic[];
  lessons: { id: string; file: string; topics: string[] }[];
  quizzes: Map<string, Quiz>;
  labs: { slug: string; dir: string; topics: string[] }[];
  glossary: string[];
}

const list = (dir: string, pred: (name: string) => boolean) =>
  existsSync(dir) ? readdirSync(dir).filter(pred).sort() : [];

function checkModules(root: string, out: Diagnostic[]): Set<string> {
  const file = 'lessons/modules.yaml';
  const path = join(root, file);
  if (!existsSync(path)) {
    out.push({
      file,
      line: 1,
      col: 1,
      code: 'modules-missing',
      severity: 'error',
      message: 'lessons/modules.yaml is missing',
    });
    return new Set();
  }
  const src = parseYaml(readFileSync(path, 'utf8'));
  const syntax = yamlErrors(src, file);
  if (syntax.length) {
    out.push(...syntax);
    return new Set();
  }
  const data = src.doc.toJS() as unknown;
  const ids = new Set<string>();
  if (!Array.isArray(data)) {
    out.push({
      file,
      line: 1,
      col: 1,
      code: 'modules-invalid',
      severity: 'error',
      message: 'expected a list of modules',
    });
    return ids;
  }
  data.forEach((m: Record<string, unknown>, i) => {
    for (const key of ['id', 'title', 'summary']) {
      if (typeof m?.[key] !== 'string') {
        out.push({
          file,
          ...positionOf(src, [i]),
          code: 'modules-invalid',
          severity: 'error',
          message: `[${i}].${key}: required string`,
        });
      }
    }
    if (typeof m?.id === 'string') ids.add(m.id);
  });
  return ids;
}

function checkGlossary(root: string, out: Diagnostic[]): string[] {
  const dir = join(root, 'lessons/glossary');
  const ids: string[] = [];
  for (const name of list(dir, (n) => n.endsWith('.yaml'))) {
    const file = `lessons/glossary/${name}`;
    const id = name.replace(/\.yaml$/, '');
    const src = parseYaml(readFileSync(join(dir, name), 'utf8'));
    const syntax = yamlErrors(src, file);
    if (syntax.length) {
      out.push(...syntax);
      continue;
    }
    const data = (src.doc.toJS() ?? {}) as Record<string, unknown>;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
      out.push({
        file,
        line: 1,
        col: 1,
        code: 'glossary-id',
        severity: 'error',
        message: `term file names are kebab-case ids, not "${name}"`,
      });
    }
    if (typeof data.term !== 'string' || !data.term) {
      out.push({
        file,
        ...positionOf(src, ['term']),
        code: 'glossary-invalid',
        severity: 'error',
        message: 'term: required string',
      });
    }
    if (typeof data.definition !== 'string' || data.definition.length < 10) {
      out.push({
        file,
        ...positionOf(src, ['definition']),
        code: 'glossary-invalid',
        severity: 'error',
        message: 'definition: required, at least a sentence',
      });
    }
    ids.push(id);
  }
  return ids;
}

/** Checks every lesson, quiz, lab and glossary entry under `root`. */
export function checkContent(root = '.'): ContentReport {
  const out: Diagnostic[] = [];
  const modules = checkModules(root, out);
  const glossary = checkGlossary(root, out);

  const labsDir = join(root, 'labs');
  const labDirs = list(labsDir, (n) => /^\d+-/.test(n) && statSync(join(labsDir, n)).isDirectory());
  const quizFiles = list(join(root, 'quizzes'), (n) => n.endsWith('.yaml'));

  const lessonFiles: string[] = [];
  for (const mod of list(
    join(root, 'lessons'),
    (n) => statSync(join(root, 'lessons', n)).isDirectory() && n !== 'glossary',
  )) {
    for (const name of list(join(root, 'lessons', mod), (n) => n.endsWith('.mdx') || n.endsWith('.md'))) {
      lessonFiles.push(`lessons/${mod}/${name}`);
    }
  }
  const idOf = (file: string) => {
    const [, mod = '', name = ''] = file.split('/');
    return `${mod}/${lessonSlug(name)}`;
  };
  const lessonIds = new Set(lessonFiles.map(idOf));

  const ctx = {
    modules,
    glossary: new Set(glossary),
    labs: new Set(labDirs.map(labSlug)),
    quizzes: new Set(quizFiles.map((f) => f.replace(/\.yaml$/, ''))),
  };
  const lessons: ContentReport['lessons'] = [];
  for (const file of lessonFiles) {
    const text = readFileSync(join(root, file), 'utf8');
    out.push(...checkLesson(file, text, ctx));
    const fm = splitFrontmatter(text);
    const data = fm ? (parseYaml(fm.yaml).doc.toJS() as { topics?: unknown } | null) : null;
    const topics = Array.isArray(data?.topics) ? data.topics.map(String) : [];
    lessons.push({ id: idOf(file), file, topics });
  }

  const quizzes = new Map<string, Quiz>();
  for (const name of quizFiles) {
    const file = `quizzes/${name}`;
    const { diagnostics, quiz } = checkQuiz(file, readFileSync(join(root, file), 'utf8'), modules);
    out.push(...diagnostics);
    if (quiz) quizzes.set(name.replace(/\.yaml$/, ''), quiz);
  }

  const labs: ContentReport['labs'] = [];
  for (const dirName of labDirs) {
    const dir = join(labsDir, dirName);
    const rel = relative(root, dir).split('\\').join('/');
    const labYamlPath = join(dir, 'lab.yaml');
    const labYaml = existsSync(labYamlPath) ? readFileSync(labYamlPath, 'utf8') : undefined;
    out.push(
      ...checkLab(
        {
          dir: rel,
          labYaml,
          hasStarter: existsSync(join(dir, 'starter')),
          hasSolution: existsSync(join(dir, 'solution')),
        },
        lessonIds,
      ),
    );
    const topics = labYaml
      ? ((parseYaml(labYaml).doc.toJS() as { topics?: string[] } | null)?.topics ?? [])
      : [];
    labs.push({ slug: labSlug(dirName), dir: rel, topics });
  }

  return { diagnostics: sortDiagnostics(out), lessons, quizzes, labs, glossary };
}

/** Every file under `dir` (path relative to it, forward slashes) with its text, sorted by path. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string): void => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else out[rel] = readFileSync(join(dir, rel), 'utf8');
    }
  };
  walk('');
  return out;
}

/**
 * Proves every lab whose lab.yaml is valid (see `proveLab`): replays its solution, starter and
 * variants on fresh simulated clusters. Labs with errors from `checkContent` are skipped.
 */
export async function proveLabs(root: string, report: ContentReport): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const lab of report.labs) {
    if (report.diagnostics.some((d) => d.severity === 'error' && d.file.startsWith(`${lab.dir}/`))) continue;
    out.push(...(await proveLab(lab.dir, readTree(join(root, lab.dir)))));
  }
  return sortDiagnostics(out);
}

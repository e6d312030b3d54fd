import { parseAllDocuments } from 'yaml';
import { lessonSchema } from './schemas/lesson';
import { parseYaml, positionOf, yamlErrors, formatPath, type Diagnostic } from './diagnostics';
import { codeBlocks, splitFrontmatter, termUsesWithPosition } from './markdown';

export interface LessonContext {
  modules: Set<string>;
  glossary: Set<string>;
  labs: Set<string>;
  quizzes: Set<string>;
}

const FILE_NAME = /^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.mdx$/;

/** Checks one lesson file: name, frontmatter, glossary links and the YAML blocks it shows. */
export function checkLesson(file: string, text: string, ctx: LessonContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (
    line: number,
    col: number,
    code: string,
    message: string,
    severity: Diagnostic['severity'] = 'error',
  ) => out.push({ file, line, col, code, severity, message });

  const [, folder, name] = /^lessons\/([^/]+)\/([^/]+)$/.exec(file) ?? [];
  if (!name || !FILE_NAME.test(name)) {
    at(1, 1, 'lesson-file-name', `lesson files are named lessons/<module>/<nn>-<slug>.mdx, not ${file}`);
  }

  const fm = splitFrontmatter(text);
  if (!fm) {
    at(1, 1, 'frontmatter-missing', 'a lesson starts with YAML frontmatter between --- lines');
    return out;
  }
  const src = parseYaml(fm.yaml, fm.firstLine - 1);
  const syntax = yamlErrors(src, file, 'frontmatter-syntax');
  if (syntax.length) return [...out, ...syntax];

  const data = src.doc.toJS() as Record<string, unknown> | null;
  const parsed = lessonSchema.safeParse(data ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as (string | number)[];
      const pos = positionOf(src, path);
      const where = formatPath(path);
      at(pos.line, pos.col, 'frontmatter-invalid', where ? `${where}: ${issue.message}` : issue.message);
    }
    return out;
  }
  const lesson = parsed.data;
  if (!ctx.modules.has(lesson.module)) {
    const pos = positionOf(src, ['module']);
    at(pos.line, pos.col, 'unknown-module', `module "${lesson.module}" is not in lessons/modules.yaml`);
  } else if (folder && folder !== lesson.module) {
    const pos = positionOf(src, ['module']);
    at(
      pos.line,
      pos.col,
      'module-folder',
      `module is "${lesson.module}" but the file is in lessons/${folder}/`,
    );
  }
  lesson.labs.forEach((slug, i) => {
    if (ctx.labs.has(slug)) return;
    const pos = positionOf(src, ['labs', i]);
    at(pos.line, pos.col, 'dangling-lab', `lab "${slug}" does not exist yet (labs/<nn>-${slug}/)`, 'warning');
  });
  lesson.quizzes.forEach((slug, i) => {
    if (ctx.quizzes.has(slug)) return;
    const pos = positionOf(src, ['quizzes', i]);
    at(
      pos.line,
      pos.col,
      'dangling-quiz',
      `quiz "${slug}" does not exist yet (quizzes/${slug}.yaml)`,
      'warning',
    );
  });

  // Starlight's `:::note` asides only work in its own docs folder; lessons use <Aside>.
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*:::(note|tip|caution|danger)\b/.exec(line);
    if (m) {
      at(
        i + 1,
        line.indexOf(':::') + 1,
        'aside-syntax',
        `use <Aside type="${m[1]}"> (from '@astrojs/starlight/components'); ":::${m[1]}" is not rendered in lessons`,
      );
    }
  });

  for (const use of termUsesWithPosition(text)) {
    if (!ctx.glossary.has(use.id)) {
      at(use.line, use.col, 'unknown-term', `<Term id="${use.id}">: no lessons/glossary/${use.id}.yaml`);
    }
  }

  for (const block of codeBlocks(text)) {
    if (block.lang !== 'yaml' && block.lang !== 'yml') continue;
    if (/\bnot-manifest\b/.test(block.meta)) continue;
    out.push(...checkManifestBlock(file, block.code, block.line));
  }
  return out;
}

/** A YAML block shown as a manifest must parse and name apiVersion, kind and metadata.name. */
export function checkManifestBlock(file: string, code: string, firstLine: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const doc of parseAllDocuments(code, { uniqueKeys: true })) {
    if (!('errors' in doc)) continue;
    const docLine = firstLine + code.slice(0, doc.range[0]).split('\n').length - 1;
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const line = firstLine + (e.linePos?.[0]?.line ?? 1) - 1;
      out.push({
        file,
        line,
        col: e.linePos?.[0]?.col ?? 1,
        code: 'manifest-syntax',
        severity: 'error',
        message: e.message.split('\n')[0]!,
      });
      continue;
    }
    const obj = doc.toJS() as Record<string, unknown> | null;
    if (obj === null) continue; // an empty document between `---` separators
    const meta = (obj.metadata ?? {}) as Record<string, unknown>;
    const missing = [
      typeof obj.apiVersion !== 'string' && 'apiVersion',
      typeof obj.kind !== 'string' && 'kind',
      typeof meta.name !== 'string' && typeof meta.generateName !== 'string' && 'metadata.name',
    ].filter(Boolean);
    if (missing.length) {
      out.push({
        file,
        line: docLine,
        col: 1,
        code: 'manifest-incomplete',
        severity: 'error',
        message: `manifest lacks ${missing.join(', ')} (mark YAML that is not a Kubernetes object with \`not-manifest\` in the fence)`,
      });
    }
  }
  return out;
}

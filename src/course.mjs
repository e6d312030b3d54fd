// Reads the course outline (modules and lesson frontmatter) straight from lessons/.
// Plain JavaScript so astro.config.mjs can use it before Vite starts; the site and
// `cadet check` use it too, so the sidebar, the course map and the checks agree.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** `03-pod-manifests.mdx` -> `pod-manifests` */
export function lessonSlug(fileName) {
  return fileName.replace(/\.mdx?$/, '').replace(/^\d+-/, '');
}

/** Entry id (and URL path) of a lesson: `<module>/<slug>`. */
export function lessonId(modulePath) {
  const [mod, file] = modulePath.split('/');
  return `${mod}/${lessonSlug(file)}`;
}

function frontmatter(text) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m) return {};
  try {
    return parse(m[1]) ?? {};
  } catch {
    return {};
  }
}

/**
 * The course outline: modules in order, each with its lessons sorted by `order`.
 * Tolerant of broken files (they are reported by `cadet check`, not here).
 */
export function readCourse(root = '.') {
  const dir = join(root, 'lessons');
  const modules = parse(readFileSync(join(dir, 'modules.yaml'), 'utf8'));
  return modules.map((mod) => {
    const modDir = join(dir, mod.id);
    const files = existsSync(modDir) ? readdirSync(modDir).filter((f) => /\.mdx?$/.test(f)) : [];
    const lessons = files
      .map((file) => {
        const fm = frontmatter(readFileSync(join(modDir, file), 'utf8'));
        return {
          id: `${mod.id}/${lessonSlug(file)}`,
          file: `lessons/${mod.id}/${file}`,
          title: String(fm.title ?? lessonSlug(file)),
          summary: String(fm.summary ?? ''),
          order: Number(fm.order ?? 0),
          minutes: Number(fm.minutes ?? 0),
          topics: Array.isArray(fm.topics) ? fm.topics : [],
          labs: Array.isArray(fm.labs) ? fm.labs : [],
          quizzes: Array.isArray(fm.quizzes) ? fm.quizzes : [],
        };
      })
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    return { ...mod, lessons, minutes: lessons.reduce((n, l) => n + l.minutes, 0) };
  });
}

/**
 * `npm run bench:site`: how long the site takes to build, and how much JavaScript each kind
 * of page ships (gzipped), beside the budgets and anchors in shared/reference/anchors.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCourse } from '../../src/course.mjs';

const outDir = mkdtempSync(join(tmpdir(), 'cadet-bench-site-'));
const started = performance.now();
const build = spawnSync(join('node_modules', '.bin', 'astro'), ['build', '--outDir', outDir], {
  encoding: 'utf8',
});
const buildMs = performance.now() - started;
if (build.status !== 0) {
  console.error(build.stdout, build.stderr);
  process.exit(1);
}

/** Module scripts a page loads, followed through their static imports. */
function scriptsOf(htmlPath: string): Set<string> {
  const html = readFileSync(htmlPath, 'utf8');
  const seen = new Set<string>();
  const queue = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
  // Inline module scripts import chunks too.
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const i of m[1]!.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)) queue.push(i[1]!);
  }
  while (queue.length) {
    const src = queue.shift()!;
    if (!src.startsWith('/') || seen.has(src)) continue;
    seen.add(src);
    const file = join(outDir, src);
    let code = '';
    try {
      code = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of code.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js|\/_astro\/[^"']+\.js)["']/g)) {
      const target = m[1]!.startsWith('/') ? m[1]! : new URL(m[1]!, `http://x${src}`).pathname;
      queue.push(target);
    }
  }
  return seen;
}

const gz = (files: Iterable<string>) =>
  [...files].reduce((n, f) => n + gzipSync(readFileSync(join(outDir, f))).length, 0);
const inlineGz = (htmlPath: string) =>
  [...readFileSync(htmlPath, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce(
    (n, m) => n + gzipSync(m[1]!).length,
    0,
  );

const lesson = readCourse().flatMap((m) => m.lessons)[0];
const pages: [string, string][] = [
  ['home (course map)', 'index.html'],
  ['lesson', lesson ? `${lesson.id}/index.html` : 'index.html'],
  ['quiz', existsQuiz() ?? 'quizzes/index.html'],
  ['glossary', 'glossary/index.html'],
];
function existsQuiz(): string | undefined {
  try {
    const dir = join(outDir, 'quizzes');
    const slug = readdirSync(dir).find((d) => statSync(join(dir, d)).isDirectory());
    return slug ? `quizzes/${slug}/index.html` : undefined;
  } catch {
    return undefined;
  }
}

const lessonScripts = scriptsOf(join(outDir, pages[1]![1]));
const search = [...lessonScripts].filter((s) => /Search|pagefind|ui-core/i.test(s));
const searchBytes = gz(search);

console.log(
  `Site build: ${(buildMs / 1000).toFixed(1)} s for ${readCourse().reduce((n, m) => n + m.lessons.length, 0)} lessons`,
);
console.log('');
console.log('page type            JS gzip (total)   JS gzip beyond search   budget      ratio');
for (const [name, file] of pages) {
  const scripts = scriptsOf(join(outDir, file));
  const total = gz(scripts) + inlineGz(join(outDir, file));
  const beyond = total - gz([...scripts].filter((s) => search.includes(s)));
  const budget = name === 'lesson' ? 10 * 1024 : undefined;
  console.log(
    `${name.padEnd(20)} ${(total / 1024).toFixed(1).padStart(8)} KB ${(beyond / 1024).toFixed(1).padStart(17)} KB ${
      budget
        ? `${(budget / 1024).toFixed(0).padStart(8)} KB ${(beyond / budget).toFixed(2).padStart(9)}`
        : '         -         -'
    }`,
  );
}
console.log(
  `\nsearch widget (loaded on every page, also lazily fetches its index): ${(searchBytes / 1024).toFixed(1)} KB gzip`,
);
console.log(
  'anchor: Astro pages ship zero JavaScript unless a component asks for it; lesson budget 10 KB gzip beyond search.',
);

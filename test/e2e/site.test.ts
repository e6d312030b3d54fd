import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readCourse } from '../../src/course.mjs';
import { launch, collectErrors } from './support/browser';
import { buildSite, serveSite, type Served } from './support/site';

const course = readCourse();
const lessons = course.flatMap((m) => m.lessons);

let site: Served;
let browser: Browser;

beforeAll(async () => {
  site = await serveSite(buildSite());
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(site.url + path, { waitUntil: 'networkidle' });
  return { page, errors };
}

describe('the course site', () => {
  it('serves every page cross-origin isolated (labs need it)', async () => {
    const res = await fetch(site.url + '/');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('shows the course map on the home page', async () => {
    const { page, errors } = await open('/');
    const modules = page.locator('.course-map > section');
    expect(await modules.count()).toBe(course.length);
    expect(await modules.first().locator('h3').textContent()).toContain(course[0]!.title);
    expect(await page.locator('.course-map a').count()).toBe(lessons.length);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated,
      ),
    ).toBe(true);
    expect(errors).toEqual([]);
  });

  it('opens three lessons and follows previous/next', async () => {
    const picks = [lessons[0]!, lessons[Math.floor(lessons.length / 2)]!, lessons[lessons.length - 1]!];
    for (const lesson of picks) {
      const { page, errors } = await open(`/${lesson.id}/`);
      expect(await page.locator('h1').first().textContent()).toBe(lesson.title);
      // The sidebar lists every module and marks this page as current.
      expect(await page.locator(`nav[aria-label="Main"] a[aria-current="page"]`).getAttribute('href')).toBe(
        `/${lesson.id}/`,
      );
      // No editor or terminal code on lesson pages.
      const scripts = await page.$$eval('script[src]', (els) => els.map((e) => (e as HTMLScriptElement).src));
      expect(scripts.filter((s) => /monaco|xterm|webcontainer/i.test(s))).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    }

    const { page, errors } = await open(`/${lessons[0]!.id}/`);
    await page.locator('a[rel="next"]').click();
    await page.waitForURL(`**/${lessons[1]!.id}/`);
    expect(await page.locator('h1').first().textContent()).toBe(lessons[1]!.title);
    await page.locator('a[rel="prev"]').click();
    await page.waitForURL(`**/${lessons[0]!.id}/`);
    expect(await page.locator('h1').first().textContent()).toBe(lessons[0]!.title);
    expect(errors).toEqual([]);
  });

  it('finds lessons with full-text search', async () => {
    const { page, errors } = await open('/');
    await page.locator('button[data-open-modal]').first().click();
    const input = page.locator('dialog[open] .pagefind-ui__search-input').first();
    await input.fill('ReplicaSet');
    const result = page.locator('dialog[open] .pagefind-ui__result-link').first();
    await result.waitFor({ timeout: 15_000 });
    expect(await page.locator('dialog[open] .pagefind-ui__result-link').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('keeps a lesson marked done across reloads, in the sidebar and on the course map', async () => {
    const lesson = lessons[1]!;
    const { page, errors } = await open(`/${lesson.id}/`);
    const button = page.locator('cadet-mark-done button');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await button.click();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.locator('cadet-mark-done button').getAttribute('aria-pressed')).toBe('true');
    expect(
      await page.locator(`nav[aria-label="Main"] a[href="/${lesson.id}/"]`).getAttribute('data-done'),
    ).toBe('true');

    await page.goto(site.url + '/', { waitUntil: 'networkidle' });
    const mod = course.find((m) => m.lessons.some((l) => l.id === lesson.id))!;
    const section = page.locator(`.course-map > section:has(#module-${mod.id})`);
    expect(await section.locator('[data-module-done]').textContent()).toBe(`1 of ${mod.lessons.length} done`);
    expect(await page.locator(`.course-map a[href="/${lesson.id}/"]`).getAttribute('data-done')).toBe('true');

    // Undo works too.
    await page.goto(`${site.url}/${lesson.id}/`, { waitUntil: 'networkidle' });
    await page.locator('cadet-mark-done button').click();
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.locator('cadet-mark-done button').getAttribute('aria-pressed')).toBe('false');
    expect(errors).toEqual([]);
  });

  it('scores a quiz and explains the answers', async () => {
    const { page, errors } = await open('/quizzes/');
    const first = page.locator('main a[href^="/quizzes/"]').first();
    await first.click();
    await page.waitForSelector('cadet-quiz');
    const questions = page.locator('.quiz-question');
    const n = await questions.count();
    expect(n).toBeGreaterThan(0);
    await page.locator('.quiz-question').first().locator('input').first().check();
    await page.locator('.quiz-submit').click();
    const result = await page.locator('.quiz-result').textContent();
    expect(result).toMatch(/^You scored \d+ of \d+ \(\d+%\)/);
    expect((await questions.first().getAttribute('data-result')) ?? '').toMatch(/^(correct|incorrect)$/);
    expect(((await questions.first().locator('.quiz-feedback').textContent()) ?? '').length).toBeGreaterThan(
      10,
    );
    expect(errors).toEqual([]);
  });

  it('links glossary terms from lessons to the glossary', async () => {
    const { page, errors } = await open('/glossary/');
    expect(await page.locator('dl.glossary dt').count()).toBeGreaterThan(0);
    expect(await page.locator('dl.glossary dd a').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});

describe('accessibility and layout', () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  async function violations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: {
            run: (
              ctx: unknown,
              opts: unknown,
            ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      // Starlight's search button shows its keyboard shortcut ("Ctrl K") as visible text beside
      // the label "Search"; the shortcut is announced through aria-keyshortcuts instead, which
      // is what label-content-name-mismatch cannot see. Every other rule applies.
      return axe.run(document, {
        resultTypes: ['violations'],
        rules: { 'label-content-name-mismatch': { enabled: false } },
      });
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  }

  it.each(['/', `/${lessons[0]!.id}/`, '/glossary/'])(
    '%s has no serious accessibility violations',
    async (path) => {
      const { page, errors } = await open(path);
      expect(await violations(page)).toEqual([]);
      expect(errors).toEqual([]);
    },
  );

  it('fits a phone screen without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    for (const lesson of lessons) {
      await page.goto(`${site.url}/${lesson.id}/`, { waitUntil: 'load' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, lesson.id).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});

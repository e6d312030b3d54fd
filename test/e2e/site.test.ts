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

/**
 * The lab workspace in headless Chromium (offline, embedded engine): a Deployment typed into
 * Monaco shows a schema error marker and then none, `kubectl apply -f` in the terminal, pods
 * Running on the map, every check passing, reload keeping files, cluster and results, Reset
 * going back to the starter, and a page served without COOP/COEP falling back to the embedded
 * engine and saying so. No console errors anywhere.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, collectErrors } from './support/browser';
import { buildSite, serveSite, type Served } from './support/site';
import { REASONS } from '../../src/workspace/engine/choose';

let dist: string;
let site: Served;
let browser: Browser;

beforeAll(async () => {
  dist = buildSite();
  site = await serveSite(dist);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const LAB = '/labs/deploy-scale-heal/';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: three
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-workspace][data-ready="true"]', { timeout: 60_000 });
}

/** Markers on a file (monaco-yaml's schema diagnostics and kubectl's). */
function markers(page: Page, path: string): Promise<{ message: string; line: number; owner: string }[]> {
  return page.evaluate(
    (p) =>
      (
        window as unknown as {
          cadetWorkspace: {
            editor: { markers(p: string): { message: string; line: number; owner: string }[] };
          };
        }
      ).cadetWorkspace.editor.markers(p),
    path,
  );
}

function fileText(page: Page, path: string): Promise<string | undefined> {
  return page.evaluate(
    (p) =>
      (
        window as unknown as { cadetWorkspace: { files: { get(p: string): string | undefined } } }
      ).cadetWorkspace.files.get(p),
    path,
  );
}

function transcript(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      (window as unknown as { cadetWorkspace: { terminal: { transcript: string } } }).cadetWorkspace.terminal
        .transcript,
  );
}

function runningWebPods(page: Page): Promise<number> {
  return page.locator('[data-pod^="default/web-"][data-state="Running"]').count();
}

describe('the lab workspace', () => {
  it('takes a learner from a schema error to every check passing, keeps it over a reload, and resets', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    page.on('worker', (w) =>
      w.on('console', (m) => {
        if (m.type() === 'error') errors.push(`worker console.error: ${m.text()}`);
      }),
    );
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${site.url}${LAB}?engine=embedded&speed=20`);
    await waitReady(page);
    expect(await page.locator('[data-engine-name]').textContent()).toBe('Embedded engine');
    expect(await page.locator('[data-engine-reason]').textContent()).toBe(REASONS.chosenEmbedded);
    const starter = await fileText(page, 'deployment.yaml');
    expect(starter).toContain('# selector:');

    // Type a Deployment with a schema error: a marker appears on the replicas line.
    await page.evaluate((text) => {
      const ws = (
        window as unknown as {
          cadetWorkspace: { editor: { editor: { getModel(): { setValue(t: string): void } } } };
        }
      ).cadetWorkspace;
      ws.editor.editor.getModel().setValue(text);
    }, DEPLOYMENT);
    await expect
      .poll(() => markers(page, 'deployment.yaml'), { timeout: 20_000 })
      .toEqual([{ message: 'Incorrect type. Expected "integer".', line: 6, owner: 'yaml' }]);
    // Fix it from the keyboard: select "three" and type 3.
    await page.evaluate(() => {
      const ws = (
        window as unknown as {
          cadetWorkspace: { editor: { editor: { setSelection(r: object): void; focus(): void } } };
        }
      ).cadetWorkspace;
      ws.editor.editor.setSelection({ startLineNumber: 6, startColumn: 13, endLineNumber: 6, endColumn: 18 });
      ws.editor.editor.focus();
    });
    await page.keyboard.type('3');
    await expect.poll(() => markers(page, 'deployment.yaml'), { timeout: 20_000 }).toEqual([]);
    const fixed = DEPLOYMENT.replace('replicas: three', 'replicas: 3');
    expect(await fileText(page, 'deployment.yaml')).toBe(fixed);

    // Apply it from the terminal.
    await page.locator('[data-terminal] .xterm').click();
    await page.keyboard.type('kubectl apply -f deployment.yaml');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page), { timeout: 20_000 }).toContain('deployment.apps/web created\n');

    // The pods become Running on the map.
    await expect.poll(() => runningWebPods(page), { timeout: 60_000 }).toBe(3);

    // Check: every check passes.
    await page.locator('[data-check]').click();
    await expect
      .poll(() => page.locator('[data-summary]').textContent(), { timeout: 60_000 })
      .toMatch(/^All checks pass: (\d+) of \1 points/);
    expect(await page.locator('[data-check-id][data-pass="false"]').count()).toBe(0);
    const passed = await page.locator('[data-check-id][data-pass="true"]').count();
    expect(passed).toBeGreaterThan(3);
    const summary = await page.locator('[data-summary]').textContent();

    // Reload: files, cluster and results come back from IndexedDB.
    await page.waitForFunction(
      () => !!(document.querySelector('[data-workspace]') as HTMLElement).dataset.savedAt,
    );
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const root = document.querySelector('[data-workspace]') as HTMLElement;
          const before = root.dataset.savedAt;
          new MutationObserver(() => {
            if (root.dataset.savedAt !== before) resolve();
          }).observe(root, { attributes: true });
          (document.querySelector('[data-hint-button]') as HTMLButtonElement).click(); // any change saves
        }),
    );
    expect(errors).toEqual([]);
    await page.reload();
    await waitReady(page);
    // Requests the old page had in flight (a worker script still loading) are aborted by the
    // reload itself; anything else is an error.
    expect(errors.splice(0).filter((e) => !/^request failed: \S+ net::ERR_ABORTED$/.test(e))).toEqual([]);
    expect(await fileText(page, 'deployment.yaml')).toBe(fixed);
    await expect.poll(() => runningWebPods(page), { timeout: 10_000 }).toBe(3);
    expect(await page.locator('[data-summary]').textContent()).toBe(summary);
    expect(await page.locator('[data-hints] li').count()).toBe(1);

    // Reset: back to the starter files, a fresh cluster, no results.
    await page.locator('[data-reset]').click();
    await expect.poll(() => fileText(page, 'deployment.yaml'), { timeout: 20_000 }).toBe(starter);
    await expect.poll(() => page.locator('[data-pod^="default/web-"]').count(), { timeout: 20_000 }).toBe(0);
    expect(await page.locator('[data-hints] li').count()).toBe(0);
    // The lab checks live: the fresh cluster is checked again, and nothing passes.
    await expect
      .poll(() => page.locator('[data-summary]').textContent(), { timeout: 30_000 })
      .toMatch(/^Some checks fail: 0 of \d+ points/);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('falls back to the embedded engine when the page is not cross-origin isolated, and says so', async () => {
    // The same built site from a server that sends no COOP/COEP headers.
    const types: Record<string, string> = {
      '.html': 'text/html; charset=utf-8',
      '.js': 'text/javascript',
      '.css': 'text/css',
      '.svg': 'image/svg+xml',
      '.json': 'application/json',
      '.woff2': 'font/woff2',
      '.ttf': 'font/ttf',
    };
    const plain: Server = createServer(async (req, res) => {
      let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path.endsWith('/')) path += 'index.html';
      try {
        const body = await readFile(join(dist, path));
        res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${url}/labs/repair-the-primers-pod/`);
      await waitReady(page);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      expect(await page.locator('[data-workspace]').getAttribute('data-engine')).toBe('embedded');
      expect(await page.locator('[data-engine-reason]').textContent()).toBe(REASONS.notIsolated);
      await page.locator('[data-terminal] .xterm').click();
      await page.keyboard.type('kubectl get nodes');
      await page.keyboard.press('Enter');
      await expect.poll(() => transcript(page), { timeout: 20_000 }).toMatch(/worker-3\s+Ready/);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});

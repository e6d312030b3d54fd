/**
 * The lab workspace in headless Chromium (offline): a Deployment typed into Monaco shows a
 * schema error marker and then none, `kubectl apply -f` in the terminal, pods Running on the map,
 * every check passing, reload keeping files, cluster and results, Reset going back to the
 * starter. A WebContainer cannot boot here (its runtime loads from StackBlitz), so the tests that
 * drive the workspace ask for the embedded engine (`?engine=embedded`); the fallback paths are
 * tested as they are: a page with COOP/COEP tries the WebContainer first and, StackBlitz
 * unreachable, falls back and says why; a page served without COOP/COEP falls back at once and
 * says so. No console errors anywhere.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { launch, collectErrors } from './support/browser';
import { buildSite, serveSite, type Served } from './support/site';
import { REASONS } from '../../src/workspace/engine/choose';
import { buildWebContainerBundle } from '../../scripts/build-webcontainer';

const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

let dist: string;
let site: Served;
let browser: Browser;

beforeAll(async () => {
  dist = buildSite();
  // What `npm run build` adds before astro build: the bundle the WebContainer engine mounts.
  await buildWebContainerBundle(join(dist, 'webcontainer', 'dist', 'cadet.mjs'));
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

  it('drives the terminal, the map and the panels from the keyboard, accessibly, in both themes', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.url}/labs/repair-the-primers-pod/?engine=embedded&speed=20`);
    await waitReady(page);
    const terminal = page.locator('[data-terminal] .xterm');
    await terminal.click();

    // Tab completes through kubectl's completion; Enter runs; Up brings the command back.
    await page.keyboard.type('kubectl get no');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page), { timeout: 20_000 }).toContain('$ kubectl get nodes \n');
    await expect.poll(() => transcript(page)).toMatch(/worker-3\s+Ready/);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await transcript(page)).split('$ kubectl get nodes \n').length).toBe(3);

    // Ctrl-C stops a watch and gives the prompt back.
    await page.keyboard.type('kubectl get pods -w');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => transcript(page), { timeout: 20_000 })
      .toContain('No resources found in default namespace.');
    await page.keyboard.press('Control+C');
    await page.keyboard.type('ls');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page), { timeout: 20_000 }).toMatch(/\^C\n[\s\S]*\$ ls\npod\.yaml\n/);

    // A snippet's button types its command; kubectl's YAML error becomes a marker on its line.
    await page.locator('button[data-command="kubectl apply -f pod.yaml --dry-run=server"]').click();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await markers(page, 'pod.yaml')).filter((m) => m.owner === 'kubectl'), {
        timeout: 20_000,
      })
      .toEqual([
        {
          owner: 'kubectl',
          line: 5,
          message:
            'error parsing pod.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context',
        },
      ]);

    // A pod no node can take: the map shows it apart, and its details say why it is Pending.
    await page.evaluate(() =>
      (
        window as unknown as { cadetWorkspace: { files: { create(p: string, t: string): void } } }
      ).cadetWorkspace.files.create(
        'big.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests:\n          cpu: "64"\n',
      ),
    );
    await terminal.click();
    await page.keyboard.type('kubectl apply -f big.yaml');
    await page.keyboard.press('Enter');
    const big = page.locator('.ws-unscheduled [data-pod="default/big"][data-state="Pending"]');
    await big.waitFor({ timeout: 20_000 });
    await big.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.ws-why').textContent(), { timeout: 20_000 })
      .toContain('Insufficient cpu');
    expect(await page.locator('.ws-detail h3').textContent()).toBe('Pod default/big');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pod default/big');
    expect(await page.locator('.ws-detail .ws-yaml').textContent()).toContain('cpu: "64"');

    // The table view is the map's text alternative.
    await page.getByRole('button', { name: 'Table view' }).click();
    expect(await page.getByRole('table', { name: 'Pods' }).textContent()).toContain('big');
    expect(await page.getByRole('table', { name: 'Nodes' }).textContent()).toContain('worker-3');

    // Chaos where the lab allows it: delete the pod.
    await page.locator('.ws-detail').getByRole('button', { name: 'Delete pod' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Pods' }).textContent(), { timeout: 20_000 })
      .not.toContain('big');

    // Accessibility of our own markup (Monaco's and xterm's internals are theirs).
    await page.addScriptTag({ content: await readFile(AXE, 'utf8') });
    const audit = async (): Promise<string[]> =>
      page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                c: unknown,
                o: unknown,
              ): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
        const result = await axe.run(
          { include: [['[data-workspace]']], exclude: [['.ws-monaco'], ['.xterm']] },
          { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } },
        );
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    expect(await audit()).toEqual([]);

    // Dark mode follows Starlight's theme choice, and passes the same audit.
    await page.getByRole('button', { name: 'Toggle dark mode' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => localStorage.getItem('starlight-theme'))).toBe('dark');
    expect(await audit()).toEqual([]);

    // A tablet: nothing wider than the screen.
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('edits a Deployment in a Monaco tab with kubectl edit, and runs commands in a pod with kubectl exec', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    page.on('worker', (w) =>
      w.on('console', (m) => {
        if (m.type() === 'error') errors.push(`worker console.error: ${m.text()}`);
      }),
    );
    // The Service lab's setup runs Deployment web with three replicas.
    await page.goto(`${site.url}/labs/expose-it-with-a-service/?engine=embedded&speed=20`);
    await waitReady(page);
    await expect.poll(() => runningWebPods(page), { timeout: 30_000 }).toBe(3);
    const terminal = page.locator('[data-terminal] .xterm');
    await terminal.click();

    // kubectl edit opens the object in a temporary tab; Ctrl-S saves and applies it.
    await page.keyboard.type('kubectl edit deployment/web');
    await page.keyboard.press('Enter');
    const tab = page.locator('[data-edit-tab="kubectl-edit-deployments-web.yaml"]');
    await tab.waitFor({ timeout: 20_000 });
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('toolbar', { name: 'kubectl edit' }).isVisible()).toBe(true);
    // Put the cursor at the end of the `replicas: 3` line, then type over the 3.
    const line = await page.evaluate(() => {
      const ed = (
        window as unknown as {
          cadetWorkspace: {
            editor: {
              editor: {
                getModel(): { getLinesContent(): string[] } | null;
                setPosition(p: { lineNumber: number; column: number }): void;
                focus(): void;
              };
            };
          };
        }
      ).cadetWorkspace.editor.editor;
      const lines = ed.getModel()!.getLinesContent();
      const i = lines.findIndex((l) => l === '  replicas: 3');
      ed.setPosition({ lineNumber: i + 1, column: lines[i]!.length + 1 });
      ed.focus();
      return i + 1;
    });
    expect(line).toBeGreaterThan(5);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('5');
    await page.keyboard.press('Control+S');
    await expect
      .poll(() => transcript(page), { timeout: 20_000 })
      .toContain('$ kubectl edit deployment/web\ndeployment.apps/web edited\n');
    expect(await tab.count()).toBe(0);
    expect(await page.getByRole('toolbar', { name: 'kubectl edit' }).isVisible()).toBe(false);
    await expect.poll(() => runningWebPods(page), { timeout: 30_000 }).toBe(5);
    await terminal.click();
    await page.keyboard.type('kubectl get deployment web -o jsonpath={.spec.replicas}');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => transcript(page), { timeout: 20_000 })
      .toContain('$ kubectl get deployment web -o jsonpath={.spec.replicas}\n5\n');

    // Cancel closes the tab and changes nothing.
    await page.keyboard.type('kubectl edit deploy web');
    await page.keyboard.press('Enter');
    await tab.waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => transcript(page), { timeout: 20_000 })
      .toContain('$ kubectl edit deploy web\nEdit cancelled, no changes made.\n');
    expect(await tab.count()).toBe(0);

    // Ctrl-C in the terminal cancels an open edit too, and closes its tab.
    await terminal.click();
    await page.keyboard.type('kubectl edit deployments web');
    await page.keyboard.press('Enter');
    await tab.waitFor({ timeout: 20_000 });
    await terminal.click();
    await page.keyboard.press('Control+C');
    await expect
      .poll(() => transcript(page), { timeout: 20_000 })
      .toContain('$ kubectl edit deployments web\n^CEdit cancelled, no changes made.\n');
    await expect.poll(() => tab.count()).toBe(0);

    // An edit the server refuses re-opens with kubectl's error comments; Cancel then gives up.
    await terminal.click();
    await page.keyboard.type('kubectl edit deployment web');
    await page.keyboard.press('Enter');
    await tab.waitFor({ timeout: 20_000 });
    await page.evaluate(() => {
      const ed = (
        window as unknown as {
          cadetWorkspace: {
            editor: {
              editor: {
                getModel(): { getValue(): string; setValue(v: string): void } | null;
              };
            };
          };
        }
      ).cadetWorkspace.editor.editor;
      const model = ed.getModel()!;
      model.setValue(model.getValue().replace(/^ {2}replicas: 5$/m, '  replicas: -1'));
    });
    await page.getByRole('button', { name: 'Save & apply' }).click();
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              (
                window as unknown as {
                  cadetWorkspace: { editor: { editor: { getModel(): { getValue(): string } | null } } };
                }
              ).cadetWorkspace.editor.editor
                .getModel()
                ?.getValue() ?? '',
          ),
        { timeout: 20_000 },
      )
      .toContain(
        '# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n',
      );
    expect(await tab.count()).toBe(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => transcript(page), { timeout: 20_000 })
      .toContain('$ kubectl edit deployment web\nEdit cancelled, no changes made.\n');
    expect(await tab.count()).toBe(0);

    // kubectl exec runs a command in a pod, and -it gives a live shell until exit.
    const pod = (await page
      .locator('[data-pod^="default/web-"][data-state="Running"]')
      .first()
      .getAttribute('data-pod'))!.slice('default/'.length);
    await terminal.click();
    await page.keyboard.type(`kubectl exec ${pod} -- hostname`);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => transcript(page), { timeout: 20_000 })
      .toContain(`$ kubectl exec ${pod} -- hostname\n${pod}\n`);
    await page.keyboard.type(`kubectl exec -it ${pod} -- sh`);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => transcript(page), { timeout: 20_000 })
      .toContain(`$ kubectl exec -it ${pod} -- sh\n# `);
    await page.keyboard.type('hostname');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page), { timeout: 20_000 }).toContain(`# hostname\r\n${pod}\r\n# `);
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page), { timeout: 20_000 }).toMatch(/# exit\r\n\S*\$ $/);

    // The editor disposes a closed kubectl edit tab's model a second later: no error then either.
    await page.waitForTimeout(1500);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renames a file, compares with the solution without touching the files, and exports and imports an attempt', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.url}/labs/repair-the-primers-pod/?engine=embedded`);
    await waitReady(page);
    await page.evaluate(() =>
      (
        window as unknown as { cadetWorkspace: { files: { set(p: string, t: string): void } } }
      ).cadetWorkspace.files.set('pod.yaml', 'kind: Pod\n'),
    );

    // The solution as a diff; the learner's file is untouched.
    await page.getByRole('button', { name: 'Compare with the solution' }).click();
    const diff = await page.locator('[data-solution-diff] pre').textContent();
    expect(diff).toMatch(/^--- yours\/pod\.yaml\n\+\+\+ solution\/pod\.yaml\n\+apiVersion: v1\n/);
    expect(diff).toContain('\n kind: Pod\n');
    expect(await fileText(page, 'pod.yaml')).toBe('kind: Pod\n');

    // Export the attempt as one JSON file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export attempt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cadet-repair-the-primers-pod-attempt.json');
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as Record<string, unknown>;
    expect(exported).toMatchObject({
      format: 'cadet-attempt/v1',
      lab: 'repair-the-primers-pod',
      files: { 'pod.yaml': 'kind: Pod\n' },
    });
    expect(typeof exported.snapshot).toBe('string');

    // Rename from the file tree (the name comes from a prompt).
    page.once('dialog', (d) => void d.accept('greeter.yaml'));
    await page.getByRole('treeitem', { name: 'pod.yaml' }).click();
    await page.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => fileText(page, 'greeter.yaml')).toBe('kind: Pod\n');
    expect(await fileText(page, 'pod.yaml')).toBeUndefined();
    expect(await page.getByRole('tab', { name: 'greeter.yaml' }).getAttribute('aria-selected')).toBe('true');

    // Import: the exported attempt comes back; a wrong file is refused with the reason.
    await page.locator('[data-import-file]').setInputFiles({
      name: 'other.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{}'),
    });
    await expect
      .poll(() => page.locator('[data-status]').textContent())
      .toBe('other.json was not imported: not a Cadet attempt: "format" must be "cadet-attempt/v1"');
    await page.locator('[data-import-file]').setInputFiles((await download.path())!);
    await expect
      .poll(() => page.locator('[data-status]').textContent(), { timeout: 20_000 })
      .toMatch(/^Imported /);
    expect(await fileText(page, 'pod.yaml')).toBe('kind: Pod\n');
    expect(await fileText(page, 'greeter.yaml')).toBeUndefined();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('tries the WebContainer first, falls back when StackBlitz is unreachable and says why, and keeps the switch', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    // StackBlitz unreachable: every request to its hosts fails.
    const stackblitz: string[] = [];
    await context.route(
      /^https?:\/\/([^/]+\.)?(stackblitz\.com|stackblitz\.io|staticblitz\.com|webcontainer\.io)\//,
      (route) => {
        stackblitz.push(route.request().url());
        return route.abort('internetdisconnected');
      },
    );
    const page = await context.newPage();
    const errors = collectErrors(page);
    const bundles: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/webcontainer/dist/cadet.mjs')) bundles.push(`${r.status()}`);
    });
    // Leaving a page while it still loads cancels those requests: wait for them. monaco-yaml
    // replaces its first worker as soon as the file's schemas load (`update`); Chromium leaves
    // the replaced worker's script request open and reports it aborted when the page is left.
    const loading = new Set<Request>();
    const replacedWorker = (url: string) => /\/_astro\/yaml\.worker-[\w-]+\.js$/.test(url);
    page.on(
      'request',
      (r) => void (r.url().startsWith(site.url) && !replacedWorker(r.url()) && loading.add(r)),
    );
    page.on('requestfinished', (r) => void loading.delete(r));
    page.on('requestfailed', (r) => void loading.delete(r));
    const settled = () =>
      expect.poll(() => [...loading].map((r) => r.url()), { timeout: 20_000 }).toEqual([]);
    const engineName = () => page.locator('[data-engine-name]').textContent();
    const engineReason = () => page.locator('[data-engine-reason]').textContent();

    // No choice made: the page boots the WebContainer (2 s here, `?boot-timeout=`), then falls back.
    await page.goto(`${site.url}/labs/repair-the-primers-pod/?boot-timeout=2`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await waitReady(page);
    expect(stackblitz.length).toBeGreaterThan(0);
    expect(bundles).toEqual(['200']);
    expect(await page.locator('[data-workspace]').getAttribute('data-engine')).toBe('embedded');
    expect(await engineName()).toBe('Embedded engine');
    expect(await engineReason()).toBe(
      'Embedded engine: the WebContainer did not start (it did not boot within 2 s).',
    );
    expect(await page.locator('[data-engine-switch]').textContent()).toBe('Use the WebContainer');
    await page.locator('[data-terminal] .xterm').click();
    await page.keyboard.type('kubectl get nodes');
    await page.keyboard.press('Enter');
    await expect.poll(() => transcript(page), { timeout: 20_000 }).toMatch(/worker-3\s+Ready/);

    // The next lab page in this session does not wait for the boot again, and says why.
    const tried = stackblitz.length;
    await settled();
    await page.goto(`${site.url}/labs/deploy-scale-heal/`);
    await waitReady(page);
    expect(await engineReason()).toBe(
      'Embedded engine: the WebContainer did not start earlier in this session (it did not boot within 2 s). Use the WebContainer to try again.',
    );
    expect(stackblitz.length).toBe(tried);

    // The switch tries again (with the default 15 s boot timeout), and is remembered.
    await settled();
    await page.locator('[data-engine-switch]').click();
    await page.waitForURL(/\?engine=webcontainer$/);
    await expect
      .poll(engineReason)
      .toBe('Starting the WebContainer (at most 15 s; the embedded engine takes over if it does not start)…');
    expect(await page.locator('[data-engine-switch]').textContent()).toBe('Use the embedded engine');
    await waitReady(page);
    expect(await engineReason()).toBe(REASONS.bootFailed('it did not boot within 15 s'));
    expect(stackblitz.length).toBeGreaterThan(tried);
    expect(await page.evaluate(() => localStorage.getItem('cadet:engine'))).toBe('webcontainer');
    await settled();

    // The failures are StackBlitz's runtime, unreachable here, and replaced yaml workers cancelled
    // by leaving the page; nothing else fails and nothing logs an error.
    expect(
      errors.filter(
        (e) =>
          !/^request failed: https:\/\/stackblitz\.com\/\S+ net::ERR_INTERNET_DISCONNECTED$/.test(e) &&
          !(
            e.startsWith(`request failed: ${site.url}/_astro/yaml.worker-`) &&
            /^request failed: \S+\/yaml\.worker-[\w-]+\.js net::ERR_ABORTED$/.test(e)
          ),
      ),
    ).toEqual([]);
    await context.close();
  });

  it('lists the labs, and lesson pages load no Monaco, xterm or engine', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${site.url}/labs/`, { waitUntil: 'networkidle' });
    expect(await page.locator('.cadet-labs a').allTextContents()).toEqual([
      "Repair the primer's Pod",
      'Deploy, scale, heal',
      'Expose it with a Service',
    ]);
    await page.goto(`${site.url}/why-kubernetes/what-is-kubernetes/`, { waitUntil: 'networkidle' });
    const heavy = [];
    for (const path of scripts) {
      const code = await readFile(join(dist, path), 'utf8');
      if (/monaco|xterm|default-scheduler|vs\/editor/i.test(code)) heavy.push(path);
    }
    expect(scripts.length).toBeGreaterThan(0);
    expect(heavy).toEqual([]);
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
      expect(await page.locator('[data-engine-switch]').textContent()).toBe('Use the WebContainer');
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

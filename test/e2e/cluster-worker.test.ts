/**
 * The cluster core needs nothing from Node: bundled for the browser (a Node builtin anywhere in
 * its imports fails the build), it runs in a module Web Worker in headless Chromium, brings a
 * 3-replica Deployment to Running on the default topology, and its snapshot is byte-identical to
 * the same scenario's in Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, collectErrors } from './support/browser';
import { bundleWorker, serveWorker, type WorkerServer } from './support/worker-bundle';
import { runScenario, type ScenarioResult } from './support/cluster-scenario';

let browser: Browser;
let server: WorkerServer;
let bundle: string;

beforeAll(async () => {
  bundle = await bundleWorker();
  server = await serveWorker(bundle);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the cluster core in a browser Web Worker', () => {
  it('refuses to bundle anything that imports a Node builtin', async () => {
    await expect(
      bundleWorker(`import { readFileSync } from 'node:fs'; console.log(readFileSync);`),
    ).rejects.toThrow(/Node builtin "node:fs"/);
    await expect(
      bundleWorker(`import { EventEmitter } from 'events'; console.log(EventEmitter);`),
    ).rejects.toThrow(/Node builtin "events"/);
  });

  it('runs the default topology and a 3-replica Deployment to Running, byte-identical to Node', async () => {
    expect(bundle).toContain('createCluster');
    const page = await browser.newPage();
    const errors = collectErrors(page);
    page.on('worker', (w) =>
      w.on('console', (m) => {
        if (m.type() === 'error') errors.push(`worker console.error: ${m.text()}`);
      }),
    );
    await page.goto(server.url + '/');
    await page.waitForFunction(() => 'workerResult' in window, undefined, { timeout: 90_000 });
    const message = (await page.evaluate(
      () => (window as unknown as { workerResult: unknown }).workerResult,
    )) as {
      ok: boolean;
      error?: string;
      result: ScenarioResult;
      isolated: boolean;
    };
    expect(message.error).toBeUndefined();
    expect(message.ok).toBe(true);
    expect(message.isolated).toBe(true);
    const { pods, controlPlane, snapshot } = message.result;
    expect(pods).toHaveLength(3);
    expect(controlPlane.length).toBeGreaterThan(0);
    for (const p of pods) {
      expect(p.phase).toBe('Running');
      expect(p.ready).toBe(true);
      expect(p.node).not.toBe('');
      expect(controlPlane).not.toContain(p.node);
    }
    expect(errors).toEqual([]);

    const inNode = runScenario();
    expect(snapshot.length).toBeGreaterThan(10_000);
    expect(snapshot.length).toBe(inNode.snapshot.length);
    expect(snapshot === inNode.snapshot).toBe(true);
    expect(message.result.pods).toEqual(inNode.pods);
    await page.close();
  });
});

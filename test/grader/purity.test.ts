/**
 * The grader core needs nothing from its host: bundled with esbuild for a neutral platform (as
 * a browser worker would load it) and run in a V8 context with only the ECMAScript globals, it
 * loads a lab, replays files and grades them.
 */
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../src/content/validate';

describe('grader purity', () => {
  it('grades a lab in a context with only ECMAScript globals', async () => {
    const entry = fileURLToPath(new URL('../../src/grader/index.ts', import.meta.url));
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      format: 'iife',
      globalName: 'Grader',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(out.metafile!.inputs);
    expect(inputs.filter((f) => f.includes('http-reader') || f.includes('client-node'))).toEqual([]);
    const context = createContext({});
    expect(runInContext('[typeof process, typeof Buffer, typeof setTimeout].join()', context)).toBe(
      'undefined,undefined,undefined',
    );
    runInContext(out.outputFiles[0]!.text, context);
    const files = readTree(fileURLToPath(new URL('../../labs/01-repair-the-primers-pod', import.meta.url)));
    context.files = JSON.parse(JSON.stringify(files));
    const result = JSON.parse(
      await (runInContext(
        `(async () => {
          const { lab } = Grader.loadLab(files, { slug: 'repair-the-primers-pod' });
          const good = await Grader.gradeFiles(lab, lab.solution);
          const bad = await Grader.gradeFiles(lab, lab.starter);
          return JSON.stringify({ good: good.points + '/' + good.maxPoints, bad: bad.points + '/' + bad.maxPoints });
        })()`,
        context,
      ) as Promise<string>),
    );
    expect(result).toEqual({ good: '8/8', bad: '0/8' });
    expect(readFileSync(entry, 'utf8')).not.toContain('node:');
  }, 60_000);
});

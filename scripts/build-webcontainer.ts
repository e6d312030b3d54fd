/**
 * Bundles what the WebContainer engine runs into one ES module for Node: the engine core
 * (cluster, kubectl, grader), `cadet serve`'s HTTP adapter and Cadet's kubectl
 * (`src/workspace/engine/container-main.node.ts`). The lab page fetches it from
 * `/webcontainer/dist/cadet.mjs` and mounts it as `cadet.mjs`.
 *
 *   npx tsx scripts/build-webcontainer.ts [outfile]   (default public/webcontainer/dist/cadet.mjs)
 */
import { build } from 'esbuild';
import { statSync } from 'node:fs';

export async function buildWebContainerBundle(outfile: string): Promise<number> {
  await build({
    entryPoints: ['src/workspace/engine/container-main.node.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    outfile,
    logLevel: 'warning',
    // Every cross-origin isolated lab page fetches it: minified it is about 2.4 MB instead of
    // 3.8 MB (550 KB gzipped instead of 680 KB). Names are kept for error messages and stacks.
    minify: true,
    keepNames: true,
    // Bundled CommonJS dependencies may call require() for Node builtins.
    banner: {
      js: "import { createRequire as __cadetRequire } from 'node:module'; const require = __cadetRequire(import.meta.url);",
    },
  });
  return statSync(outfile).size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outfile = process.argv[2] ?? 'public/webcontainer/dist/cadet.mjs';
  const started = performance.now();
  const size = await buildWebContainerBundle(outfile);
  console.log(`${outfile}: ${(size / 1024).toFixed(0)} KB in ${Math.round(performance.now() - started)} ms`);
}

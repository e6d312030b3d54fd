/**
 * The embedded engine's Web Worker: the cluster core, Cadet's kubectl and the grader, answering
 * the page through the protocol in `types.ts` (`serve-core.ts`).
 */
import { EngineCore } from './core.js';
import { realDeps } from './deps.js';
import { serveCore, type Port } from './serve-core.js';

const scope = self as unknown as Port;
const core = new EngineCore(
  realDeps({
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (h) => clearInterval(h as number),
    now: () => performance.now(),
  }),
);
serveCore(core, scope, { setTimeout: (fn, ms) => setTimeout(fn, ms) });

/**
 * Which engine a lab page runs, and the sentence that tells the learner why. Pure.
 * The WebContainer needs a cross-origin isolated page (COOP/COEP headers), a browser that
 * supports it, and the network (its runtime loads from StackBlitz); otherwise, or when the
 * learner asks, the embedded engine runs.
 */
import type { EngineKind } from './types.js';

export interface EngineEnvironment {
  /** `crossOriginIsolated` */
  isolated: boolean;
  /** `navigator.onLine` */
  online: boolean;
  /** SharedArrayBuffer and module workers exist. */
  supported: boolean;
  /** The learner's choice (`?engine=` or the saved switch). */
  preference?: EngineKind;
}

export interface EngineChoice {
  kind: EngineKind;
  reason: string;
}

export const REASONS = {
  chosenEmbedded: 'Embedded engine: you chose it. The cluster, kubectl and the grader run in this page.',
  notIsolated:
    'Embedded engine: this page is not cross-origin isolated (the server sent no COOP/COEP headers), so the WebContainer cannot start.',
  unsupported: 'Embedded engine: this browser cannot run a WebContainer (no SharedArrayBuffer).',
  offline: 'Embedded engine: you are offline, and the WebContainer loads its runtime from StackBlitz.',
  webcontainer: 'WebContainer: a Node.js runtime in this page runs cadet serve, kubectl and jsh.',
  defaultEmbedded:
    'Embedded engine: the cluster, kubectl and the grader run in this page. Switch to the WebContainer for a Node.js shell (jsh).',
  bootFailed: (why: string): string => `Embedded engine: the WebContainer did not start (${why}).`,
} as const;

export function chooseEngine(env: EngineEnvironment): EngineChoice {
  if (env.preference === 'embedded') return { kind: 'embedded', reason: REASONS.chosenEmbedded };
  if (!env.isolated) return { kind: 'embedded', reason: REASONS.notIsolated };
  if (!env.supported) return { kind: 'embedded', reason: REASONS.unsupported };
  if (!env.online) return { kind: 'embedded', reason: REASONS.offline };
  if (env.preference === 'webcontainer') return { kind: 'webcontainer', reason: REASONS.webcontainer };
  // Without a choice the embedded engine starts: it is ready in well under a second, where a
  // WebContainer boot takes seconds; the learner can switch.
  return { kind: 'embedded', reason: REASONS.defaultEmbedded };
}

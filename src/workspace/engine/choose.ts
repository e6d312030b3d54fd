/**
 * Which engine a lab page runs, and the sentence that tells the learner why. Pure.
 *
 * The WebContainer runs first wherever it can boot: a cross-origin isolated page (COOP/COEP
 * headers), a browser that supports it, and the network (its runtime loads from StackBlitz).
 * Otherwise, when the learner asks, or when a boot already failed in this browser session, the
 * embedded engine runs. A WebContainer that fails to boot or takes longer than the boot timeout
 * also hands over to the embedded engine (`REASONS.bootFailed`, see `app.ts`).
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
  /**
   * Why a WebContainer did not start earlier in this browser session (kept in `sessionStorage`),
   * so that each lab page does not wait for a boot that keeps failing. An explicit choice of the
   * WebContainer tries again.
   */
  failedBefore?: string;
}

export interface EngineChoice {
  kind: EngineKind;
  reason: string;
}

/** The boot timeout without `?boot-timeout=`. */
export const DEFAULT_BOOT_TIMEOUT_S = 15;

export const REASONS = {
  chosenEmbedded: 'Embedded engine: you chose it. The cluster, kubectl and the grader run in this page.',
  notIsolated:
    'Embedded engine: this page is not cross-origin isolated (the server sent no COOP/COEP headers), so the WebContainer cannot start.',
  unsupported: 'Embedded engine: this browser cannot run a WebContainer (no SharedArrayBuffer).',
  offline: 'Embedded engine: you are offline, and the WebContainer loads its runtime from StackBlitz.',
  webcontainer: 'WebContainer: a Node.js runtime in this page runs cadet serve, kubectl and jsh.',
  booting: (seconds: number): string =>
    `Starting the WebContainer (at most ${seconds} s; the embedded engine takes over if it does not start)…`,
  bootFailed: (why: string): string => `Embedded engine: the WebContainer did not start (${why}).`,
  failedBefore: (why: string): string =>
    `Embedded engine: the WebContainer did not start earlier in this session (${why}). Use the WebContainer to try again.`,
} as const;

export function chooseEngine(env: EngineEnvironment): EngineChoice {
  if (env.preference === 'embedded') return { kind: 'embedded', reason: REASONS.chosenEmbedded };
  if (!env.isolated) return { kind: 'embedded', reason: REASONS.notIsolated };
  if (!env.supported) return { kind: 'embedded', reason: REASONS.unsupported };
  if (!env.online) return { kind: 'embedded', reason: REASONS.offline };
  if (env.preference !== 'webcontainer' && env.failedBefore)
    return { kind: 'embedded', reason: REASONS.failedBefore(env.failedBefore) };
  return { kind: 'webcontainer', reason: REASONS.webcontainer };
}

/** `?engine=` or the saved switch, when it names an engine. */
export function enginePreference(
  param: string | null,
  saved: string | null,
): { preference?: EngineKind; problem?: string } {
  const ok = (v: string | null): v is EngineKind => v === 'embedded' || v === 'webcontainer';
  if (param !== null && !ok(param))
    return {
      ...(ok(saved) ? { preference: saved } : {}),
      problem: `?engine=${param} is not an engine: use ?engine=webcontainer or ?engine=embedded.`,
    };
  if (ok(param)) return { preference: param };
  return ok(saved) ? { preference: saved } : {};
}

/**
 * `?boot-timeout=<seconds>` (1 to 120): how long the WebContainer may take to boot before the
 * embedded engine takes over. Without it, or when it is not such a number, 15 s.
 */
export function bootTimeout(param: string | null): { seconds: number; problem?: string } {
  if (param === null) return { seconds: DEFAULT_BOOT_TIMEOUT_S };
  const seconds = Number(param);
  if (param.trim() === '' || !Number.isInteger(seconds) || seconds < 1 || seconds > 120)
    return {
      seconds: DEFAULT_BOOT_TIMEOUT_S,
      problem: `?boot-timeout=${param} is not a whole number of seconds from 1 to 120; the WebContainer gets ${DEFAULT_BOOT_TIMEOUT_S} s to boot.`,
    };
  return { seconds };
}

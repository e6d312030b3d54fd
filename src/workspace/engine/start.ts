/**
 * Starts the engine `chooseEngine` picked. The WebContainer is tried first when it was picked:
 * booted (at most the boot timeout) while its bundle is fetched, mounted, and the lab started in
 * it; when any of that fails the embedded engine starts instead, and the sentence for the learner
 * says why. The page hands in the WebContainer (`boot`), the bundle and the embedded engine, so
 * tests use fakes.
 */
import { REASONS, type EngineChoice } from './choose.js';
import { bootWithTimeout, WebContainerEngine, type ContainerLike, type Timers } from './webcontainer.js';
import type { Engine, LabBundle, StartOptions } from './types.js';

export interface StartDeps {
  /** Boots a WebContainer (the page: `WebContainer.boot()`). */
  boot(): Promise<ContainerLike>;
  /** The bundle the container runs (the page fetches `/webcontainer/dist/cadet.mjs`). */
  bundle(): Promise<string>;
  /** A new embedded engine (the page: a Web Worker). */
  embedded(): Engine;
  /** How long the boot may take (ms), and then again the lab's start in the container. */
  bootTimeoutMs: number;
  timers?: Timers;
}

export interface Started {
  engine: Engine;
  /** The sentence for the learner: the choice's, or why the WebContainer did not start. */
  reason: string;
  /** Why the WebContainer did not start (the page remembers it for the session), if it did not. */
  failed?: string;
}

/** Starts the chosen engine with the lab; falls back to the embedded engine when the WebContainer fails. */
export async function startEngine(
  choice: EngineChoice,
  lab: LabBundle,
  options: StartOptions,
  deps: StartDeps,
): Promise<Started> {
  if (choice.kind === 'embedded') {
    const engine = deps.embedded();
    await engine.start(lab, options);
    return { engine, reason: choice.reason };
  }
  let container: WebContainerEngine | undefined;
  try {
    const code = deps.bundle();
    code.catch(() => undefined); // awaited below; the boot may fail first
    const booted = await bootWithTimeout(deps.boot, {
      ms: deps.bootTimeoutMs,
      ...(deps.timers ? { timers: deps.timers } : {}),
      // Booted after all, but the page has moved on.
      onLate: (late) => late.teardown(),
    });
    try {
      container = await WebContainerEngine.create(booted, await code, lab, options.files);
    } catch (err) {
      booted.teardown();
      throw err;
    }
    await withinTime(container.start(lab, options), deps.bootTimeoutMs, deps.timers);
    await withinTime(
      container.checkKubectl(),
      deps.bootTimeoutMs,
      deps.timers,
      (s) => `kubectl did not answer in it within ${s} s`,
      (why) => why,
    );
    return { engine: container, reason: choice.reason };
  } catch (err) {
    container?.dispose();
    const failed = (err as Error).message;
    const engine = deps.embedded();
    await engine.start(lab, options);
    return { engine, reason: REASONS.bootFailed(failed), failed };
  }
}

/** `promise`, or a rejection when it has not settled within `ms` (messages for the learner). */
function withinTime<T>(
  promise: Promise<T>,
  ms: number,
  timers: Timers = globalThis as unknown as Timers,
  late: (seconds: number) => string = (s) => `the lab did not start in it within ${s} s`,
  failed: (why: string) => string = (why) => `the lab did not start in it: ${why}`,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = timers.setTimeout(() => reject(new Error(late(Math.round(ms / 1000)))), ms);
    promise.then(
      (value) => {
        timers.clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        timers.clearTimeout(timer);
        reject(new Error(failed(err instanceof Error ? err.message : String(err))));
      },
    );
  });
}

/**
 * The worker side of the embedded engine's protocol (`types.ts`, `Request`/`Reply`): answers
 * each request from an `EngineCore`, streams `run` output, posts the cluster view at most every
 * 200 ms after a change and the problems after each command. Takes a port (the worker's global
 * scope, or a fake in tests).
 */
import type { EngineCore } from './core.js';
import { InputQueue } from './input.js';
import type { Reply, Request } from './types.js';

export interface Port {
  postMessage(message: Reply): void;
  addEventListener(type: 'message', fn: (e: { data: Request }) => void): void;
}

export interface ServeTimers {
  setTimeout(fn: () => void, ms: number): unknown;
}

export function serveCore(core: EngineCore, port: Port, timers: ServeTimers, viewEveryMs = 200): void {
  const runs = new Map<number, AbortController>();
  const inputs = new Map<number, InputQueue>();
  /** Open `kubectl edit` requests: the page answers each with `edited`. */
  const edits = new Map<number, (text: string | null) => void>();
  let nextEdit = 1;
  let viewPending = false;
  const postView = (): void => {
    viewPending = false;
    if (core.cluster) port.postMessage({ type: 'view', view: core.view() });
  };
  core.onChange(() => {
    if (viewPending) return;
    viewPending = true;
    timers.setTimeout(postView, viewEveryMs);
  });

  const answer = async (req: Request): Promise<unknown> => {
    switch (req.type) {
      case 'start': {
        const info = core.start(req.lab, req.options);
        postView();
        return info;
      }
      case 'run': {
        const controller = new AbortController();
        const input = new InputQueue();
        runs.set(req.id, controller);
        inputs.set(req.id, input);
        try {
          return await core.run(
            req.line,
            {
              out: (chunk) => port.postMessage({ type: 'output', id: req.id, stream: 'out', chunk }),
              err: (chunk) => port.postMessage({ type: 'output', id: req.id, stream: 'err', chunk }),
              edit: (text, fileName) =>
                new Promise<string | null>((resolve) => {
                  const edit = nextEdit++;
                  edits.set(edit, resolve);
                  port.postMessage({ type: 'edit', id: req.id, edit, text, fileName });
                }),
              interactive: ({ tty }) => port.postMessage({ type: 'interactive', id: req.id, tty }),
            },
            controller.signal,
            input,
          );
        } finally {
          runs.delete(req.id);
          inputs.delete(req.id);
          port.postMessage({ type: 'problems', problems: core.problems });
        }
      }
      case 'abort':
        runs.get(req.run)?.abort();
        return null;
      case 'complete':
        return core.complete(req.line);
      case 'check':
        return core.check();
      case 'detail':
        return core.detail(req.kind, req.namespace, req.name);
      case 'snapshot':
        return core.snapshot();
      case 'restore':
        core.restore(req.snapshot);
        postView();
        return null;
      case 'chaos':
        core.chaos(req.action);
        return null;
      case 'files':
        core.setFiles(req.files);
        return null;
      case 'edited': {
        const resolve = edits.get(req.edit);
        edits.delete(req.edit);
        resolve?.(req.text);
        return null;
      }
      case 'input': {
        const input = inputs.get(req.run);
        if (req.data === null) input?.end();
        else input?.push(req.data);
        return null;
      }
    }
  };

  port.addEventListener('message', (e) => {
    const req = e.data;
    answer(req).then(
      (value) => port.postMessage({ type: 'result', id: req.id, value: value ?? null }),
      (err: unknown) =>
        port.postMessage({
          type: 'error',
          id: req.id,
          message: err instanceof Error ? err.message : String(err),
        }),
    );
  });
}

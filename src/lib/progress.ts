/**
 * A learner's lesson progress, kept in localStorage so it survives reloads.
 * Runs in the browser only; tiny on purpose (it ships on every lesson page).
 */
export const PROGRESS_KEY = 'cadet:progress:v1';

export type Progress = Record<string, string>; // lesson id -> ISO time it was marked done

export function readProgress(storage: Pick<Storage, 'getItem'>): Progress {
  try {
    const raw = storage.getItem(PROGRESS_KEY);
    const value: unknown = raw ? JSON.parse(raw) : {};
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    const out: Progress = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return {};
  }
}

export function setDone(
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  lessonId: string,
  done: boolean,
  now: Date = new Date(),
): Progress {
  const progress = readProgress(storage);
  if (done) progress[lessonId] = now.toISOString();
  else delete progress[lessonId];
  storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
  return progress;
}

/** Lesson id from a lesson URL path: `/pods/pod-manifests/` -> `pods/pod-manifests`. */
export function lessonIdFromPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** Marks every link to a done lesson (sidebar, course map) with data-done. */
export function paintProgress(root: ParentNode, progress: Progress): void {
  for (const link of root.querySelectorAll<HTMLAnchorElement>('a[href^="/"]')) {
    const id = lessonIdFromPath(new URL(link.href).pathname);
    if (progress[id]) link.dataset.done = 'true';
    else delete link.dataset.done;
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-module-lessons]')) {
    const ids = (el.dataset.moduleLessons ?? '').split(' ').filter(Boolean);
    const done = ids.filter((id) => progress[id]).length;
    const out = el.querySelector<HTMLElement>('[data-module-done]');
    if (out) out.textContent = `${done} of ${ids.length} done`;
    el.dataset.complete = String(ids.length > 0 && done === ids.length);
  }
}

/**
 * The lab workspace page: reads the lab the page embeds, restores the learner's attempt from
 * IndexedDB, picks and starts an engine, and wires the terminal, the cluster map, the tasks
 * panel and (loaded lazily, it is the heaviest part) the Monaco editor. Loaded only on
 * `/labs/<slug>/`.
 */
import { readLabMeta, filesUnder } from './lab-meta.js';
import { WorkspaceFiles } from './files.js';
import { EmbeddedEngine, type WorkerLike } from './engine/embedded.js';
import { WebContainerEngine, type ContainerLike } from './engine/webcontainer.js';
import { startEngine } from './engine/start.js';
import { bootTimeout, chooseEngine, enginePreference, REASONS, type EngineChoice } from './engine/choose.js';
import type { Engine, EngineKind, LabBundle, ReportView } from './engine/types.js';
import { Terminal } from './ui/terminal.js';
import { ClusterMap } from './ui/map.js';
import { TasksPanel } from './ui/tasks.js';
import {
  askPersistence,
  clearAttempt,
  loadAttempt,
  parseAttempt,
  saveAttempt,
  type Attempt,
} from './store.js';
import EngineWorker from './engine/worker.ts?worker';
import type { Editor as EditorType } from './ui/editor.js';

/** Where the site serves the WebContainer bundle (`npm run build:webcontainer`). */
export const WEBCONTAINER_BUNDLE = '/webcontainer/dist/cadet.mjs';

type Ready = 'engine' | 'terminal' | 'map' | 'editor';

function embedded(): Engine {
  return new EmbeddedEngine(new EngineWorker() as unknown as WorkerLike);
}

/** Where a WebContainer boot failure is remembered for the browser session. */
const FAILED_KEY = 'cadet:webcontainer-failed';

/** The bundle the WebContainer runs. */
async function fetchBundle(): Promise<string> {
  const res = await fetch(WEBCONTAINER_BUNDLE);
  if (!res.ok)
    throw new Error(`its bundle is not deployed: ${WEBCONTAINER_BUNDLE} answered HTTP ${res.status}`);
  return res.text();
}

async function bootWebContainer(): Promise<ContainerLike> {
  const { WebContainer } = await import('@webcontainer/api');
  return (await WebContainer.boot({ workdirName: 'cadet' })) as unknown as ContainerLike;
}

function isDark(): boolean {
  return document.documentElement.dataset.theme === 'dark';
}

export async function mountWorkspace(root: HTMLElement): Promise<void> {
  const started = performance.now();
  // Monaco is the largest download: fetch it while the engine starts.
  const editorModule = import('./ui/editor.js');
  const bundle = JSON.parse(
    (document.getElementById('cadet-lab') as HTMLScriptElement).textContent!,
  ) as LabBundle;
  const meta = readLabMeta(bundle.files['lab.yaml'] ?? '');
  const starter = filesUnder(bundle.files, 'starter');
  const solution = filesUnder(bundle.files, 'solution');
  const statusLine = root.querySelector('[data-status]') as HTMLElement;
  const status = (text: string): void => {
    statusLine.textContent = text;
  };
  const ready = (what: Ready): void => {
    if (root.dataset[`${what}Ready`]) return;
    root.dataset[`${what}Ready`] = 'true';
    // Milliseconds since navigation started, for bench:lab.
    root.dataset[`${what}At`] = String(Math.round(performance.now()));
    const all = ['engine', 'terminal', 'map', 'editor'].every((w) => root.dataset[`${w}Ready`] === 'true');
    if (all && !root.dataset.ready) {
      root.dataset.ready = 'true';
      root.dataset.readyMs = String(Math.round(performance.now() - started));
      root.dataset.readyAt = String(Math.round(performance.now()));
    }
  };

  // ---- the engine
  const params = new URLSearchParams(location.search);
  const asked = enginePreference(params.get('engine'), localStorage.getItem('cadet:engine'));
  const timeout = bootTimeout(params.get('boot-timeout'));
  const failedBefore = sessionStorage.getItem(FAILED_KEY) ?? undefined;
  const choice: EngineChoice = chooseEngine({
    isolated: crossOriginIsolated,
    online: navigator.onLine,
    supported: typeof SharedArrayBuffer === 'function',
    ...(asked.preference ? { preference: asked.preference } : {}),
    ...(failedBefore ? { failedBefore } : {}),
  });
  // What was wrong with the URL or the saved work, for the status line.
  const problems = [asked.problem, timeout.problem].filter((p): p is string => p !== undefined);
  // The embedded engine's worker starts loading while saved work is read.
  const early = choice.kind === 'embedded' ? embedded() : undefined;

  let attempt: Attempt | undefined;
  try {
    attempt = await loadAttempt(bundle.slug);
  } catch (err) {
    problems.push(
      `Your saved work could not be read (${(err as Error).message}); starting from the starter files.`,
    );
  }
  void askPersistence();
  const files = new WorkspaceFiles(attempt?.files ?? starter);
  let history = attempt?.history ?? [];
  let report: ReportView | undefined = attempt?.report;
  let hintsShown: Record<string, number> = { ...(attempt?.hintsShown ?? {}) };

  const badge = root.querySelector('[data-engine-name]') as HTMLElement;
  const reason = root.querySelector('[data-engine-reason]') as HTMLElement;
  const switcher = root.querySelector('[data-engine-switch]') as HTMLButtonElement;
  const showEngine = (kind: EngineKind, why: string): void => {
    badge.textContent = kind === 'embedded' ? 'Embedded engine' : 'WebContainer';
    root.dataset.engine = kind;
    reason.textContent = why;
    reason.title = why;
    switcher.textContent = kind === 'embedded' ? 'Use the WebContainer' : 'Use the embedded engine';
  };
  switcher.addEventListener('click', () => {
    const next: EngineKind = root.dataset.engine === 'embedded' ? 'webcontainer' : 'embedded';
    localStorage.setItem('cadet:engine', next);
    params.set('engine', next);
    location.search = `?${params.toString()}`;
  });
  if (problems.length) status(problems.join(' '));
  const speed = Number(params.get('speed') ?? '1');
  const startOptions = {
    files: files.all(),
    ...(attempt?.snapshot ? { snapshot: attempt.snapshot } : {}),
    ...(speed > 0 ? { speed } : {}),
  };
  if (choice.kind === 'webcontainer') {
    badge.textContent = 'WebContainer';
    reason.textContent = REASONS.booting(timeout.seconds);
    switcher.textContent = 'Use the embedded engine';
  }
  const chosen = await startEngine(choice, bundle, startOptions, {
    boot: bootWebContainer,
    bundle: fetchBundle,
    embedded: () => early ?? embedded(),
    bootTimeoutMs: timeout.seconds * 1000,
  });
  const engine: Engine = chosen.engine;
  if (chosen.failed) sessionStorage.setItem(FAILED_KEY, chosen.failed);
  else if (engine.kind === 'webcontainer') sessionStorage.removeItem(FAILED_KEY);
  showEngine(engine.kind, chosen.reason);
  ready('engine');

  // ---- saving
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = async (withSnapshot: boolean): Promise<void> => {
    const snapshot = withSnapshot ? await engine.snapshot().catch(() => undefined) : attempt?.snapshot;
    attempt = {
      format: 'cadet-attempt/v1',
      lab: bundle.slug,
      savedAt: new Date().toISOString(),
      files: files.all(),
      history,
      ...(snapshot ? { snapshot } : {}),
      ...(report ? { report } : {}),
      hintsShown,
    };
    await saveAttempt(attempt).catch((err: unknown) => status(`Saving failed: ${(err as Error).message}`));
    root.dataset.savedAt = attempt.savedAt;
  };
  const saveSoon = (withSnapshot = false): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void save(withSnapshot), withSnapshot ? 0 : 300);
  };
  files.onChange((all) => {
    engine.setFiles(all);
    saveSoon();
  });
  setInterval(() => void save(true), 15_000);
  addEventListener('pagehide', () => void save(true));

  // ---- terminal
  // `kubectl edit` opens its object in the editor (which may still be loading).
  let editorLoaded: (editor: EditorType) => void = () => undefined;
  const editorReady = new Promise<EditorType>((resolve) => (editorLoaded = resolve));
  const terminal = new Terminal({
    edit: async (text, fileName) => {
      const editor = await editorReady;
      const saved = await editor.editObject(text, fileName);
      terminal.focus();
      return saved;
    },
    endEdit: () => void editorReady.then((editor) => editor.cancelEdit()),
    host: root.querySelector('[data-terminal]') as HTMLElement,
    engine: () => engine,
    history,
    onHistory: (h) => {
      history = h;
      saveSoon();
    },
    onCommandDone: () => {
      saveSoon(true);
      if (meta.liveCheck) void tasks.runCheck();
    },
    dark: isDark,
  });
  if (engine instanceof WebContainerEngine) {
    const wc = engine;
    // `kubectl edit` in jsh opens the same Monaco tab as in the embedded engine.
    wc.onEdit({
      edit: async (text, fileName) => {
        const editor = await editorReady;
        const saved = await editor.editObject(text, fileName);
        terminal.focus();
        return saved;
      },
      end: () => void editorReady.then((editor) => editor.cancelEdit()),
    });
    try {
      terminal.attach(await wc.shell(terminal.xterm.cols, terminal.xterm.rows));
    } catch (err) {
      // The engine runs; without jsh the terminal keeps the small shell, over the container's engine.
      status(
        `jsh did not start in the WebContainer (${(err as Error).message}); the terminal runs Cadet's small shell.`,
      );
    }
    wc.onFileChange((path, text) => {
      if (text === undefined) {
        if (files.get(path) !== undefined) files.delete(path);
      } else if (files.get(path) === undefined) files.create(path, text);
      else files.set(path, text);
    });
  }
  ready('terminal');
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-command]'))
    button.addEventListener('click', () => terminal.typeCommand(button.dataset.command!));

  // ---- map
  const map = new ClusterMap({
    host: root.querySelector('[data-map]') as HTMLElement,
    engine: () => engine,
    chaos: () => meta.chaos,
    status,
  });
  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  engine.watch((view) => {
    map.update(view);
    ready('map');
    if (meta.liveCheck) {
      clearTimeout(liveTimer);
      liveTimer = setTimeout(() => void tasks.runCheck(), 1000);
    }
  });

  // ---- tasks
  const tasks: TasksPanel = new TasksPanel({
    root,
    meta,
    solution,
    files: () => files.all(),
    check: () => engine.check(),
    hintsShown,
    onHints: (shown) => {
      hintsShown = shown;
      saveSoon();
    },
    onReport: (r) => {
      report = r;
      saveSoon(true);
    },
  });
  tasks.show(report);

  // ---- header actions
  (root.querySelector('[data-reset]') as HTMLButtonElement).addEventListener('click', async () => {
    if (!confirm('Reset the lab? Your files go back to the starter files and the cluster starts afresh.'))
      return;
    await clearAttempt(bundle.slug).catch(() => undefined);
    report = undefined;
    hintsShown = {};
    files.replaceAll(starter);
    await engine.start(bundle, { files: files.all(), ...(speed > 0 ? { speed } : {}) });
    tasks.show(undefined);
    tasks.setHints(hintsShown);
    await save(true);
    status('The lab was reset to its starter files and a fresh cluster.');
  });
  (root.querySelector('[data-export]') as HTMLButtonElement).addEventListener('click', async () => {
    await save(true);
    const blob = new Blob([JSON.stringify(attempt, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `cadet-${bundle.slug}-attempt.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  const importInput = root.querySelector('[data-import-file]') as HTMLInputElement;
  (root.querySelector('[data-import]') as HTMLButtonElement).addEventListener('click', () =>
    importInput.click(),
  );
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    try {
      const imported = parseAttempt(await file.text(), bundle.slug);
      files.replaceAll(imported.files);
      history = imported.history;
      report = imported.report;
      hintsShown = imported.hintsShown ?? {};
      await engine.start(bundle, {
        files: files.all(),
        ...(imported.snapshot ? { snapshot: imported.snapshot } : {}),
      });
      tasks.show(report);
      tasks.setHints(hintsShown);
      await save(true);
      status(`Imported ${file.name}.`);
    } catch (err) {
      status(`${file.name} was not imported: ${(err as Error).message}`);
    } finally {
      importInput.value = '';
    }
  });

  // ---- editor (lazy: Monaco is most of the page's JavaScript)
  const { Editor } = await editorModule;
  const editor = new Editor({
    files,
    host: root.querySelector('[data-editor]') as HTMLElement,
    dark: isDark,
    status,
  });
  engine.onProblems((problems) => editor.showProblems(problems));
  editorLoaded(editor);
  ready('editor');

  // ---- theme
  new MutationObserver(() => {
    terminal.setTheme(isDark());
    editor.setTheme(isDark());
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  (window as unknown as { cadetWorkspace: unknown }).cadetWorkspace = {
    engine,
    files,
    terminal,
    editor,
    tasks,
    map,
  };
  void engine;
}

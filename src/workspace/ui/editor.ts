/**
 * The editor: Monaco with monaco-yaml, the learner's files in tabs and a file tree (create,
 * rename, delete), schema completion, hover and validation from the cluster's own JSON Schemas
 * (loaded lazily, per kind), kubectl's errors as markers, format document. Loaded only on lab
 * pages (dynamic import from app.ts).
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import { configureMonacoYaml, type SchemasSettings } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from './yaml.worker.ts?worker';
import { combineSchemas, kindsOf } from '../schemas.js';
import type { WorkspaceFiles } from '../files.js';
import type { FileProblem } from '../engine/types.js';
import { el } from './dom.js';

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

// The cluster's schemas, one lazily loaded module per kind.
const SCHEMA_MODULES = import.meta.glob<Record<string, unknown>>('../../cluster/generated/schemas/*.json', {
  import: 'default',
});
const schemaCache = new Map<string, Promise<Record<string, unknown> | undefined>>();
function loadSchema(key: string): Promise<Record<string, unknown> | undefined> {
  let p = schemaCache.get(key);
  if (!p) {
    const load = SCHEMA_MODULES[`../../cluster/generated/schemas/${key}.json`];
    p = load ? load() : Promise.resolve(undefined);
    schemaCache.set(key, p);
  }
  return p;
}

const uriOf = (path: string): monaco.Uri => monaco.Uri.parse(`file:///workspace/${path}`);

export interface EditorOptions {
  files: WorkspaceFiles;
  host: HTMLElement;
  dark: () => boolean;
  status: (text: string) => void;
}

export class Editor {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  private current?: string;
  private fileSchemas = new Map<string, string>();
  private yaml: ReturnType<typeof configureMonacoYaml>;
  private tabs: HTMLElement;
  private tree: HTMLElement;
  private edits = 0;
  /** When the learner last typed or moved the cursor (`performance.now()`). */
  private lastKeyAt = 0;
  private shownModel: monaco.editor.ITextModel | null = null;
  private showTimer?: ReturnType<typeof setTimeout>;
  private retired: monaco.editor.ITextModel[] = [];
  /** The bar of a `kubectl edit` tab: what to do, Save & apply, Cancel. */
  private editBar: HTMLElement;
  /** The object `kubectl edit` opened (a temporary tab, not a workspace file). */
  private temp?: {
    name: string;
    model: monaco.editor.ITextModel;
    resolve(text: string | null): void;
    shown: boolean;
  };

  constructor(private readonly options: EditorOptions) {
    const { host, files } = options;
    this.yaml = configureMonacoYaml(monaco, {
      enableSchemaRequest: false,
      validate: true,
      completion: true,
      hover: true,
      format: { enable: true },
      schemas: [],
    });
    this.tree = el('ul', { class: 'ws-tree', role: 'tree', 'aria-label': 'Files' });
    this.tabs = el('div', { class: 'ws-tabs', role: 'tablist', 'aria-label': 'Open file' });
    const toolbar = el(
      'div',
      { class: 'ws-toolbar', role: 'toolbar', 'aria-label': 'Files' },
      el('button', { type: 'button', onclick: () => this.promptCreate() }, 'New file'),
      el('button', { type: 'button', onclick: () => this.promptRename() }, 'Rename'),
      el('button', { type: 'button', onclick: () => this.confirmDelete() }, 'Delete'),
      el('button', { type: 'button', onclick: () => this.format() }, 'Format'),
    );
    const surface = el('div', { class: 'ws-monaco', 'data-testid': 'monaco' });
    this.editBar = el(
      'div',
      { class: 'ws-edit-bar', role: 'toolbar', 'aria-label': 'kubectl edit', hidden: '' },
      el('span', { 'data-edit-what': '' }),
      el(
        'button',
        { type: 'button', 'data-edit-save': '', onclick: () => this.finishEdit(true) },
        'Save & apply',
      ),
      el(
        'button',
        { type: 'button', 'data-edit-cancel': '', onclick: () => this.finishEdit(false) },
        'Cancel',
      ),
    );
    host.append(
      el('div', { class: 'ws-editor-side' }, toolbar, this.tree),
      el('div', { class: 'ws-editor-main' }, this.tabs, this.editBar, surface),
    );
    this.editor = monaco.editor.create(surface, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      theme: options.dark() ? 'vs-dark' : 'vs',
      ariaLabel: 'YAML editor',
      quickSuggestions: { other: true, comments: false, strings: true },
      // Monaco 0.52's word highlighter cancels its 50 ms Delayer on a model swap and nobody
      // catches that promise: an uncaught `Canceled` whenever a swap comes soon after a key or
      // cursor move, which timing alone cannot rule out on a busy machine. With occurrence
      // highlighting off the Delayer never runs (little is lost in YAML).
      occurrencesHighlight: 'off',
    });
    this.editor.onDidChangeCursorPosition(() => (this.lastKeyAt = performance.now()));
    this.editor.onDidChangeModelContent(() => (this.lastKeyAt = performance.now()));
    // Ctrl-S (Cmd-S) in a `kubectl edit` tab saves and applies.
    this.editor.onKeyDown((e) => {
      if ((e.ctrlKey || e.metaKey) && e.keyCode === monaco.KeyCode.KeyS && this.temp?.shown) {
        e.preventDefault();
        e.stopPropagation();
        this.finishEdit(true);
      }
    });
    for (const path of files.paths()) this.model(path);
    files.onChange((all, changed) => this.filesChanged(all, changed));
    this.open(files.paths()[0]);
  }

  setTheme(dark: boolean): void {
    monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
  }

  private model(path: string): monaco.editor.ITextModel {
    const uri = uriOf(path);
    const existing = monaco.editor.getModel(uri);
    if (existing) return existing;
    const model = monaco.editor.createModel(this.options.files.get(path) ?? '', 'yaml', uri);
    let timer: ReturnType<typeof setTimeout> | undefined;
    model.onDidChangeContent(() => {
      // Saved as you type: the files (and so storage and the engine) follow every edit.
      this.options.files.set(path, model.getValue());
      clearTimeout(timer);
      timer = setTimeout(() => void this.updateSchemas(), 300);
    });
    void this.updateSchemas();
    return model;
  }

  private filesChanged(all: Record<string, string>, changed: string | undefined): void {
    for (const model of monaco.editor.getModels()) {
      if (!model.uri.path.startsWith('/workspace/')) continue; // a kubectl edit tab
      const path = model.uri.path.replace(/^\/workspace\//, '');
      if (!(path in all)) model.dispose();
      else if (model.getValue() !== all[path]) model.setValue(all[path]!);
    }
    for (const path of Object.keys(all)) this.model(path);
    if (changed && !this.current) this.open(changed);
    if (this.current && !(this.current in all))
      this.open(changed && changed in all ? changed : Object.keys(all).sort()[0]);
    else this.renderChrome();
    void this.updateSchemas();
  }

  /** Opens a file in the editor (or nothing when there are no files). */
  open(path: string | undefined): void {
    this.current = path;
    if (this.temp) this.temp.shown = false;
    this.editBar.hidden = true;
    this.show(path ? this.model(path) : null);
    this.renderChrome();
  }

  /**
   * Shows a model in the editor. A swap still waits until 120 ms after the last key (other
   * contributions also finish work on the model they leave; see `occurrencesHighlight` above);
   * retired models are disposed a second after they stop being shown.
   */
  private show(model: monaco.editor.ITextModel | null): void {
    this.shownModel = model;
    const swap = (): void => {
      this.showTimer = undefined;
      const next = this.shownModel && !this.shownModel.isDisposed() ? this.shownModel : null;
      if (this.editor.getModel() !== next) this.editor.setModel(next);
      // Disposed a second later: Monaco's contributions still finish work on the model they left.
      const done = this.retired.splice(0).filter((m) => m !== next);
      if (done.length)
        setTimeout(() => {
          for (const m of done) if (!m.isDisposed() && this.editor.getModel() !== m) m.dispose();
          void this.updateSchemas();
        }, 1000);
    };
    if (this.showTimer) return;
    const wait = this.lastKeyAt + 120 - performance.now();
    if (wait <= 0 || this.editor.getModel() === null) swap();
    else this.showTimer = setTimeout(swap, wait);
  }

  /** Disposes a `kubectl edit` model once the editor no longer shows it. */
  private retire(model: monaco.editor.ITextModel): void {
    this.retired.push(model);
    if (!this.showTimer) this.show(this.shownModel);
  }

  /**
   * `kubectl edit`: opens `text` in a temporary tab named like kubectl's temporary file, with
   * Save & apply (also Ctrl-S) and Cancel. Resolves the saved text, or null when cancelled.
   * The tab is not a workspace file: nothing is stored.
   */
  editObject(text: string, fileName: string): Promise<string | null> {
    this.cancelEdit();
    const name = fileName.slice(fileName.lastIndexOf('/') + 1) || 'kubectl-edit.yaml';
    const uri = monaco.Uri.parse(`file:///tmp/${++this.edits}/${name}`);
    const model = monaco.editor.createModel(text, 'yaml', uri);
    return new Promise((resolve) => {
      this.temp = { name, model, resolve, shown: false };
      this.showEdit();
      void this.updateSchemas();
    });
  }

  /** Shows the `kubectl edit` tab. */
  private showEdit(): void {
    const temp = this.temp;
    if (!temp) return;
    temp.shown = true;
    this.show(temp.model);
    (this.editBar.querySelector('[data-edit-what]') as HTMLElement).textContent =
      `kubectl edit: change the object, then Save & apply (Ctrl-S) or Cancel. ${temp.name}`;
    this.editBar.hidden = false;
    this.renderChrome();
    this.editor.focus();
  }

  /** Closes the `kubectl edit` tab, giving kubectl its text (`save`) or a cancel. */
  finishEdit(save: boolean): void {
    const temp = this.temp;
    if (!temp) return;
    this.temp = undefined;
    const text = temp.model.getValue();
    this.open(this.current);
    this.retire(temp.model);
    temp.resolve(save ? text : null);
  }

  /** Cancels an open `kubectl edit` (Ctrl-C in the terminal, or the command ended). */
  cancelEdit(): void {
    this.finishEdit(false);
  }

  /** The open `kubectl edit` tab's name, if any (for tests). */
  get editing(): string | undefined {
    return this.temp?.name;
  }

  get openFile(): string | undefined {
    return this.current;
  }

  private renderChrome(): void {
    const paths = this.options.files.paths();
    const temp = this.temp;
    const onFile = !temp?.shown;
    this.tree.replaceChildren(
      ...paths.map((p) =>
        el(
          'li',
          {
            role: 'treeitem',
            tabindex: p === this.current ? '0' : '-1',
            'aria-selected': String(p === this.current),
            onclick: () => this.open(p),
            onkeydown: (e: KeyboardEvent) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                this.open(p);
              } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const i = paths.indexOf(p) + (e.key === 'ArrowDown' ? 1 : -1);
                const next = paths[Math.max(0, Math.min(paths.length - 1, i))];
                this.open(next);
                (this.tree.querySelector('[tabindex="0"]') as HTMLElement | null)?.focus();
              } else if (e.key === 'F2') this.promptRename();
              else if (e.key === 'Delete') this.confirmDelete();
            },
          },
          p,
        ),
      ),
    );
    this.tabs.replaceChildren(
      ...paths.map((p) =>
        el(
          'button',
          {
            type: 'button',
            role: 'tab',
            'aria-selected': String(onFile && p === this.current),
            tabindex: onFile && p === this.current ? '0' : '-1',
            onclick: () => this.open(p),
          },
          p,
        ),
      ),
      ...(temp
        ? [
            el(
              'button',
              {
                type: 'button',
                role: 'tab',
                class: 'ws-edit-tab',
                'data-edit-tab': temp.name,
                'aria-selected': String(temp.shown),
                tabindex: temp.shown ? '0' : '-1',
                onclick: () => this.showEdit(),
              },
              temp.name,
            ),
          ]
        : []),
    );
  }

  promptCreate(): void {
    const name = prompt('New file (path in the workspace):', 'deployment.yaml');
    if (name === null) return;
    try {
      this.options.files.create(name.trim());
      this.open(name.trim());
    } catch (err) {
      this.options.status((err as Error).message);
    }
  }

  promptRename(): void {
    if (!this.current) return;
    const name = prompt(`Rename ${this.current} to:`, this.current);
    if (name === null) return;
    try {
      this.options.files.rename(this.current, name.trim());
      this.open(name.trim());
    } catch (err) {
      this.options.status((err as Error).message);
    }
  }

  confirmDelete(): void {
    if (!this.current) return;
    if (!confirm(`Delete ${this.current}? Reset brings the lab's starter files back.`)) return;
    this.options.files.delete(this.current);
  }

  format(): void {
    void this.editor.getAction('editor.action.formatDocument')?.run();
  }

  /** Gives each file the schema of the kinds its documents declare. */
  private async updateSchemas(): Promise<void> {
    const settings: SchemasSettings[] = [];
    let changed = false;
    const seen = new Set<string>();
    for (const model of monaco.editor.getModels()) {
      const uri = model.uri.toString();
      seen.add(uri);
      const keys = kindsOf(model.getValue());
      const signature = keys.join(',');
      if (this.fileSchemas.get(uri) !== signature) changed = true;
      this.fileSchemas.set(uri, signature);
      if (!keys.length) continue;
      const loaded: Record<string, Record<string, unknown>> = {};
      for (const key of keys) {
        const schema = await loadSchema(key);
        if (schema) loaded[key] = schema;
      }
      const schema = combineSchemas(loaded);
      if (schema)
        settings.push({
          uri: `cadet://schemas/${signature}`,
          fileMatch: [uri],
          schema: schema as SchemasSettings['schema'],
        });
    }
    for (const uri of [...this.fileSchemas.keys()])
      if (!seen.has(uri)) {
        this.fileSchemas.delete(uri);
        changed = true;
      }
    if (changed)
      await this.yaml.update({
        enableSchemaRequest: false,
        validate: true,
        completion: true,
        hover: true,
        format: { enable: true },
        schemas: settings,
      });
  }

  /** Shows kubectl's errors at their lines (owner `kubectl`, cleared by the next command). */
  showProblems(problems: FileProblem[]): void {
    for (const model of monaco.editor.getModels()) {
      const path = model.uri.path.replace(/^\/workspace\//, '');
      const mine = problems.filter((p) => p.file === path);
      monaco.editor.setModelMarkers(
        model,
        'kubectl',
        mine.map((p) => ({
          severity: monaco.MarkerSeverity.Error,
          message: p.message,
          startLineNumber: p.line,
          endLineNumber: p.line,
          startColumn: model.getLineFirstNonWhitespaceColumn(Math.min(p.line, model.getLineCount())) || 1,
          endColumn: model.getLineMaxColumn(Math.min(p.line, model.getLineCount())),
        })),
      );
    }
    const first = problems[0];
    if (first && first.file !== this.current) this.open(first.file);
  }

  /** Every marker of a file (schema and kubectl), for tests and the status line. */
  markers(path: string): { message: string; line: number; owner: string }[] {
    return monaco.editor
      .getModelMarkers({ resource: uriOf(path) })
      .map((m) => ({ message: m.message, line: m.startLineNumber, owner: m.owner }));
  }
}

/**
 * The terminal: xterm over the engine's shell. Line editing and history come from
 * `LineEditor`; Tab asks the engine for completions; Ctrl-C aborts a running command;
 * `typeCommand` puts a command on the line for instruction snippets.
 */
import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { LineEditor, commonPrefix } from '../shell/line-editor.js';
import type { Engine, RunHandle } from '../engine/types.js';
import type { ShellSession } from '../engine/webcontainer.js';

export const PROMPT = '\x1b[1;32mlearner@cadet\x1b[0m:\x1b[1;34m~/lab\x1b[0m$ ';

export interface TerminalOptions {
  host: HTMLElement;
  engine: () => Engine;
  history: string[];
  onHistory(history: string[]): void;
  /** After every command (the tasks panel may re-check). */
  onCommandDone?(): void;
  dark: () => boolean;
  /** `kubectl edit`: the editor tab (resolves the saved text, or null). */
  edit?(text: string, fileName: string): Promise<string | null>;
  /** The command ended: close any `kubectl edit` tab it left open. */
  endEdit?(): void;
}

const LIGHT = {
  background: '#fbfbfb',
  foreground: '#1f2328',
  cursor: '#1f2328',
  selectionBackground: '#b6d6fd',
};
const DARK = {
  background: '#17181c',
  foreground: '#e6e6e6',
  cursor: '#e6e6e6',
  selectionBackground: '#36537a',
};

export class Terminal {
  readonly xterm: XTerm;
  private line: LineEditor;
  private running?: RunHandle;
  /** The running command reads the keys (`kubectl exec -i`; `tty`: raw, the remote echoes). */
  private reading?: { tty: boolean };
  /** A real shell (the WebContainer's jsh): keys go to it raw, its output to the screen. */
  private session?: ShellSession;
  private typeAhead = '';
  private completing = false;
  /** The text written so far (for tests and the screen-reader log). */
  transcript = '';

  constructor(private readonly options: TerminalOptions) {
    this.line = new LineEditor(options.history);
    this.xterm = new XTerm({
      convertEol: true,
      cursorBlink: true,
      fontSize: 14,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      scrollback: 5000,
      screenReaderMode: false,
      theme: options.dark() ? DARK : LIGHT,
    });
    this.xterm.open(options.host);
    this.xterm.textarea?.setAttribute('aria-label', 'Terminal: type a command and press Enter');
    this.xterm.onData((data) => this.onData(data));
    this.fit();
    new ResizeObserver(() => this.fit()).observe(options.host);
    this.write('Cadet lab terminal. Type help for the commands, or try: kubectl get nodes\n');
    this.prompt();
  }

  setTheme(dark: boolean): void {
    this.xterm.options.theme = dark ? DARK : LIGHT;
  }

  /** Fits columns and rows to the host (xterm's cell size from its renderer). */
  private fit(): void {
    const host = this.options.host;
    const core = (
      this.xterm as unknown as {
        _core?: { _renderService?: { dimensions?: { css: { cell: { width: number; height: number } } } } };
      }
    )._core;
    const cell = core?._renderService?.dimensions?.css.cell;
    if (!cell?.width || !cell.height || !host.clientWidth || !host.clientHeight) return;
    const cols = Math.max(20, Math.floor((host.clientWidth - 16) / cell.width));
    const rows = Math.max(5, Math.floor((host.clientHeight - 8) / cell.height));
    if (cols !== this.xterm.cols || rows !== this.xterm.rows) this.xterm.resize(cols, rows);
  }

  private write(text: string): void {
    this.transcript += text;
    this.xterm.write(text);
  }

  private prompt(): void {
    this.write(`${PROMPT}`);
  }

  private redraw(): void {
    this.xterm.write(this.line.render(PROMPT));
  }

  /** Hands the terminal to a real shell. */
  attach(session: ShellSession): void {
    this.session = session;
    this.xterm.reset();
    session.onData((d) => this.write(d));
    this.xterm.onResize(({ cols, rows }) => session.resize(cols, rows));
  }

  private onData(data: string): void {
    if (this.session) {
      this.session.write(data);
      return;
    }
    if (this.completing) {
      // Keys after Tab apply to the completed line, as in a shell.
      this.typeAhead += data;
      return;
    }
    if (this.running && this.reading) {
      this.feedInput(this.running, this.reading.tty, data);
      return;
    }
    if (this.running) {
      // Ctrl-C stops the command; other keys wait for the prompt (type-ahead).
      const interrupt = data.indexOf('\x03');
      if (interrupt >= 0) {
        this.running.abort();
        this.write('^C');
        this.typeAhead += data.slice(interrupt + 1);
      } else this.typeAhead += data;
      return;
    }
    for (const event of this.line.feed(data)) {
      switch (event.type) {
        case 'edit':
          this.redraw();
          break;
        case 'submit':
          this.transcript += event.line;
          this.write('\n');
          this.options.onHistory([...this.line.entries]);
          this.execute(event.line);
          break;
        case 'interrupt':
          this.write('^C\n');
          this.prompt();
          break;
        case 'clear':
          this.xterm.clear();
          this.redraw();
          break;
        case 'tab':
          this.completing = true;
          void this.completeLine(event.line).finally(() => {
            this.completing = false;
            const pending = this.typeAhead;
            this.typeAhead = '';
            if (pending) this.onData(pending);
          });
          break;
        case 'none':
          break;
      }
    }
  }

  /** Keys for a command that reads them: raw to a tty, else echoed, Ctrl-D ends, Ctrl-C stops. */
  private feedInput(handle: RunHandle, tty: boolean, data: string): void {
    if (tty) {
      handle.input?.(data);
      return;
    }
    let text = '';
    const flush = (): void => {
      if (!text) return;
      this.write(text);
      handle.input?.(text);
      text = '';
    };
    for (const ch of data) {
      if (ch === '\x03') {
        flush();
        handle.abort();
        this.write('^C');
      } else if (ch === '\x04') {
        flush();
        handle.input?.(null);
      } else text += ch === '\r' ? '\n' : ch;
    }
    flush();
  }

  private async completeLine(before: string): Promise<void> {
    let words: string[];
    try {
      words = await this.options.engine().complete(before);
    } catch {
      return;
    }
    const current = /(\S*)$/.exec(before)![1]!;
    const matches = words.filter((w) => w.startsWith(current));
    if (!matches.length) return;
    const prefix =
      matches.length === 1 ? `${matches[0]}${matches[0]!.endsWith('/') ? '' : ' '}` : commonPrefix(matches);
    if (prefix.length > current.length) {
      this.line.insert(prefix.slice(current.length));
      this.redraw();
    } else if (matches.length > 1) {
      this.write(`\n${matches.join('  ')}\n`);
      this.prompt();
      this.redraw();
    }
  }

  /** Runs a line as if typed (used by Enter and by tests). */
  execute(line: string): Promise<number> {
    if (line.trim() === 'clear') {
      this.xterm.clear();
      this.xterm.write('\x1b[2J\x1b[H');
      this.prompt();
      return Promise.resolve(0);
    }
    if (!line.trim()) {
      this.prompt();
      return Promise.resolve(0);
    }
    const handle = this.options.engine().run(line, {
      out: (c) => this.write(c),
      err: (c) => this.write(c),
      ...(this.options.edit ? { edit: this.options.edit } : {}),
      interactive: (mode) => {
        if (this.running === handle) this.reading = mode;
      },
    });
    this.running = handle;
    return handle.done
      .catch((err: unknown) => {
        this.write(`${(err as Error).message}\n`);
        return 1;
      })
      .then((code) => {
        this.running = undefined;
        this.reading = undefined;
        this.options.endEdit?.();
        if (!this.transcript.endsWith('\n') && !this.transcript.endsWith('\r')) this.write('\n');
        this.prompt();
        this.options.onCommandDone?.();
        const pending = this.typeAhead;
        this.typeAhead = '';
        if (pending) this.onData(pending);
        return code;
      });
  }

  /** Puts a command on the line (not run) and focuses the terminal: the snippet buttons. */
  typeCommand(command: string): void {
    if (this.session) {
      this.session.write(command);
      this.xterm.focus();
      return;
    }
    if (this.running) return;
    this.line.setLine(command);
    this.redraw();
    this.xterm.focus();
  }

  get busy(): boolean {
    return !!this.running;
  }

  focus(): void {
    this.xterm.focus();
  }
}

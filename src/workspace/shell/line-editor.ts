/**
 * The terminal's line editing, as a pure state machine over the bytes a terminal sends:
 * printable text, Backspace/Delete, Left/Right/Home/End (and Ctrl-A/Ctrl-E), Up/Down through the
 * history, Ctrl-U (kill the line), Tab, Enter, Ctrl-C and Ctrl-L. `feed` returns what happened;
 * `render` gives the escape sequence that redraws the line.
 */

export type LineEvent =
  | { type: 'edit' }
  | { type: 'submit'; line: string }
  | { type: 'tab'; line: string }
  | { type: 'interrupt' }
  | { type: 'clear' }
  | { type: 'none' };

export class LineEditor {
  buffer = '';
  cursor = 0;
  private history: string[];
  private index: number;
  private draft = '';

  constructor(
    history: string[] = [],
    private readonly maxHistory = 500,
  ) {
    this.history = history.slice(-maxHistory);
    this.index = this.history.length;
  }

  get entries(): readonly string[] {
    return this.history;
  }

  /** Feeds one chunk (a key or a paste) and returns the events it caused, in order. */
  feed(data: string): LineEvent[] {
    const events: LineEvent[] = [];
    let i = 0;
    const push = (e: LineEvent): void => {
      if (e.type === 'edit' && events[events.length - 1]?.type === 'edit') return;
      events.push(e);
    };
    while (i < data.length) {
      const rest = data.slice(i);
      // eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC
      const seq = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(rest);
      if (seq) {
        i += seq[0].length;
        push(this.escape(seq[1]!));
        continue;
      }
      const c = data[i++]!;
      switch (c) {
        case '\r':
        case '\n': {
          if (c === '\n' && data[i - 2] === '\r') break;
          const line = this.buffer;
          if (line.trim() && this.history[this.history.length - 1] !== line) {
            this.history.push(line);
            if (this.history.length > this.maxHistory) this.history.shift();
          }
          this.index = this.history.length;
          this.buffer = '';
          this.cursor = 0;
          this.draft = '';
          events.push({ type: 'submit', line });
          break;
        }
        case '\x7f':
        case '\b':
          if (this.cursor > 0) {
            this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor);
            this.cursor--;
          }
          push({ type: 'edit' });
          break;
        case '\t':
          events.push({ type: 'tab', line: this.buffer.slice(0, this.cursor) });
          break;
        case '\x03':
          this.buffer = '';
          this.cursor = 0;
          this.index = this.history.length;
          events.push({ type: 'interrupt' });
          break;
        case '\x0c':
          events.push({ type: 'clear' });
          break;
        case '\x01':
          this.cursor = 0;
          push({ type: 'edit' });
          break;
        case '\x05':
          this.cursor = this.buffer.length;
          push({ type: 'edit' });
          break;
        case '\x15':
          this.buffer = this.buffer.slice(this.cursor);
          this.cursor = 0;
          push({ type: 'edit' });
          break;
        default:
          if (c >= ' ' && c !== '\x1b') {
            this.insert(c);
            push({ type: 'edit' });
          }
      }
    }
    return events;
  }

  /** Inserts text at the cursor (completions, snippets). */
  insert(text: string): void {
    this.buffer = this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor);
    this.cursor += text.length;
  }

  /** Replaces the whole line. */
  setLine(text: string): void {
    this.buffer = text;
    this.cursor = text.length;
  }

  private escape(code: string): LineEvent {
    switch (code) {
      case '[A':
      case 'OA':
        if (this.index > 0) {
          if (this.index === this.history.length) this.draft = this.buffer;
          this.index--;
          this.setLine(this.history[this.index]!);
        }
        return { type: 'edit' };
      case '[B':
      case 'OB':
        if (this.index < this.history.length) {
          this.index++;
          this.setLine(this.index === this.history.length ? this.draft : this.history[this.index]!);
        }
        return { type: 'edit' };
      case '[C':
      case 'OC':
        this.cursor = Math.min(this.buffer.length, this.cursor + 1);
        return { type: 'edit' };
      case '[D':
      case 'OD':
        this.cursor = Math.max(0, this.cursor - 1);
        return { type: 'edit' };
      case '[H':
      case 'OH':
      case '[1~':
        this.cursor = 0;
        return { type: 'edit' };
      case '[F':
      case 'OF':
      case '[4~':
        this.cursor = this.buffer.length;
        return { type: 'edit' };
      case '[3~':
        this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1);
        return { type: 'edit' };
      default:
        return { type: 'none' };
    }
  }

  /** Redraws the prompt and line, leaving the terminal's cursor at the editor's. */
  render(prompt: string): string {
    const back = this.buffer.length - this.cursor;
    return `\r${prompt}${this.buffer}\x1b[K${back ? `\x1b[${back}D` : ''}`;
  }
}

/** The longest common prefix of completions (what Tab inserts when there are several). */
export function commonPrefix(words: readonly string[]): string {
  if (!words.length) return '';
  let prefix = words[0]!;
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

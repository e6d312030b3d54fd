/**
 * The shell of the simulated containers: enough of POSIX sh for one-liners learners type after
 * `kubectl exec ... -- sh -c`: `;`, `&&`, `||`, pipes, `$VAR`/`${VAR}`/`$?`, `$(command)`,
 * single and double quotes, `>`/`>>`/`2>&1`/`2>/dev/null` redirections, `VAR=value`, `export`,
 * `exit N`. Programs come from tools.ts.
 */
import type { Output, ToolContext } from './tools.js';

/** One simple command: words and redirections. */
interface Simple {
  words: string[];
  assignments: [string, string][];
  stdoutTo?: { path: string; append: boolean };
  stderrTo?: string;
  stderrToStdout?: boolean;
  stdoutToStderr?: boolean;
}

/** Pipelines joined by `;`, `&&` or `||` (the operator before each pipeline). */
interface ListItem {
  op: ';' | '&&' | '||';
  pipeline: Simple[];
}

/** A syntax error the shell reports. */
export class ShellSyntaxError extends Error {}

/** Runs a program with stdin, returning its output (tools.ts supplies it). */
export type Runner = (argv: string[], stdin: string, ctx: ToolContext) => Output;

interface Token {
  kind: 'word' | 'op';
  text: string;
}

function lookup(name: string, ctx: ToolContext): string {
  if (name === '?') return String(ctx.lastCode);
  if (name === '$') return '1';
  return ctx.env.get(name) ?? '';
}

/** `$((expr))`: integers, variables, + - * / %, parentheses, unary minus. */
function arithmetic(expr: string, ctx: ToolContext): number {
  const tokens = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|[-+*/%()]|\S/g) ?? [];
  let pos = 0;
  const fail = (): never => {
    throw new ShellSyntaxError(`arithmetic syntax error`);
  };
  const primary = (): number => {
    const t = tokens[pos++];
    if (t === undefined) return fail();
    if (t === '(') {
      const v = sum();
      if (tokens[pos++] !== ')') fail();
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (/^\d+$/.test(t)) return Number(t);
    if (/^\$?[A-Za-z_]/.test(t)) return Math.trunc(Number(lookup(t.replace(/^\$/, ''), ctx)) || 0);
    return fail();
  };
  const product = (): number => {
    let v = primary();
    while (tokens[pos] === '*' || tokens[pos] === '/' || tokens[pos] === '%') {
      const op = tokens[pos++];
      const r = primary();
      if (op !== '*' && r === 0) throw new ShellSyntaxError(`arithmetic syntax error: divide by zero`);
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (tokens[pos] === '+' || tokens[pos] === '-')
      v = tokens[pos++] === '+' ? v + product() : v - product();
    return v;
  };
  const v = sum();
  if (pos !== tokens.length) fail();
  return v;
}

/** Splits a script into words (quotes removed, variables and `$(...)` expanded) and operators. */
function tokenize(script: string, ctx: ToolContext, run: Runner): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) tokens.push({ kind: 'word', text: word });
    word = '';
    inWord = false;
  };
  const dollar = (i: number): [string, number] => {
    // Returns the expansion of the `$...` at i and the index after it.
    const rest = script.slice(i + 1);
    if (rest.startsWith('((')) {
      const end = script.indexOf('))', i + 3);
      if (end < 0) throw new ShellSyntaxError(`syntax error: unterminated $((`);
      return [String(arithmetic(script.slice(i + 3, end), ctx)), end + 2];
    }
    if (rest.startsWith('(')) {
      let depth = 0;
      for (let j = i + 1; j < script.length; j++) {
        if (script[j] === '(') depth++;
        else if (script[j] === ')' && --depth === 0) {
          const inner = script.slice(i + 2, j);
          const out = runScript(inner, '', { ...ctx, env: new Map(ctx.env) }, run);
          ctx.stderr += out.err;
          return [out.out.replace(/\n+$/, ''), j + 1];
        }
      }
      throw new ShellSyntaxError(`syntax error: unterminated $(`);
    }
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*|\?)\}/.exec(rest);
    if (braced) return [lookup(braced[1]!, ctx), i + 1 + braced[0].length];
    const plain = /^([A-Za-z_][A-Za-z0-9_]*|\?|\$)/.exec(rest);
    if (plain) return [lookup(plain[1]!, ctx), i + 1 + plain[0].length];
    return ['$', i + 1];
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i]!;
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError(`syntax error: unterminated quoted string`);
      word += script.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= script.length) throw new ShellSyntaxError(`syntax error: unterminated quoted string`);
        const d = script[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < script.length && '"\\$`'.includes(script[i + 1]!)) {
          word += script[i + 1];
          i += 2;
        } else if (d === '$') {
          const [text, next] = dollar(i);
          word += text;
          i = next;
        } else {
          word += d;
          i++;
        }
      }
    } else if (c === '\\' && i + 1 < script.length) {
      if (script[i + 1] !== '\n') {
        word += script[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (c === '$') {
      const [text, next] = dollar(i);
      word += text;
      inWord = true;
      i = next;
    } else if (c === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i++;
    } else if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '>' || c === '<') {
      const two = script.slice(i, i + 2);
      const num = inWord && (word === '2' || word === '1') && c === '>' ? word : '';
      if (num) {
        word = '';
        inWord = false;
      } else flush();
      let op: string;
      if (two === '&&' || two === '||' || two === '>>') op = two;
      else if (c === '\n') op = ';';
      else op = c;
      i += op.length;
      if (op === '>' && script[i] === '&') {
        op = '>&';
        i++;
      }
      tokens.push({ kind: 'op', text: `${num}${op}` });
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  flush();
  return tokens;
}

function parse(tokens: Token[]): ListItem[] {
  const items: ListItem[] = [];
  let op: ListItem['op'] = ';';
  let pipeline: Simple[] = [];
  let cmd: Simple = { words: [], assignments: [] };
  const endCommand = (): void => {
    if (cmd.words.length || cmd.assignments.length || cmd.stdoutTo) pipeline.push(cmd);
    else if (pipeline.length) throw new ShellSyntaxError(`syntax error: unexpected "|"`);
    cmd = { words: [], assignments: [] };
  };
  const endPipeline = (next: ListItem['op']): void => {
    endCommand();
    if (pipeline.length) items.push({ op, pipeline });
    else if (next !== ';') throw new ShellSyntaxError(`syntax error: unexpected "${next}"`);
    pipeline = [];
    op = next;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(t.text);
      if (assign && !cmd.words.length) cmd.assignments.push([assign[1]!, assign[2]!]);
      else cmd.words.push(t.text);
      continue;
    }
    const target = (): string => {
      const next = tokens[++i];
      if (!next || next.kind !== 'word') throw new ShellSyntaxError(`syntax error: unexpected newline`);
      return next.text;
    };
    switch (t.text) {
      case ';':
      case '&':
        endPipeline(';');
        break;
      case '&&':
      case '||':
        endPipeline(t.text);
        break;
      case '|':
        endCommand();
        break;
      case '>':
      case '1>':
        cmd.stdoutTo = { path: target(), append: false };
        break;
      case '>>':
      case '1>>':
        cmd.stdoutTo = { path: target(), append: true };
        break;
      case '2>':
      case '2>>':
        cmd.stderrTo = target();
        break;
      case '2>&': {
        const fd = target();
        if (fd === '1') cmd.stderrToStdout = true;
        break;
      }
      case '>&':
      case '1>&':
        if (target() === '2') cmd.stdoutToStderr = true;
        break;
      case '<':
        target();
        break;
      default:
        throw new ShellSyntaxError(`syntax error: unexpected "${t.text}"`);
    }
  }
  endPipeline(';');
  return items;
}

/** Thrown by `exit` to end the script. */
export class ShellExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function runSimple(cmd: Simple, stdin: string, ctx: ToolContext, run: Runner): Output {
  if (!cmd.words.length) {
    for (const [k, v] of cmd.assignments) ctx.env.set(k, v);
    return { out: '', err: '', code: 0 };
  }
  const [name, ...args] = cmd.words as [string, ...string[]];
  let result: Output;
  switch (name) {
    case 'exit': {
      const code = args[0] === undefined ? ctx.lastCode : Number(args[0]) & 255;
      throw new ShellExit(Number.isFinite(code) ? code : 2);
    }
    case 'export':
      for (const a of args) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a);
        if (m) ctx.env.set(m[1]!, m[2]!);
      }
      result = { out: '', err: '', code: 0 };
      break;
    case 'cd':
    case ':':
      result = { out: '', err: '', code: 0 };
      break;
    default: {
      const saved = cmd.assignments.map(([k]) => [k, ctx.env.get(k)] as const);
      for (const [k, v] of cmd.assignments) ctx.env.set(k, v);
      try {
        result = run(cmd.words, stdin, ctx);
      } finally {
        for (const [k, v] of saved) {
          if (v === undefined) ctx.env.delete(k);
          else ctx.env.set(k, v);
        }
      }
    }
  }
  let { out, err } = result;
  if (cmd.stderrToStdout) {
    out += err;
    err = '';
  }
  if (cmd.stdoutToStderr) {
    err += out;
    out = '';
  }
  let code = result.code;
  if (cmd.stderrTo && cmd.stderrTo !== '/dev/null') {
    const failed = writeFile(ctx, cmd.stderrTo, err, false);
    err = failed;
    if (failed) code = 1;
  } else if (cmd.stderrTo) err = '';
  if (cmd.stdoutTo && cmd.stdoutTo.path !== '/dev/null') {
    const failed = writeFile(ctx, cmd.stdoutTo.path, out, cmd.stdoutTo.append);
    out = '';
    if (failed) {
      err += failed;
      code = 1;
    }
  } else if (cmd.stdoutTo) out = '';
  return { out, err, code };
}

/** Writes to the container's file system; returns the shell's error when it cannot. */
function writeFile(ctx: ToolContext, path: string, text: string, append: boolean): string {
  const existing = ctx.fs.get(path);
  const where = ctx.profile.userland === 'busybox' ? 'sh: ' : 'sh: 1: ';
  if (existing?.dir) return `${where}can't create ${path}: Is a directory\n`;
  const before = append && existing && !existing.dir ? existing.content : '';
  if (!ctx.fs.get(path.replace(/\/[^/]*$/, '') || '/'))
    return `${where}can't create ${path}: nonexistent directory\n`;
  if (!ctx.fs.write(path, before + text)) return `${where}can't create ${path}: Read-only file system\n`;
  return '';
}

/** Splits a script at `;`, `&&`, `||`, `&` and newlines outside quotes and `$(...)`, keeping each part's text. */
function splitList(script: string): { op: ListItem['op']; text: string }[] {
  const out: { op: ListItem['op']; text: string }[] = [];
  let op: ListItem['op'] = ';';
  let start = 0;
  let quote: string | undefined;
  let depth = 0;
  const cut = (end: number, next: ListItem['op'], skip: number): number => {
    const text = script.slice(start, end);
    if (text.trim()) out.push({ op, text });
    else if (next !== ';' || op !== ';')
      throw new ShellSyntaxError(`syntax error: unexpected "${next === ';' ? op : next}"`);
    op = next;
    start = end + skip;
    return start;
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(script[i - 1]!))) {
      const nl = script.indexOf('\n', i);
      script = script.slice(0, i) + (nl < 0 ? '' : script.slice(nl));
      i--;
    } else if (c === '$' && script[i + 1] === '(') {
      depth++;
      i++;
    } else if (c === ')' && depth > 0) depth--;
    else if (depth > 0) continue;
    else if ((c === '&' && script[i + 1] === '&') || (c === '|' && script[i + 1] === '|')) {
      cut(i, c === '&' ? '&&' : '||', 2);
      i++;
    } else if (c === ';' || c === '\n' || (c === '&' && script[i - 1] !== '>' && script[i + 1] !== '>'))
      cut(i, ';', 1);
  }
  if (quote) throw new ShellSyntaxError(`syntax error: unterminated quoted string`);
  const tail = script.slice(start);
  if (tail.trim()) out.push({ op, text: tail });
  else if (op !== ';') throw new ShellSyntaxError(`syntax error: unexpected end of file`);
  return out;
}

/** Runs a script; `exit` ends it with its code. */
export function runScript(script: string, stdin: string, ctx: ToolContext, run: Runner): Output {
  let out = '';
  let err = '';
  let code = ctx.lastCode;
  try {
    const parts = splitList(script);
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      if (part.op === '&&' && code !== 0) continue;
      if (part.op === '||' && code === 0) continue;
      const unsupported = /^\s*(while|until|if|case)\s/.exec(part.text);
      if (unsupported)
        throw new ShellSyntaxError(
          `${unsupported[1]}: not supported by Cadet's simulated shell (exec runs each command to its end; loop a fixed number of times with: for i in $(seq 1 10); do ...; done)`,
        );
      const loop = /^\s*for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([\s\S]*)$/.exec(part.text);
      if (loop) {
        // for NAME in WORDS; do BODY; done
        const body: string[] = [];
        let depth = 1;
        let q = p + 1;
        for (; q < parts.length; q++) {
          const t = parts[q]!.text.trim();
          if (/^(do\s+)?for\s/.test(t)) depth++;
          if (t === 'done' && --depth === 0) break;
          body.push(q === p + 1 ? t.replace(/^do\s+/, '') : parts[q]!.text);
        }
        if (q >= parts.length || !/^do\s/.test(parts[p + 1]?.text.trim() ?? ''))
          throw new ShellSyntaxError(`syntax error: unexpected end of file (expecting "done")`);
        const words = tokenize(loop[2]!, ctx, run)
          .filter((t) => t.kind === 'word')
          .flatMap((t) => t.text.split(/\s+/).filter(Boolean));
        for (const w of words) {
          ctx.env.set(loop[1]!, w);
          const r = runScript(body.join('\n'), stdin, ctx, run);
          out += r.out;
          err += r.err;
          code = r.code;
          if (r.exited) throw new ShellExit(r.code);
        }
        ctx.lastCode = code;
        p = q;
        continue;
      }
      ctx.stderr = '';
      const items = parse(tokenize(part.text, ctx, run));
      err += ctx.stderr;
      ctx.stderr = '';
      for (const item of items) {
        let input = stdin;
        for (const cmd of item.pipeline) {
          const r = runSimple(cmd, input, ctx, run);
          err += r.err;
          input = r.out;
          code = r.code;
        }
        out += input;
        ctx.lastCode = code;
      }
    }
  } catch (e) {
    if (e instanceof ShellExit) {
      ctx.lastCode = e.code;
      return { out, err, code: e.code, exited: true };
    }
    if (e instanceof ShellSyntaxError) {
      const where = ctx.profile.userland === 'busybox' ? 'sh: ' : 'sh: 1: ';
      ctx.lastCode = 2;
      return { out, err: `${err}${where}${e.message}\n`, code: 2 };
    }
    throw e;
  }
  return { out, err, code };
}

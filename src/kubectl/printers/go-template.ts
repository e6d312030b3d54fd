/**
 * A subset of Go's text/template for `-o go-template=...` / `-o template=...`: field chains
 * (`.metadata.name`, `$.items`), variables (`$x := ...`, `range $i, $e := ...`), pipelines with
 * `|`, the functions kubectl users reach for (`index`, `len`, `printf` with %s %d %v %q, `eq`,
 * `ne`, `not`, `and`, `or`, `base64decode`, `base64encode`), `if`/`else if`/`else`, `range`
 * (with `else`), `with`, and `{{-`/`-}}` trimming. Values print as Go's `%v`; a missing key
 * prints `<no value>` as kubectl's default (--allow-missing-template-keys) does.
 */
import { KubectlError } from '../errors.js';
import { goValue } from './go-value.js';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: string }
  | { kind: 'if' | 'with'; pipe: string; then: Node[]; else: Node[] }
  | { kind: 'range'; pipe: string; vars: string[]; then: Node[]; else: Node[] };

const MISSING = Symbol('missing');

function tokenize(template: string): { text: string } | { action: string }[] {
  const out: ({ text: string } | { action: string })[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      out.push({ text: template.slice(i) });
      break;
    }
    let text = template.slice(i, open);
    let start = open + 2;
    if (template[start] === '-' && template[start + 1] === ' ') {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    out.push({ text });
    let close = template.indexOf('}}', start);
    // skip }} inside a string literal
    let q = template.slice(start, close > 0 ? close : undefined);
    while (close > 0 && (q.split('"').length - 1) % 2 === 1) {
      close = template.indexOf('}}', close + 2);
      q = template.slice(start, close);
    }
    if (close < 0) throw new KubectlError('template: output:1: unclosed action');
    let body = template.slice(start, close);
    let next = close + 2;
    if (body.endsWith(' -')) {
      body = body.slice(0, -2);
      const m = /^\s*/.exec(template.slice(next))!;
      next += m[0].length;
    }
    out.push({ action: body.trim() });
    i = next;
  }
  return out as never;
}

function parse(template: string): Node[] {
  const tokens = tokenize(template) as unknown as ({ text: string } | { action: string })[];
  let pos = 0;
  /** Parses an if/with/range whose opening action is `action` (already consumed), up to its {{end}}. */
  const control = (action: string): Node => {
    const word = action.split(/\s+/)[0]! as 'if' | 'with' | 'range';
    let pipe = action.slice(word.length).trim();
    let vars: string[] = [];
    const decl = /^((?:\$\w*\s*,\s*)?\$\w*)\s*:=\s*(.*)$/.exec(pipe);
    if (word === 'range' && decl) {
      vars = decl[1]!.split(',').map((v) => v.trim());
      pipe = decl[2]!;
    }
    const then = block();
    let elseNodes: Node[] = [];
    if (then.end.startsWith('else')) {
      const rest = then.end.slice(4).trim();
      // `else if X` is an if nested in the else branch that ends at the shared {{end}}
      if (rest.startsWith('if ')) elseNodes = [control(rest)];
      else {
        const tail = block();
        if (tail.end !== 'end') throw new KubectlError('template: output:1: expected end; found ' + tail.end);
        elseNodes = tail.nodes;
      }
    } else if (then.end !== 'end') throw new KubectlError('template: output:1: unexpected EOF');
    if (word === 'range') return { kind: 'range', pipe, vars, then: then.nodes, else: elseNodes };
    return { kind: word, pipe, then: then.nodes, else: elseNodes };
  };
  /** Parses nodes until {{end}} or {{else...}} (returned as `end`) or the end of the template. */
  const block = (): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++]!;
      if ('text' in t) {
        if (t.text) nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      const a = t.action;
      if (a.startsWith('/*')) continue;
      const word = a.split(/\s+/)[0]!;
      if (word === 'end' || word === 'else') return { nodes, end: a };
      if (word === 'if' || word === 'with' || word === 'range') nodes.push(control(a));
      else nodes.push({ kind: 'action', pipe: a });
    }
    return { nodes, end: '' };
  };
  const top = block();
  if (top.end) throw new KubectlError(`template: output:1: unexpected {{${top.end.split(/\s+/)[0]}}}`);
  return top.nodes;
}

interface Scope {
  dot: unknown;
  root: unknown;
  vars: Map<string, unknown>;
}

function splitWords(src: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\([^()]*\)|[^\s()]+)/gy;
  let m;
  while ((m = re.exec(src)) && m[1]) out.push(m[1]);
  return out;
}

function field(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const p of path) {
    if (p === '') continue;
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return MISSING;
    if (!(p in (cur as object))) return MISSING;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function truthy(v: unknown): boolean {
  if (v === MISSING || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function decodeBase64(s: string): string {
  const bin = atob(s);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

function encodeBase64(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function printf(format: string, args: unknown[]): string {
  let i = 0;
  return format.replace(/%([-+# 0]*\d*)([svdqt%])/g, (_m, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const v = args[i++];
    if (verb === 'q') return JSON.stringify(String(v));
    return text(v);
  });
}

function text(v: unknown): string {
  return v === MISSING ? '<no value>' : goValue(v);
}

function operand(word: string, scope: Scope): unknown {
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (word.startsWith('`')) return word.slice(1, -1);
  if (word.startsWith('(')) return pipeline(word.slice(1, -1), scope);
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  if (word === 'true' || word === 'false') return word === 'true';
  if (word === 'nil') return null;
  if (word === '.') return scope.dot;
  if (word.startsWith('.')) return field(scope.dot, word.slice(1).split('.'));
  if (word.startsWith('$')) {
    const [name, ...rest] = word.split('.');
    const base = name === '$' ? scope.root : scope.vars.get(name!);
    if (base === undefined && name !== '$' && !scope.vars.has(name!))
      throw new KubectlError(`template: output:1: undefined variable "${name}"`);
    return field(base, rest);
  }
  throw new KubectlError(`template: output:1: function "${word}" not defined`);
}

const FUNCS: Record<string, (args: unknown[]) => unknown> = {
  index: ([v, ...keys]) => {
    let cur = v;
    for (const k of keys)
      cur = Array.isArray(cur) ? cur[Number(k)] : (cur as Record<string, unknown> | null)?.[String(k)];
    return cur === undefined ? MISSING : cur;
  },
  len: ([v]) =>
    Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : Object.keys((v as object) ?? {}).length,
  printf: ([f, ...rest]) => printf(String(f), rest),
  print: (args) => args.map(text).join(''),
  println: (args) => `${args.map(text).join(' ')}\n`,
  eq: ([a, ...bs]) => bs.some((b) => a === b),
  ne: ([a, b]) => a !== b,
  lt: ([a, b]) => (a as number) < (b as number),
  gt: ([a, b]) => (a as number) > (b as number),
  not: ([a]) => !truthy(a),
  and: (args) => args.find((a) => !truthy(a)) ?? args[args.length - 1],
  or: (args) => args.find((a) => truthy(a)) ?? args[args.length - 1],
  base64decode: ([v]) => decodeBase64(String(v)),
  base64encode: ([v]) => encodeBase64(String(v)),
};

function pipeline(src: string, scope: Scope): unknown {
  let result: unknown = undefined;
  let first = true;
  for (const stage of src.split(/\|(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const words = splitWords(stage.trim());
    const name = words[0]!;
    const fn = FUNCS[name];
    if (fn) {
      const args = words.slice(1).map((w) => operand(w, scope));
      if (!first) args.push(result);
      result = fn(args);
    } else {
      if (words.length > 1 || !first)
        throw new KubectlError(`template: output:1: can't give argument to non-function ${name}`);
      result = operand(name, scope);
    }
    first = false;
  }
  return result;
}

function run(nodes: Node[], scope: Scope): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'action') {
      const decl = /^(\$\w+)\s*:?=\s*(.*)$/.exec(n.pipe);
      if (decl) scope.vars.set(decl[1]!, pipeline(decl[2]!, scope));
      else out += text(pipeline(n.pipe, scope));
    } else if (n.kind === 'if') out += run(truthy(pipeline(n.pipe, scope)) ? n.then : n.else, scope);
    else if (n.kind === 'with') {
      const v = pipeline(n.pipe, scope);
      out += truthy(v) ? run(n.then, { ...scope, dot: v }) : run(n.else, scope);
    } else {
      const r = n as Extract<Node, { kind: 'range' }>;
      const v = pipeline(r.pipe, scope);
      const entries: [unknown, unknown][] = Array.isArray(v)
        ? v.map((e, i) => [i, e])
        : v && typeof v === 'object'
          ? Object.keys(v)
              .sort()
              .map((k) => [k, (v as Record<string, unknown>)[k]])
          : [];
      if (entries.length === 0) out += run(r.else, scope);
      for (const [k, e] of entries) {
        const vars = new Map(scope.vars);
        if (r.vars.length === 1) vars.set(r.vars[0]!, e);
        if (r.vars.length === 2) {
          vars.set(r.vars[0]!, k);
          vars.set(r.vars[1]!, e);
        }
        out += run(r.then, { ...scope, dot: e, vars });
      }
    }
  }
  return out;
}

/** Runs a Go template (the subset above) against a JSON value. */
export function executeGoTemplate(template: string, data: unknown): string {
  let nodes: Node[];
  try {
    nodes = parse(template);
  } catch (e) {
    if (e instanceof KubectlError) throw new KubectlError(`error parsing template ${template}, ${e.message}`);
    throw e;
  }
  return run(nodes, { dot: data, root: data, vars: new Map([['$', data]]) });
}

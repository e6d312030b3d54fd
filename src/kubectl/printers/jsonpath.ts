/**
 * kubectl's JSONPath templates (`-o jsonpath=...`, custom-columns, `--sort-by`): literal text
 * with `{...}` expressions: fields (`.metadata.name`, `['a.b']`), indexes and slices (`[0]`,
 * `[-1]`, `[1:3]`, `[*]`), recursive descent (`..name`), filters (`[?(@.type=="Ready")]`),
 * `{range ...}{end}` and quoted literals (`{"\n"}`). Results of one expression are joined by spaces.
 */
import { KubectlError } from '../errors.js';
import { goJson } from './json.js';

type Node = unknown;

interface Step {
  kind: 'field' | 'index' | 'slice' | 'wildcard' | 'recursive' | 'filter';
  name?: string;
  index?: number;
  start?: number;
  end?: number;
  filter?: { path: Step[]; op?: string; value?: unknown };
}

type Segment = { text: string } | { path: Step[] } | { literal: string } | { range: Step[]; body: Segment[] };

/** Parses a path like `.items[*].metadata.name` (the part inside the braces). */
export function parsePath(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const s = src.trim();
  if (s.startsWith('$')) i = 1;
  if (s[i] === '@') i++;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.') {
      if (s[i + 1] === '.') {
        i += 2;
        const m = /^[A-Za-z0-9_\-/$]+|^\*/.exec(s.slice(i));
        steps.push({ kind: 'recursive' });
        if (m && m[0] !== '*') {
          steps.push({ kind: 'field', name: m[0] });
          i += m[0].length;
        } else if (m) {
          steps.push({ kind: 'wildcard' });
          i += 1;
        }
        continue;
      }
      i++;
      const m = /^(?:[A-Za-z0-9_\-/$]|\\.)+|^\*/.exec(s.slice(i));
      if (!m) continue;
      steps.push(m[0] === '*' ? { kind: 'wildcard' } : { kind: 'field', name: m[0].replace(/\\(.)/g, '$1') });
      i += m[0].length;
      continue;
    }
    if (c === '[') {
      const close = findClose(s, i);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')'))
        steps.push({ kind: 'filter', filter: parseFilter(inner.slice(2, -1)) });
      else if (inner.includes(':')) {
        const [a, b] = inner.split(':');
        steps.push({ kind: 'slice', ...(a ? { start: Number(a) } : {}), ...(b ? { end: Number(b) } : {}) });
      } else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else throw new KubectlError(`unrecognized character in action: ${inner}`);
      continue;
    }
    throw new KubectlError(`unrecognized character in action: ${JSON.stringify(c)}`);
  }
  return steps;
}

function findClose(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new KubectlError('unclosed array expect ]');
}

function parseFilter(src: string): { path: Step[]; op?: string; value?: unknown } {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(src);
  if (!m) return { path: parsePath(src) };
  const raw = m[3]!.trim();
  const value = /^['"].*['"]$/.test(raw)
    ? raw.slice(1, -1)
    : /^-?\d+(\.\d+)?$/.test(raw)
      ? Number(raw)
      : raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : raw;
  return { path: parsePath(m[1]!), op: m[2]!, value };
}

/** Parses a whole template into literal text and expressions. */
export function parseTemplate(template: string): Segment[] {
  const root: Segment[] = [];
  const stack: Segment[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({ text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ text: template.slice(i, open) });
    let close = -1;
    let quote = '';
    for (let j = open + 1; j < template.length; j++) {
      const c = template[j]!;
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '}') {
        close = j;
        break;
      }
    }
    if (close < 0) throw new KubectlError('unclosed action');
    const expr = template.slice(open + 1, close).trim();
    i = close + 1;
    if (expr.startsWith('range ')) {
      const seg = { range: parsePath(expr.slice(6)), body: [] as Segment[] };
      stack[stack.length - 1]!.push(seg);
      stack.push(seg.body);
    } else if (expr === 'end') {
      if (stack.length === 1) throw new KubectlError('not in range, nothing to end');
      stack.pop();
    } else if (/^".*"$/s.test(expr)) stack[stack.length - 1]!.push({ literal: JSON.parse(expr) as string });
    else if (/^'.*'$/s.test(expr)) stack[stack.length - 1]!.push({ literal: expr.slice(1, -1) });
    else stack[stack.length - 1]!.push({ path: parsePath(expr) });
  }
  return root;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function children(v: Node): Node[] {
  if (Array.isArray(v)) return v;
  if (isObj(v))
    return Object.keys(v)
      .sort()
      .map((k) => v[k]);
  return [];
}

function descendants(v: Node): Node[] {
  const out: Node[] = [v];
  for (const c of children(v)) out.push(...descendants(c));
  return out;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return a === b || String(a) === String(b);
    case '!=':
      return !(a === b || String(a) === String(b));
    case '<':
      return Number(a) < Number(b);
    case '>':
      return Number(a) > Number(b);
    case '<=':
      return Number(a) <= Number(b);
    case '>=':
      return Number(a) >= Number(b);
    case '=~':
      return new RegExp(String(b)).test(String(a));
  }
  return false;
}

/** Evaluates a path from one node; missing fields give no results. */
export function evaluate(steps: Step[], node: Node): Node[] {
  let current: Node[] = [node];
  for (const step of steps) {
    const next: Node[] = [];
    for (const v of current) {
      switch (step.kind) {
        case 'field':
          if (isObj(v) && step.name! in v && v[step.name!] !== undefined) next.push(v[step.name!]);
          break;
        case 'wildcard':
          next.push(...children(v));
          break;
        case 'recursive':
          next.push(...descendants(v));
          break;
        case 'index':
          if (Array.isArray(v)) {
            const i = step.index! < 0 ? v.length + step.index! : step.index!;
            if (i >= 0 && i < v.length) next.push(v[i]);
            else throw new KubectlError(`array index out of bounds: index ${step.index}, length ${v.length}`);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) {
            const norm = (n: number) => (n < 0 ? Math.max(0, v.length + n) : Math.min(n, v.length));
            next.push(...v.slice(norm(step.start ?? 0), norm(step.end ?? v.length)));
          }
          break;
        case 'filter':
          for (const item of Array.isArray(v) ? v : [v]) {
            const found = evaluate(step.filter!.path, item);
            if (
              step.filter!.op === undefined
                ? found.length > 0
                : found.some((f) => compare(f, step.filter!.op!, step.filter!.value))
            )
              next.push(item);
          }
          break;
      }
    }
    current = next;
  }
  return current;
}

/** How one value prints in a template: strings raw, numbers and booleans as text, the rest as JSON. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  return goJson(v, '');
}

function run(segments: Segment[], node: Node): string {
  let out = '';
  for (const seg of segments) {
    if ('text' in seg) out += seg.text;
    else if ('literal' in seg) out += seg.literal;
    else if ('path' in seg) out += evaluate(seg.path, node).map(valueText).join(' ');
    else for (const item of evaluate(seg.range, node)) out += run(seg.body, item);
  }
  return out;
}

/** Runs a jsonpath template against a JSON value. */
export function executeJsonPath(template: string, data: unknown): string {
  return run(parseTemplate(template), data);
}

/**
 * Partial matching of objects, in the style of assertion trees: an expected map matches an
 * actual map that has at least its keys with matching values; an expected array matches when
 * each of its items matches some item of the actual array (in any order); scalars compare
 * strictly; `null` expects the field to be absent. A key in parentheses is an expression
 * evaluated on the actual map, and its result is matched against the value:
 * `(replicas >= 3): true`, `(length(containers)): 1`, `(metadata.labels.app): web`,
 * `(image =~ '^nginx(:|$)'): true` (a regular expression).
 */

export type PathStep = string | number;

/** Where and how an actual value differs from the expected one. */
export interface Mismatch {
  /** Path in the actual object (`(expr)` steps for expressions). */
  path: PathStep[];
  found: unknown;
  expected: unknown;
  /** How to say what was expected, for comparisons (`>= 3`, `matching /^nginx/`). */
  expectedText?: string;
}

/** What a mismatch expected, in words. */
export function expectedOf(m: Mismatch): string {
  return m.expectedText ?? show(m.expected);
}

/**
 * For `(left op right): true|false` that did not hold: the path of `left`, its value and the
 * comparison it failed, so messages read `spec.replicas is 1, expected >= 3`.
 */
function comparisonMismatch(
  expr: string,
  want: unknown,
  actual: unknown,
  path: PathStep[],
): Mismatch | undefined {
  if (typeof want !== 'boolean') return undefined;
  let toks: Token[];
  try {
    toks = tokenize(expr);
  } catch {
    return undefined;
  }
  if (
    toks.length !== 3 ||
    toks[0]!.t !== 'id' ||
    toks[1]!.t !== 'op' ||
    /^(length\(|true$|false$|null$)/.test(toks[0]!.v)
  )
    return undefined;
  const op = toks[1]!.v;
  const right = operand(toks[2]!, actual);
  const words = op === '=~' ? `matching /${String(right)}/` : `${op} ${show(right)}`;
  return {
    path: [...path, ...splitPath(toks[0]!.v)],
    found: readPath(actual, toks[0]!.v),
    expected: right,
    expectedText: want ? words : `not ${words}`,
  };
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a dotted path (`spec.containers[0].name`, `metadata.labels.app`) from a value. */
export function readPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const step of splitPath(path)) {
    if (typeof step === 'number') cur = Array.isArray(cur) ? cur[step] : undefined;
    else cur = isMap(cur) ? cur[step] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** `a.b[0].c` -> ['a', 'b', 0, 'c']. Label keys with dots can be quoted: `labels["app.kubernetes.io/name"]`. */
export function splitPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(m[3]!);
  }
  return steps;
}

/** `['spec', 'containers', 0, 'image']` -> `spec.containers[0].image`. */
export function formatPath(path: readonly PathStep[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (step.startsWith('(')) out += out ? `.${step}` : step;
    else if (/^[A-Za-z0-9_-]+$/.test(step)) out += out ? `.${step}` : step;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

// ---------------------------------------------------------------- expressions

type Token =
  { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'op'; v: string } | { t: 'id'; v: string };

const OPS = ['=~', '==', '!=', '>=', '<=', '>', '<'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op });
      i += op.length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated string in expression "${src}"`);
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (out.length === 0 || out[out.length - 1]!.t === 'op')) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^(length\([^)]*\)|[A-Za-z_][\w.\-/[\]"]*)/.exec(src.slice(i));
    if (!id) throw new Error(`cannot read expression "${src}" at "${src.slice(i)}"`);
    out.push({ t: 'id', v: id[0] });
    i += id[0].length;
  }
  return out;
}

function operand(tok: Token, actual: unknown): unknown {
  if (tok.t === 'num' || tok.t === 'str') return tok.v;
  if (tok.t === 'op') throw new Error(`unexpected operator "${tok.v}"`);
  if (tok.v === 'true') return true;
  if (tok.v === 'false') return false;
  if (tok.v === 'null') return null;
  const len = /^length\((.*)\)$/.exec(tok.v);
  if (len) {
    const v = readPath(actual, len[1]!.trim());
    if (Array.isArray(v) || typeof v === 'string') return v.length;
    return isMap(v) ? Object.keys(v).length : 0;
  }
  return readPath(actual, tok.v);
}

/** Evaluates `path`, `length(path)` or `a <op> b` on `actual`. Throws on a malformed expression. */
export function evaluate(expr: string, actual: unknown): unknown {
  const toks = tokenize(expr);
  if (toks.length === 1) return operand(toks[0]!, actual);
  if (toks.length !== 3 || toks[1]!.t !== 'op') throw new Error(`cannot read expression "${expr}"`);
  const a = operand(toks[0]!, actual);
  const b = operand(toks[2]!, actual);
  switch (toks[1]!.v) {
    case '==':
      return a === b || (a !== undefined && b !== undefined && String(a) === String(b));
    case '=~': {
      if (typeof b !== 'string')
        throw new Error(`"=~" needs a quoted regular expression on its right in "${expr}"`);
      return a !== undefined && a !== null && new RegExp(b).test(String(a));
    }
    case '!=':
      return !(a === b || (a !== undefined && b !== undefined && String(a) === String(b)));
    default: {
      const x = typeof a === 'number' ? a : Number(a);
      const y = typeof b === 'number' ? b : Number(b);
      if (a === undefined || b === undefined || Number.isNaN(x) || Number.isNaN(y)) return false;
      return toks[1]!.v === '>=' ? x >= y : toks[1]!.v === '<=' ? x <= y : toks[1]!.v === '>' ? x > y : x < y;
    }
  }
}

// ---------------------------------------------------------------- matching

/** The first difference between `actual` and the partial `expected`, or undefined when it matches. */
export function match(actual: unknown, expected: unknown, path: PathStep[] = []): Mismatch | undefined {
  if (expected === null)
    return actual === undefined || actual === null ? undefined : { path, found: actual, expected: null };
  if (isMap(expected)) {
    if (!isMap(actual)) return { path, found: actual, expected };
    for (const key of Object.keys(expected)) {
      const want = expected[key];
      if (key.startsWith('(') && key.endsWith(')')) {
        let got: unknown;
        try {
          got = evaluate(key.slice(1, -1), actual);
        } catch (err) {
          return { path: [...path, key], found: `error: ${(err as Error).message}`, expected: want };
        }
        const miss = match(got, want, [...path, key]);
        if (miss) return comparisonMismatch(key.slice(1, -1), want, actual, path) ?? miss;
        continue;
      }
      const miss = match(actual[key], want, [...path, key]);
      if (miss) return miss;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, found: actual, expected };
    for (const item of expected) {
      // The closest item: the most expected keys matched, then the deepest difference.
      let best: Mismatch | undefined;
      let bestScore = -1;
      let found = false;
      for (let j = 0; j < actual.length; j++) {
        const miss = match(actual[j], item, [...path, j]);
        if (!miss) {
          found = true;
          break;
        }
        const score =
          isMap(item) && isMap(actual[j])
            ? Object.keys(item).filter((k) => !match(actual[j], { [k]: item[k] })).length
            : 0;
        if (score > bestScore || (score === bestScore && miss.path.length > best!.path.length)) {
          best = miss;
          bestScore = score;
        }
      }
      if (!found) return best ?? { path: [...path, 0], found: undefined, expected: item };
    }
    return undefined;
  }
  if (actual === expected) return undefined;
  return { path, found: actual, expected };
}

/** A value for a message: strings bare, the rest as compact JSON, absence as `nothing`. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

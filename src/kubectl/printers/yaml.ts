/**
 * YAML as kubectl prints it (sigs.k8s.io/yaml over go-yaml v2): keys sorted with go-yaml's
 * natural order, sequences not indented under their key, strings that would read as another
 * type (`"true"`, `"80"`, `""`, timestamps) double-quoted, strings with indicators single-quoted,
 * multi-line strings as literal blocks, and long plain strings folded past column 80.
 */

const isLetter = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\x7f' && /\p{L}/u.test(c));
const isDigit = (c: string) => c >= '0' && c <= '9';

/** go-yaml v2's key order (letters after non-letters, digit runs compared as numbers). */
export function yamlKeyLess(a: string, b: string): boolean {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/;
  const ar = ascii.test(a) ? a : [...a];
  const br = ascii.test(b) ? b : [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const sortKeys = (keys: string[]) =>
  keys.sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));

/** Does go-yaml v2 resolve this plain text to something other than a string? */
function resolvesToNonString(s: string): boolean {
  if (s === '' || s === '~' || s === '<<') return true;
  if (/^(null|Null|NULL)$/.test(s)) return true;
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(s))
    return true;
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(s)) return true;
  if (/^[-+]?0[0-7_]+$/.test(s) || /^[-+]?0x[0-9a-fA-F_]+$/.test(s) || /^[-+]?0b[01_]+$/.test(s)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return true;
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s) || /^\.(nan|NaN|NAN)$/.test(s)) return true;
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(s)) return true; // base 60
  if (/^\d{4}-\d\d?-\d\d?([Tt ]|\s+)\d\d?:\d\d:\d\d(\.\d*)?(\s*(Z|[-+]\d\d?(:\d\d)?))?$/.test(s)) return true;
  if (/^\d{4}-\d\d-\d\d$/.test(s)) return true;
  return false;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

const styleCache = new Map<string, Style>();

/** The scalar style go-yaml's emitter ends up with for a string value (memoised: the same strings recur). */
function stringStyle(s: string): Style {
  let style = styleCache.get(s);
  if (style === undefined) {
    style = computeStyle(s);
    if (styleCache.size > 5000) styleCache.clear();
    styleCache.set(s, style);
  }
  return style;
}

function computeStyle(s: string): Style {
  if (s.includes('\n')) {
    // literal unless it has characters a block cannot hold
    if (
      /[^\n\t\x20-\x7e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(s) ||
      / \n/.test(s) ||
      /\n $/.test(s)
    )
      return 'double';
    return 'literal';
  }
  if (resolvesToNonString(s)) return 'double';
  if (/[^\t\x20-\x7e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(s) || s.includes('\t'))
    return 'double';
  let plain = true;
  const first = s[0]!;
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) plain = false;
  if ((first === '?' || first === ':') && (s.length === 1 || s[1] === ' ')) plain = false;
  if (first === '-' && (s.length === 1 || s[1] === ' ')) plain = false;
  if (s.startsWith(' ') || s.endsWith(' ')) plain = false;
  for (let i = 1; i < s.length && plain; i++) {
    const c = s[i]!;
    if (c === ':' && (i === s.length - 1 || s[i + 1] === ' ')) plain = false;
    if (c === '#' && s[i - 1] === ' ') plain = false;
  }
  if (s === '---' || s === '...') plain = false;
  return plain ? 'plain' : 'single';
}

/** Writes words separated by single spaces, breaking lines past column 80 as go-yaml does. */
function fold(text: string, column: number, indent: string): string {
  if (column + text.length <= 81 || !text.includes(' ')) return text;
  let out = '';
  let col = column;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' && text[i - 1] !== ' ' && col > 80 && i + 1 < text.length && text[i + 1] !== ' ') {
      out += `\n${indent}`;
      col = indent.length;
      continue;
    }
    out += c;
    col++;
  }
  return out;
}

function doubleQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code === 0xfeff) out += '\\uFEFF';
    else out += c;
  }
  return `${out}"`;
}

/** One scalar at `column` (where it starts) with `indent` for continuation lines. */
function scalar(value: unknown, column: number, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return goFloat(value);
  }
  const s = String(value);
  switch (stringStyle(s)) {
    case 'plain':
      return fold(s, column, indent);
    case 'single':
      return `'${fold(s.replace(/'/g, "''"), column + 1, indent)}'`;
    case 'double':
      return doubleQuote(s);
    case 'literal': {
      const chomp = s.endsWith('\n') ? (s.endsWith('\n\n') ? '+' : '') : '-';
      const lead = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
      const body = (chomp === '' || chomp === '+' ? s.slice(0, -1) : s).split('\n');
      return `|${lead}${chomp}\n${body.map((l) => (l === '' ? '' : indent + l)).join('\n')}`;
    }
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64). */
export function goFloat(f: number): string {
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = f.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(f);
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function emit(value: unknown, indent: string, out: string[], first: string): void {
  // `first` is the text already on the current line before the value (key: or "- ")
  if (isMap(value)) {
    const keys = sortKeys(Object.keys(value).filter((k) => value[k] !== undefined));
    if (keys.length === 0) {
      out.push(`${first}{}`);
      return;
    }
    let lead = first;
    for (const key of keys) {
      const v = value[key];
      const k = keyText(key);
      if (isMap(v) && Object.keys(v).length > 0) {
        out.push(`${lead}${k}:`);
        emit(v, `${indent}  `, out, `${indent}  `);
      } else if (Array.isArray(v) && v.length > 0) {
        out.push(`${lead}${k}:`);
        for (const item of v) emitItem(item, indent, out);
      } else {
        const prefix = `${lead}${k}: `;
        out.push(prefix + scalarOrEmpty(v, prefix.length, `${indent}  `));
      }
      lead = indent;
    }
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${first}[]`);
      return;
    }
    for (const item of value) emitItem(item, indent, out);
    return;
  }
  out.push(first + scalar(value, first.length, indent));
}

function emitItem(item: unknown, indent: string, out: string[]): void {
  if (isMap(item) && Object.keys(item).length > 0) emit(item, `${indent}  `, out, `${indent}- `);
  else if (Array.isArray(item) && item.length > 0) {
    const start = out.length;
    emit(item, `${indent}  `, out, `${indent}- `);
    // a nested sequence starts on the dash line: "- - a"
    out[start] = `${indent}- ${out[start]!.slice(indent.length + 2)}`;
  } else out.push(`${indent}- ${scalarOrEmpty(item, indent.length + 2, `${indent}  `)}`);
}

function scalarOrEmpty(v: unknown, column: number, indent: string): string {
  if (isMap(v)) return '{}';
  if (Array.isArray(v)) return '[]';
  return scalar(v, column, indent);
}

function keyText(key: string): string {
  const style = stringStyle(key);
  if (style === 'plain') return key;
  if (style === 'single') return `'${key.replace(/'/g, "''")}'`;
  return doubleQuote(key);
}

/** Serializes a JSON value as kubectl's `-o yaml` does (ends with a newline). */
export function toYaml(value: unknown): string {
  const out: string[] = [];
  emit(value, '', out, '');
  return `${out.join('\n')}\n`;
}

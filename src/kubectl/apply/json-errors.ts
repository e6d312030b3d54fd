/**
 * The first syntax error of a JSON value as Go's encoding/json reports it (`offset N: invalid
 * character '}' looking for beginning of object key string`, `unexpected EOF`), for kubectl's
 * `error parsing x.json: json: ...` messages. Offsets count bytes up to and including the bad one.
 */

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

/** Go's message for the first syntax error in `text` from `start`, or undefined when the value is valid. */
export function goJsonSyntaxError(text: string, start = 0): string | undefined {
  const bytes = new TextEncoder();
  let i = start;
  const offset = (at: number) => bytes.encode(text.slice(0, at + 1)).length;
  const fail = (at: number, what: string) =>
    `json: offset ${offset(at)}: invalid character ${quoteChar(text[at]!)} ${what}`;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const value = (): string | undefined => {
    ws();
    if (i >= text.length) return 'unexpected EOF';
    const c = text[i]!;
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const lit of ['true', 'false', 'null'])
      if (c === lit[0]) {
        for (let k = 1; k < lit.length; k++) {
          if (i + k >= text.length) return 'unexpected EOF';
          if (text[i + k] !== lit[k])
            return fail(i + k, `in literal ${lit} (expecting ${quoteChar(lit[k]!)})`);
        }
        i += lit.length;
        return undefined;
      }
    return fail(i, 'looking for beginning of value');
  };
  const string = (): string | undefined => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === undefined) return 'unexpected EOF';
        if (!'"\\/bfnrtu'.includes(e)) return fail(i + 1, 'in string escape code');
        i += 2;
        continue;
      }
      if (c < ' ') return fail(i, 'in string literal');
      i++;
    }
    return 'unexpected EOF';
  };
  const number = (): string | undefined => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '-')
      return i + 1 >= text.length ? 'unexpected EOF' : fail(i + 1, 'in numeric literal');
    i += m[0].length;
    return undefined;
  };
  const object = (): string | undefined => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return undefined;
    }
    for (;;) {
      ws();
      if (i >= text.length) return 'unexpected EOF';
      if (text[i] !== '"') return fail(i, 'looking for beginning of object key string');
      const e = string();
      if (e) return e;
      ws();
      if (i >= text.length) return 'unexpected EOF';
      if (text[i] !== ':') return fail(i, 'after object key');
      i++;
      const v = value();
      if (v) return v;
      ws();
      if (i >= text.length) return 'unexpected EOF';
      if (text[i] === '}') {
        i++;
        return undefined;
      }
      if (text[i] !== ',') return fail(i, 'after object key:value pair');
      i++;
    }
  };
  const array = (): string | undefined => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return undefined;
    }
    for (;;) {
      const v = value();
      if (v) return v;
      ws();
      if (i >= text.length) return 'unexpected EOF';
      if (text[i] === ']') {
        i++;
        return undefined;
      }
      if (text[i] !== ',') return fail(i, 'after array element');
      i++;
    }
  };
  return value();
}

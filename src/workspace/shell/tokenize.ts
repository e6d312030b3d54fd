/**
 * Splits a shell line into words the way a POSIX shell does for the simple cases a learner
 * types: whitespace separates words, single quotes keep everything, double quotes keep all but
 * `\"` and `\\`, a backslash outside quotes escapes the next character. Pipes, redirections and
 * `$` expansion are not supported and are reported as such.
 */

export interface Tokens {
  words: string[];
  /** Set when the line cannot be run: an open quote, or an operator the small shell lacks. */
  error?: string;
}

const OPERATORS = new Set(['|', '>', '<', ';', '&']);

export function tokenize(line: string): Tokens {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (OPERATORS.has(c)) {
      return { words, error: `cadet shell: "${c}" is not supported here; run one command at a time` };
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { words, error: `cadet shell: unexpected end of line: missing closing ${quote}` };
  if (inWord) words.push(word);
  return { words };
}

/** Quotes a word for the shell when it needs it (completions put back on the line). */
export function quoteWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * kubectl's argument grammar (cobra + pflag): flags in any position, `--flag=value` and
 * `--flag value`, bool flags without a value, shorthand clusters (`-Aw`, `-ojson`, `-n=x`),
 * `--` ending the flags, and pflag's error messages word for word.
 */
import { FlagError } from './errors.js';
import type { FlagSpec, ParsedFlags } from './types.js';

/** The result of parsing one command's arguments. */
export interface ParsedArgs {
  flags: ParsedFlags;
  positional: string[];
  /** Arguments after `--`. */
  dashArgs: string[];
  dashSeen: boolean;
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** How pflag names a flag in `invalid argument` errors: `-A, --all-namespaces` or `--replicas`. */
export function flagDisplay(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

/** Checks one value against the flag's type; throws pflag's error text. */
function checkValue(spec: FlagSpec, value: string): void {
  const invalid = (why: string) =>
    new FlagError(`invalid argument "${value}" for "${flagDisplay(spec)}" flag: ${why}`);
  if (spec.type === 'bool' && !TRUE.has(value) && !FALSE.has(value))
    throw invalid(`strconv.ParseBool: parsing "${value}": invalid syntax`);
  if (spec.type === 'int') {
    if (!/^[+-]?\d+$/.test(value)) throw invalid(`strconv.ParseInt: parsing "${value}": invalid syntax`);
    if (Math.abs(Number(value)) > 2 ** 63)
      throw invalid(`strconv.ParseInt: parsing "${value}": value out of range`);
  }
  if (spec.type === 'duration' && parseDuration(value) === undefined)
    throw invalid(`time: invalid duration "${value}"`);
}

/** Go's time.ParseDuration for the units kubectl users type (ns, us, ms, s, m, h); undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!m) return undefined;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let total = 0;
  for (const part of text.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g))
    total += Number(part[1]) * unit[part[2]!]!;
  return m[1] === '-' ? -total : total;
}

/** Splits a pflag stringSlice value (CSV: commas separate, quotes group). */
function splitSlice(value: string): string[] {
  if (value === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

class Flags implements ParsedFlags {
  constructor(
    private readonly specs: Map<string, FlagSpec>,
    private readonly values: Map<string, string[]>,
  ) {}
  private spec(name: string): FlagSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`kubectl internal error: flag --${name} is not defined for this command`);
    return spec;
  }
  has(name: string): boolean {
    this.spec(name);
    return this.values.has(name);
  }
  private last(name: string): string {
    const spec = this.spec(name);
    const given = this.values.get(name);
    return given ? given[given.length - 1]! : (spec.default ?? (spec.type === 'bool' ? 'false' : ''));
  }
  bool(name: string): boolean {
    return TRUE.has(this.last(name));
  }
  string(name: string): string {
    return this.last(name);
  }
  int(name: string): number {
    const v = this.last(name);
    return v === '' ? 0 : Number(v);
  }
  list(name: string): string[] {
    const spec = this.spec(name);
    const given = this.values.get(name);
    if (!given) return spec.default ? splitSlice(spec.default) : [];
    return spec.type === 'stringSlice' ? given.flatMap(splitSlice) : [...given];
  }
}

/** Parses `args` against `specs` as pflag does (interspersed flags and positionals). */
export function parseArgs(args: string[], specs: FlagSpec[]): ParsedArgs {
  const byLong = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const s of specs) {
    byLong.set(s.name, s);
    if (s.short) byShort.set(s.short, s);
  }
  const values = new Map<string, string[]>();
  const set = (spec: FlagSpec, value: string) => {
    checkValue(spec, value);
    const list = values.get(spec.name) ?? [];
    list.push(value);
    values.set(spec.name, list);
  };
  const noOpt = (spec: FlagSpec): string | undefined =>
    spec.noOptDefault ?? (spec.type === 'bool' ? 'true' : undefined);
  const positional: string[] = [];
  let dashArgs: string[] = [];
  let dashSeen = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      dashArgs = args.slice(i + 1);
      dashSeen = true;
      break;
    }
    if (a.startsWith('--')) {
      const body = a.slice(2);
      if (body === '' || body.startsWith('-') || body.startsWith('='))
        throw new FlagError(`bad flag syntax: ${a}`);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const spec = byLong.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, body.slice(eq + 1));
      else if (noOpt(spec) !== undefined) set(spec, noOpt(spec)!);
      else if (i + 1 < args.length) set(spec, args[++i]!);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      let shorts = a.slice(1);
      while (shorts.length > 0) {
        const c = shorts[0]!;
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in -${shorts}`);
        if (shorts.length > 2 && shorts[1] === '=') {
          set(spec, shorts.slice(2));
          shorts = '';
        } else if (noOpt(spec) !== undefined) {
          set(spec, noOpt(spec)!);
          shorts = shorts.slice(1);
        } else if (shorts.length > 1) {
          set(spec, shorts.slice(1));
          shorts = '';
        } else if (i + 1 < args.length) {
          set(spec, args[++i]!);
          shorts = '';
        } else throw new FlagError(`flag needs an argument: '${c}' in -${shorts}`);
      }
      continue;
    }
    positional.push(a);
  }
  return { flags: new Flags(new Map(specs.map((s) => [s.name, s])), values), positional, dashArgs, dashSeen };
}

/**
 * The non-flag words of `args` as cobra sees them when it looks for the command (its
 * `stripFlags`): a flag without `=` that takes a value swallows the next word.
 */
export function commandWords(args: string[], specs: FlagSpec[]): string[] {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const takesValue = (s: FlagSpec | undefined) => !s || (s.type !== 'bool' && s.noOptDefault === undefined);
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('--') && !a.includes('=')) {
      if (takesValue(byLong.get(a.slice(2)))) i++;
    } else if (a.startsWith('-') && !a.includes('=') && a.length === 2) {
      if (takesValue(byShort.get(a.slice(1)))) i++;
    } else if (a !== '' && !a.startsWith('-')) words.push(a);
  }
  return words;
}

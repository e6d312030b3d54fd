/**
 * Label and field selectors as the API server understands them.
 *
 * Label selectors: `app=web`, `app==web`, `tier!=db`, `env in (prod,staging)`, `env notin (dev)`,
 * `gpu`, `!gpu`, `replicas>2`, `replicas<5`, joined by commas (all must hold). Parse errors carry
 * Kubernetes' wording (`found '=', expected: ',' or 'end of string'`).
 *
 * Field selectors: `metadata.name=web,status.phase!=Running`, with `=`, `==`, `!=` on dotted paths.
 */

/** One label requirement. `values` is sorted; it is empty for `exists`/`!`. */
export interface LabelRequirement {
  key: string;
  operator: 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';
  values: string[];
}

/** A parsed label selector: every requirement must hold. `nothing` matches no object at all. */
export interface LabelSelectorExpr {
  requirements: LabelRequirement[];
  /** A null `LabelSelector` object (Kubernetes: matches nothing). */
  nothing?: boolean;
}

/** A label selector that does not parse or validate; `message` is Kubernetes' text. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

// ---------------------------------------------------------------- label validation (messages as Kubernetes words them)

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PREFIX_MSG =
  "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Problems with a label key (empty when valid), in Kubernetes' words. */
export function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const errs: string[] = [];
  if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
    else if (!DNS_SUBDOMAIN.test(prefix)) errs.push(PREFIX_MSG);
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  else if (!QUALIFIED_NAME.test(name)) errs.push(NAME_MSG);
  return errs;
}

/** Problems with a label value (empty when valid), in Kubernetes' words. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) errs.push(VALUE_MSG);
  return errs;
}

function checkKey(key: string): void {
  const errs = labelKeyErrors(key);
  if (errs.length)
    throw new SelectorError(
      `unable to parse requirement: <nil>: Invalid value: ${JSON.stringify(key)}: ${errs.join('; ')}`,
    );
}

function checkValue(key: string, value: string, index: number): void {
  const errs = labelValueErrors(value);
  if (errs.length)
    throw new SelectorError(
      `unable to parse requirement: values[${index}][${key}]: Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`,
    );
}

// ---------------------------------------------------------------- lexer

type TokenKind = 'id' | 'in' | 'notin' | '=' | '==' | '!=' | '!' | '(' | ')' | ',' | 'gt' | 'lt' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      tokens.push({ kind: two, text: two });
      i += 2;
    } else if (c === '=' || c === '!' || c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c });
      i++;
    } else if (c === '>' || c === '<') {
      tokens.push({ kind: c === '>' ? 'gt' : 'lt', text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input[j]!) && !/\s/.test(input[j]!)) j++;
      const text = input.slice(i, j);
      tokens.push({ kind: text === 'in' ? 'in' : text === 'notin' ? 'notin' : 'id', text });
      i = j;
    }
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

const OPERATORS = 'in, notin, =, ==, !=, gt, lt';

/** Parses a label selector string. Throws `SelectorError` with Kubernetes' message. */
export function parseLabelSelector(input: string): LabelSelectorExpr {
  const tokens = lex(input);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const take = (): Token => tokens[pos++]!;
  const shown = (t: Token): string => (t.kind === 'end' ? '' : t.text);
  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return { requirements };
  for (;;) {
    // one requirement
    let t = take();
    if (t.kind === '!') {
      const key = take();
      if (key.kind !== 'id') throw new SelectorError(`found '${shown(key)}', expected: identifier`);
      checkKey(key.text);
      requirements.push({ key: key.text, operator: '!', values: [] });
    } else if (t.kind === 'id') {
      const key = t.text;
      checkKey(key);
      const op = peek();
      if (op.kind === ',' || op.kind === 'end') {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (op.kind === 'in' || op.kind === 'notin') {
        take();
        const open = take();
        if (open.kind !== '(') throw new SelectorError(`found '${shown(open)}', expected: '('`);
        const values: string[] = [];
        // `in ()` and `in (a,,b)` allow empty strings between commas, as Kubernetes does.
        let expectValue = true;
        for (;;) {
          t = take();
          if (t.kind === ')') {
            if (expectValue && values.length > 0) values.push('');
            break;
          }
          if (t.kind === ',') {
            if (expectValue) values.push('');
            expectValue = true;
            continue;
          }
          if (t.kind === 'id' || t.kind === 'in' || t.kind === 'notin') {
            if (!expectValue) throw new SelectorError(`found '${t.text}', expected: ',' or ')'`);
            values.push(t.text);
            expectValue = false;
            continue;
          }
          throw new SelectorError(`found '${shown(t)}', expected: ',', ')' or identifier`);
        }
        if (values.length === 0)
          throw new SelectorError(
            `unable to parse requirement: values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`,
          );
        values.forEach((v, i) => checkValue(key, v, i));
        requirements.push({ key, operator: op.kind, values: [...new Set(values)].sort() });
      } else if (
        op.kind === '=' ||
        op.kind === '==' ||
        op.kind === '!=' ||
        op.kind === 'gt' ||
        op.kind === 'lt'
      ) {
        take();
        const v = peek();
        let value = '';
        if (v.kind === 'id' || v.kind === 'in' || v.kind === 'notin') value = take().text;
        else if (v.kind !== ',' && v.kind !== 'end')
          throw new SelectorError(`found '${shown(v)}', expected: identifier`);
        if (op.kind === 'gt' || op.kind === 'lt') {
          if (!/^-?\d+$/.test(value))
            throw new SelectorError(
              `unable to parse requirement: values[0]: Invalid value: ${JSON.stringify(value)}: for 'Gt', 'Lt' operators, the value must be an integer`,
            );
        } else checkValue(key, value, 0);
        requirements.push({ key, operator: op.kind, values: [value] });
      } else {
        throw new SelectorError(`found '${shown(op)}', expected: ${OPERATORS}`);
      }
    } else {
      throw new SelectorError(`found '${shown(t)}', expected: !, identifier, or 'end of string'`);
    }
    const sep = take();
    if (sep.kind === 'end') break;
    if (sep.kind !== ',') throw new SelectorError(`found '${shown(sep)}', expected: ',' or 'end of string'`);
    if (peek().kind === 'end')
      throw new SelectorError(`found '', expected: !, identifier, or 'end of string'`);
  }
  return { requirements: sortRequirements(requirements) };
}

function sortRequirements(reqs: LabelRequirement[]): LabelRequirement[] {
  return reqs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i))
    .map((x) => x.r);
}

/** True when `labels` satisfy one requirement. */
export function matchesRequirement(
  req: LabelRequirement,
  labels: Record<string, string> | undefined,
): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels![req.key]! : undefined;
  switch (req.operator) {
    case '=':
    case '==':
    case 'in':
      return has && req.values.includes(value!);
    case '!=':
    case 'notin':
      return !has || !req.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const n = Number(value);
      const bound = Number(req.values[0]);
      return req.operator === 'gt' ? n > bound : n < bound;
    }
  }
}

/** True when `labels` satisfy every requirement of `selector`. */
export function matchesLabels(
  selector: LabelSelectorExpr,
  labels: Record<string, string> | undefined,
): boolean {
  if (selector.nothing) return false;
  return selector.requirements.every((r) => matchesRequirement(r, labels));
}

/** True when the selector has no requirements (and so selects everything). */
export function isEverything(selector: LabelSelectorExpr): boolean {
  return !selector.nothing && selector.requirements.length === 0;
}

/** Kubernetes' canonical text of a selector (`app=web,tier in (a,b)`), requirements sorted by key. */
export function formatLabelSelector(selector: LabelSelectorExpr): string {
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.operator} (${r.values.join(',')})`;
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
        default:
          return `${r.key}${r.operator}${r.values[0]}`;
      }
    })
    .join(',');
}

/** A `metav1.LabelSelector` object (`spec.selector` of workloads). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * Converts a `LabelSelector` object. `null`/`undefined` selects nothing; `{}` selects everything.
 * Throws `SelectorError` for invalid operators or value sets, in Kubernetes' words.
 */
export function fromLabelSelectorObject(obj: LabelSelectorObject | null | undefined): LabelSelectorExpr {
  if (obj === null || obj === undefined) return { requirements: [], nothing: true };
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(obj.matchLabels ?? {})) {
    checkKey(key);
    checkValue(key, value, 0);
    reqs.push({ key, operator: '=', values: [value] });
  }
  for (const expr of obj.matchExpressions ?? []) {
    checkKey(expr.key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          throw new SelectorError(
            `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`,
          );
        values.forEach((v, i) => checkValue(expr.key, v, i));
        reqs.push({
          key: expr.key,
          operator: expr.operator === 'In' ? 'in' : 'notin',
          values: [...new Set(values)].sort(),
        });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          throw new SelectorError(
            `values: Invalid value: []string{${values.map((v) => JSON.stringify(v)).join(', ')}}: values set must be empty for exists and does not exist`,
          );
        reqs.push({ key: expr.key, operator: expr.operator === 'Exists' ? 'exists' : '!', values: [] });
        break;
      default:
        throw new SelectorError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    }
  }
  return { requirements: sortRequirements(reqs) };
}

/** A `matchLabels`-style map as a selector (ReplicationController and Service selectors). */
export function fromLabelMap(map: Record<string, string> | undefined): LabelSelectorExpr {
  return {
    requirements: sortRequirements(
      Object.entries(map ?? {}).map(([key, value]) => ({ key, operator: '=' as const, values: [value] })),
    ),
  };
}

// ---------------------------------------------------------------- field selectors

/** One field requirement: `field op value`. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

/** A parsed field selector: every requirement must hold. */
export interface FieldSelectorExpr {
  requirements: FieldRequirement[];
}

/** Splits on `sep` outside backslash escapes. */
function splitEscaped(input: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === '\\' && i + 1 < input.length) {
      cur += c + input[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function unescapeField(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/** Parses a field selector. Throws `SelectorError` (`invalid selector: 'x'; can't understand 'x'`). */
export function parseFieldSelector(input: string): FieldSelectorExpr {
  const requirements: FieldRequirement[] = [];
  if (input.trim() === '') return { requirements };
  for (const part of splitEscaped(input, ',')) {
    let found: FieldRequirement | undefined;
    for (const op of ['!=', '==', '='] as const) {
      // the first unescaped occurrence of an operator
      for (let i = 0; i < part.length; i++) {
        if (part[i] === '\\') {
          i++;
          continue;
        }
        if (part.startsWith(op, i) && !(op === '=' && part[i - 1] === '!')) {
          found = {
            field: part.slice(0, i).trim(),
            operator: op,
            value: unescapeField(part.slice(i + op.length)),
          };
          break;
        }
      }
      if (found) break;
    }
    if (!found || found.field === '')
      throw new SelectorError(`invalid selector: '${input}'; can't understand '${part}'`);
    requirements.push(found);
  }
  return { requirements };
}

/**
 * The value of a dotted field path on an object, as field selectors compare it: strings as they
 * are, numbers and booleans in decimal/`true`/`false`, anything missing as `''`.
 */
export function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return '';
}

/** True when the object satisfies every field requirement. */
export function matchesFields(selector: FieldSelectorExpr, obj: unknown): boolean {
  return selector.requirements.every((r) => {
    const v = fieldValue(obj, r.field);
    return r.operator === '!=' ? v !== r.value : v === r.value;
  });
}

/** Kubernetes' canonical text of a field selector. */
export function formatFieldSelector(selector: FieldSelectorExpr): string {
  return selector.requirements
    .map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${r.value.replace(/([\\,=])/g, '\\$1')}`)
    .join(',');
}

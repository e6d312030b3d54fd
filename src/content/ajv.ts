import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { formatPath, pointerToPath, positionOf, type Diagnostic, type YamlSource } from './diagnostics';

const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false });
const compiled = new Map<object, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

function describe(e: ErrorObject): { path: (string | number)[]; message: string; atKey: boolean } {
  const path = pointerToPath(e.instancePath);
  switch (e.keyword) {
    case 'required': {
      const field = (e.params as { missingProperty: string }).missingProperty;
      return { path, message: `${formatPath([...path, field])}: required field is missing`, atKey: false };
    }
    case 'additionalProperties': {
      const field = (e.params as { additionalProperty: string }).additionalProperty;
      return {
        path: [...path, field],
        message: `${formatPath([...path, field])}: unknown field`,
        atKey: true,
      };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
      return { path, message: `${formatPath(path)}: must be one of ${allowed.join(', ')}`, atKey: false };
    }
    default:
      return {
        path,
        message: `${formatPath(path) || '(top level)'}: ${e.message ?? 'is invalid'}`,
        atKey: false,
      };
  }
}

/** Validates parsed YAML against a JSON Schema; each error points at its line and column. */
export function schemaDiagnostics(schema: object, src: YamlSource, file: string, code: string): Diagnostic[] {
  const validate = compile(schema);
  const value: unknown = src.doc.toJS({ maxAliasCount: 100 });
  if (validate(value)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of validate.errors ?? []) {
    // An `if/then` or `oneOf` failure repeats its branches' errors; keep the specific ones.
    if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
    const { path, message, atKey } = describe(e);
    if (seen.has(message)) continue;
    seen.add(message);
    out.push({ file, ...positionOf(src, path, atKey), code, severity: 'error', message });
  }
  return out;
}

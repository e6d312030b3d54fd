/**
 * Structural validation: runs a kind's generated validator and turns ajv's errors into what the
 * API server reports. Schema violations that Kubernetes finds while decoding JSON (wrong types,
 * bad quantities, unknown fields under Strict) become decode errors (a 400 BadRequest); the rest
 * (required fields, unsupported enum values) become 422 causes.
 */
import type { ErrorObject } from 'ajv';
import { QUANTITY_SYNTAX_MESSAGE } from '../machinery/quantity';
import { type Cause, notSupported, required } from './field-errors';
import { resolve, schemaAtPath, type SchemaNode } from './schemas';

/** What structural validation found. */
export interface StructuralResult {
  causes: Cause[];
  /** Decoding failures: wrong JSON types, bad quantities, bad base64, out-of-range integers. */
  decodeErrors: Cause[];
  /** Fields the schema does not declare, as Kubernetes names them (`spec.containers[0].imagePullPolcy`). */
  unknownFields: string[];
}

type Segment = string | number;

/** Splits an ajv instancePath (`/spec/containers/0/image`) into segments, using the data for array indices. */
function segments(instancePath: string, data: unknown): Segment[] {
  if (!instancePath) return [];
  const out: Segment[] = [];
  let node: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      out.push(Number(part));
      node = node[Number(part)];
    } else {
      out.push(part);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }
  }
  return out;
}

/**
 * Renders segments as a Kubernetes field path. Map entries (under a schema with
 * `additionalProperties`) print as `[key]`; struct fields as `.name`; list items as `[i]`.
 */
export function fieldPath(root: SchemaNode | undefined, segs: Segment[]): string {
  let text = '';
  let schema = resolve(root);
  for (const seg of segs) {
    if (typeof seg === 'number') text += `[${seg}]`;
    else if (
      schema &&
      !schema.properties?.[seg] &&
      schema.additionalProperties &&
      typeof schema.additionalProperties === 'object'
    )
      text += `[${seg}]`;
    else text += text ? `.${seg}` : seg;
    schema = schema ? schemaAtPath(schema, [seg]) : undefined;
  }
  return text;
}

/** The dotted path without list indices, as Go's JSON decoder names a field. */
function goFieldPath(segs: Segment[]): string {
  return segs.filter((s) => typeof s === 'string').join('.');
}

function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return `number ${value}`;
  return typeof value;
}

/** Go's name for the type a schema node decodes into (`int32`, `[]v1.Container`, `map[string]string`). */
function goTypeName(schema: SchemaNode | undefined): string {
  if (!schema) return 'interface {}';
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    const parts = name.split('.');
    return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  }
  if (schema.format === 'int32' || schema.format === 'int64') return schema.format;
  if (schema.format === 'quantity') return 'resource.Quantity';
  if (schema.format === 'int-or-string') return 'intstr.IntOrString';
  if (schema.format === 'byte') return '[]uint8';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'integer':
      return 'int32';
    case 'array':
      return `[]${goTypeName(schema.items as SchemaNode)}`;
    case 'object':
      return schema.additionalProperties && typeof schema.additionalProperties === 'object'
        ? `map[string]${goTypeName(schema.additionalProperties as SchemaNode)}`
        : 'struct';
    default:
      return 'interface {}';
  }
}

function valueAt(data: unknown, segs: Segment[]): unknown {
  let node = data;
  for (const s of segs)
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[s] : undefined;
  return node;
}

/** The Go struct name that holds the last segment (`ContainerPort` for `...ports[0].containerPort`). */
function parentStructName(root: SchemaNode, segs: Segment[]): string {
  const parentPath = segs.slice(0, -1);
  let name = '';
  let node: SchemaNode | undefined = root;
  for (let i = 0; i <= parentPath.length; i++) {
    if (node?.$ref) name = node.$ref;
    if (i === parentPath.length) break;
    node = node ? schemaAtPath(node, [parentPath[i]!], true) : undefined;
  }
  return name.split('.').pop() ?? '';
}

/** Maps ajv errors for `data` (validated against the kind's `root` schema) to Kubernetes' shapes. */
export function mapErrors(errors: ErrorObject[], data: unknown, root: SchemaNode): StructuralResult {
  const result: StructuralResult = { causes: [], decodeErrors: [], unknownFields: [] };
  const seen = new Set<string>();
  for (const error of errors) {
    const segs = segments(error.instancePath, data);
    const path = fieldPath(root, segs);
    const key = `${error.keyword}|${path}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    switch (error.keyword) {
      case 'additionalProperties': {
        const prop = (error.params as { additionalProperty: string }).additionalProperty;
        result.unknownFields.push(path ? `${path}.${prop}` : prop);
        break;
      }
      case 'required': {
        const prop = (error.params as { missingProperty: string }).missingProperty;
        if (segs.length === 0 && (prop === 'apiVersion' || prop === 'kind')) break; // the API layer's concern
        result.causes.push(required(path ? `${path}.${prop}` : prop));
        break;
      }
      case 'enum': {
        const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? [])
          .map(String)
          .sort();
        result.causes.push(notSupported(path, valueAt(data, segs), allowed));
        break;
      }
      case 'const': {
        const allowed = String((error.params as { allowedValue: unknown }).allowedValue);
        result.decodeErrors.push({
          reason: 'FieldValueInvalid',
          field: path,
          message: `${path} must be ${JSON.stringify(allowed)}, not ${JSON.stringify(valueAt(data, segs))}`,
        });
        break;
      }
      case 'format': {
        const format = (error.params as { format: string }).format;
        const value = valueAt(data, segs);
        let message: string;
        if (format === 'quantity') message = QUANTITY_SYNTAX_MESSAGE;
        else if (format === 'byte')
          message = `illegal base64 data at input byte ${firstBadBase64(String(value))}`;
        else if (format === 'date-time')
          message = `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`;
        else message = unmarshalMessage(root, segs, value, format);
        result.decodeErrors.push({ reason: 'FieldValueTypeInvalid', field: path, message });
        break;
      }
      case 'type': {
        const value = valueAt(data, segs);
        const schema = schemaAtPath(root, segs);
        result.decodeErrors.push({
          reason: 'FieldValueTypeInvalid',
          field: path,
          message: unmarshalMessage(root, segs, value, goTypeName(schema)),
        });
        break;
      }
      default:
        result.causes.push({
          reason: 'FieldValueInvalid',
          field: path,
          message: `Invalid value: ${JSON.stringify(valueAt(data, segs))}: ${error.keyword}`,
        });
    }
  }
  return result;
}

function unmarshalMessage(root: SchemaNode, segs: Segment[], value: unknown, goType: string): string {
  if (segs.length === 0)
    return `json: cannot unmarshal ${jsonTypeName(value)} into Go value of type ${goType}`;
  return `json: cannot unmarshal ${jsonTypeName(value)} into Go struct field ${parentStructName(root, segs)}.${goFieldPath(segs)} of type ${goType}`;
}

function firstBadBase64(s: string): number {
  const i = s.search(/[^A-Za-z0-9+/=]/);
  return i >= 0 ? i : Math.max(0, s.length - (s.length % 4));
}

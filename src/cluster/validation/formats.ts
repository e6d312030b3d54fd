/**
 * The OpenAPI formats Kubernetes schemas use, as ajv format definitions. The generated standalone
 * validators import this module, so it must stay free of anything but plain functions and regexes.
 */
import { isQuantity } from '../machinery/quantity';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** One format: a regex (strings) or a validate function for numbers or strings. */
export type FormatDefinition =
  RegExp | true | { type: 'number' | 'string'; validate: (value: never) => boolean };

/** Formats keyed by name, ready for `ajv.addFormat` or ajv's `code.formats`. */
export const k8sFormats: Record<string, FormatDefinition> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX },
  int64: { type: 'number', validate: (n: number) => Number.isSafeInteger(n) },
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  quantity: { type: 'string', validate: (s: string) => isQuantity(s) },
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
  'int-or-string': true,
};

/**
 * The one ajv configuration used both at build time (standalone validators) and at run time
 * (compiling a schema on demand). Both must agree, so both come from here.
 */
import Ajv, { type Options } from 'ajv';
import { k8sFormats } from './formats';

/** Vendor keywords the generated schemas carry; they annotate and never fail validation. */
export const ANNOTATION_KEYWORDS = ['x-kubernetes-int-or-string', 'x-kubernetes-group-version-kind'];

/** ajv options: every error (so a response can list all causes), draft-07, types as declared. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictTuples: false,
  allowUnionTypes: true,
  validateFormats: true,
  messages: false,
  inlineRefs: false,
};

/** A new ajv instance with Kubernetes' formats and keywords registered. */
export function createAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  for (const [name, format] of Object.entries(k8sFormats)) {
    ajv.addFormat(name, format as Parameters<Ajv['addFormat']>[1]);
  }
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  return ajv;
}

/** Request bodies: JSON parsing with the API server's errors, decode errors, JSON patches. */
import type { KubeObject } from '../types.js';
import { ApiError } from '../types.js';
import { badRequest, invalid } from '../machinery/errors.js';
import { applyJsonPatch, JsonPatchError } from '../machinery/json-patch.js';
import type { PatchContext } from './hooks.js';
import type { ResourceInfo } from './resources.js';

/** 400 for problems found while decoding (unknown fields under Strict, wrong JSON types). */
export function decodeError(info: ResourceInfo, causes: { message: string; reason: string }[]): ApiError {
  const unknown = causes.filter((c) => c.reason === 'FieldValueUnknown');
  const other = causes.filter((c) => c.reason !== 'FieldValueUnknown');
  const detail =
    other.length > 0
      ? other[0]!.message
      : `strict decoding error: ${unknown.map((c) => c.message).join(', ')}`;
  return badRequest(
    `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${detail}`,
  );
}

/** Parses a JSON request body; 400 with the parse error when it is not JSON. */
export function parseBody(text: string, what: 'object' | 'patch'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    throw badRequest(
      what === 'patch'
        ? `error decoding patch: ${msg}`
        : `couldn't get version/kind; json parse error: ${msg}`,
    );
  }
}

export function applyJsonPatchOrFail(
  current: KubeObject | undefined,
  patch: string,
  ctx: PatchContext | undefined,
): KubeObject {
  const ops = parseBody(patch, 'patch');
  try {
    return applyJsonPatch(current, ops) as KubeObject;
  } catch (e) {
    if (!(e instanceof JsonPatchError)) throw e;
    if (e.kind === 'malformed') throw badRequest(e.message);
    const info = ctx?.resource;
    throw invalid(info ?? { group: '', kind: 'Object' }, ctx?.name ?? '', [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(patch)}: ${e.message}`,
        field: 'patch',
      },
    ]);
  }
}

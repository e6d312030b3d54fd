/**
 * Strategic merge patch: the merge-key table (`field-rules.ts`), the schema cursor that finds a
 * field's rule, the patch algorithm, and the API's `PatchHandler` for
 * `application/strategic-merge-patch+json`.
 */
import type { KubeObject } from '../../types.js';
import type { PatchContext, PatchHandler } from '../../api/hooks.js';
import { parseBody } from '../../api/body.js';
import { badRequest } from '../errors.js';
import { applyStrategicMergePatch, StrategicMergeError } from './apply.js';
import { rootCursor, type Cursor } from './schema-cursor.js';

export { applyStrategicMergePatch, StrategicMergeError } from './apply.js';
export {
  rootCursor,
  fieldCursor,
  itemCursor,
  listKind,
  UNKNOWN,
  type Cursor,
  type ListKind,
} from './schema-cursor.js';
export { FIELD_RULES, ATOMIC_STRUCTS, ATOMIC_MAPS, type FieldRule } from './field-rules.js';

/** Content type of a strategic merge patch. */
export const STRATEGIC_MERGE_PATCH_TYPE = 'application/strategic-merge-patch+json';

/** The schema cursor of the object a patch request targets (a Scale for the scale subresource). */
export function cursorFor(ctx: Pick<PatchContext, 'resource' | 'subresource'>): Cursor {
  if (ctx.subresource === 'scale') return rootCursor('autoscaling', 'v1', 'Scale');
  const { group, version, kind } = ctx.resource;
  return rootCursor(group, version, kind);
}

/** The PatchHandler for strategic merge patches. */
export function strategicMergePatchHandler(): PatchHandler {
  return {
    apply(current, patch, ctx) {
      const body = parseBody(patch, 'patch');
      try {
        return applyStrategicMergePatch(current, body, cursorFor(ctx)) as KubeObject;
      } catch (e) {
        if (e instanceof StrategicMergeError) throw badRequest(e.message);
        throw e;
      }
    },
  };
}

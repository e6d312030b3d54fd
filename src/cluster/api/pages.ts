/** List pages: `continue` tokens in Kubernetes' shape, and their 410 once compacted. */
import type { KubeObject } from '../types.js';
import { ApiError } from '../types.js';
import { badRequest } from '../machinery/errors.js';
import { decodeBase64, encodeBase64 } from '../machinery/base64.js';

/** 410 for a continue token whose resourceVersion has been compacted, in Kubernetes' words. */
export function continueExpired(): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    reason: 'Expired',
    code: 410,
  });
}

export function itemSortKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export function encodeContinue(rv: number, start: string): string {
  return encodeBase64(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${start}\u0000` }));
}

export function decodeContinue(token: string): { rv: number; start: string } {
  const text = decodeBase64(token);
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const t = parsed as { v?: string; rv?: number; start?: string } | undefined;
  if (!t || t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string')
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  return { rv: t.rv, start: t.start.endsWith('\u0000') ? t.start.slice(0, -1) : t.start };
}

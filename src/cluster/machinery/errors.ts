/**
 * `Status` errors with Kubernetes' codes, reasons and messages. Each builder returns an
 * `ApiError` (types.ts) to throw; the API layer turns it into the response body.
 */
import { ApiError, type Status } from '../types.js';

/** A group and resource, as errors name them (`deployments.apps`, or `pods` for core). */
export interface GroupResource {
  group: string;
  resource: string;
}

/** `deployments.apps`, or `pods` for the core group. */
export function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  } as Status;
  return new ApiError(status);
}

function detailsOf(gr: GroupResource, name: string): NonNullable<Status['details']> {
  return gr.group ? { name, group: gr.group, kind: gr.resource } : { name, kind: gr.resource };
}

/** 404 `pods "web" not found`. */
export function notFound(gr: GroupResource, name: string): ApiError {
  return failure(404, 'NotFound', `${qualified(gr)} ${JSON.stringify(name)} not found`, detailsOf(gr, name));
}

/** 404 for a path the server does not serve. */
export function resourceNotFound(): ApiError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 409 `pods "web" already exists`. */
export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return failure(
    409,
    'AlreadyExists',
    `${qualified(gr)} ${JSON.stringify(name)} already exists`,
    detailsOf(gr, name),
  );
}

/** 409 Conflict for a stale resourceVersion. */
export function conflict(
  gr: GroupResource,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): ApiError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(gr)} ${JSON.stringify(name)}: ${why}`,
    detailsOf(gr, name),
  );
}

/** 410 Gone: `too old resource version: 5 (120)`. */
export function expired(requested: string | number, oldest: string | number): ApiError {
  return failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

/** 400 BadRequest with a message. */
export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

/** 403 Forbidden: `pods "web" is forbidden: <why>`. */
export function forbidden(gr: GroupResource, name: string, why: string): ApiError {
  return failure(
    403,
    'Forbidden',
    `${qualified(gr)} ${JSON.stringify(name)} is forbidden: ${why}`,
    detailsOf(gr, name),
  );
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(): ApiError {
  return failure(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

/** 415 UnsupportedMediaType for a body in a format the endpoint does not take. */
export function unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
  void contentType;
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** 406 NotAcceptable. */
export function notAcceptable(accepted: string[]): ApiError {
  return failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
}

/** 422 Invalid: `Deployment.apps "web" is invalid: <causes>`. */
export function invalid(
  kind: { group: string; kind: string },
  name: string,
  causes: { reason: string; message: string; field?: string }[],
): ApiError {
  const lines = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  const text = lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`;
  return failure(422, 'Invalid', `${qualifiedKind} ${JSON.stringify(name)} is invalid: ${text}`, {
    name,
    group: kind.group,
    kind: kind.kind,
    causes: causes.map((c) => ({ ...c })),
  });
}

/** 500 InternalError. */
export function internalError(message: string): ApiError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ reason: 'UnexpectedServerError', message }],
  });
}

/**
 * A `Status` with `status: Success`, shaped as the API server sends it after a delete: no
 * message, reason or code, `details` naming the object.
 */
export function success(gr: GroupResource, name: string, uid?: string): Status {
  const details = detailsOf(gr, name);
  if (uid) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details } as Status;
}

/** The `Success` Status of a POST to a subresource (binding, eviction): `code: 201`. */
export function created(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as Status;
}

/** 504 Timeout for a watch from a resourceVersion the store has not reached yet. */
export function tooLargeResourceVersion(requested: string | number, current: string | number): ApiError {
  return failure(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    retryAfterSeconds: 1,
  });
}

/**
 * Request body decoders beyond JSON: Kubernetes protobuf (what kubectl 1.32's `create`
 * generators send) and YAML (what people send with curl). Each turns its body into the same
 * object JSON would have given, or answers with the Status a real API server gives.
 */
import { parse } from 'yaml';
import { ApiError } from './types.js';
import { badRequest } from './machinery/errors.js';
import { decodeUtf8 } from './machinery/utf8.js';
import {
  decodeKubernetesProtobuf,
  KUBERNETES_PROTOBUF_MEDIA_TYPE,
  ProtobufError,
} from './machinery/protobuf/index.js';

const text = (body: Uint8Array | string) => (typeof body === 'string' ? body : decodeUtf8(body));

function protobuf(body: Uint8Array | string): unknown {
  try {
    if (typeof body === 'string') throw new ProtobufError('expected a binary body, got text');
    return decodeKubernetesProtobuf(body);
  } catch (err) {
    if (!(err instanceof ProtobufError)) throw err;
    if (err.status === 415) {
      throw new ApiError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: err.message,
        reason: 'UnsupportedMediaType',
        code: 415,
      });
    }
    throw badRequest(err.message);
  }
}

function yaml(body: Uint8Array | string): unknown {
  try {
    return parse(text(body), { uniqueKeys: true, maxAliasCount: 100 });
  } catch (err) {
    throw badRequest(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Decoders for `HandlerExtensions.decoders`, by media type. */
export function bodyDecoders(): Record<string, (body: Uint8Array | string) => unknown> {
  return {
    [KUBERNETES_PROTOBUF_MEDIA_TYPE]: protobuf,
    'application/yaml': yaml,
  };
}

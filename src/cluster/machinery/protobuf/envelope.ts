/**
 * The Kubernetes protobuf envelope: the magic bytes `k8s\0`, then a `runtime.Unknown` message
 * `{typeMeta{apiVersion, kind}, raw, contentEncoding, contentType}` whose `raw` holds the object.
 */
import { ProtobufError, WireType, readFields, utf8 } from './wire';

/** The four bytes that start every Kubernetes protobuf body: `k8s\0`. */
export const KUBERNETES_PROTOBUF_MAGIC: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

/** The media type of Kubernetes protobuf bodies. */
export const KUBERNETES_PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** What the envelope says about the object in it. */
export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object message: `bytes[rawStart, rawEnd)`. */
  readonly rawStart: number;
  readonly rawEnd: number;
  readonly contentEncoding: string;
  readonly contentType: string;
}

/** Whether a Content-Type header names Kubernetes protobuf (parameters are ignored). */
export function isKubernetesProtobuf(contentType: string | undefined | null): boolean {
  if (!contentType) return false;
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  return base === KUBERNETES_PROTOBUF_MEDIA_TYPE;
}

/** Reads the magic and the `runtime.Unknown` envelope of a body. */
export function readEnvelope(bytes: Uint8Array): Envelope {
  for (let i = 0; i < KUBERNETES_PROTOBUF_MAGIC.length; i++) {
    if (bytes[i] !== KUBERNETES_PROTOBUF_MAGIC[i]) {
      throw new ProtobufError(
        bytes.length < KUBERNETES_PROTOBUF_MAGIC.length
          ? `${bytes.length} bytes, too short for the k8s\\0 prefix`
          : 'does not start with the k8s\\0 prefix',
      );
    }
  }
  let apiVersion = '';
  let kind = '';
  let rawStart = 0;
  let rawEnd = 0;
  let contentEncoding = '';
  let contentType = '';
  const text = (w: { wire: number; at: number; start?: number; end?: number }, what: string): string => {
    if (w.wire !== WireType.Bytes) throw new ProtobufError(`${what} has wire type ${w.wire} at byte ${w.at}`);
    return utf8(bytes, w.start, w.end);
  };
  for (const w of readFields(bytes, KUBERNETES_PROTOBUF_MAGIC.length)) {
    if (w.no === 1) {
      if (w.wire !== WireType.Bytes)
        throw new ProtobufError(`typeMeta has wire type ${w.wire} at byte ${w.at}`);
      for (const t of readFields(bytes, w.start, w.end)) {
        if (t.no === 1) apiVersion = text(t, 'typeMeta.apiVersion');
        else if (t.no === 2) kind = text(t, 'typeMeta.kind');
      }
    } else if (w.no === 2) {
      if (w.wire !== WireType.Bytes) throw new ProtobufError(`raw has wire type ${w.wire} at byte ${w.at}`);
      rawStart = w.start!;
      rawEnd = w.end!;
    } else if (w.no === 3) contentEncoding = text(w, 'contentEncoding');
    else if (w.no === 4) contentType = text(w, 'contentType');
  }
  if (!apiVersion || !kind) throw new ProtobufError('the envelope names no apiVersion and kind');
  return { apiVersion, kind, rawStart, rawEnd, contentEncoding, contentType };
}

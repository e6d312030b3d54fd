/**
 * The `pod-template-hash`: a stable hash of a Deployment's pod template that names its
 * ReplicaSets (`web-7d4b9c8f6d`). Like Kubernetes: FNV-1a (32 bit) over the template, plus the
 * collision count when there is one, and the decimal digits of the hash encoded with the
 * alphabet of `rand.SafeEncodeString` (no vowels, no look-alike digits).
 */
import { stableStringify } from '../json.js';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  return fnv1a32From(0x811c9dc5, text);
}

/**
 * Continues FNV-1a from `h`, the hash of some text, over `text`: `fnv1a32From(fnv1a32(a), b)` is
 * `fnv1a32(a + b)`, so a common prefix is hashed once.
 */
export function fnv1a32From(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ASCII, the usual case, is one byte per character.
    if (c < 0x80) h = Math.imul(h ^ c, 0x01000193) >>> 0;
    else return fnvUtf8(h, text.slice(i));
  }
  return h >>> 0;
}

/** Continues FNV-1a over the UTF-8 encoding of `text` (code points, surrogate pairs joined). */
function fnvUtf8(h: number, text: string): number {
  const add = (b: number): void => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const bytes =
      c < 0x80
        ? [c]
        : c < 0x800
          ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
          : c < 0x10000
            ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
            : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    bytes.forEach(add);
  }
  return h >>> 0;
}

/** Encodes each character as ALPHABET[charCode % 27] (Kubernetes' SafeEncodeString). */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += ALPHABET[text.charCodeAt(i) % ALPHABET.length];
  return out;
}

/** The pod-template-hash of `template` (up to 10 characters; deterministic and pure). */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let text = stableStringify(template ?? {});
  if (collisionCount !== undefined && collisionCount > 0) text += `#${collisionCount}`;
  return safeEncode(String(fnv1a32(text)));
}

/** A short stable hash of a document's text, for the `?hash=` of OpenAPI v3 URLs. */

/** 16 uppercase hex digits: two 32-bit FNV-1a passes with different offsets over the UTF-16 code units. */
export function documentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `${hex(a)}${hex(b)}`.toUpperCase();
}

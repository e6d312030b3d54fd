/** The RFC 6455 framing of `cadet serve`'s exec stream (src/hosts/exec-stream.ts). */
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, podStreamPath } from '../../src/hosts/exec-stream';

const MASK = new Uint8Array([1, 2, 3, 4]);

describe('WebSocket frames', () => {
  it('round-trips payloads of 7-bit, 16-bit and 64-bit lengths, masked and not', () => {
    for (const size of [0, 5, 125, 126, 65535, 65536, 200_000]) {
      const payload = new Uint8Array(size).map((_, i) => (i * 31) % 256);
      for (const mask of [undefined, MASK]) {
        const frames = new FrameDecoder().push(encodeFrame(2, payload, mask));
        expect(frames).toHaveLength(1);
        expect(frames[0]!.fin).toBe(true);
        expect(frames[0]!.opcode).toBe(2);
        expect(Buffer.compare(frames[0]!.payload, Buffer.from(payload))).toBe(0);
      }
    }
  });

  it('header lengths follow RFC 6455', () => {
    expect([...encodeFrame(2, new Uint8Array(125)).subarray(0, 2)]).toEqual([0x82, 125]);
    expect([...encodeFrame(2, new Uint8Array(126)).subarray(0, 4)]).toEqual([0x82, 126, 0, 126]);
    expect([...encodeFrame(9, new Uint8Array(70_000)).subarray(0, 10)]).toEqual([
      0x89, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70,
    ]);
    expect([...encodeFrame(1, new Uint8Array(1), MASK).subarray(0, 2)]).toEqual([0x81, 0x81]);
  });

  it('decodes frames split across chunks and several frames in one chunk', () => {
    const a = encodeFrame(2, new Uint8Array([0, 104, 105]), MASK);
    const b = encodeFrame(8, new Uint8Array([3, 232]), MASK);
    const all = Buffer.concat([a, b]);
    const decoder = new FrameDecoder();
    const out = [];
    for (let i = 0; i < all.length; i++) out.push(...decoder.push(all.subarray(i, i + 1)));
    expect(out.map((f) => [f.opcode, [...f.payload]])).toEqual([
      [2, [0, 104, 105]],
      [8, [3, 232]],
    ]);
    expect(new FrameDecoder().push(all)).toHaveLength(2);
  });

  it('refuses frames over the limit', () => {
    expect(() => new FrameDecoder().push(encodeFrame(2, new Uint8Array(2000)), 1000)).toThrow(
      'WebSocket frame of 2000 bytes is over the 1000 byte limit',
    );
  });
});

describe('pod stream paths', () => {
  it('parses exec, attach and portforward URLs with their queries', () => {
    const p = podStreamPath(
      '/api/v1/namespaces/default/pods/web-1/exec?command=sh&command=-c&command=ls&stdin=true',
    );
    expect(p?.namespace).toBe('default');
    expect(p?.pod).toBe('web-1');
    expect(p?.sub).toBe('exec');
    expect(p?.query.getAll('command')).toEqual(['sh', '-c', 'ls']);
    expect(podStreamPath('/api/v1/namespaces/a/pods/b/attach')?.sub).toBe('attach');
    expect(podStreamPath('/api/v1/namespaces/a/pods/b/log')).toBeUndefined();
    expect(podStreamPath('/apis/apps/v1/namespaces/a/deployments/b/exec')).toBeUndefined();
  });
});

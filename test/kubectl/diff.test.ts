/** The unified diff behind `kubectl diff`: GNU `diff -u` hunks. */
import { describe, expect, it } from 'vitest';
import { unifiedHunks } from '../../src/kubectl/apply/unified-diff';

const text = (n: number, change: Record<number, string> = {}) =>
  Array.from({ length: n }, (_, i) => change[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';

describe('unified diff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedHunks(text(5), text(5))).toBe('');
  });

  it('shows three lines of context and deletions before insertions', () => {
    expect(unifiedHunks(text(10), text(10, { 5: 'five' }))).toBe(
      '@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+five\n line 6\n line 7\n line 8\n',
    );
  });

  it('joins changes closer than seven lines and splits farther ones', () => {
    const near = unifiedHunks(text(20), text(20, { 5: 'a', 11: 'b' }));
    expect(near.match(/^@@/gm)).toHaveLength(1);
    const far = unifiedHunks(text(30), text(30, { 5: 'a', 20: 'b' }));
    expect(far).toBe(
      '@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+a\n line 6\n line 7\n line 8\n' +
        '@@ -17,7 +17,7 @@\n line 17\n line 18\n line 19\n-line 20\n+b\n line 21\n line 22\n line 23\n',
    );
  });

  it('numbers a new file as GNU diff does', () => {
    expect(unifiedHunks('', 'a\nb\n')).toBe('@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(unifiedHunks('a\n', 'b\n')).toBe('@@ -1 +1 @@\n-a\n+b\n');
  });
});

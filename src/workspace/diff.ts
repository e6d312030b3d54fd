/**
 * A line diff for "show the solution": what to change in the learner's file to reach the
 * solution's, as unified-diff lines. Longest common subsequence over lines (lab files are small).
 * Pure; nothing is ever written to the learner's files.
 */

export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

export function diffLines(from: string, to: string): DiffLine[] {
  const a = from.split('\n');
  const b = to.split('\n');
  if (a[a.length - 1] === '') a.pop();
  if (b[b.length - 1] === '') b.pop();
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}

/** The diff of every solution file against the learner's files, as text (`--- a` / `+++ b` headers per file). */
export function solutionDiff(mine: Record<string, string>, solution: Record<string, string>): string {
  const parts: string[] = [];
  for (const path of Object.keys(solution).sort()) {
    const lines = diffLines(mine[path] ?? '', solution[path]!);
    if (lines.every((l) => l.op === ' ')) {
      parts.push(`${path}: same as the solution\n`);
      continue;
    }
    const header =
      path in mine
        ? `--- yours/${path}\n+++ solution/${path}\n`
        : `--- (no ${path} yet)\n+++ solution/${path}\n`;
    parts.push(header + lines.map((l) => `${l.op}${l.text}`).join('\n') + '\n');
  }
  return parts.join('\n');
}

/** Scoring of a self-check quiz; pure so it is tested without a browser. */
export interface ScoredChoice {
  correct: boolean;
}
export interface ScoredQuestion {
  points: number;
  choices: ScoredChoice[];
}

/** A question scores its points only when the chosen set equals the correct set. */
export function questionCorrect(q: ScoredQuestion, chosen: number[]): boolean {
  const want = q.choices.flatMap((c, i) => (c.correct ? [i] : []));
  const got = [...new Set(chosen)].sort((a, b) => a - b);
  return want.length === got.length && want.every((v, i) => v === got[i]);
}

export function scoreQuiz(
  questions: ScoredQuestion[],
  answers: number[][],
  passPercent: number,
): { points: number; total: number; percent: number; passed: boolean; correct: boolean[] } {
  const correct = questions.map((q, i) => questionCorrect(q, answers[i] ?? []));
  const total = questions.reduce((n, q) => n + q.points, 0);
  const points = questions.reduce((n, q, i) => n + (correct[i] ? q.points : 0), 0);
  const percent = total ? Math.round((points / total) * 100) : 0;
  return { points, total, percent, passed: percent >= passPercent, correct };
}

import { describe, expect, it } from 'vitest';
import { questionCorrect, scoreQuiz } from './quiz-score';

const single = { points: 1, choices: [{ correct: false }, { correct: true }, { correct: false }] };
const multiple = { points: 2, choices: [{ correct: true }, { correct: false }, { correct: true }] };

describe('quiz scoring', () => {
  it('needs exactly the correct set of choices', () => {
    expect(questionCorrect(single, [1])).toBe(true);
    expect(questionCorrect(single, [0])).toBe(false);
    expect(questionCorrect(single, [])).toBe(false);
    expect(questionCorrect(multiple, [2, 0])).toBe(true);
    expect(questionCorrect(multiple, [0])).toBe(false);
    expect(questionCorrect(multiple, [0, 1, 2])).toBe(false);
  });

  it('adds points, rounds the percentage and applies the pass mark', () => {
    expect(scoreQuiz([single, multiple], [[1], [0]], 70)).toEqual({
      points: 1,
      total: 3,
      percent: 33,
      passed: false,
      correct: [true, false],
    });
    expect(scoreQuiz([single, multiple], [[1], [0, 2]], 70).passed).toBe(true);
  });
});

import quizSchema from './schemas/quiz.schema.json' with { type: 'json' };
import { schemaDiagnostics } from './ajv';
import { parseYaml, positionOf, yamlErrors, type Diagnostic } from './diagnostics';

export interface QuizChoice {
  text: string;
  correct?: boolean;
  feedback?: string;
}
export interface QuizQuestion {
  id: string;
  type: 'single' | 'multiple';
  prompt: string;
  topics: string[];
  points?: number;
  choices: QuizChoice[];
  explanation: string;
}
export interface Quiz {
  title: string;
  module: string;
  description?: string;
  passPercent?: number;
  questions: QuizQuestion[];
}

export { quizSchema };

/** Checks one quiz file against the schema and the rules the schema cannot say. */
export function checkQuiz(
  file: string,
  text: string,
  modules: Set<string>,
): { diagnostics: Diagnostic[]; quiz?: Quiz } {
  const src = parseYaml(text);
  const syntax = yamlErrors(src, file);
  if (syntax.length) return { diagnostics: syntax };
  const out = schemaDiagnostics(quizSchema, src, file, 'quiz-invalid');
  if (out.length) return { diagnostics: out };
  const quiz = src.doc.toJS() as Quiz;
  const at = (path: (string | number)[], code: string, message: string) =>
    out.push({ file, ...positionOf(src, path), code, severity: 'error', message });

  if (!modules.has(quiz.module))
    at(['module'], 'unknown-module', `module "${quiz.module}" is not in lessons/modules.yaml`);
  const ids = new Set<string>();
  quiz.questions.forEach((q, i) => {
    if (ids.has(q.id))
      at(['questions', i, 'id'], 'duplicate-question', `question id "${q.id}" is used twice`);
    ids.add(q.id);
    const correct = q.choices.filter((c) => c.correct).length;
    if (q.type === 'single' && correct !== 1) {
      at(
        ['questions', i, 'choices'],
        'quiz-answer',
        `single-choice question "${q.id}" needs exactly one correct choice, has ${correct}`,
      );
    }
    if (q.type === 'multiple' && correct < 1) {
      at(
        ['questions', i, 'choices'],
        'quiz-answer',
        `multiple-choice question "${q.id}" needs at least one correct choice`,
      );
    }
  });
  return { diagnostics: out, quiz };
}

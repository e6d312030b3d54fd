/** Which lessons link to which glossary terms, read from `<Term id="...">` in lesson bodies. */
export interface LessonText {
  id: string;
  title: string;
  body: string;
}

const TERM_USE = /<Term\s+id=["']([a-z0-9-]+)["']/g;

export function termIdsIn(body: string): string[] {
  return [...new Set([...body.matchAll(TERM_USE)].map((m) => m[1]!))];
}

export function termUses(lessons: LessonText[]): Map<string, LessonText[]> {
  const uses = new Map<string, LessonText[]>();
  for (const lesson of lessons) {
    for (const id of termIdsIn(lesson.body)) {
      const list = uses.get(id) ?? [];
      list.push(lesson);
      uses.set(id, list);
    }
  }
  return uses;
}

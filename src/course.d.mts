export function lessonSlug(fileName: string): string;
export function lessonId(modulePath: string): string;
export interface CourseLesson {
  id: string;
  file: string;
  title: string;
  summary: string;
  order: number;
  minutes: number;
  topics: string[];
  labs: string[];
  quizzes: string[];
}
export interface CourseModule {
  id: string;
  title: string;
  summary: string;
  lessons: CourseLesson[];
  minutes: number;
}
export function readCourse(root?: string): CourseModule[];

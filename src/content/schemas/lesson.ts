import { z } from 'astro/zod';

/** Syllabus topic ids, T1 to T27 (see CONTRIBUTING.md, "Content"). */
export const topicId = z.string().regex(/^T([1-9]|1[0-9]|2[0-7])$/, 'must be a syllabus topic id, T1 to T27');

/** A slug as used for labs and quizzes: lower-case words joined by hyphens. */
const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case slug such as "deploy-scale-heal"');

/** The seed documents a lesson may draw facts from. */
export const seedFiles = [
  '000_af5763a8d8db584b.txt',
  '001_a40d6655299336a9.txt',
  '002_3767b79175570124.txt',
  '003_b27cc482ee832013.txt',
  '004_fc853455e5422055.txt',
] as const;

/**
 * Frontmatter of a lesson (lessons/<module>/<nn-slug>.mdx). Starlight's own fields
 * (title, description, sidebar, ...) are merged in by src/content.config.ts.
 */
export const lessonFields = {
  /** One or two sentences shown on the course map and in search results. */
  summary: z.string().min(20, 'should be at least a sentence'),
  /** Module id from lessons/modules.yaml. */
  module: z.string().min(1),
  /** Position inside the module, starting at 1. */
  order: z.number().int().positive(),
  /** Syllabus topics this lesson teaches. */
  topics: z.array(topicId).min(1, 'a lesson teaches at least one syllabus topic'),
  /** What the learner can do after the lesson; each starts with a verb. */
  objectives: z.array(z.string().min(5)).min(1),
  /** Estimated reading and practice time. */
  minutes: z.number().int().min(1).max(120),
  /** Seed documents the lesson takes facts from (by file name). */
  sources: z.array(z.enum(seedFiles)).default([]),
  /** Labs (labs/<nn-slug>/, by slug without the number) that practise this lesson. */
  labs: z.array(slug).default([]),
  /** Quizzes (quizzes/<slug>.yaml) that check this lesson. */
  quizzes: z.array(slug).default([]),
};

/** The lesson fields as one object schema, for tools outside Astro (cadet check). */
export const lessonSchema = z
  .object({
    title: z.string().min(3),
    description: z.string().optional(),
    ...lessonFields,
  })
  .passthrough();

export type LessonFrontmatter = z.infer<typeof lessonSchema>;

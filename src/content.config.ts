import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { lessonFields } from './content/schemas/lesson';
import { lessonId } from './course.mjs';

export const collections = {
  /** Lessons: lessons/<module>/<nn-slug>.mdx, served at /<module>/<slug>/. */
  docs: defineCollection({
    loader: glob({
      base: './lessons',
      pattern: '*/[0-9]*.mdx',
      generateId: ({ entry }) => lessonId(entry),
    }),
    // Optional here because Starlight checks custom pages (the course map, the glossary)
    // against this schema too; `cadet check` requires every lesson field on lessons.
    schema: docsSchema({ extend: z.object(lessonFields).partial() }),
  }),
  /** Glossary terms: lessons/glossary/<id>.yaml. */
  glossary: defineCollection({
    loader: glob({ base: './lessons/glossary', pattern: '*.yaml' }),
    schema: z.object({
      term: z.string(),
      definition: z.string().min(10),
      aliases: z.array(z.string()).default([]),
    }),
  }),
  /** Quizzes: quizzes/<slug>.yaml (validated in full by `cadet check` against quiz.schema.json). */
  quizzes: defineCollection({
    loader: glob({ base: './quizzes', pattern: '*.yaml' }),
    schema: z.object({
      title: z.string(),
      module: z.string(),
      description: z.string().optional(),
      passPercent: z.number().int().default(70),
      questions: z.array(
        z.object({
          id: z.string(),
          type: z.enum(['single', 'multiple']),
          prompt: z.string(),
          topics: z.array(z.string()),
          points: z.number().int().default(1),
          choices: z.array(
            z.object({
              text: z.string(),
              correct: z.boolean().default(false),
              feedback: z.string().optional(),
            }),
          ),
          explanation: z.string(),
        }),
      ),
    }),
  }),
};

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
};

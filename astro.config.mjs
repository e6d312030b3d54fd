// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { readCourse } from './src/course.mjs';

/**
 * Labs host a WebContainer, which needs a cross-origin isolated page. Every page is
 * served with these headers in development and preview, so what works here works
 * when deployed with the same headers (see README, "Deploying").
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const sidebar = readCourse().map((mod) => ({
  label: mod.title,
  items: mod.lessons.map((lesson) => ({ label: lesson.title, link: `/${lesson.id}/` })),
}));

export default defineConfig({
  site: 'https://cadet.example.org',
  server: { port: 4321, headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  },
  image: { service: { entrypoint: 'astro/assets/services/noop' } },
  integrations: [
    starlight({
      title: 'Cadet',
      description: 'Learn Kubernetes by doing: lessons, labs on a simulated cluster, quizzes and exams.',
      sidebar: [
        { label: 'Course map', link: '/' },
        ...sidebar,
        { label: 'Quizzes', link: '/quizzes/' },
        { label: 'Glossary', link: '/glossary/' },
      ],
      customCss: ['./src/styles/course.css'],
      components: {
        Footer: './src/components/overrides/Footer.astro',
        Head: './src/components/overrides/Head.astro',
      },
      lastUpdated: false,
      pagination: true,
    }),
  ],
});

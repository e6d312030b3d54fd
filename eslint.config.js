// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'src/cluster/generated/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The cluster core runs unchanged in Node and in a browser worker: no Node, no DOM.
    files: ['src/cluster/**/*.ts', 'src/kubectl/**/*.ts', 'src/grader/**/*.ts'],
    ignores: ['src/kubectl/**/node.ts', 'src/grader/http-reader.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'src/cluster must not import Node modules (it runs in a browser worker).',
            },
            {
              group: [
                'fs',
                'path',
                'http',
                'https',
                'os',
                'crypto',
                'events',
                'stream',
                'buffer',
                'url',
                'util',
                'child_process',
              ],
              message: 'src/cluster must not import Node modules (it runs in a browser worker).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/cluster must not use process (inject what you need).' },
        { name: 'Buffer', message: 'src/cluster must not use Buffer (use Uint8Array / TextEncoder).' },
        { name: 'window', message: 'src/cluster must not touch the DOM.' },
        { name: 'document', message: 'src/cluster must not touch the DOM.' },
        { name: 'localStorage', message: 'src/cluster must not touch the DOM.' },
        { name: 'setTimeout', message: 'src/cluster takes time from the injected clock.' },
        { name: 'setInterval', message: 'src/cluster takes time from the injected clock.' },
        { name: 'Date', message: 'src/cluster takes time from the injected clock.' },
      ],
    },
  },
);

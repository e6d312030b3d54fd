import { expect, it } from 'vitest';
import { inlineMarkdown } from './inline-markdown';

it('formats code, strong and emphasis and escapes HTML', () => {
  expect(inlineMarkdown('Run `kubectl get <pods>` **now**, *please*')).toBe(
    'Run <code>kubectl get &lt;pods&gt;</code> <strong>now</strong>, <em>please</em>',
  );
  expect(inlineMarkdown('`a*b*c`')).toBe('<code>a*b*c</code>');
});

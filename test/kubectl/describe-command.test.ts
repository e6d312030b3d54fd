/** The `kubectl describe` command: name prefixes, selectors, several objects, NotFound and usage errors, as real kubectl 1.32 printed them. */
import { describe } from 'vitest';
import { goldenCases } from './support/golden';

describe('describe command', () => {
  goldenCases((n) =>
    [
      'pod-prefix-web',
      'pods-db',
      'not-found',
      'not-found-slash',
      'no-resources',
      'no-type',
      'unknown-type',
    ].includes(n),
  );
});

/** Differential: `kubectl api-resources` and `kubectl api-versions` (discovery only). */
import { describe } from 'vitest';
import { differential } from './support/harness';

describe('differential: kubectl api-resources, api-versions', () => {
  const d = differential('api-resources');

  d.same(['api-resources']);
  d.same(['api-resources', '-o', 'wide']);
  d.same(['api-resources', '-o', 'name']);
  d.same(['api-resources', '--namespaced=true']);
  d.same(['api-resources', '--namespaced=false', '-o', 'wide']);
  d.same(['api-resources', '--api-group=apps']);
  d.same(['api-resources', '--api-group=']);
  d.same(['api-resources', '--verbs=list,watch', '--no-headers']);
  d.same(['api-resources', '--categories=all']);
  d.same(['api-resources', '--sort-by=name']);
  d.same(['api-resources', '--sort-by=kind', '-o', 'name']);
  d.same(['api-versions']);
  d.same(['api-resources', '--help']);
  d.same(['api-versions', '--help']);

  // errors
  d.same(['api-resources', '-o', 'yaml']);
  d.same(['api-resources', '--sort-by=age']);
  d.same(['api-resources', '--bogus']);
  d.same(['api-versions', '-x']);
});

/** Differential: `kubectl version` and `kubectl cluster-info`. */
import { describe } from 'vitest';
import { differential } from './support/harness';

describe('differential: kubectl version, cluster-info', () => {
  const d = differential('version');

  d.same(['version']);
  d.same(['version', '--client']);
  d.same(['version', '-o', 'json']);
  d.same(['version', '-o', 'yaml']);
  d.same(['version', '--client', '-o', 'json']);
  d.same(['version', '-o', 'xml']);
  d.same(['version', '--help']);
  d.same(['cluster-info']);
  d.same(['cluster-info', '-n', 'default']);
  d.same(['cluster-info', '-n', 'kube-system']);
  d.same(['cluster-info', 'nosuch']);
  d.same(['cluster-info', '--help']);
  d.same(['cluster-info', 'dump', '--help']);
});

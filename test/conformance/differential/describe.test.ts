/**
 * Differential: `kubectl describe` for every kind with a describer, the generic fallback, name
 * prefixes, selectors and errors. Real kubectl computes ages from the wall clock while the served
 * cluster runs on a virtual one, so ages are replaced and runs of spaces collapsed before
 * comparing; the exact alignment is pinned by test/kubectl/describe-*.test.ts.
 */
import { describe } from 'vitest';
import { differential, normalizeAges, normalizePorts } from './support/harness';
import { populate } from '../../kubectl/support/describe-world';

const normalize = (text: string): string =>
  normalizeAges(normalizePorts(text).replace(/ over [^)]+\)/g, ' over AGE)')).replace(/ {2,}/g, '  ');

describe('differential: kubectl describe', () => {
  const d = differential('describe', { setup: (side) => populate(side.cluster, side.clock) });
  const same = (...args: string[]) => d.same(args, { normalize });
  // Real kubectl prints a ConfigMap's and a Secret's data keys in Go's random map order (Cadet
  // sorts them), so those two cases compare their lines as a multiset; the order Cadet prints is
  // pinned by test/kubectl/describe-golden/.
  const sameAnyKeyOrder = (...args: string[]) =>
    d.same(args, { normalize: (text) => normalize(text).split('\n').sort().join('\n') });

  same('describe', 'pod', 'multi');
  same('describe', 'pod', 'bad');
  same('describe', 'pod', 'user');
  same('describe', 'pods', '-l', 'app=db');
  same('describe', 'pod', 'web');
  same('describe', 'deploy', 'web');
  same('describe', 'rs');
  same('describe', 'sts', 'db');
  same('describe', 'ds', 'agent');
  same('describe', 'job', 'once');
  same('describe', 'cronjob', 'tick');
  same('describe', 'hpa', 'web');
  same('describe', 'svc');
  same('describe', 'endpoints', 'web');
  same('describe', 'ing', 'web');
  same('describe', 'nodes');
  same('describe', 'ns');
  sameAnyKeyOrder('describe', 'cm', 'cfg');
  sameAnyKeyOrder('describe', 'secret', 'sec');
  same('describe', 'sa');
  same('describe', 'pvc');
  same('describe', 'pv');
  same('describe', 'sc');
  same('describe', 'quota,limits', '-n', 'team');
  same('describe', 'lease', '-n', 'kube-node-lease');
  same('describe', 'netpol');
  same('describe', 'role,rolebinding');
  same('describe', 'clusterrole', 'monitor');
  same('describe', 'clusterrolebinding', 'monitor');
  same('describe', 'pods', '-n', 'kube-system');
  same('describe', 'deployment.apps/web', 'svc/web');
  same('describe', 'pods', '-A', '-l', 'app=web');
  same('describe', 'pvc', 'claim', '--show-events=false');

  // errors and edge cases
  same('describe');
  same('describe', 'foo');
  same('describe', 'pod', 'nope');
  same('describe', 'pod/nope', 'svc/web');
  same('describe', 'pod', 'multi', 'nope', 'user');
  same('describe', 'pods', '-l', 'app=none');
  same('describe', 'pod/multi', 'mul');
});

/** Differential: `kubectl top node|pod` on the world's metrics (columns, units, sorting, sums, errors). */
import { describe } from 'vitest';
import { differential } from './support/harness';
import { populate } from '../../kubectl/support/describe-world';

describe('differential: kubectl top', () => {
  const d = differential('top', { setup: (side) => populate(side.cluster, side.clock) });
  const same = (...args: string[]) => d.same(args);

  same('top', 'nodes');
  same('top', 'node', 'worker-1');
  same('top', 'nodes', '--sort-by=memory', '--no-headers');
  same('top', 'nodes', '--show-capacity');
  same('top', 'pods');
  same('top', 'pods', '-A');
  same('top', 'pods', '-A', '--sort-by=memory', '--sum');
  same('top', 'pods', '-A', '--sort-by=cpu');
  same('top', 'pods', '--containers');
  same('top', 'pods', '--sort-by=cpu');
  same('top', 'pods', '-l', 'app=db', '--containers', '-A');
  same('top', 'pod', 'multi', '--containers', '--no-headers');
  same('top', 'po', '-l', 'app=web');

  // errors
  same('top', 'pods', '--sort-by=foo');
  same('top', 'pods', 'nope');
  same('top', 'node', 'nope');
  same('top', 'pods', '-n', 'kube-public');
  same('top', 'pods', 'a', 'b');
});

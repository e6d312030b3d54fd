/**
 * Differential: `kubectl wait` for conditions that already hold or are checked once
 * (`--timeout=0`); waits that need time to pass are in test/kubectl/wait.test.ts, because the
 * served cluster's virtual clock stands still while real kubectl waits on the wall clock.
 */
import { describe } from 'vitest';
import { differential } from './support/harness';
import { populate } from '../../kubectl/support/describe-world';

describe('differential: kubectl wait', () => {
  const d = differential('wait', { setup: (side) => populate(side.cluster, side.clock) });
  const same = (...args: string[]) => d.same(args);

  same('wait', '--for=condition=Available', 'deploy/web');
  same('wait', '--for=condition=Available=false', 'deploy/web', '--timeout=0');
  same('wait', '--for=jsonpath={.status.readyReplicas}=2', 'deploy/web');
  same('wait', '--for=jsonpath={.status.readyReplicas}=3', 'deploy/web', '--timeout=0');
  same('wait', '--for=jsonpath={.status.phase}', 'pod/multi');
  same('wait', '--for=jsonpath={.status.phase}=Running', 'pod/multi', 'pod/user');
  same('wait', '--for=condition=Ready', 'pods', '-l', 'app=web');
  same('wait', '--for=condition=Ready', 'pods', '--all', '--timeout=0');
  same('wait', '--for=condition=ready', 'node/worker-1');
  same('wait', '--for=create', 'pod/multi');
  same('wait', '--for=delete', 'pod/nope');

  // errors
  same('wait');
  same('wait', 'deploy/web');
  same('wait', '--for=bogus', 'deploy/web');
  same('wait', '--for=condition=Ready', 'pod/nope');
  same('wait', '--for=condition=Ready', 'pods', '-l', 'app=none');
  same('wait', '--for=condition=Ready', 'pods');
  same('wait', '--for=jsonpath={.spec}', 'pod/multi');
  same('wait', '--for=jsonpath={.a}=b=c', 'deploy/web');
});

/** Differential: `kubectl logs` (container choice, TYPE/NAME, selectors, tail, timestamps, errors). */
import { describe } from 'vitest';
import { differential } from './support/harness';
import { populate } from '../../kubectl/support/describe-world';

describe('differential: kubectl logs', () => {
  const d = differential('logs', { setup: (side) => populate(side.cluster, side.clock) });
  const same = (...args: string[]) => d.same(args);

  same('logs', 'multi');
  same('logs', 'multi', '-c', 'b');
  same('logs', 'multi', 'b');
  same('logs', 'deploy/web');
  same('logs', 'svc/web');
  same('logs', 'sts/db');
  same('logs', 'job/once');
  same('logs', 'pod/user');
  same('logs', 'multi', '--tail=1', '-c', 'a');
  same('logs', 'multi', '-c', 'a', '--timestamps');
  same('logs', 'multi', '--since=1h', '-c', 'a');
  same('logs', 'multi', '-c', 'b', '--prefix');
  same('logs', 'user', '--limit-bytes=20');

  // errors
  same('logs');
  same('logs', 'nope');
  same('logs', 'multi', 'a', 'b');
  same('logs', 'multi', '-c', 'nope');
  same('logs', 'deploy/nope');
  same('logs', 'multi', '--since=1h', '--since-time=2026-01-01T00:00:00Z');
  same('logs', '-l', 'app=nothing');
});

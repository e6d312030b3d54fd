/** Differential: `kubectl cordon`, `uncordon`, `drain` and `taint` on two alike clusters. */
import { describe } from 'vitest';
import { differential } from './support/harness';

describe('differential: node maintenance', () => {
  const d = differential('nodes', { mode: 'pair' });

  d.sequence('cordon and uncordon', [
    ['cordon', 'worker-3'],
    ['cordon', 'worker-3'],
    ['get', 'nodes'],
    ['uncordon', 'worker-3'],
    ['uncordon', 'worker-3'],
    ['cordon', 'worker-3', '--dry-run=client'],
    ['cordon', 'worker-3', '--dry-run=server'],
    ['cordon', 'nope'],
    ['cordon'],
    ['cordon', '-l', 'kubernetes.io/hostname=worker-2'],
    ['uncordon', '-l', 'kubernetes.io/hostname=worker-2'],
  ]);

  d.sequence('taint', [
    ['taint', 'nodes', 'worker-3', 'dedicated=gpu:NoSchedule'],
    ['taint', 'nodes', 'worker-3', 'dedicated=gpu:NoSchedule'],
    ['taint', 'nodes', 'worker-3', 'dedicated=cpu:NoSchedule', '--overwrite'],
    ['taint', 'node', 'worker-3', 'other=x:NoExecute'],
    ['get', 'node', 'worker-3', '-o', 'jsonpath={.spec.taints}'],
    ['taint', 'nodes', 'worker-3', 'dedicated:NoSchedule-'],
    ['taint', 'nodes', 'worker-3', 'dedicated-'],
    ['taint', 'nodes/worker-3', 'other-'],
    ['taint', 'nodes', 'worker-3', 'bad'],
    ['taint', 'nodes', 'worker-3', 'a=b:Bogus'],
    ['taint', 'nodes', 'worker-3', 'k=v:NoExecute', '--dry-run=client'],
    ['taint', 'nodes'],
    ['taint'],
    ['taint', 'pods', 'x', 'a=b:NoSchedule'],
    ['taint', 'nodes', 'nope', 'a=b:NoSchedule'],
  ]);

  d.sequence('drain refusals', [
    ['drain', 'worker-1'],
    ['uncordon', 'worker-1'],
    ['drain', 'nope'],
  ]);
});

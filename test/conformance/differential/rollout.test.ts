/** Differential: `kubectl rollout status|history|undo|restart|pause|resume` on two alike clusters. */
import { describe } from 'vitest';
import { differential, type Side } from './support/harness';

const settle = (side: Side) => {
  side.clock.advance(60_000);
};

describe('differential: kubectl rollout', () => {
  const d = differential('rollout', { mode: 'pair' });

  d.sequence('create and change a deployment', [
    ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2'],
  ]);
  d.sequence(
    'rolled out; a new revision',
    [
      ['rollout', 'status', 'deployment/web'],
      ['rollout', 'status', 'deploy', 'web', '--watch=false'],
      ['rollout', 'history', 'deployment/web'],
      ['set', 'image', 'deployment/web', 'nginx=nginx:1.26'],
    ],
    { setup: settle },
  );
  d.sequence(
    'history, undo, pause, resume',
    [
      ['rollout', 'status', 'deployment/web'],
      ['rollout', 'history', 'deployment/web'],
      ['rollout', 'history', 'deployment/web', '--revision=1'],
      ['rollout', 'history', 'deployment/web', '--revision=7'],
      ['rollout', 'undo', 'deployment/web', '--to-revision=99'],
      ['rollout', 'pause', 'deployment/web'],
      ['rollout', 'pause', 'deployment/web'],
      ['rollout', 'undo', 'deployment/web'],
      ['rollout', 'resume', 'deployment/web'],
      ['rollout', 'resume', 'deployment/web'],
      ['rollout', 'undo', 'deployment/web'],
    ],
    { setup: settle },
  );
  d.sequence(
    'after the undo',
    [
      ['rollout', 'history', 'deployment/web'],
      ['rollout', 'undo', 'deployment/web', '--to-revision=3'],
      ['rollout', 'status', 'deployment/nope'],
      ['rollout', 'status'],
      ['rollout', 'status', 'daemonset/kube-proxy', '-n', 'kube-system'],
      ['rollout', 'status', 'deploy/coredns', '-n', 'kube-system', '--watch=false'],
      ['rollout', 'history', 'daemonset/kube-proxy', '-n', 'kube-system'],
      ['rollout', 'status', 'configmap/kube-root-ca.crt'],
      ['rollout', 'history', 'deployment'],
    ],
    { setup: settle },
  );
});

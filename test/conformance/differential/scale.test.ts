/** Differential: `kubectl scale` and `kubectl set image`, step by step on two alike clusters. */
import { describe } from 'vitest';
import { differential } from './support/harness';

describe('differential: kubectl scale', () => {
  const d = differential('scale', { mode: 'pair' });

  d.sequence('scale', [
    ['create', 'deployment', 'web', '--image=nginx', '--replicas=2'],
    ['create', 'deployment', 'api', '--image=nginx'],
    ['scale', 'deployment', 'web', '--replicas=3'],
    ['scale', 'deploy/web', 'deploy/api', '--replicas=1'],
    ['scale', '--replicas=4', 'deployment', 'web', '--dry-run=client'],
    ['scale', '--replicas=4', 'deployment', 'web', '--dry-run=server'],
    ['scale', '--replicas=2', 'deployment', 'web', '-o', 'name'],
    ['scale', '--replicas=2', 'deployment', 'web', '--current-replicas=5'],
    ['scale', '--replicas=3', 'deployment', 'web', '--current-replicas=2'],
    ['scale', 'deploy', '-l', 'app=api', '--replicas=2'],
    ['get', 'deploy', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.replicas}{"\\n"}{end}'],
    ['scale', 'deployment', 'web'],
    ['scale', 'deployment', 'web', '--replicas=-1'],
    ['scale', 'deployment', 'nope', '--replicas=1'],
    ['scale', '--replicas=1'],
  ]);
});

describe('differential: kubectl set image', () => {
  const d = differential('set', { mode: 'pair' });

  d.sequence('set image', [
    ['create', 'deployment', 'web', '--image=nginx:1.25'],
    ['set', 'image', 'deployment/web', 'nginx=nginx:1.26'],
    ['set', 'image', 'deployment/web', 'nginx=nginx:1.26'],
    ['set', 'image', 'deploy', 'web', '*=nginx:1.27'],
    ['set', 'image', 'deployment/web', 'nginx=nginx:1.28', '--dry-run=client'],
    ['set', 'image', 'deployment/web', 'nginx=nginx:1.28', '-o', 'name'],
    ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].image}'],
    ['set', 'image', 'deployment/web', 'nope=x'],
    ['set', 'image', 'deployment/web'],
    ['set', 'image', 'deployment/nope', 'a=b'],
    ['run', 'p', '--image=busybox'],
    ['set', 'image', 'pod/p', 'p=busybox:1.36'],
  ]);
});

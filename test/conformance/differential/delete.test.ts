/** Differential: `kubectl delete` by name, type/name, -f, -l, --all, dry runs, cascade, force, errors. */
import { describe } from 'vitest';
import { differential } from './support/harness';

const cm = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    app: demo\n`;

describe('differential: kubectl delete', () => {
  const d = differential('delete', { mode: 'pair' });

  d.sequence('names, files, selectors', [
    {
      args: ['apply', '-f', 'cms.yaml'],
      options: { files: { 'cms.yaml': [cm('a'), cm('b'), cm('c'), cm('d')].join('---\n') } },
    },
    ['delete', 'configmap', 'a'],
    ['delete', 'cm', 'b', 'nope'],
    ['delete', 'configmap/c', '--dry-run=client'],
    ['delete', 'configmap/c', '--dry-run=server'],
    ['delete', 'cm', 'c', '-o', 'name'],
    ['delete', 'cm', '-l', 'app=demo'],
    ['delete', 'cm', '-l', 'app=demo'],
    { args: ['apply', '-f', 'cms.yaml'], options: {} },
    ['delete', '-f', 'cms.yaml'],
    ['delete', '-f', 'cms.yaml'],
    ['delete', '-f', 'cms.yaml', '--ignore-not-found'],
    ['delete', 'cm', 'nope', '--ignore-not-found'],
    ['delete', 'cm', 'never-was', '--dry-run=client'],
    ['delete', 'cm', 'never-was', '--dry-run=server'],
  ]);

  d.sequence('deployments and pods', [
    ['create', 'deployment', 'web', '--image=nginx', '--replicas=2'],
    ['delete', 'deployment', 'web', '--cascade=orphan', '--wait=false'],
    ['create', 'deployment', 'web2', '--image=nginx'],
    ['delete', 'deploy', 'web2', '--cascade=foreground', '--wait=false'],
    ['run', 'p1', '--image=nginx'],
    ['delete', 'pod', 'p1', '--force', '--grace-period=0'],
    ['run', 'p2', '--image=nginx'],
    ['delete', 'pod', 'p2', '--now', '--wait=false'],
    ['delete', 'deploy', '--all', '-n', 'kube-public'],
  ]);

  d.sequence('errors', [
    ['delete'],
    ['delete', 'pods'],
    ['delete', 'pod', 'nope'],
    ['delete', 'nosuchkind', 'x'],
    ['delete', '-f', 'missing.yaml'],
    ['delete', 'cm', 'x', '--cascade=sideways'],
    ['delete', 'cm', '--all', '-l', 'a=b'],
  ]);
});

/** Differential: `kubectl label` and `kubectl annotate` on two alike clusters. */
import { describe } from 'vitest';
import { differential } from './support/harness';

describe('differential: kubectl label and annotate', () => {
  const d = differential('label', { mode: 'pair' });

  d.sequence('label', [
    ['create', 'deployment', 'lb', '--image=nginx'],
    ['label', 'deploy', 'lb', 'tier=web'],
    ['label', 'deploy', 'lb', 'tier=db'],
    ['label', 'deploy/lb', 'tier=db', '--overwrite'],
    ['label', 'deploy/lb', 'tier=db', '--overwrite'],
    ['label', 'deploy', 'lb', 'tier-'],
    ['label', 'deploy', 'lb', 'tier-'],
    ['label', 'deploy', 'lb', 'app=lb', 'tier=x'],
    ['label', 'deploy', 'lb', 'x=a b'],
    ['label', 'deploy', 'lb'],
    ['label', 'deploy', 'lb', 'a=1', 'b=2', '--dry-run=client', '-o', 'name'],
    // (--list is left out: real kubectl prints the labels in Go's random map order)
    ['label', 'deploy', 'nope', 'a=b'],
    ['label', 'deploy', '-l', 'app=lb', 'c=3'],
    ['label', 'deploy', '--all', 'd=4'],
    ['label', 'deploy', 'lb', 'e=5', 'deploy'],
    ['label', 'ns', 'default', 'team=blue'],
    ['get', 'deploy', 'lb', '--show-labels'],
  ]);

  d.sequence('annotate', [
    ['create', 'configmap', 'an', '--from-literal=a=b'],
    ['annotate', 'cm', 'an', 'note=hi'],
    ['annotate', 'cm', 'an', 'note=bye'],
    ['annotate', 'cm', 'an', 'note=bye', '--overwrite'],
    ['annotate', 'cm', 'an', 'note-'],
    ['annotate', 'cm', 'an', 'note-'],
    ['annotate', 'cm', 'an'],
    ['annotate', 'cm/an', 'description=a long text with spaces', '-o', 'name'],
    ['get', 'cm', 'an', '-o', 'jsonpath={.metadata.annotations}'],
  ]);
});

/** Differential: `kubectl config` (kubeconfig only, no server requests), on two alike clusters. */
import { describe } from 'vitest';
import { differential } from './support/harness';

const OTHER = [
  'apiVersion: v1',
  'kind: Config',
  'clusters:',
  '- name: remote',
  '  cluster:',
  '    server: https://192.0.2.10:6443',
  '    certificate-authority-data: QUJD',
  'users:',
  '- name: admin',
  '  user:',
  '    client-certificate-data: QUJD',
  '    client-key-data: QUJD',
  'contexts:',
  '- name: first',
  '  context:',
  '    cluster: remote',
  '    user: admin',
  '- name: second',
  '  context:',
  '    cluster: remote',
  '    user: admin',
  '    namespace: team-a',
  'current-context: first',
  '',
].join('\n');

describe('differential: kubectl config', () => {
  const d = differential('config', { mode: 'pair' });

  d.sequence('view, get-contexts, current-context, get-clusters, get-users', [
    ['config', 'view'],
    ['config', 'view', '--raw'],
    ['config', 'view', '--minify'],
    ['config', 'view', '-o', 'json'],
    ['config', 'view', '-o', 'jsonpath={.contexts[0].context.namespace}'],
    ['config', 'get-contexts'],
    ['config', 'get-contexts', '-o', 'name'],
    ['config', 'get-contexts', '--no-headers'],
    ['config', 'current-context'],
    ['config', 'get-clusters'],
    ['config', 'get-users'],
  ]);

  d.sequence('set-context --current --namespace, then use-context and view', [
    ['config', 'set-context', '--current', '--namespace=kube-system'],
    ['config', 'view', '--minify'],
    ['get', 'pods', '-o', 'name'],
    ['config', 'set-context', 'other', '--cluster=cadet', '--user=cadet', '--namespace=default'],
    ['config', 'get-contexts'],
    ['config', 'use-context', 'other'],
    ['config', 'current-context'],
    ['config', 'use', 'cadet'],
    ['config', 'rename-context', 'other', 'renamed'],
    ['config', 'get-contexts', 'renamed'],
    ['config', 'view'],
  ]);

  d.sequence('set-cluster, set-credentials, set, unset, delete-*', [
    ['config', 'set-cluster', 'c1', '--server=http://example.test:6443'],
    ['config', 'set-credentials', 'u1', '--token=abc'],
    ['config', 'set', 'contexts.x.namespace', 'foo'],
    ['config', 'set', 'contexts.x.cluster', 'c1'],
    ['config', 'view'],
    ['config', 'unset', 'contexts.x.namespace'],
    ['config', 'get-contexts'],
    ['config', 'delete-cluster', 'c1'],
    ['config', 'delete-user', 'u1'],
    ['config', 'delete-context', 'x'],
    ['config', 'view', '--raw'],
    ['config', 'delete-cluster', 'nope'],
    ['config', 'set', 'nope.x', 'y'],
  ]);

  d.sequence('--kubeconfig and KUBECONFIG name other files', [
    { args: ['config', 'view', '--kubeconfig', 'other.yaml'], options: { files: { 'other.yaml': OTHER } } },
    ['config', 'get-contexts', '--kubeconfig=other.yaml'],
    ['config', 'use-context', 'second', '--kubeconfig', 'other.yaml'],
    ['config', 'current-context', '--kubeconfig', 'other.yaml'],
    { args: ['config', 'current-context'], options: { env: { KUBECONFIG: 'other.yaml' } } },
    ['config', 'view', '--kubeconfig', 'missing.yaml'],
    // (a kubeconfig that is not YAML is left out: go-yaml's and Cadet's parser word the problem differently)
  ]);

  d.sequence('errors', [
    ['config', 'use-context', 'nope'],
    ['config', 'use-context'],
    ['config', 'set-context'],
    ['config', 'delete-context', 'nope'],
    ['config', 'rename-context', 'a', 'b'],
    ['config', 'get-contexts', 'nope'],
    ['config', 'nosuch'],
    ['config', 'view', '--foo'],
    ['confg', 'view'],
  ]);

  d.sequence('help', [
    ['config', '--help'],
    ['config'],
    ...[
      'view',
      'get-contexts',
      'current-context',
      'use-context',
      'set-context',
      'get-clusters',
      'get-users',
    ].map((sub) => ['config', sub, '--help']),
    ...['delete-context', 'rename-context', 'set', 'unset', 'set-cluster', 'set-credentials'].map((sub) => [
      'config',
      sub,
      '-h',
    ]),
  ]);
});

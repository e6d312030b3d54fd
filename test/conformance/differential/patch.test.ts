/** Differential: `kubectl patch` (strategic, merge, json) and `kubectl replace` on two alike clusters. */
import { describe } from 'vitest';
import { differential } from './support/harness';

const cm = (value: string, rv = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rc\n${rv ? `  resourceVersion: "${rv}"\n` : ''}data:\n  k: ${value}\n`;

describe('differential: kubectl patch and replace', () => {
  const d = differential('patch', { mode: 'pair' });

  d.sequence('patch', [
    ['create', 'deployment', 'pt', '--image=nginx'],
    ['patch', 'deploy', 'pt', '-p', '{"spec":{"replicas":2}}'],
    ['patch', 'deploy', 'pt', '-p', '{"spec":{"replicas":2}}'],
    ['patch', 'deploy/pt', '--type=merge', '-p', '{"metadata":{"labels":{"z":"1"}}}'],
    ['patch', 'deploy', 'pt', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]'],
    ['patch', 'deploy', 'pt', '-p', 'spec:\n  replicas: 1\n'],
    [
      'patch',
      'deploy',
      'pt',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}',
    ],
    ['patch', 'deploy', 'pt', '-p', '{"spec":{"replicas":4}}', '--dry-run=client'],
    ['patch', 'deploy', 'pt', '-p', '{"spec":{"replicas":4}}', '--dry-run=server'],
    ['patch', 'deploy', 'pt', '-p', '{"spec":{"replicas":1}}', '-o', 'name'],
    ['patch', 'deploy', 'pt', '--type=bad', '-p', '{}'],
    ['patch', 'deploy', 'pt'],
    ['patch', 'deploy', 'nope', '-p', '{}'],
    ['patch', 'deploy', 'pt', '-p', '{"spec":{"replicas":-1}}'],
    [
      'get',
      'deploy',
      'pt',
      '-o',
      'jsonpath={.spec.replicas} {.metadata.labels} {.spec.template.spec.containers[0].image}',
    ],
  ]);

  d.sequence('replace', [
    { args: ['create', '-f', 'rc.yaml'], options: { files: { 'rc.yaml': cm('a') } } },
    { args: ['replace', '-f', 'rc.yaml'], options: { files: { 'rc.yaml': cm('b') } } },
    { args: ['replace', '-f', 'rc.yaml'], options: { files: { 'rc.yaml': cm('c', '1') } } },
    { args: ['replace', '--force', '-f', 'rc.yaml'], options: { files: { 'rc.yaml': cm('d') } } },
    { args: ['replace', '-f', 'rc.yaml', '--dry-run=client'], options: {} },
    {
      args: ['replace', '-f', 'gone.yaml'],
      options: { files: { 'gone.yaml': cm('x').replace('name: rc', 'name: gone') } },
    },
    ['replace'],
    ['get', 'cm', 'rc', '-o', 'jsonpath={.data.k}'],
  ]);
});

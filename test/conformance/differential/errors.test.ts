/** Differential: how kubectl fails: unknown commands and flags, bad values, unknown resources, NotFound. */
import { describe } from 'vitest';
import { differential } from './support/harness';

describe('differential: kubectl errors', () => {
  const d = differential('errors');

  // commands
  d.same(['gte', 'pods']);
  d.same(['ap']);
  d.same(['descrbe', 'pod', 'x']);
  d.same(['nosuch']);
  d.same(['confg']);
  d.same(['lgs']);
  d.same(['rollot']);
  d.same(['-n', 'default', 'gte']);

  // help
  d.same(['--help']);
  d.same([]);
  d.same(['help']);
  d.same(['help', 'nosuch']);
  d.same(['help', 'config', 'view']);
  d.same(['options']);

  // flags
  d.same(['get', 'pods', '--foo']);
  d.same(['get', 'pods', '--foo=bar']);
  d.same(['get', 'pods', '-z']);
  d.same(['get', 'pods', '-Az']);
  d.same(['get', 'pods', '-n']);
  d.same(['get', 'pods', '--namespace']);
  d.same(['get', 'pods', '-o']);
  d.same(['-z', 'get', 'pods']);
  d.same(['--foo', 'get']);
  d.same(['get', 'pods', '-A=maybe']);
  d.same(['get', 'pods', '--chunk-size=many']);
  d.same(['get', 'pods', '---x']);
  d.same(['version', '--client=yes']);

  // resources
  d.same(['get', 'foo']);
  d.same(['get', 'pods,foo']);
  d.same(['get', 'foo/bar']);
  d.same(['get', 'pod', 'nope']);
  d.same(['get', 'pod', 'nope', 'another']);
  d.same(['get', 'pod/nope', '-o', 'name']);
  d.same(['get', 'ns', 'nope', '-o', 'json']);
  d.same(['get', 'deploy', 'nope', '-n', 'kube-system']);
  d.same(['get', 'pods', '-n', 'no-such-namespace']);
  d.same(['get', 'pods', '-l', '=bad']);
  d.same(['get', 'pods', '--field-selector', 'spec.bogus=1']);
  d.same(['get', 'pods', 'x', '-o', 'jsonpath={.metadata.name']);
  d.same(['get', 'pods', 'pod/x']);
  d.same(['get', 'pods', '--context', 'nope']);
  d.same(['get', 'pods', 'web', '-A']);
  d.same(['get', 'nodes', 'cp-1', '-A', '-o', 'name']);
});

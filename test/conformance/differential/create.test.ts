/** Differential: `kubectl create` (-f and the generators, dry-run output, errors), on two alike clusters. */
import { describe } from 'vitest';
import { differential } from './support/harness';

const D = ['--dry-run=client', '-o', 'yaml'];

describe('differential: kubectl create', () => {
  const d = differential('create', { mode: 'pair' });

  d.sequence('generators with --dry-run=client -o yaml|json', [
    ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=80', ...D],
    ['create', 'deployment', 'web', '--image=nginx', '--dry-run=client', '-o', 'json'],
    ['create', 'deployment', 'multi', '--image=nginx:1.25', '--image=busybox', ...D],
    ['create', 'deployment', 'cmd', '--image=busybox', ...D, '--', 'sleep', '3600'],
    ['create', 'namespace', 'team', ...D],
    ['create', 'ns', 'team', '--dry-run=client', '-o', 'json'],
    ['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=true', ...D],
    ['create', 'cm', 'cfg', '--from-literal=a=1', '--dry-run=client', '-o', 'json'],
    {
      args: ['create', 'configmap', 'cfg', '--from-file=app.conf', '--from-file=k=app.conf', ...D],
      options: { files: { 'app.conf': 'x = 1\ny = 2\n' } },
    },
    {
      args: ['create', 'configmap', 'envs', '--from-env-file=app.env', ...D],
      options: { files: { 'app.env': '# comment\nA=1\nB=two words\n' } },
    },
    ['create', 'secret', 'generic', 's', '--from-literal=password=s3cr3t', ...D],
    [
      'create',
      'secret',
      'generic',
      's',
      '--from-literal=password=s3cr3t',
      '--type=Opaque',
      '--dry-run=client',
      '-o',
      'json',
    ],
    ['create', 'secret', 'docker-registry', 'reg', '--docker-username=u', '--docker-password=p', ...D],
    ['create', 'service', 'clusterip', 'web', '--tcp=80:8080', ...D],
    ['create', 'service', 'nodeport', 'web', '--tcp=80:8080', '--node-port=30080', ...D],
    ['create', 'service', 'loadbalancer', 'lb', '--tcp=443', '--dry-run=client', '-o', 'json'],
    ['create', 'service', 'clusterip', 'headless', '--clusterip=None', ...D],
    ['create', 'job', 'once', '--image=busybox', ...D, '--', 'echo', 'hi'],
    ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', ...D, '--', 'date'],
    ['create', 'deployment', 'web', '--image=nginx', '-n', 'kube-public', ...D],
    ['create', 'deployment', 'web', '--image=nginx', '--dry-run=client'],
    ['create', 'deployment', 'web', '--image=nginx', '--dry-run=client', '-o', 'name'],
  ]);

  d.sequence('creating for real, then AlreadyExists', [
    ['create', 'deployment', 'web', '--image=nginx', '--replicas=2'],
    ['create', 'deployment', 'web', '--image=nginx'],
    ['create', 'namespace', 'team'],
    ['create', 'namespace', 'team'],
    ['create', 'configmap', 'cfg', '--from-literal=a=1'],
    ['create', 'configmap', 'cfg', '--from-literal=a=1'],
    ['create', 'secret', 'generic', 's', '--from-literal=a=1'],
    ['create', 'secret', 'generic', 's', '--from-literal=a=1'],
    ['create', 'service', 'clusterip', 'web', '--tcp=80:80'],
    ['create', 'job', 'once', '--image=busybox'],
    ['create', 'job', 'once', '--image=busybox'],
    ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *'],
    ['create', 'job', 'manual', '--from=cronjob/tick'],
    ['create', 'deployment', 'other', '--image=nginx', '--dry-run=server'],
    ['get', 'deploy,cm,secret,svc,job,cronjob', '-o', 'name'],
  ]);

  d.sequence('create -f', [
    {
      args: ['create', '-f', 'pod.yaml'],
      options: {
        files: {
          'pod.yaml':
            'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n',
        },
      },
    },
    ['create', '-f', 'pod.yaml'],
    ['create', '-f', 'missing.yaml'],
    ['create'],
  ]);

  d.sequence('generator errors', [
    ['create', 'deployment', 'a', 'b', '--image=nginx'],
    ['create', 'job'],
    ['create', 'service', 'clusterip', 'x'],
    ['create', 'configmap', 'c', '--from-literal=novalue'],
    ['create', 'configmap', 'c', '--from-literal=a=1', '--from-literal=a=2'],
    ['create', 'configmap', 'c', '--from-file=nothere.txt'],
    ['create', 'deployment', 'Bad_Name', '--image=nginx'],
    ['create', 'deployment', 'x', '--image=nginx', '--dry-run=maybe'],
  ]);
});

describe('differential: kubectl run and expose', () => {
  const d = differential('run-expose', { mode: 'pair' });

  d.sequence('run', [
    ['run', 'p', '--image=nginx', ...D],
    [
      'run',
      'p',
      '--image=nginx',
      '--port=80',
      '--labels=a=b,c=d',
      '--env=X=1',
      '--restart=Never',
      ...D,
      '--command',
      '--',
      'sleep',
      '10',
    ],
    ['run', 'p', '--image=nginx', '--dry-run=client', '-o', 'json', '--', 'arg1', 'arg2'],
    ['run', 'p', '--image=nginx', '--restart=OnFailure', '--image-pull-policy=IfNotPresent', ...D],
    ['run', 'web', '--image=nginx', '--port=80', '--labels=app=web'],
    ['run', 'web', '--image=nginx'],
    ['run', 'x', '--image=nginx', '--restart=Bad'],
    ['run', 'x', '--image=nginx', '--expose'],
    ['run', 'y', '--image=nginx', '--port=8080', '--expose'],
  ]);

  d.sequence('expose', [
    ['create', 'deployment', 'ex', '--image=nginx', '--port=80'],
    ['expose', 'deployment', 'ex', '--dry-run=client', '-o', 'yaml'],
    ['expose', 'deploy', 'ex', '--port=8080', '--target-port=80', '--dry-run=client', '-o', 'json'],
    ['expose', 'deploy/ex', '--port=80', '--type=NodePort', '--name=ex-np', ...D],
    ['expose', 'deployment', 'ex', '--port=80'],
    ['expose', 'deployment', 'ex', '--port=80'],
    ['run', 'solo', '--image=nginx', '--labels=app=solo,tier=x'],
    ['expose', 'pod', 'solo', '--port=80', '--name=solo-svc'],
    ['expose', 'svc', 'ex', '--name=ex-copy', ...D],
    ['create', 'deployment', 'noport', '--image=nginx'],
    ['expose', 'deployment', 'noport'],
    ['create', 'configmap', 'cm', '--from-literal=a=b'],
    ['expose', 'configmap', 'cm', '--port=80'],
    ['expose', 'deploy', 'nope', '--port=80'],
    ['expose'],
    ['expose', 'deploy'],
  ]);
});

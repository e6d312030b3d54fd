/** Differential: `kubectl apply` (client-side and server-side, dry runs, -o, errors), step by step on two alike clusters. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { differential } from './support/harness';

const deployment = (image: string, replicas: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web${extra}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
`;

const configMaps = `apiVersion: v1
kind: ConfigMap
metadata:
  name: one
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: two
data:
  b: "2"
`;

describe('differential: kubectl apply', () => {
  const d = differential('apply', { mode: 'pair' });

  d.sequence('create, unchanged, configured, then outputs', [
    { args: ['apply', '-f', 'd.yaml'], options: { files: { 'd.yaml': deployment('nginx:1.25', 2) } } },
    ['apply', '-f', 'd.yaml'],
    {
      args: ['apply', '-f', 'd.yaml'],
      options: { files: { 'd.yaml': deployment('nginx:1.26', 3, '\n    tier: web') } },
    },
    { args: ['apply', '-f', 'd.yaml'], options: { files: { 'd.yaml': deployment('nginx:1.26', 3) } } },
    ['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations}'],
    ['apply', 'view-last-applied', 'deploy/web'],
    ['apply', 'view-last-applied', 'deployment', 'web', '-o', 'json'],
    ['apply', 'view-last-applied', '-f', 'd.yaml'],
    ['apply', '-f', 'd.yaml', '-o', 'name'],
    {
      args: ['apply', '-f', 'd.yaml', '--dry-run=client'],
      options: { files: { 'd.yaml': deployment('nginx:1.27', 3) } },
    },
    ['apply', '-f', 'd.yaml', '--dry-run=server'],
  ]);

  d.sequence(
    'multi-document files, stdin, directories',
    [
      { args: ['apply', '-f', 'cms.yaml'], options: { files: { 'cms.yaml': configMaps } } },
      { args: ['apply', '-f', '-'], options: { stdin: configMaps } },
      {
        args: ['apply', '-f', 'dir'],
        options: { files: { 'dir/a.yaml': configMaps, 'dir/b.txt': 'not: [yaml' } },
      },
      ['apply', '-f', 'dir', '-R', '--dry-run=client', '-o', 'name'],
    ],
    {
      setup: (side) => {
        mkdirSync(join(side.serve.dir, 'dir'), { recursive: true });
      },
    },
  );

  d.sequence('server-side apply and conflicts', [
    { args: ['create', 'configmap', 'ssa', '--from-literal=k=v'] },
    {
      args: ['apply', '--server-side', '-f', 'ssa.yaml'],
      options: {
        files: { 'ssa.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: w\n' },
      },
    },
    ['apply', '--server-side', '--force-conflicts', '-f', 'ssa.yaml'],
    ['apply', '--server-side', '-f', 'ssa.yaml'],
  ]);

  d.sequence('errors', [
    ['apply', '-f', 'missing.yaml'],
    ['apply'],
    {
      args: ['apply', '-f', 'bad.yaml'],
      options: { files: { 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: 1\n' } },
    },
    {
      args: ['apply', '-f', 'bad.json'],
      options: { files: { 'bad.json': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"},}' } },
    },
    {
      args: ['apply', '-f', 'cut.json'],
      options: { files: { 'cut.json': '{"apiVersion":"v1","kind":"ConfigMap"' } },
    },
    {
      args: ['apply', '-f', 'nokind.yaml'],
      options: { files: { 'nokind.yaml': 'metadata:\n  name: x\n' } },
    },
    {
      args: ['apply', '-f', 'ns.yaml'],
      options: {
        files: { 'ns.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n  namespace: nope\n' },
      },
    },
    {
      args: ['apply', '-f', 'inv.yaml'],
      options: { files: { 'inv.yaml': deployment('nginx', -1) } },
    },
  ]);
});

describe('differential: kubectl apply of YAML 1.1 values', () => {
  const d = differential('apply', { mode: 'pair' });
  d.sequence('a name that YAML reads as a bool', [
    {
      args: ['apply', '-f', 'yy.yaml'],
      options: { files: { 'yy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n' } },
    },
  ]);
});

/**
 * Differential: `kubectl diff` on two alike clusters. Real kubectl names random temporary
 * directories and prints file times; both are normalised before comparing.
 */
import { describe } from 'vitest';
import { differential, normalizePorts } from './support/harness';

const normalize = (text: string) =>
  normalizePorts(text)
    .replace(/\/tmp\/(LIVE|MERGED)-\d+/g, '/tmp/$1-N')
    .replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000/g, '\tTIME');

const dep = (image: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: df
  labels:
    app: df
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: df
  template:
    metadata:
      labels:
        app: df
    spec:
      containers:
      - name: nginx
        image: ${image}
`;

describe('differential: kubectl diff', () => {
  const d = differential('diff', { mode: 'pair' });

  d.sequence(
    'diff before and after apply',
    [
      { args: ['diff', '-f', 'df.yaml'], options: { files: { 'df.yaml': dep('nginx', 1) } } },
      ['apply', '-f', 'df.yaml'],
      ['diff', '-f', 'df.yaml'],
      { args: ['diff', '-f', 'df.yaml'], options: { files: { 'df.yaml': dep('nginx:1.26', 3) } } },
      {
        args: ['diff', '-f', 'cm.yaml'],
        options: {
          files: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: "1"\n' },
        },
      },
      ['diff', '-f', 'missing.yaml'],
      ['diff'],
    ],
    { normalize },
  );
});

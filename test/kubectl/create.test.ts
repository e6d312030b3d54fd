/**
 * The generators of `kubectl create`, `run` and `expose` build what real kubectl 1.32 builds:
 * fixtures/generators.json holds real kubectl's `--dry-run=client -o json` output for each case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  configMapObject,
  createServiceObject,
  cronJobObject,
  deploymentObject,
  dockerRegistrySecretObject,
  exposeServiceObject,
  genericSecretObject,
  jobFromCronJob,
  jobObject,
  namespaceObject,
  podObject,
  type DataSourceReader,
} from '../../src/kubectl/generators/index';

const fixtures = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'generators.json'), 'utf8'),
) as Record<string, { stdout: string }>;
/** kubectl's JSON printer: four-space indent and a newline. */
const json = (obj: unknown) => `${JSON.stringify(obj, null, 4)}\n`;
const real = (name: string) => fixtures[name]!.stdout;

const files: Record<string, string> = {
  '/tmp/c3/f.txt': 'hello\n',
  '/tmp/c3/env.txt': 'A=1\n# c\nB=two\n\n  C=3\n',
};
const reader: DataSourceReader = {
  readFile: async (p) => files[p],
  stat: async (p) => (p in files ? 'file' : undefined),
  readDir: async () => [],
};

describe('generators print what real kubectl prints', () => {
  it('deployment', () => {
    expect(json(deploymentObject({ name: 'web', images: ['nginx'], replicas: 3, port: 80 }))).toBe(
      real('deployment'),
    );
    expect(
      json(
        deploymentObject({ name: 'multi', images: ['nginx:1.25', 'reg.io/x/busybox@sha256:abc'], port: 80 }),
      ),
    ).toBe(real('deployment-multi'));
    expect(json(deploymentObject({ name: 'one', images: ['nginx'], command: ['sleep', '1'] }))).toBe(
      real('deployment-command'),
    );
  });

  it('deployment errors', () => {
    expect(() => deploymentObject({ name: 'x', images: [] })).toThrow('required flag(s) "image" not set');
    expect(() => deploymentObject({ name: 'x', images: ['a', 'b'], command: ['c'] })).toThrow(
      'cannot specify multiple --image options and command',
    );
  });

  it('namespace', () => {
    expect(json(namespaceObject('foo'))).toBe(real('namespace'));
  });

  it('configmap from literals, files and env files', async () => {
    const cm = await configMapObject(
      'c',
      { literals: ['b=2', 'a=1'], files: ['/tmp/c3/f.txt', 'k2=/tmp/c3/f.txt'] },
      reader,
    );
    expect(json(cm)).toBe(real('configmap'));
    expect(json(await configMapObject('c', { envFiles: ['/tmp/c3/env.txt'] }, reader))).toBe(
      real('configmap-env'),
    );
  });

  it('configmap errors', async () => {
    await expect(configMapObject('c', { literals: ['x'] })).rejects.toThrow(
      'invalid literal source x, expected key=value',
    );
    await expect(configMapObject('c', { literals: ['a=1', 'a=2'] })).rejects.toThrow(
      'cannot add key "a", another key by that name already exists in Data for ConfigMap "c"',
    );
    await expect(configMapObject('c', { envFiles: ['e'], literals: ['a=1'] })).rejects.toThrow(
      'from-env-file cannot be combined with from-file or from-literal',
    );
    await expect(configMapObject('c', { files: ['/nonexist'] }, reader)).rejects.toThrow(
      'error reading /nonexist: no such file or directory',
    );
  });

  it('secrets', async () => {
    expect(json(await genericSecretObject('s', { literals: ['a=1'] }, 'Opaque'))).toBe(
      real('secret-generic'),
    );
    expect(
      json(dockerRegistrySecretObject('d', { server: 'r.io', username: 'u', password: 'p', email: 'e@x' })),
    ).toBe(real('secret-docker'));
  });

  it('services', () => {
    expect(json(createServiceObject({ type: 'ClusterIP', name: 's', tcp: ['80:8080', '443'] }))).toBe(
      real('service-clusterip'),
    );
    expect(
      json(createServiceObject({ type: 'NodePort', name: 's', tcp: ['80:8080'], nodePort: 30080 })),
    ).toBe(real('service-nodeport'));
    expect(json(createServiceObject({ type: 'ClusterIP', name: 's', clusterIP: 'None' }))).toBe(
      real('service-headless'),
    );
    expect(() => createServiceObject({ type: 'ClusterIP', name: 's' })).toThrow(
      'at least one tcp port specifier must be provided',
    );
  });

  it('job and cronjob', () => {
    expect(json(jobObject({ name: 'j', image: 'busybox', command: ['echo', 'hi'] }))).toBe(real('job'));
    expect(
      json(cronJobObject({ name: 'cj', image: 'busybox', schedule: '*/1 * * * *', command: ['date'] })),
    ).toBe(real('cronjob'));
  });

  it('job from a cronjob is owned by it and marked manual', () => {
    const cj = cronJobObject({ name: 'cj', image: 'busybox', schedule: '* * * * *' });
    (cj.metadata as Record<string, unknown>).uid = 'u1';
    const job = jobFromCronJob('manual-1', cj);
    expect(job.metadata).toEqual({
      name: 'manual-1',
      creationTimestamp: null,
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: 'u1', controller: true }],
    });
    expect((job.spec as { template: unknown }).template).toEqual(
      (cj.spec as { jobTemplate: { spec: { template: unknown } } }).jobTemplate.spec.template,
    );
  });

  it('run', () => {
    expect(
      json(
        podObject({
          name: 'p',
          image: 'nginx',
          port: 80,
          labels: 'a=b,c=d',
          env: ['X=1'],
          restart: 'Never',
          command: true,
          dashArgs: ['sleep', '10'],
        }),
      ),
    ).toBe(real('run'));
    expect(json(podObject({ name: 'p', image: 'nginx', dashArgs: ['arg1', 'arg2'] }))).toBe(real('run-args'));
  });

  it('expose a deployment: its selector, labels and container port', () => {
    const d = deploymentObject({ name: 'web', images: ['nginx'], port: 80 });
    const svc = exposeServiceObject(d, { port: '8080', targetPort: '80' });
    expect(svc.spec).toEqual({
      ports: [{ protocol: 'TCP', port: 8080, targetPort: 80 }],
      selector: { app: 'web' },
    });
    expect(exposeServiceObject(d, {}).spec).toEqual({
      ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }],
      selector: { app: 'web' },
    });
    expect(exposeServiceObject(d, { port: '80', type: 'NodePort', name: 'websvc' }).metadata).toEqual({
      name: 'websvc',
      creationTimestamp: null,
      labels: { app: 'web' },
    });
    expect(() => exposeServiceObject(deploymentObject({ name: 'x', images: ['nginx'] }), {})).toThrow(
      "couldn't find port via --port flag or introspection",
    );
  });
});

/**
 * `kubectl create -f` and the create generators judged by real kubectl 1.32. The generators send
 * protobuf bodies; the server decodes them, defaults them like a real API server and answers in
 * the format kubectl asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ServeHarness } from './support/serve';
import { ok, startFastServe, table, until } from './support/fast';

let h: ServeHarness;

beforeAll(async () => {
  h = await startFastServe(2);
});

afterAll(async () => {
  await h?.stop();
});

const API = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: nginx:1.27}]}
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports: [{port: 80}]
`;

describe('kubectl create -f', () => {
  it('creates every document of a file and prints one line each', async () => {
    const path = h.file('api.yaml', API);
    expect(await h.kubectl(['create', '-f', path])).toEqual({
      code: 0,
      stdout: 'deployment.apps/api created\nservice/api created\n',
      stderr: '',
    });
    expect(h.cluster.client.get('services', 'default', 'api')?.spec.ports[0].targetPort).toBe(80);
  });

  it('fails with AlreadyExists for objects that exist, naming the file', async () => {
    const path = h.file('api.yaml', API);
    const r = await h.kubectl(['create', '-f', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Error from server (AlreadyExists): error when creating "${path}": deployments.apps "api" already exists\n` +
        `Error from server (AlreadyExists): error when creating "${path}": services "api" already exists\n`,
    );
  });

  it('reads stdin with -f -', async () => {
    const r = await h.kubectl(['create', '-f', '-'], {
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-stdin}\ndata: {k: v}\n',
    });
    expect(r).toEqual({ code: 0, stdout: 'configmap/from-stdin created\n', stderr: '' });
  });

  it('reports a field the schema does not know, as strict field validation does', async () => {
    const path = h.file(
      'bad.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndatta: {k: v}\n',
    );
    const r = await h.kubectl(['create', '-f', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error from server (BadRequest): error when creating "${path}": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"\n`,
    );
  });
});

describe('kubectl create generators', () => {
  it('deployment: the object a real API server stores (server dry-run, YAML)', async () => {
    const r = ok(
      await h.kubectl(['create', 'deployment', 'x', '--image=nginx', '--dry-run=server', '-o', 'yaml']),
    );
    const o = parse(r);
    expect(o.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      r
        .replace(/creationTimestamp: "[^"]+"/, 'creationTimestamp: "<t>"')
        .replace(/uid: [0-9a-f-]{36}/, 'uid: <uid>'),
    ).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: "<t>"
  generation: 1
  labels:
    app: x
  name: x
  namespace: default
  uid: <uid>
spec:
  progressDeadlineSeconds: 600
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: x
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: x
    spec:
      containers:
      - image: nginx
        imagePullPolicy: Always
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status: {}
`);
    expect(h.cluster.client.get('deployments.apps', 'default', 'x')).toBeUndefined();
  });

  it('deployment with --replicas and --port: created and rolled out', async () => {
    expect(
      await h.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '--port=80']),
    ).toEqual({ code: 0, stdout: 'deployment.apps/web created\n', stderr: '' });
    await until(
      () => h.cluster.client.get('deployments.apps', 'default', 'web')?.status?.availableReplicas === 3,
      'web available',
    );
    const rows = table(ok(await h.kubectl(['get', 'deploy', 'web'])));
    expect(rows[1]!.slice(0, 4)).toEqual(['web', '3/3', '3', '3']);
    const d = h.cluster.client.get('deployments.apps', 'default', 'web')!;
    expect(d.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('deployment that exists: the generator’s error', async () => {
    const r = await h.kubectl(['create', 'deployment', 'web', '--image=nginx:1.27']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n',
    });
  });

  it('namespace: created Active with its metadata.name label', async () => {
    expect(await h.kubectl(['create', 'namespace', 'dev'])).toEqual({
      code: 0,
      stdout: 'namespace/dev created\n',
      stderr: '',
    });
    expect(table(ok(await h.kubectl(['get', 'ns', 'dev', '--show-labels'])))).toEqual([
      ['NAME', 'STATUS', 'AGE', 'LABELS'],
      ['dev', 'Active', expect.stringMatching(/^\d+s$/), 'kubernetes.io/metadata.name=dev'],
    ]);
  });

  it('configmap from literals and a file', async () => {
    const file = h.file('app.properties', 'color=blue\n');
    expect(
      await h.kubectl([
        'create',
        'configmap',
        'cfg',
        '--from-literal=a=1',
        `--from-file=${file}`,
        '-n',
        'dev',
      ]),
    ).toEqual({ code: 0, stdout: 'configmap/cfg created\n', stderr: '' });
    expect(h.cluster.client.get('configmaps', 'dev', 'cfg')?.data).toEqual({
      a: '1',
      'app.properties': 'color=blue\n',
    });
    expect(table(ok(await h.kubectl(['get', 'cm', 'cfg', '-n', 'dev'])))[1]!.slice(0, 2)).toEqual([
      'cfg',
      '2',
    ]);
  });

  it('secret generic: base64 data, type Opaque, TYPE and DATA columns', async () => {
    expect(await h.kubectl(['create', 'secret', 'generic', 'sec', '--from-literal=password=s3cret'])).toEqual(
      {
        code: 0,
        stdout: 'secret/sec created\n',
        stderr: '',
      },
    );
    const s = h.cluster.client.get('secrets', 'default', 'sec')!;
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ password: 'czNjcmV0' });
    expect(table(ok(await h.kubectl(['get', 'secret', 'sec'])))).toEqual([
      ['NAME', 'TYPE', 'DATA', 'AGE'],
      ['sec', 'Opaque', '1', expect.stringMatching(/^\d+s$/)],
    ]);
    expect(ok(await h.kubectl(['get', 'secret', 'sec', '-o', 'jsonpath={.data.password}']))).toBe('czNjcmV0');
  });

  it('service clusterip: the port named after its numbers, a cluster IP, selector app=NAME', async () => {
    expect(await h.kubectl(['create', 'service', 'clusterip', 'cip', '--tcp=80:8080'])).toEqual({
      code: 0,
      stdout: 'service/cip created\n',
      stderr: '',
    });
    const s = h.cluster.client.get('services', 'default', 'cip')!;
    expect(s.spec.ports).toEqual([{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }]);
    expect(s.spec.selector).toEqual({ app: 'cip' });
    expect(table(ok(await h.kubectl(['get', 'svc', 'cip'])))[1]!.slice(0, 5)).toEqual([
      'cip',
      'ClusterIP',
      s.spec.clusterIP,
      '<none>',
      '80/TCP',
    ]);
  });

  it('service nodeport: a node port from 30000-32767', async () => {
    expect(await h.kubectl(['create', 'service', 'nodeport', 'np', '--tcp=80:8080'])).toEqual({
      code: 0,
      stdout: 'service/np created\n',
      stderr: '',
    });
    const s = h.cluster.client.get('services', 'default', 'np')!;
    const nodePort = s.spec.ports[0].nodePort as number;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    expect(table(ok(await h.kubectl(['get', 'svc', 'np'])))[1]!.slice(1, 5)).toEqual([
      'NodePort',
      s.spec.clusterIP,
      '<none>',
      `80:${nodePort}/TCP`,
    ]);
  });

  it('job: runs to completion; its pod reads Completed', async () => {
    expect(await h.kubectl(['create', 'job', 'hello', '--image=busybox:1.36', '--', 'echo', 'hi'])).toEqual({
      code: 0,
      stdout: 'job.batch/hello created\n',
      stderr: '',
    });
    await until(
      () => h.cluster.client.get('jobs.batch', 'default', 'hello')?.status?.succeeded === 1,
      'job done',
    );
    const job = table(ok(await h.kubectl(['get', 'job', 'hello'])));
    expect(job[0]).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(job[1]!.slice(0, 3)).toEqual(['hello', 'Complete', '1/1']);
    const pods = table(ok(await h.kubectl(['get', 'pods', '-l', 'job-name=hello'])));
    expect(pods[1]![0]).toMatch(/^hello-[a-z0-9]{5}$/);
    expect(pods[1]!.slice(1, 4)).toEqual(['0/1', 'Completed', '0']);
  });

  it('cronjob: schedule, suspend and the CronJob columns', async () => {
    expect(
      await h.kubectl([
        'create',
        'cronjob',
        'tick',
        '--image=busybox:1.36',
        '--schedule=*/5 * * * *',
        '--',
        'date',
      ]),
    ).toEqual({ code: 0, stdout: 'cronjob.batch/tick created\n', stderr: '' });
    const rows = table(ok(await h.kubectl(['get', 'cronjob', 'tick'])));
    expect(rows[0]).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(rows[1]!.slice(0, 4)).toEqual(['tick', '*/5 * * * *', '<none>', 'False']);
    const cj = h.cluster.client.get('cronjobs.batch', 'default', 'tick')!;
    expect(cj.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(cj.spec.concurrencyPolicy).toBe('Allow');
  });

  it('ingress: rules with host, path and backend service port', async () => {
    expect(
      await h.kubectl(['create', 'ingress', 'web', '--class=nginx', '--rule=shop.example.com/api*=web:80']),
    ).toEqual({ code: 0, stdout: 'ingress.networking.k8s.io/web created\n', stderr: '' });
    const ing = h.cluster.client.get('ingresses.networking.k8s.io', 'default', 'web')!;
    expect(ing.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              {
                path: '/api',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    });
    expect(table(ok(await h.kubectl(['get', 'ingress', 'web'])))[1]!.slice(0, 3)).toEqual([
      'web',
      'nginx',
      'shop.example.com',
    ]);
  });

  it('quota: hard limits, and describe shows them against usage', async () => {
    expect(
      await h.kubectl(['create', 'quota', 'small', '--hard=pods=10,requests.cpu=2', '-n', 'dev']),
    ).toEqual({
      code: 0,
      stdout: 'resourcequota/small created\n',
      stderr: '',
    });
    expect(h.cluster.client.get('resourcequotas', 'dev', 'small')!.spec.hard).toEqual({
      pods: '10',
      'requests.cpu': '2',
    });
  });

  it('token: a JWT for the service account with its claims; a duration below 10 minutes is refused', async () => {
    ok(await h.kubectl(['create', 'serviceaccount', 'robot']));
    const r = await h.kubectl(['create', 'token', 'robot']);
    expect(r.code).toBe(0);
    const parts = r.stdout.trim().split('.');
    expect(parts).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    const sa = h.cluster.client.get('serviceaccounts', 'default', 'robot')!;
    expect(claims).toMatchObject({
      sub: 'system:serviceaccount:default:robot',
      aud: ['https://kubernetes.default.svc.cluster.local'],
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot', uid: sa.metadata.uid } },
    });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(await h.kubectl(['create', 'token', 'robot', '--duration=5m'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: failed to create token: TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n',
    });
  });
});

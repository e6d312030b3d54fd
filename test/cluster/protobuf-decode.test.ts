/**
 * Decoding of hand-encoded Kubernetes protobuf bodies: the Go JSON rules (pointers, omitempty,
 * structs, nil lists), the special types, fields the generators never set, and error messages.
 * The tiny encoder below is written for the tests, independently of the decoder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ProtobufError,
  decodeKubernetesProtobuf,
  isKubernetesProtobuf,
  protobufKinds,
} from '../../src/cluster/machinery/protobuf';

type Bytes = number[];
const varint = (value: number | bigint): Bytes => {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: Bytes = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
};
const tag = (no: number, wire: number): Bytes => varint(no * 8 + wire);
const int = (no: number, v: number | bigint): Bytes => [...tag(no, 0), ...varint(v)];
const bool = (no: number, v: boolean): Bytes => int(no, v ? 1 : 0);
const raw = (no: number, payload: Bytes): Bytes => [...tag(no, 2), ...varint(payload.length), ...payload];
const str = (no: number, s: string): Bytes => raw(no, [...new TextEncoder().encode(s)]);
const msg = (no: number, ...parts: Bytes[]): Bytes => raw(no, parts.flat());
const entry = (no: number, key: string, value: Bytes): Bytes => msg(no, str(1, key), value);
const strEntry = (no: number, key: string, value: string): Bytes => entry(no, key, str(2, value));
const quantity = (no: number, s: string): Bytes => msg(no, str(1, s));
const intOrInt = (no: number, n: number): Bytes => msg(no, int(1, 0), int(2, n), str(3, ''));
const intOrStr = (no: number, s: string): Bytes => msg(no, int(1, 1), int(2, 0), str(3, s));
const envelope = (apiVersion: string, kind: string, object: Bytes, encoding = ''): Uint8Array =>
  new Uint8Array([
    0x6b,
    0x38,
    0x73,
    0x00,
    ...msg(1, str(1, apiVersion), str(2, kind)),
    ...raw(2, object),
    ...str(3, encoding),
    ...str(4, ''),
  ]);

describe('a Deployment with a full pod template', () => {
  const container = [
    str(1, 'web'),
    str(2, 'nginx:1.27'),
    str(3, 'nginx'),
    str(4, '-g'),
    str(4, 'daemon off;'),
    msg(6, str(1, 'http'), int(3, 80), str(4, 'TCP')),
    msg(19, str(1, 'CFG_'), msg(2, msg(1, str(1, 'settings')))),
    msg(7, str(1, 'MODE'), str(2, 'prod')),
    msg(7, str(1, 'PASSWORD'), msg(3, msg(4, msg(1, str(1, 'db')), str(2, 'password'), bool(3, false)))),
    msg(7, str(1, 'POD'), msg(3, msg(1, str(1, 'v1'), str(2, 'metadata.name')))),
    msg(
      8,
      entry(1, 'cpu', quantity(2, '500m')),
      entry(1, 'memory', quantity(2, '256Mi')),
      entry(2, 'cpu', quantity(2, '250m')),
    ),
    msg(9, str(1, 'config'), bool(2, true), str(3, '/etc/web'), str(4, '')),
    msg(10, msg(1, msg(2, str(1, '/healthz'), intOrStr(2, 'http'), str(4, 'HTTP'))), int(2, 5), int(4, 10)),
    msg(11, msg(1, msg(3, intOrInt(1, 80))), int(2, 0)),
    str(13, '/dev/termination-log'),
    str(20, 'File'),
    str(14, 'IfNotPresent'),
    bool(16, false),
  ];
  const podSpec = [
    msg(1, str(1, 'config'), msg(2, msg(19, msg(1, str(1, 'settings')), int(3, 420)))),
    msg(1, str(1, 'scratch'), msg(2, msg(2, str(1, '')))),
    msg(1, str(1, 'data'), msg(2, msg(10, str(1, 'web-data'), bool(2, false)))),
    msg(2, ...container),
    str(3, 'Always'),
    int(4, 0),
    str(6, 'ClusterFirst'),
    entry(7, 'disk', str(2, 'ssd')),
    str(8, 'web-sa'),
    bool(11, false),
    msg(14, int(2, 1000), msg(4, ...[]), int(4, 2000), int(4, 3000)),
    msg(22, str(1, 'dedicated'), str(2, 'Equal'), str(3, 'web'), str(4, 'NoSchedule')),
    str(19, 'default-scheduler'),
  ];
  const deployment = [
    msg(
      1,
      str(1, 'web'),
      str(2, ''),
      str(3, 'prod'),
      str(5, 'c0ffee'),
      int(7, 2),
      msg(8, int(1, 1767225600), int(2, 0)),
      strEntry(11, 'app', 'web'),
      strEntry(12, 'note', 'hand made'),
      msg(13, str(1, 'Thing'), str(3, 'owner'), str(4, 'u-1'), str(5, 'example.com/v1'), bool(6, true)),
      str(14, 'example.com/keep'),
    ),
    msg(
      2,
      int(1, 0),
      msg(
        2,
        strEntry(1, 'app', 'web'),
        msg(2, str(1, 'tier'), str(2, 'In'), str(3, 'front'), str(3, 'edge')),
      ),
      msg(3, msg(1, msg(8), strEntry(11, 'app', 'web')), msg(2, ...podSpec)),
      msg(4, str(1, 'RollingUpdate'), msg(2, intOrInt(1, 0), intOrStr(2, '25%'))),
      int(5, 0),
      int(6, 5),
      bool(7, false),
      int(9, 600),
    ),
    msg(3, int(1, 0), int(2, 0)),
  ];

  it('decodes to the JSON Go would print, key for key and in order', () => {
    const got = decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', deployment.flat()));
    const want = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'web',
        namespace: 'prod',
        uid: 'c0ffee',
        generation: 2,
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { app: 'web' },
        annotations: { note: 'hand made' },
        ownerReferences: [
          { apiVersion: 'example.com/v1', kind: 'Thing', name: 'owner', uid: 'u-1', controller: true },
        ],
        finalizers: ['example.com/keep'],
      },
      spec: {
        replicas: 0,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }],
        },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: {
            volumes: [
              { name: 'config', configMap: { name: 'settings', defaultMode: 420 } },
              { name: 'scratch', emptyDir: {} },
              { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
            ],
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                command: ['nginx'],
                args: ['-g', 'daemon off;'],
                ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
                envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }],
                env: [
                  { name: 'MODE', value: 'prod' },
                  {
                    name: 'PASSWORD',
                    valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: false } },
                  },
                  { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
                ],
                resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m' } },
                volumeMounts: [{ name: 'config', readOnly: true, mountPath: '/etc/web' }],
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
                  initialDelaySeconds: 5,
                  periodSeconds: 10,
                },
                readinessProbe: { tcpSocket: { port: 80 } },
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
                imagePullPolicy: 'IfNotPresent',
              },
            ],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 0,
            dnsPolicy: 'ClusterFirst',
            nodeSelector: { disk: 'ssd' },
            serviceAccountName: 'web-sa',
            securityContext: { runAsUser: 1000, supplementalGroups: [2000, 3000] },
            schedulerName: 'default-scheduler',
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        revisionHistoryLimit: 5,
        progressDeadlineSeconds: 600,
      },
      status: {},
    };
    expect(got).toEqual(want);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
  });
});

describe('Go JSON rules', () => {
  it('prints non-omitempty zeros, nil lists as null, and drops omitempty zeros', () => {
    const got = decodeKubernetesProtobuf(
      envelope('apps/v1', 'Deployment', [
        ...msg(1, str(1, 'empty')),
        ...msg(2, msg(3, msg(2, msg(2, str(1, 'c')))), int(5, 0), bool(7, false)),
      ]),
    );
    expect(got.spec).toEqual({
      // selector is a pointer that was not sent; strategy is a struct, printed even when empty.
      template: {
        metadata: { creationTimestamp: null },
        spec: { containers: [{ name: 'c', resources: {} }] },
      },
      strategy: {},
    });
    const noContainers = decodeKubernetesProtobuf(envelope('batch/v1', 'Job', msg(2, msg(6, msg(2))).flat()));
    expect(noContainers.spec).toEqual({
      template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
    });
    expect(noContainers.metadata).toEqual({ creationTimestamp: null });
    expect(noContainers.status).toEqual({});
  });

  it('prints a port number that was not sent as 0 (containerPort has no omitempty)', () => {
    const svcPorts = decodeKubernetesProtobuf(
      envelope('v1', 'Service', msg(2, msg(1, str(2, 'UDP')), msg(1, int(3, 53), intOrStr(4, 'dns'))).flat()),
    );
    expect((svcPorts.spec as { ports: unknown }).ports).toEqual([
      { protocol: 'UDP', port: 0, targetPort: 0 },
      { port: 53, targetPort: 'dns' },
    ]);
  });

  it('keeps explicit false and zero in pointer fields and drops unsent ones', () => {
    const cm = decodeKubernetesProtobuf(
      envelope('v1', 'ConfigMap', [...msg(1, str(1, 'x')), ...bool(4, false)]),
    );
    expect(cm).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'x', creationTimestamp: null },
      immutable: false,
    });
    const cm2 = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', msg(1, str(1, 'x'))));
    expect('immutable' in cm2).toBe(false);
  });

  it('prints Secret data as base64 and stringData as text', () => {
    const secret = decodeKubernetesProtobuf(
      envelope('v1', 'Secret', [
        ...msg(1, str(1, 's')),
        ...entry(2, 'key', raw(2, [0x00, 0x01, 0xff])),
        ...entry(2, 'empty', []),
        ...strEntry(4, 'plain', 'text'),
        ...str(3, 'Opaque'),
      ]),
    );
    expect(secret).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's', creationTimestamp: null },
      data: { key: 'AAH/', empty: '' },
      stringData: { plain: 'text' },
      type: 'Opaque',
    });
  });

  it('reads packed and unpacked repeated integers alike', () => {
    const withGroups = (groups: Bytes) =>
      decodeKubernetesProtobuf(envelope('batch/v1', 'Job', msg(2, msg(6, msg(2, msg(14, groups)))).flat()));
    const unpacked = withGroups([...int(4, 5), ...int(4, 300)]);
    const packed = withGroups(raw(4, [...varint(5), ...varint(300)]));
    const groups = (j: typeof packed) =>
      (j.spec as { template: { spec: { securityContext: unknown } } }).template.spec.securityContext;
    expect(groups(unpacked)).toEqual({ supplementalGroups: [5, 300] });
    expect(groups(packed)).toEqual({ supplementalGroups: [5, 300] });
  });

  it('reads negative numbers sent as ten-byte varints', () => {
    const job = decodeKubernetesProtobuf(envelope('batch/v1', 'Job', msg(2, int(1, -1), int(3, -5)).flat()));
    expect(job.spec).toMatchObject({ parallelism: -1, activeDeadlineSeconds: -5 });
  });

  it('skips fields it has no definition for', () => {
    const ns = decodeKubernetesProtobuf(
      envelope('v1', 'Namespace', [...msg(1, str(1, 'n'), str(99, 'future'), int(98, 7)), ...int(50, 1)]),
    );
    expect(ns).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'n', creationTimestamp: null },
      spec: {},
      status: {},
    });
  });

  it('prints the CronJob time fields as RFC 3339 and drops unset ones', () => {
    const cj = decodeKubernetesProtobuf(
      envelope('batch/v1', 'CronJob', [
        ...msg(2, str(1, '@hourly'), str(8, 'Etc/UTC'), msg(5)),
        ...msg(3, msg(4, int(1, 1767229200))),
      ]),
    );
    expect(cj.spec).toEqual({
      schedule: '@hourly',
      timeZone: 'Etc/UTC',
      jobTemplate: {
        metadata: { creationTimestamp: null },
        spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: null } } },
      },
    });
    expect(cj.status).toEqual({ lastScheduleTime: '2026-01-01T01:00:00Z' });
  });
});

describe('errors', () => {
  const expectError = (body: Uint8Array, message: string, status = 400) => {
    let caught: unknown;
    try {
      decodeKubernetesProtobuf(body);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProtobufError);
    expect((caught as Error).message).toBe(message);
    expect((caught as ProtobufError).status).toBe(status);
  };

  it('names an unknown kind', () => {
    expectError(
      envelope('apps/v1', 'Foo', msg(1, str(1, 'x'))),
      'protobuf body: unknown kind apps/v1 Foo',
      415,
    );
    expectError(envelope('v2', 'Namespace', []), 'protobuf body: unknown kind v2 Namespace', 415);
  });

  it('requires the k8s\\0 prefix and an apiVersion and kind', () => {
    expectError(
      new TextEncoder().encode('{"kind":"Namespace"}'),
      'protobuf body: does not start with the k8s\\0 prefix',
    );
    expectError(new Uint8Array([0x6b, 0x38]), 'protobuf body: 2 bytes, too short for the k8s\\0 prefix');
    expectError(
      new Uint8Array([0x6b, 0x38, 0x73, 0x00]),
      'protobuf body: the envelope names no apiVersion and kind',
    );
  });

  it('rejects compressed content and an empty object', () => {
    expectError(
      envelope('v1', 'Namespace', msg(1, str(1, 'x')), 'gzip'),
      'protobuf body: unsupported contentEncoding "gzip"',
      415,
    );
    expectError(envelope('v1', 'Namespace', []), 'protobuf body: the envelope holds no Namespace object');
  });

  it('names the field whose wire type is wrong', () => {
    // metadata.name sent as a varint. Magic (4), typeMeta (2 + 15) and raw's tag and length (2) put
    // the object at byte 23; its metadata field's tag and length take 2 more.
    const body = envelope('v1', 'Namespace', msg(1, int(1, 5)));
    const at = 4 + 2 + str(1, 'v1').length + str(2, 'Namespace').length + 2 + 2;
    expect(at).toBe(25);
    expectError(body, `protobuf body: ObjectMeta.name (field 1) has wire type 0, expected 2, at byte ${at}`);
  });

  const real = new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures/protobuf/deployment.bin')));

  it('reports a body cut short, with the byte offset', () => {
    expectError(real.slice(0, 5), 'protobuf body: truncated varint at byte 5');
    // typeMeta covers bytes 4..27 ("apps/v1", "Deployment"); raw's tag is at 27, its 184-byte payload starts at 30.
    expectError(real.slice(0, 40), 'protobuf body: truncated field at byte 27: needs 184 bytes, 10 left');
  });

  it('fails cleanly on every truncation and every corrupted byte of a real body', () => {
    for (let n = 0; n < real.length; n++) {
      try {
        decodeKubernetesProtobuf(real.slice(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(ProtobufError);
      }
    }
    for (let i = 0; i < real.length; i++) {
      for (const v of [0x00, 0x07, 0x80, 0xff]) {
        const bad = real.slice();
        bad[i] = v;
        try {
          decodeKubernetesProtobuf(bad);
        } catch (e) {
          expect(e, `byte ${i} = ${v}`).toBeInstanceOf(ProtobufError);
        }
      }
    }
  });
});

describe('content types and kinds', () => {
  it('recognises the protobuf media type with or without parameters', () => {
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf')).toBe(true);
    expect(isKubernetesProtobuf('Application/VND.Kubernetes.Protobuf; charset=binary')).toBe(true);
    expect(isKubernetesProtobuf('application/json')).toBe(false);
    expect(isKubernetesProtobuf('application/vnd.kubernetes.protobuf+json')).toBe(false);
    expect(isKubernetesProtobuf(undefined)).toBe(false);
    expect(isKubernetesProtobuf('')).toBe(false);
  });

  it('lists the kinds it decodes', () => {
    expect(protobufKinds().sort()).toEqual(
      [
        'apps/v1 Deployment',
        'authentication.k8s.io/v1 TokenRequest',
        'authorization.k8s.io/v1 SelfSubjectAccessReview',
        'networking.k8s.io/v1 Ingress',
        'v1 ResourceQuota',
        'authorization.k8s.io/v1 SelfSubjectRulesReview',
        'autoscaling/v1 HorizontalPodAutoscaler',
        'rbac.authorization.k8s.io/v1 ClusterRole',
        'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
        'rbac.authorization.k8s.io/v1 Role',
        'rbac.authorization.k8s.io/v1 RoleBinding',
        'batch/v1 CronJob',
        'batch/v1 Job',
        'v1 ConfigMap',
        'v1 Namespace',
        'v1 Secret',
        'v1 Service',
        'v1 ServiceAccount',
      ].sort(),
    );
  });
});

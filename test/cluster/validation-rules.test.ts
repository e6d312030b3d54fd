/** Semantic rules: field paths of causes for common mistakes, and immutable fields on update. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;
import { describe, expect, it } from 'vitest';
import { defaultObject, validateManifest, validateObject, type Cause } from '../../src/cluster/validation';
import { MANIFESTS } from './validation-fixtures';

const clone = <T>(v: T): T => structuredClone(v);
const lines = (causes: Cause[]) => causes.map((c) => `${c.field}: ${c.message}`);
const gvk = (group: string, version: string, kind: string) => ({ group, version, kind });

function mutate(kind: string, change: (o: Obj) => void): string[] {
  const o = clone(MANIFESTS[kind]);
  change(o);
  const r = validateManifest(o);
  return [...lines(r.decodeErrors), ...lines(r.causes)];
}

describe('semantic rules on create', () => {
  it('containers must be present and uniquely named', () => {
    expect(mutate('Pod', (p) => (p.spec.containers = []))).toEqual(['spec.containers: Required value']);
    expect(
      mutate('Deployment', (d) =>
        d.spec.template.spec.containers.push({ ...d.spec.template.spec.containers[0] }),
      ),
    ).toEqual(['spec.template.spec.containers[1].name: Duplicate value: "web"']);
    expect(mutate('Pod', (p) => (p.spec.containers[0].name = 'Web'))[0]).toMatch(
      /^spec\.containers\[0\]\.name: Invalid value: "Web": a lowercase RFC 1123 label/,
    );
  });

  it('volume mounts must name a volume, or a StatefulSet claim template', () => {
    expect(
      mutate('Pod', (p) => (p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }])),
    ).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "data"']);
    const withMount = (s: Obj) =>
      (s.spec.template.spec.containers[0].volumeMounts = [{ name: 'cache', mountPath: '/cache' }]);
    const noTemplates = (s: Obj) => {
      withMount(s);
      delete s.spec.volumeClaimTemplates;
    };
    expect(mutate('StatefulSet', noTemplates)).toEqual([
      'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "cache"',
    ]);
    expect(
      mutate('StatefulSet', (s) => {
        withMount(s);
        s.spec.volumeClaimTemplates = [
          {
            metadata: { name: 'cache' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ];
      }),
    ).toEqual([]);
  });

  it('port ranges, node port range and port names', () => {
    expect(mutate('Service', (s) => (s.spec.ports[0].port = 0))).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
    expect(mutate('Service', (s) => (s.spec.ports[0].nodePort = 20000))).toEqual([
      'spec.ports[0].nodePort: Invalid value: 20000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(mutate('Service', (s) => s.spec.ports.push({ port: 443 }))).toEqual([
      'spec.ports[1].name: Required value',
    ]);
    expect(mutate('Service', (s) => s.spec.ports.push({ name: 'http', port: 443, nodePort: 30443 }))).toEqual(
      ['spec.ports[1].name: Duplicate value: "http"'],
    );
    expect(
      mutate('Service', (s) => ((s.spec.type = 'ClusterIP'), (s.spec.ports[0].nodePort = 30080))),
    ).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
    expect(mutate('Service', (s) => delete s.spec.ports)).toEqual(['spec.ports: Required value']);
  });

  it('requests within limits, and quantity syntax', () => {
    expect(mutate('Pod', (p) => (p.spec.containers[0].resources.requests.cpu = '2'))).toEqual([
      'spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 500m',
    ]);
    expect(mutate('PersistentVolumeClaim', (c) => (c.spec.resources.requests.storage = '1GB'))).toEqual([
      "spec.resources.requests[storage]: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  it('volume mounts name declared volumes; probes need a handler', () => {
    expect(
      mutate('Pod', (p) => (p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }])),
    ).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "data"']);
    expect(mutate('Pod', (p) => (p.spec.containers[0].livenessProbe = { periodSeconds: 5 }))).toEqual([
      'spec.containers[0].livenessProbe: Required value: must specify a handler type',
    ]);
  });

  it('ConfigMap keys and the 1 MiB limit', () => {
    expect(mutate('ConfigMap', (c) => (c.data['bad key'] = 'x'))).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(mutate('ConfigMap', (c) => (c.data.big = 'x'.repeat(1024 * 1024)))).toEqual([
      ': Too long: may not be more than 1048576 bytes',
    ]);
    expect(mutate('Secret', (s) => (s.data.password = 'not base64!'))).toEqual([
      'data[password]: illegal base64 data at input byte 3',
    ]);
  });

  it('Deployment strategy and replica rules', () => {
    expect(
      mutate('Deployment', (d) => (d.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } })),
    ).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
    expect(
      mutate('Deployment', (d) => (d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 0 })),
    ).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
    expect(mutate('Deployment', (d) => (d.spec.selector = {}))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('CronJob schedules and name length', () => {
    expect(mutate('CronJob', (c) => (c.spec.schedule = '*/5 * * *'))).toEqual([
      'spec.schedule: Invalid value: "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]',
    ]);
    expect(mutate('CronJob', (c) => (c.spec.schedule = '@hourly'))).toEqual([]);
    expect(mutate('CronJob', (c) => (c.metadata.name = 'a'.repeat(53)))).toEqual([
      `metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`,
    ]);
  });

  it('HPA, Ingress and RBAC', () => {
    expect(mutate('HorizontalPodAutoscaler', (h) => (h.spec.maxReplicas = 1))).toEqual([
      'spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`',
    ]);
    expect(mutate('Ingress', (i) => delete i.spec.rules[0].http.paths[0].pathType)).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]);
    expect(mutate('Role', (r) => (r.rules[0].verbs = []))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
    ]);
    expect(mutate('ClusterRole', (r) => (r.metadata.name = 'a/b'))).toEqual([
      'metadata.name: Invalid value: "a/b": may not contain \'/\'',
    ]);
  });
});

describe('immutable fields on update', () => {
  const update = (kind: string, change: (o: Obj) => void, k = MANIFESTS[kind]) => {
    const id = {
      ...(k.apiVersion.includes('/')
        ? { group: k.apiVersion.split('/')[0], version: k.apiVersion.split('/')[1] }
        : { group: '', version: k.apiVersion }),
      kind,
    };
    const old = defaultObject(id, clone(k));
    const next = clone(old);
    change(next);
    return lines(validateObject(id, next, { fieldValidation: 'Strict', oldObject: old }).causes);
  };

  it('Deployment selector', () => {
    expect(
      update('Deployment', (d) => {
        d.spec.selector.matchLabels = { app: 'web2' };
        d.spec.template.metadata.labels = { app: 'web2' };
      }),
    ).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    expect(update('Deployment', (d) => (d.spec.replicas = 5))).toEqual([]);
  });

  it('Service clusterIP', () => {
    const svc = {
      ...clone(MANIFESTS.Service),
      spec: { ...MANIFESTS.Service.spec, clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] },
    };
    expect(
      update(
        'Service',
        (s) => ((s.spec.clusterIP = '10.96.0.11'), (s.spec.clusterIPs = ['10.96.0.11'])),
        svc,
      ),
    ).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
  });

  it('Job template, StatefulSet spec, PVC spec, RoleBinding roleRef', () => {
    expect(update('Job', (j) => (j.spec.template.spec.containers[0].image = 'perl:5.36'))).toEqual([
      'spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable',
    ]);
    expect(update('StatefulSet', (s) => (s.spec.serviceName = 'other'))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    expect(update('StatefulSet', (s) => (s.spec.replicas = 5))).toEqual([]);
    expect(update('PersistentVolumeClaim', (c) => (c.spec.resources.requests.storage = '2Gi'))).toEqual([]);
    expect(update('PersistentVolumeClaim', (c) => (c.spec.accessModes = ['ReadWriteMany']))).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
    expect(update('RoleBinding', (r) => (r.roleRef.name = 'admin'))).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"admin"}: cannot change roleRef',
    ]);
  });

  it('status writes skip the spec rules', () => {
    const d = defaultObject(gvk('apps', 'v1', 'Deployment'), clone(MANIFESTS.Deployment));
    const next = clone(d);
    next.spec.selector.matchLabels = { app: 'other' };
    next.status = { replicas: 3, readyReplicas: 3 };
    expect(
      validateObject(gvk('apps', 'v1', 'Deployment'), next, {
        fieldValidation: 'Strict',
        oldObject: d,
        subresource: 'status',
      }).causes,
    ).toEqual([]);
  });
});

describe('Pod and Scale updates', () => {
  const podKind = gvk('', 'v1', 'Pod');
  const base = () => defaultObject(podKind, clone(MANIFESTS.Pod));

  it('a Pod may change its image and add tolerations, nothing else in its spec', () => {
    const old = base();
    const image = clone(old);
    image.spec.containers[0].image = 'nginx:1.28';
    image.spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
    image.metadata.labels.tier = 'front';
    expect(validateObject(podKind, image, { fieldValidation: 'Strict', oldObject: old }).causes).toEqual([]);
    const ports = clone(old);
    ports.spec.containers[0].ports[0].containerPort = 8080;
    expect(
      lines(validateObject(podKind, ports, { fieldValidation: 'Strict', oldObject: old }).causes),
    ).toEqual([
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
  });

  it('a Scale may not ask for negative replicas', () => {
    const scale = { ...clone(MANIFESTS.Scale), spec: { replicas: -1 } };
    expect(
      lines(
        validateObject(gvk('autoscaling', 'v1', 'Scale'), scale, {
          fieldValidation: 'Strict',
          subresource: 'scale',
        }).causes,
      ),
    ).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  });
});

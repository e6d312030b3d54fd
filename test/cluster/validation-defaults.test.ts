/**
 * Defaults compared with whole objects as `kubectl get -o yaml` prints them on a 1.32 cluster
 * (spec and the parts defaulting owns; uid, timestamps, resourceVersion and status left out).
 */
import { describe, expect, it } from 'vitest';
import {
  admitPod,
  allocateServiceAddresses,
  carryOverServiceAllocations,
  defaultObject,
  defaultPullPolicy,
  prepareJobForCreate,
  validateObject,
} from '../../src/cluster/validation';

const gvk = (group: string, version: string, kind: string) => ({ group, version, kind });

const DEFAULTED_CONTAINER = {
  imagePullPolicy: 'Always',
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};
const DEFAULTED_POD_SPEC = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

describe('defaulting like a 1.32 API server', () => {
  it('Deployment (kubectl create deployment web --image=nginx)', () => {
    const input = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    };
    const out = defaultObject(gvk('apps', 'v1', 'Deployment'), input);
    expect(out.spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [{ image: 'nginx', name: 'nginx', ...DEFAULTED_CONTAINER }],
          ...DEFAULTED_POD_SPEC,
        },
      },
    });
    expect(input.spec).not.toHaveProperty('replicas'); // the input is untouched
    expect(validateObject(gvk('apps', 'v1', 'Deployment'), out, { fieldValidation: 'Strict' })).toEqual({
      causes: [],
      warnings: [],
      decodeErrors: [],
    });
  });

  it('Recreate Deployments get no rollingUpdate block', () => {
    const out = defaultObject(gvk('apps', 'v1', 'Deployment'), { spec: { strategy: { type: 'Recreate' } } });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('Pod (kubectl run web --image=nginx:1.27 --port=80), then admission', () => {
    const input = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', labels: { run: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '0.5', memory: '1Gi' } },
          },
        ],
      },
    };
    const out = defaultObject(gvk('', 'v1', 'Pod'), input);
    expect(out.spec).toEqual({
      containers: [
        {
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          name: 'web',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      ...DEFAULTED_POD_SPEC,
      enableServiceLinks: true,
    });
    admitPod(out, { tokenVolumeSuffix: 'x7k2p' });
    expect(out.spec.serviceAccountName).toBe('default');
    expect(out.spec.serviceAccount).toBe('default');
    expect(out.spec.priority).toBe(0);
    expect(out.spec.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(out.spec.tolerations).toEqual([
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
    ]);
    expect(out.spec.volumes[0].name).toBe('kube-api-access-x7k2p');
    expect(out.spec.containers[0].volumeMounts).toEqual([
      {
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        name: 'kube-api-access-x7k2p',
        readOnly: true,
      },
    ]);
    expect(validateObject(gvk('', 'v1', 'Pod'), out, { fieldValidation: 'Strict' }).causes).toEqual([]);
  });

  it('image pull policy follows the tag', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
    expect(defaultPullPolicy('localhost:5000/app')).toBe('Always');
    expect(defaultPullPolicy('localhost:5000/app:v2')).toBe('IfNotPresent');
    expect(defaultPullPolicy('nginx@sha256:0123456789abcdef')).toBe('IfNotPresent');
  });

  it('Service (kubectl expose deployment web --port=80), with the cluster IP the API layer allocates', () => {
    const input = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { ports: [{ port: 80 }], selector: { app: 'web' } },
    };
    const out = defaultObject(gvk('', 'v1', 'Service'), input);
    allocateServiceAddresses(out, { clusterIP: () => '10.96.45.12', nodePort: () => 31234 });
    expect(out.spec).toEqual({
      clusterIP: '10.96.45.12',
      clusterIPs: ['10.96.45.12'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    expect(out.status).toEqual({ loadBalancer: {} });
  });

  it('NodePort Services get an external traffic policy and a node port; updates keep them', () => {
    const out = defaultObject(gvk('', 'v1', 'Service'), {
      spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] },
    });
    allocateServiceAddresses(out, { clusterIP: () => '10.96.0.20', nodePort: () => 31234 });
    expect(out.spec.externalTrafficPolicy).toBe('Cluster');
    expect(out.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 31234 }]);
    const update = defaultObject(gvk('', 'v1', 'Service'), {
      spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] },
    });
    carryOverServiceAllocations(update, out);
    expect(update.spec.clusterIP).toBe('10.96.0.20');
    expect(update.spec.ports[0].nodePort).toBe(31234);
  });

  it('Job (kubectl create job pi --image=perl:5.34), with the selector created for its uid', () => {
    const input = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default', uid: '6f1c1a47-8a59-4d4e-9a61-3c2e1c0c9b11' },
      spec: {
        template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } },
      },
    };
    const out = defaultObject(gvk('batch', 'v1', 'Job'), input);
    prepareJobForCreate(out);
    const uid = input.metadata.uid;
    const labels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    };
    expect(out.metadata.labels).toEqual(labels);
    expect(out.spec).toEqual({
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      suspend: false,
      template: {
        metadata: { creationTimestamp: null, labels },
        spec: {
          containers: [
            { image: 'perl:5.34', name: 'pi', ...DEFAULTED_CONTAINER, imagePullPolicy: 'IfNotPresent' },
          ],
          ...DEFAULTED_POD_SPEC,
          restartPolicy: 'Never',
        },
      },
    });
    expect(validateObject(gvk('batch', 'v1', 'Job'), out, { fieldValidation: 'Strict' }).causes).toEqual([]);
  });

  it('Job with parallelism only leaves completions unset', () => {
    const out = defaultObject(gvk('batch', 'v1', 'Job'), {
      spec: { parallelism: 3, template: { spec: { containers: [] } } },
    });
    expect(out.spec.parallelism).toBe(3);
    expect(out.spec).not.toHaveProperty('completions');
  });

  it('CronJob (kubectl create cronjob hello --image=busybox --schedule="*/1 * * * *")', () => {
    const input = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        schedule: '*/1 * * * *',
        jobTemplate: {
          metadata: { name: 'hello' },
          spec: {
            template: {
              spec: { containers: [{ name: 'hello', image: 'busybox' }], restartPolicy: 'OnFailure' },
            },
          },
        },
      },
    };
    const out = defaultObject(gvk('batch', 'v1', 'CronJob'), input);
    expect(out.spec).toEqual({
      concurrencyPolicy: 'Allow',
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { creationTimestamp: null, name: 'hello' },
        spec: {
          template: {
            metadata: { creationTimestamp: null },
            spec: {
              containers: [{ image: 'busybox', name: 'hello', ...DEFAULTED_CONTAINER }],
              ...DEFAULTED_POD_SPEC,
              restartPolicy: 'OnFailure',
            },
          },
        },
      },
      schedule: '*/1 * * * *',
      successfulJobsHistoryLimit: 3,
      suspend: false,
    });
    expect(validateObject(gvk('batch', 'v1', 'CronJob'), out, { fieldValidation: 'Strict' }).causes).toEqual(
      [],
    );
  });

  it('StatefulSet, DaemonSet, HPA, Namespace, Secret, PVC, StorageClass, RoleBinding', () => {
    const ss = defaultObject(gvk('apps', 'v1', 'StatefulSet'), {
      spec: { template: { spec: { containers: [] } } },
    });
    expect(ss.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(ss.spec).not.toHaveProperty('serviceName');
    const ds = defaultObject(gvk('apps', 'v1', 'DaemonSet'), {
      spec: { template: { spec: { containers: [] } } },
    });
    expect(ds.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    const hpa = defaultObject(gvk('autoscaling', 'v2', 'HorizontalPodAutoscaler'), {
      spec: { maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    });
    expect(hpa.spec).toEqual({
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 60,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
      },
    });
    const ns = defaultObject(gvk('', 'v1', 'Namespace'), { metadata: { name: 'team-a' } });
    expect(ns).toEqual({
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(defaultObject(gvk('', 'v1', 'Secret'), {}).type).toBe('Opaque');
    expect(defaultObject(gvk('', 'v1', 'PersistentVolumeClaim'), { spec: {} }).spec.volumeMode).toBe(
      'Filesystem',
    );
    expect(defaultObject(gvk('storage.k8s.io', 'v1', 'StorageClass'), {})).toEqual({
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    const rb = defaultObject(gvk('rbac.authorization.k8s.io', 'v1', 'RoleBinding'), {
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'ServiceAccount', name: 'default', namespace: 'x' },
      ],
    });
    expect(rb.roleRef.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(rb.subjects.map((s: { apiGroup: string }) => s.apiGroup)).toEqual([
      'rbac.authorization.k8s.io',
      '',
    ]);
  });
});

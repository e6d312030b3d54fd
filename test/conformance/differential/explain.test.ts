/** Differential: `kubectl explain` from the OpenAPI v3 documents the cluster serves. */
import { describe } from 'vitest';
import { differential } from './support/harness';

describe('differential: kubectl explain', () => {
  const d = differential('explain');

  d.same(['explain', 'pods']);
  d.same(['explain', 'pod.spec']);
  d.same(['explain', 'po.spec.containers']);
  d.same(['explain', 'pod.spec.containers.ports']);
  d.same(['explain', 'pods.status.phase']);
  d.same(['explain', 'pods.spec.containers.resources']);
  d.same(['explain', 'pods.spec.containers.resources.limits']);
  d.same(['explain', 'pods.metadata.labels']);
  d.same(['explain', 'pods.spec.affinity.nodeAffinity']);
  d.same(['explain', 'deployments']);
  d.same(['explain', 'deploy.spec.strategy', '--recursive']);
  d.same(['explain', 'deployment', '--recursive']);
  d.same(['explain', 'deployments', '--api-version=apps/v1']);
  d.same(['explain', 'svc.spec']);
  d.same(['explain', 'services.spec.type']);
  d.same(['explain', 'node.status.capacity']);
  d.same(['explain', 'ns']);
  d.same(['explain', 'configmap.data']);
  d.same(['explain', 'cronjob.spec.jobTemplate.spec.template.spec.restartPolicy']);
  d.same(['explain', 'hpa.spec']);
  d.same(['explain', 'ingress.spec.rules']);
  d.same(['explain', 'pvc.spec.accessModes']);
  d.same(['explain', 'networkpolicy.spec']);

  d.same(['explain', '--help']);

  // errors
  d.same(['explain']);
  d.same(['explain', 'foo']);
  d.same(['explain', 'pod.spec.bogus']);
  d.same(['explain', 'pods', 'svc']);
  d.same(['explain', 'pods', '-o', 'yaml']);
  d.same(['explain', 'pods', '--recursive=maybe']);
});

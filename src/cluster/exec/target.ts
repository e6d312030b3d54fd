/**
 * Which container an exec request reaches, with the errors of each hop: the API server (pod,
 * container, node), then the kubelet (is the container running?).
 */
import type { ClusterClient, KubeObject, Status } from '../types.js';
import { badRequest, notFound } from '../machinery/errors.js';

/** A container spec as exec needs it. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { resource: string; divisor?: string | number; containerName?: string };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

/** Why an exec request failed before any stream was opened. */
export interface ExecRefusal {
  /** HTTP status of the refused request (upgrade). */
  code: number;
  /**
   * A Status body (API server errors: kubectl prints `Error from server (Reason): message`), or
   * plain text (kubelet errors: kubectl prints `error: unable to upgrade connection: text`).
   */
  status?: Status;
  text?: string;
}

/** A reachable, running container. */
export interface ExecTarget {
  pod: KubeObject;
  container: ContainerSpec;
}

const PODS = { group: '', resource: 'pods' };

function refusalOf(error: unknown): ExecRefusal {
  const status = (error as { status?: Status }).status;
  if (status) return { code: status.code, status };
  throw error;
}

/**
 * The container of `pod` an exec reaches (defaulted when the pod has only one), or the refusal
 * of the API server (container, node) or the kubelet (not running). Pure over the pod object,
 * so Cadet's kubectl can check before it opens a stream.
 */
export function checkTarget(pod: KubeObject, container: string | undefined): ExecTarget | ExecRefusal {
  try {
    const name = pod.metadata.name ?? '';
    const containers = (pod.spec?.containers ?? []) as ContainerSpec[];
    const all = [
      ...((pod.spec?.initContainers ?? []) as ContainerSpec[]),
      ...containers,
      ...((pod.spec?.ephemeralContainers ?? []) as ContainerSpec[]),
    ];
    let wanted = container;
    if (!wanted) {
      if (containers.length === 1) wanted = containers[0]!.name;
      else
        throw badRequest(
          `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`,
        );
    }
    const spec = all.find((c) => c.name === wanted);
    if (!spec) throw badRequest(`container ${wanted} is not valid for pod ${name}`);
    if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    // The kubelet only finds running containers.
    type Status = { name: string; state?: { running?: unknown } };
    const statuses = [
      ...((pod.status?.initContainerStatuses ?? []) as Status[]),
      ...((pod.status?.containerStatuses ?? []) as Status[]),
      ...((pod.status?.ephemeralContainerStatuses ?? []) as Status[]),
    ];
    const running = statuses.find((s) => s.name === wanted)?.state?.running;
    if (!running) return { code: 500, text: `container not found (${JSON.stringify(wanted)})` };
    return { pod, container: spec };
  } catch (e) {
    return refusalOf(e);
  }
}

/** The target of `exec` in pod `namespace/name`, container `container` (defaulted when there is only one). */
export function resolveTarget(
  client: ClusterClient,
  namespace: string,
  name: string,
  container: string | undefined,
): ExecTarget | ExecRefusal {
  const pod = client.get('pods', namespace, name);
  if (!pod) return refusalOf(notFound(PODS, name));
  return checkTarget(pod, container);
}

/** Whether a resolve result is a refusal. */
export function isRefusal(t: ExecTarget | ExecRefusal): t is ExecRefusal {
  return 'code' in t;
}

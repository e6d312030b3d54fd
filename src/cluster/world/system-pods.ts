/**
 * The kubelet's work for system component pods (control-plane static pods, CoreDNS, kube-proxy),
 * as a pure reconciler. The image catalogue (kubelet/images.ts) describes learners' images; the
 * system images are not in it, so these pods are run here: Running and Ready once accepted,
 * Ready again after a node comes back, removed at once when deleted.
 */
import type { KubeObject } from '../types.js';
import type { Action, ReconcileResult } from '../controllers/types.js';
import { toTimestamp } from '../controllers/time.js';
import { sameJson } from '../controllers/json.js';
import { fnv32a } from '../machinery/random.js';
import { allocatePodIP, nodeIP } from '../kubelet/pod-ip.js';
import { lookupImage } from '../kubelet/images.js';
import { isSystemImage } from './system-objects.js';

/** What the system pod reconciler looks at. */
export interface SystemPodObserved {
  node: KubeObject;
  podsOnNode: KubeObject[];
}

/** Pods this reconciler runs: every container image is a system image the catalogue does not know. */
export function isSystemPod(pod: KubeObject): boolean {
  const containers = (pod.spec?.containers ?? []) as { image: string }[];
  return (
    containers.length > 0 && containers.every((c) => isSystemImage(c.image) && !lookupImage(c.image).spec)
  );
}

function hex(seed: string, chars: number): string {
  let out = '';
  for (let i = 0; out.length < chars; i++) out += fnv32a(`${seed}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, chars);
}

type Condition = { type: string; status: string; lastTransitionTime?: string; lastProbeTime?: null };

function condition(old: Condition[], type: string, at: string): Condition {
  const before = old.find((c) => c.type === type);
  return {
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: before?.status === 'True' ? before.lastTransitionTime : at,
  };
}

function qosClass(pod: KubeObject): string {
  const cs = (pod.spec?.containers ?? []) as { resources?: { requests?: object; limits?: object } }[];
  const any = cs.some((c) => c.resources?.requests || c.resources?.limits);
  return any ? 'Burstable' : 'BestEffort';
}

/** Reconciles one system pod bound to `observed.node`. */
export function reconcileSystemPod(
  pod: KubeObject,
  observed: SystemPodObserved,
  now: number,
): ReconcileResult {
  if (pod.spec?.nodeName !== observed.node.metadata.name) return { actions: [] };
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  if (pod.metadata.deletionTimestamp) {
    return {
      actions: [
        { type: 'delete', resource: 'pods', namespace: ns, name, options: { gracePeriodSeconds: 0 } },
      ],
    };
  }
  const at = toTimestamp(now);
  const old = (pod.status ?? {}) as Record<string, unknown>;
  const hostIP = nodeIP(observed.node);
  const taken = observed.podsOnNode
    .filter((p) => p.metadata.uid !== pod.metadata.uid && !p.spec?.hostNetwork)
    .map((p) => p.status?.podIP as string | undefined)
    .filter((x): x is string => !!x);
  const podIP = pod.spec?.hostNetwork
    ? hostIP
    : ((old.podIP as string | undefined) ?? allocatePodIP(observed.node, taken) ?? '');
  const startTime = (old.startTime as string | undefined) ?? at;
  const oldConditions = (old.conditions ?? []) as Condition[];
  const oldStatuses = (old.containerStatuses ?? []) as {
    name: string;
    state?: { running?: { startedAt?: string } };
  }[];
  const status = {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
      (t) => condition(oldConditions, t, t === 'PodScheduled' || t === 'Initialized' ? startTime : at),
    ),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime,
    qosClass: qosClass(pod),
    containerStatuses: ((pod.spec?.containers ?? []) as { name: string; image: string }[]).map((c) => {
      const started = oldStatuses.find((s) => s.name === c.name)?.state?.running?.startedAt ?? startTime;
      const ref = lookupImage(c.image).ref;
      return {
        name: c.name,
        image: c.image,
        imageID: `${ref.full.replace(/:[^:/@]+$/, '')}@sha256:${hex(ref.full, 64)}`,
        containerID: `containerd://${hex(`${pod.metadata.uid}/${c.name}`, 64)}`,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: started } },
      };
    }),
  };
  const actions: Action[] = [];
  if (!sameJson(status, old))
    actions.push({ type: 'updateStatus', resource: 'pods', object: { ...pod, status } });
  return { actions };
}

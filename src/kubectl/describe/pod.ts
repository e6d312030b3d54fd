/** `kubectl describe pod`. */
import type { KubeObject } from '../../cluster/types.js';
import {
  describeContainers,
  describeTopologySpread,
  describeVolumes,
  podFieldResolver,
} from './containers.js';
import { describeEvents } from './events.js';
import {
  annotationsMultiline,
  arr,
  controllerOf,
  labelsMultiline,
  rec,
  rfc1123z,
  str,
  tolerationsMultiline,
  until,
  type Obj,
} from './format.js';
import { fetchEvents, type DescribeContext } from './source.js';
import { L0, L1, tabbedString, type DescribeWriter } from './writer.js';

/** The QoS class the API server would compute when the status has none. */
export function podQos(pod: Obj): string {
  const given = str(rec(pod.status).qosClass);
  if (given) return given;
  const containers = [...arr(rec(pod.spec).containers), ...arr(rec(pod.spec).initContainers)];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const limits = rec(rec(c.resources).limits);
    const requests = { ...limits, ...rec(rec(c.resources).requests) };
    if (Object.keys(limits).length || Object.keys(requests).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined || String(requests[r]) !== String(limits[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** `IPs:` with one `IP:` line per pod IP. */
export function describePodIps(pod: Obj, w: DescribeWriter, space: string): void {
  const ips = arr(rec(pod.status).podIPs);
  if (ips.length === 0) {
    w.write(L0, `${space}IPs:\t<none>\n`);
    return;
  }
  w.write(L0, `${space}IPs:\n`);
  for (const ip of ips) w.write(L1, `IP:\t${str(ip.ip)}\n`);
}

/** The text of `kubectl describe pod` for a pod and its events. */
export function renderPod(pod: KubeObject, events: Obj[] | undefined, now: number): string {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const m = pod.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    if (typeof spec.priority === 'number') w.write(L0, `Priority:\t${spec.priority}\n`);
    if (str(spec.priorityClassName)) w.write(L0, `Priority Class Name:\t${str(spec.priorityClassName)}\n`);
    if (str(spec.runtimeClassName)) w.write(L0, `Runtime Class Name:\t${str(spec.runtimeClassName)}\n`);
    if (str(spec.serviceAccountName)) w.write(L0, `Service Account:\t${str(spec.serviceAccountName)}\n`);
    if (!str(spec.nodeName)) w.write(L0, 'Node:\t<none>\n');
    else w.write(L0, `Node:\t${str(spec.nodeName)}/${str(status.hostIP)}\n`);
    if (status.startTime) w.write(L0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    if (m.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(L0, `Status:\tTerminating (lasts ${until(m.deletionTimestamp, now)})\n`);
      w.write(L0, `Termination Grace Period:\t${Number(m.deletionGracePeriodSeconds ?? 0)}s\n`);
    } else {
      w.write(L0, `Status:\t${str(status.phase)}\n`);
    }
    if (str(status.reason)) w.write(L0, `Reason:\t${str(status.reason)}\n`);
    if (str(status.message)) w.write(L0, `Message:\t${str(status.message)}\n`);
    const seccomp = rec(rec(spec.securityContext).seccompProfile);
    if (rec(spec.securityContext).seccompProfile) {
      w.write(L0, `SeccompProfile:\t${str(seccomp.type)}\n`);
      if (seccomp.type === 'Localhost') w.write(L0, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
    }
    w.write(L0, `IP:\t${str(status.podIP)}\n`);
    describePodIps(pod, w, '');
    const controller = controllerOf(pod);
    if (controller) w.write(L0, `Controlled By:\t${controller}\n`);
    if (str(status.nominatedNodeName)) w.write(L0, `NominatedNodeName:\t${str(status.nominatedNodeName)}\n`);
    const resolve = podFieldResolver(pod);
    if (arr(spec.initContainers).length > 0)
      describeContainers(
        'Init Containers',
        arr(spec.initContainers),
        arr(status.initContainerStatuses),
        resolve,
        w,
        '',
      );
    describeContainers('Containers', arr(spec.containers), arr(status.containerStatuses), resolve, w, '');
    if (arr(spec.readinessGates).length > 0) {
      w.write(L0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of arr(spec.readinessGates)) {
        const c = arr(status.conditions).find((x) => x.type === g.conditionType);
        w.write(L1, `${str(g.conditionType)} \t${c ? str(c.status) : '<none>'} \n`);
      }
    }
    if (arr(status.conditions).length > 0) {
      w.write(L0, 'Conditions:\n  Type\tStatus\n');
      for (const c of arr(status.conditions)) w.write(L1, `${str(c.type)} \t${str(c.status)} \n`);
    }
    describeVolumes(arr(spec.volumes), w, '');
    w.write(L0, `QoS Class:\t${podQos(pod)}\n`);
    labelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    tolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(arr(spec.topologySpreadConstraints), w, '');
    describeEvents(events, w, now);
  });
}

export async function describePod(pod: KubeObject, ctx: DescribeContext): Promise<string> {
  return renderPod(pod, await fetchEvents(ctx, pod), ctx.now);
}

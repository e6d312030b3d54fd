/** `kubectl describe node`: conditions, capacity, the node's non-terminated pods and what they request. */
import type { KubeObject } from '../../cluster/types.js';
import {
  addQuantity,
  formatQuantity,
  integerValue,
  milliValue,
  tryParseQuantity,
  zeroQuantity,
  type Quantity,
} from '../../cluster/machinery/quantity.js';
import { describeEvents } from './events.js';
import {
  annotationsMultiline,
  arr,
  byString,
  labelsMultiline,
  rec,
  rfc1123z,
  since,
  str,
  taintsMultiline,
  type Obj,
} from './format.js';
import { listOrEmpty, type DescribeContext } from './source.js';
import { L0, L1, tabbedString } from './writer.js';

/** Roles from `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`, sorted. */
export function nodeRoles(node: Obj): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(rec(rec(node.metadata).labels))) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(str(v));
  }
  return [...roles].sort(byString);
}

type Totals = Map<string, Quantity>;

function add(totals: Totals, name: string, q: Quantity): void {
  totals.set(name, addQuantity(totals.get(name) ?? zeroQuantity(), q));
}

/** A pod's effective requests and limits: containers summed, init containers as a maximum, plus overhead. */
export function podRequestsAndLimits(pod: Obj): { requests: Totals; limits: Totals } {
  const result = { requests: new Map() as Totals, limits: new Map() as Totals };
  const spec = rec(pod.spec);
  for (const which of ['requests', 'limits'] as const) {
    const totals = result[which];
    for (const c of arr(spec.containers)) {
      for (const [name, v] of Object.entries(rec(rec(c.resources)[which]))) {
        const q = tryParseQuantity(v);
        if (q) add(totals, name, q);
      }
    }
    for (const c of arr(spec.initContainers)) {
      for (const [name, v] of Object.entries(rec(rec(c.resources)[which]))) {
        const q = tryParseQuantity(v);
        if (q && (!totals.has(name) || q.nanos > totals.get(name)!.nanos)) totals.set(name, q);
      }
    }
    for (const [name, v] of Object.entries(rec(spec.overhead))) {
      const q = tryParseQuantity(v);
      if (q && totals.has(name)) add(totals, name, q);
    }
  }
  return result;
}

function quantityOf(totals: Totals, name: string): Quantity {
  return totals.get(name) ?? zeroQuantity();
}

function percent(part: number, whole: number): number {
  if (whole === 0) return part === 0 ? 0 : Number.NaN;
  return Math.trunc((part / whole) * 100);
}

function pct(n: number): string {
  // Go's int64 of NaN or +Inf is the minimum int64.
  return Number.isFinite(n) ? String(n) : '-9223372036854775808';
}

function describeNodeResources(
  pods: KubeObject[],
  node: Obj,
  w: import('./writer.js').DescribeWriter,
  now: number,
): void {
  w.write(L0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(L1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(L1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const status = rec(node.status);
  const allocatable = Object.keys(rec(status.allocatable)).length
    ? rec(status.allocatable)
    : rec(status.capacity);
  const allocCpu = milliValue(tryParseQuantity(allocatable.cpu) ?? zeroQuantity());
  const allocMem = integerValue(tryParseQuantity(allocatable.memory) ?? zeroQuantity());
  const allocEph = integerValue(tryParseQuantity(allocatable['ephemeral-storage']) ?? zeroQuantity());
  const reqs: Totals = new Map();
  const limits: Totals = new Map();
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    for (const [k, q] of r.requests) add(reqs, k, q);
    for (const [k, q] of r.limits) add(limits, k, q);
    const cpuReq = quantityOf(r.requests, 'cpu');
    const cpuLim = quantityOf(r.limits, 'cpu');
    const memReq = quantityOf(r.requests, 'memory');
    const memLim = quantityOf(r.limits, 'memory');
    w.write(
      L1,
      `${str(pod.metadata.namespace)}\t${str(pod.metadata.name)}\t\t${formatQuantity(cpuReq)} (${pct(percent(milliValue(cpuReq), allocCpu))}%)\t${formatQuantity(cpuLim)} (${pct(percent(milliValue(cpuLim), allocCpu))}%)\t${formatQuantity(memReq)} (${pct(percent(integerValue(memReq), allocMem))}%)\t${formatQuantity(memLim)} (${pct(percent(integerValue(memLim), allocMem))}%)\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(L0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(L1, 'Resource\tRequests\tLimits\n');
  w.write(L1, '--------\t--------\t------\n');
  const frac = (v: number, whole: number): number => (whole !== 0 ? Math.trunc((v / whole) * 100) : 0);
  const row = (name: string, value: (q: Quantity) => number, whole: number): void => {
    const r = quantityOf(reqs, name);
    const l = quantityOf(limits, name);
    w.write(
      L1,
      `${name}\t${formatQuantity(r)} (${frac(value(r), whole)}%)\t${formatQuantity(l)} (${frac(value(l), whole)}%)\n`,
    );
  };
  row('cpu', milliValue, allocCpu);
  row('memory', integerValue, allocMem);
  row('ephemeral-storage', integerValue, allocEph);
  const names = Object.keys(allocatable).sort(byString);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) {
    const r = quantityOf(reqs, name);
    const l = quantityOf(limits, name);
    const whole = integerValue(tryParseQuantity(allocatable[name]) ?? zeroQuantity());
    const f = frac(integerValue(r), whole);
    w.write(L1, `${name}\t${formatQuantity(r)} (${f}%)\t${formatQuantity(l)} (${f}%)\n`);
  }
  for (const name of names.filter(
    (n) =>
      !n.startsWith('hugepages-') &&
      !standard.has(n) &&
      !n.startsWith('requests.') &&
      !n.startsWith('limits.'),
  )) {
    w.write(
      L1,
      `${name}\t${formatQuantity(quantityOf(reqs, name))}\t${formatQuantity(quantityOf(limits, name))}\n`,
    );
  }
}

export function renderNode(
  node: KubeObject,
  pods: KubeObject[],
  lease: KubeObject | undefined,
  events: Obj[] | undefined,
  now: number,
): string {
  const spec = rec(node.spec);
  const status = rec(node.status);
  const m = node.metadata;
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    const roles = nodeRoles(node);
    w.write(L0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
    taintsMultiline(w, 'Taints', spec.taints);
    w.write(L0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    const ls = rec(lease?.spec);
    w.write(L0, 'Lease:\n');
    w.write(L1, `HolderIdentity:\t${ls.holderIdentity ? str(ls.holderIdentity) : '<unset>'}\n`);
    w.write(L1, `AcquireTime:\t${ls.acquireTime ? rfc1123z(ls.acquireTime) : '<unset>'}\n`);
    w.write(L1, `RenewTime:\t${ls.renewTime ? rfc1123z(ls.renewTime) : '<unset>'}\n`);
    const conditions = arr(status.conditions);
    if (conditions.length > 0) {
      w.write(L0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(L1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          L1,
          `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`,
        );
    }
    w.write(L0, 'Addresses:\n');
    for (const a of arr(status.addresses)) w.write(L1, `${str(a.type)}:\t${str(a.address)}\n`);
    const resources = (title: string, list: Obj): void => {
      if (Object.keys(list).length === 0) return;
      w.write(L0, `${title}:\n`);
      for (const k of Object.keys(list).sort(byString)) w.write(L0, `  ${k}:\t${str(list[k])}\n`);
    };
    resources('Capacity', rec(status.capacity));
    resources('Allocatable', rec(status.allocatable));
    const info = rec(status.nodeInfo);
    w.write(L0, 'System Info:\n');
    w.write(L0, `  Machine ID:\t${str(info.machineID)}\n`);
    w.write(L0, `  System UUID:\t${str(info.systemUUID)}\n`);
    w.write(L0, `  Boot ID:\t${str(info.bootID)}\n`);
    w.write(L0, `  Kernel Version:\t${str(info.kernelVersion)}\n`);
    w.write(L0, `  OS Image:\t${str(info.osImage)}\n`);
    w.write(L0, `  Operating System:\t${str(info.operatingSystem)}\n`);
    w.write(L0, `  Architecture:\t${str(info.architecture)}\n`);
    w.write(L0, `  Container Runtime Version:\t${str(info.containerRuntimeVersion)}\n`);
    w.write(L0, `  Kubelet Version:\t${str(info.kubeletVersion)}\n`);
    w.write(L0, `  Kube-Proxy Version:\t${str(info.kubeProxyVersion)}\n`);
    if (str(spec.podCIDR)) w.write(L0, `PodCIDR:\t${str(spec.podCIDR)}\n`);
    if (arr(spec.podCIDRs).length) w.write(L0, `PodCIDRs:\t${arr<string>(spec.podCIDRs).join(',')}\n`);
    if (str(spec.providerID)) w.write(L0, `ProviderID:\t${str(spec.providerID)}\n`);
    describeNodeResources(pods, node, w, now);
    describeEvents(events, w, now);
  });
}

export async function describeNode(node: KubeObject, ctx: DescribeContext): Promise<string> {
  const name = str(node.metadata.name);
  const pods = await listOrEmpty(ctx, 'pods', {
    fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
  });
  let lease: KubeObject | undefined;
  try {
    lease = await ctx.source.get('leases.coordination.k8s.io', 'kube-node-lease', name);
  } catch {
    lease = undefined;
  }
  let events: KubeObject[] | undefined;
  if (ctx.showEvents) {
    // Controllers record node events with the node's uid, the kubelet with its name.
    const query = (uid: string): Promise<KubeObject[]> =>
      listOrEmpty(ctx, 'events', {
        fieldSelector: `involvedObject.kind=Node,involvedObject.name=${name},involvedObject.uid=${uid}`,
      });
    events = [...(await query(str(node.metadata.uid))), ...(await query(name))];
  }
  return renderNode(node, pods, lease, events, ctx.now);
}

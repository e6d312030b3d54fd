/** Pod IPs from each node's pod CIDR: pure and deterministic (lowest free address from .2). */
import type { KubeObject } from '../types.js';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

function intToIp(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.'); // a bad CIDR's NaN
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The node's IPv4 pod CIDR (`spec.podCIDR`), or 10.244.0.0/24 when it has none. */
export function podCIDR(node: KubeObject): { base: number; size: number } {
  const cidr = (node.spec?.podCIDR as string | undefined) ?? '10.244.0.0/24';
  const [ip = '10.244.0.0', bits = '24'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return { base: ipToInt(ip) - (ipToInt(ip) % size), size };
}

/** The node's InternalIP (the pod's hostIP). */
export function nodeIP(node: KubeObject): string {
  const addrs = (node.status?.addresses ?? []) as { type: string; address: string }[];
  return addrs.find((a) => a.type === 'InternalIP')?.address ?? addrs[0]?.address ?? '';
}

/** The lowest address of the node's CIDR (from .2; .1 is the bridge) not used by `taken`. */
export function allocatePodIP(node: KubeObject, taken: Iterable<string>): string | undefined {
  const used = new Set(taken);
  const { base, size } = podCIDR(node);
  for (let i = 2; i < size - 1; i++) {
    const ip = intToIp(base + i);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

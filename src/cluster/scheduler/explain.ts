/** kube-scheduler's FailedScheduling message, built from per-node filter results. */
import type { FilterFailure } from './filters.js';

function histogram(lines: string[]): string {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()]
    .map(([reason, n]) => `${n} ${reason}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join(', ');
}

/**
 * "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 * 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling,
 * 3 No preemption victims found for incoming pod."
 *
 * Reasons are counted per node (a node short of CPU and memory counts under both) and sorted as
 * text, as kube-scheduler does. The preemption part says, per node, whether evicting pods could
 * help: never for unresolvable failures (taints, affinity, cordoned nodes); and the simulated
 * cluster has no lower-priority pods to evict for the rest.
 */
export function failedSchedulingMessage(
  nodeCount: number,
  failures: FilterFailure[],
  preemptionPolicy?: string,
): string {
  if (nodeCount === 0) return 'no nodes available to schedule pods';
  let msg = `0/${nodeCount} nodes are available: ${histogram(failures.flatMap((f) => f.reasons))}.`;
  if (preemptionPolicy === 'Never') return `${msg} preemption: not eligible due to preemptionPolicy=Never.`;
  const preemption = failures.map((f) =>
    f.code === 'UnschedulableAndUnresolvable'
      ? 'Preemption is not helpful for scheduling'
      : 'No preemption victims found for incoming pod',
  );
  msg += ` preemption: 0/${nodeCount} nodes are available: ${histogram(preemption)}.`;
  return msg;
}

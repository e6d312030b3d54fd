/** `kubectl describe networkpolicy`: the pod selector and the allowed ingress and egress, in words. */
import type { KubeObject } from '../../cluster/types.js';
import { formatLabelSelector } from '../../cluster/printers/table.js';
import { parseRfc3339, rfc3339 } from '../../cluster/machinery/timestamps.js';
import { annotationsMultiline, arr, labelsMultiline, rec, str, type Obj } from './format.js';
import { L0, L1, L2, tabbedString, type DescribeWriter } from './writer.js';

/** Go's time.Time String() in UTC: `2026-12-04 22:27:41 +0000 UTC`. */
function goTime(ts: unknown): string {
  const ms = typeof ts === 'string' ? parseRfc3339(ts) : undefined;
  if (ms === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  return `${rfc3339(ms).replace('T', ' ').replace('Z', '')} +0000 UTC`;
}

function peers(
  w: DescribeWriter,
  rules: Obj[],
  dir: { word: 'From' | 'To'; field: 'from' | 'to'; isolated: string; any: string },
): void {
  const indent = '    ';
  if (rules.length === 0) {
    w.write(L0, `${indent}<none> (Selected pods are isolated for ${dir.isolated} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    const ports = arr(rule.ports);
    if (ports.length === 0) w.write(L0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of ports)
      w.write(
        L0,
        `${indent}To Port: ${p.port === undefined ? '<nil>' : String(p.port)}/${str(p.protocol) || 'TCP'}\n`,
      );
    const list = arr(rule[dir.field]);
    if (list.length === 0)
      w.write(L0, `${indent}${dir.word}: <any> (traffic not restricted by ${dir.any})\n`);
    for (const peer of list) {
      w.write(L0, `${indent}${dir.word}:\n`);
      if (peer.podSelector && peer.namespaceSelector) {
        w.write(L1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
        w.write(L1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      } else if (peer.podSelector) {
        w.write(L1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      } else if (peer.namespaceSelector) {
        w.write(L1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      } else if (peer.ipBlock) {
        const b = rec(peer.ipBlock);
        w.write(L1, `${indent}IPBlock:\n`);
        w.write(L2, `${indent}CIDR: ${str(b.cidr)}\n`);
        w.write(L2, `${indent}Except: ${arr<string>(b.except).join(', ')}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(L0, `${indent}----------\n`);
  });
}

export async function describeNetworkPolicy(np: KubeObject): Promise<string> {
  const spec = rec(np.spec);
  const types = arr<string>(spec.policyTypes);
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(np.metadata.name)}\n`);
    w.write(L0, `Namespace:\t${str(np.metadata.namespace)}\n`);
    w.write(L0, `Created on:\t${goTime(np.metadata.creationTimestamp)}\n`);
    labelsMultiline(w, 'Labels', np.metadata.labels);
    annotationsMultiline(w, 'Annotations', np.metadata.annotations);
    w.write(L0, 'Spec:\n');
    w.write(L1, 'PodSelector: ');
    const sel = rec(spec.podSelector);
    if (Object.keys(rec(sel.matchLabels)).length === 0 && arr(sel.matchExpressions).length === 0)
      w.write(L2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    else w.write(L2, `${formatLabelSelector(sel)}\n`);
    if (types.includes('Ingress')) {
      w.write(L1, 'Allowing ingress traffic:\n');
      peers(w, arr(spec.ingress), { word: 'From', field: 'from', isolated: 'ingress', any: 'source' });
    } else w.write(L1, 'Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.write(L1, 'Allowing egress traffic:\n');
      peers(w, arr(spec.egress), { word: 'To', field: 'to', isolated: 'egress', any: 'destination' });
    } else w.write(L1, 'Not affecting egress traffic\n');
    w.write(L1, `Policy Types: ${types.join(', ')}\n`);
  });
}

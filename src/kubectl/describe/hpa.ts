/** `kubectl describe hpa` (autoscaling/v2): metrics as current / target, replicas, conditions. */
import type { KubeObject } from '../../cluster/types.js';
import { describeEvents } from './events.js';
import { annotationsMultiline, arr, labelsMultiline, num, rec, rfc1123z, str, type Obj } from './format.js';
import { fetchEvents, type DescribeContext } from './source.js';
import { L0, L1, L2, L3, tabbedString, type DescribeWriter } from './writer.js';

function q(v: unknown): string {
  return v === undefined || v === null ? '0' : String(v);
}

function metricLines(hpa: Obj, w: DescribeWriter): void {
  const current = arr(rec(hpa.status).currentMetrics);
  arr(rec(hpa.spec).metrics).forEach((metric, i) => {
    const cur = current[i] ? rec(current[i]) : undefined;
    switch (metric.type) {
      case 'Resource':
      case 'ContainerResource': {
        const isContainer = metric.type === 'ContainerResource';
        const src = rec(isContainer ? metric.containerResource : metric.resource);
        const target = rec(src.target);
        const c = cur ? rec(isContainer ? cur.containerResource : cur.resource) : undefined;
        const has = cur && (isContainer ? cur.containerResource : cur.resource);
        w.write(
          L1,
          isContainer
            ? `resource ${str(src.name)} of container "${str(src.container)}" on pods`
            : `resource ${str(src.name)} on pods`,
        );
        if (target.averageValue !== undefined) {
          const value = has ? q(rec(c!.current).averageValue) : '<unknown>';
          w.write(L0, `:\t${value} / ${q(target.averageValue)}\n`);
        } else {
          const cc = rec(c?.current);
          const value =
            has && cc.averageUtilization !== undefined
              ? `${num(cc.averageUtilization)}% (${q(cc.averageValue)})`
              : '<unknown>';
          const goal =
            target.averageUtilization !== undefined ? `${num(target.averageUtilization)}%` : '<auto>';
          w.write(L1, `(as a percentage of request):\t${value} / ${goal}\n`);
        }
        break;
      }
      case 'Pods': {
        const p = rec(metric.pods);
        const value = cur?.pods ? q(rec(rec(cur.pods).current).averageValue) : '<unknown>';
        w.write(
          L1,
          `${JSON.stringify(str(rec(p.metric).name))} on pods:\t${value} / ${q(rec(p.target).averageValue)}\n`,
        );
        break;
      }
      case 'Object': {
        const o = rec(metric.object);
        const ref = rec(o.describedObject);
        const target = rec(o.target);
        const cc = rec(rec(cur?.object).current);
        w.write(L1, `${JSON.stringify(str(rec(o.metric).name))} on ${str(ref.kind)}/${str(ref.name)}`);
        if (target.type === 'AverageValue') {
          const value = cur?.object ? q(cc.averageValue) : '<unknown>';
          w.write(L0, ` (target average value):\t${value} / ${q(target.averageValue)}\n`);
        } else {
          const value = cur?.object ? q(cc.value) : '<unknown>';
          w.write(L0, ` (target value):\t${value} / ${q(target.value)}\n`);
        }
        break;
      }
      case 'External': {
        const e = rec(metric.external);
        const target = rec(e.target);
        const cc = rec(rec(cur?.external).current);
        const sel = rec(rec(e.metric).selector);
        const selText = e.metric && rec(e.metric).selector ? ` (selector: ${JSON.stringify(sel)})` : '';
        if (target.averageValue !== undefined) {
          const value = cur?.external ? q(cc.averageValue) : '<unknown>';
          w.write(
            L1,
            `${JSON.stringify(str(rec(e.metric).name))}${selText} (target average value):\t${value} / ${q(target.averageValue)}\n`,
          );
        } else {
          const value = cur?.external ? q(cc.value) : '<unknown>';
          w.write(
            L1,
            `${JSON.stringify(str(rec(e.metric).name))}${selText} (target value):\t${value} / ${q(target.value)}\n`,
          );
        }
        break;
      }
      default:
        w.write(L1, `<unknown metric type ${JSON.stringify(str(metric.type))}>\n`);
    }
  });
}

function direction(w: DescribeWriter, title: string, rules: unknown): void {
  if (!rules) return;
  const r = rec(rules);
  w.write(L1, `${title}:\n`);
  if (typeof r.stabilizationWindowSeconds === 'number')
    w.write(L2, `Stabilization Window: ${r.stabilizationWindowSeconds} seconds\n`);
  const policies = arr(r.policies);
  if (policies.length) {
    w.write(L2, `Select Policy: ${str(r.selectPolicy) || 'Max'}\n`);
    w.write(L2, 'Policies:\n');
    for (const p of policies)
      w.write(
        L3,
        `- Type: ${str(p.type)}\tValue: ${num(p.value)}\tPeriod: ${num(p.periodSeconds)} seconds\n`,
      );
  }
}

export function renderHorizontalPodAutoscaler(
  hpa: KubeObject,
  events: Obj[] | undefined,
  now: number,
): string {
  const spec = rec(hpa.spec);
  const status = rec(hpa.status);
  const m = hpa.metadata;
  const ref = rec(spec.scaleTargetRef);
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
    w.write(L0, `Reference:\t${str(ref.kind)}/${str(ref.name)}\n`);
    w.write(L0, 'Metrics:\t( current / target )\n');
    metricLines(hpa, w);
    w.write(L0, `Min replicas:\t${typeof spec.minReplicas === 'number' ? spec.minReplicas : '<unset>'}\n`);
    w.write(L0, `Max replicas:\t${num(spec.maxReplicas)}\n`);
    if (spec.behavior) {
      w.write(L0, 'Behavior:\n');
      direction(w, 'Scale Up', rec(spec.behavior).scaleUp);
      direction(w, 'Scale Down', rec(spec.behavior).scaleDown);
    }
    w.write(L0, `${str(ref.kind)} pods:\t`);
    w.write(L0, `${num(status.currentReplicas)} current / ${num(status.desiredReplicas)} desired\n`);
    const conditions = arr(status.conditions);
    if (conditions.length) {
      w.write(L0, 'Conditions:\n');
      w.write(L1, 'Type\tStatus\tReason\tMessage\n');
      w.write(L1, '----\t------\t------\t-------\n');
      for (const c of conditions)
        w.write(L1, `${str(c.type)}\t${str(c.status)}\t${str(c.reason)}\t${str(c.message)}\n`);
    }
    describeEvents(events, w, now);
  });
}

export async function describeHorizontalPodAutoscaler(
  hpa: KubeObject,
  ctx: DescribeContext,
): Promise<string> {
  return renderHorizontalPodAutoscaler(hpa, await fetchEvents(ctx, hpa), ctx.now);
}

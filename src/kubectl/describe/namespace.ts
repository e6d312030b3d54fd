/** `kubectl describe` for Namespaces, ResourceQuotas and LimitRanges. */
import type { KubeObject } from '../../cluster/types.js';
import { formatQuantity, integerValue, tryParseQuantity } from '../../cluster/machinery/quantity.js';
import {
  annotationsMultiline,
  arr,
  byString,
  labelsMultiline,
  rec,
  rfc1123z,
  str,
  type Obj,
} from './format.js';
import type { DescribeContext } from './source.js';
import { L0, L1, tabbedString, type DescribeWriter } from './writer.js';

function scopesHelp(scope: string): string {
  switch (scope) {
    case 'Terminating':
      return 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.';
    case 'NotTerminating':
      return 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.';
    case 'BestEffort':
      return 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.';
    case 'NotBestEffort':
      return 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.';
    default:
      return '';
  }
}

function writeScopes(w: DescribeWriter, level: number, quota: Obj): void {
  const scopes = arr<string>(rec(quota.spec).scopes).slice().sort(byString);
  if (scopes.length === 0) return;
  w.write(level, `Scopes:\t${scopes.join(', ')}\n`);
  for (const s of scopes) {
    const help = scopesHelp(s);
    if (help) w.write(level, `* ${help}\n`);
  }
}

/** A quota's used amount, in the hard amount's format when they differ (as kubectl converts it). */
function usedText(used: unknown, hard: unknown): string {
  const h = tryParseQuantity(hard);
  const u = tryParseQuantity(used) ?? { nanos: 0n, format: h?.format ?? 'DecimalSI' };
  if (h && u.format !== h.format)
    return formatQuantity({ nanos: BigInt(integerValue(u)) * 1_000_000_000n, format: h.format });
  return formatQuantity(u);
}

function quantityText(v: unknown): string {
  const q = tryParseQuantity(v);
  return q ? formatQuantity(q) : '0';
}

export function renderResourceQuota(q: KubeObject): string {
  const status = rec(q.status);
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(q.metadata.name)}\n`);
    w.write(L0, `Namespace:\t${str(q.metadata.namespace)}\n`);
    writeScopes(w, L0, q);
    w.write(L0, 'Resource\tUsed\tHard\n');
    w.write(L0, '--------\t----\t----\n');
    const hard = rec(status.hard);
    for (const name of Object.keys(hard).sort(byString))
      w.write(L0, `${name}\t${usedText(rec(status.used)[name], hard[name])}\t${quantityText(hard[name])}\n`);
  });
}

function limitRangeRows(w: DescribeWriter, spec: Obj, prefix: string): void {
  for (const item of arr(spec.limits)) {
    const fields = ['min', 'max', 'defaultRequest', 'default', 'maxLimitRequestRatio'] as const;
    const names = new Set<string>();
    for (const f of fields) for (const k of Object.keys(rec(item[f]))) names.add(k);
    for (const k of [...names].sort(byString)) {
      const v = (f: string): string => {
        const raw = rec(item[f])[k];
        return raw === undefined ? '-' : quantityText(raw);
      };
      w.write(
        L0,
        `${prefix}${str(item.type)}\t${k}\t${v('min')}\t${v('max')}\t${v('defaultRequest')}\t${v('default')}\t${v('maxLimitRequestRatio')}\n`,
      );
    }
  }
}

export function renderLimitRange(lr: KubeObject): string {
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(lr.metadata.name)}\n`);
    w.write(L0, `Namespace:\t${str(lr.metadata.namespace)}\n`);
    w.write(L0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(L0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    limitRangeRows(w, rec(lr.spec), '');
  });
}

export function renderNamespace(
  ns: KubeObject,
  quotas: KubeObject[] | undefined,
  limitRanges: KubeObject[] | undefined,
): string {
  const m = ns.metadata;
  const status = rec(ns.status);
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `Status:\t${str(status.phase)}\n`);
    const conditions = arr(status.conditions);
    if (conditions.length) {
      w.write(L0, 'Conditions:\n');
      w.write(L1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(L1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          L1,
          `${str(c.type)}\t${str(c.status)}\t${rfc1123z(c.lastTransitionTime)}\t${str(c.reason)}\t${str(c.message)}\n`,
        );
    }
    if (quotas) {
      w.write(L0, '\n');
      if (quotas.length === 0) w.write(L0, 'No resource quota.\n');
      else {
        w.write(L0, 'Resource Quotas\n');
        const sorted = quotas.slice().sort((a, b) => byString(str(a.metadata.name), str(b.metadata.name)));
        for (const q of sorted) {
          w.write(L1, `Name:\t${str(q.metadata.name)}\n`);
          writeScopes(w, L1, q);
          w.write(L1, 'Resource\tUsed\tHard\n');
          w.write(L1, '--------\t---\t---\n');
          const hard = rec(rec(q.status).hard);
          for (const name of Object.keys(hard).sort(byString)) {
            const used = rec(rec(q.status).used)[name];
            w.write(L1, `${name}\t${quantityText(used)}\t${quantityText(hard[name])}\n`);
          }
        }
      }
    }
    if (limitRanges) {
      w.write(L0, '\n');
      if (limitRanges.length === 0) w.write(L0, 'No LimitRange resource.\n');
      else {
        w.write(
          L0,
          'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
        );
        w.write(L0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
        for (const lr of limitRanges) limitRangeRows(w, rec(lr.spec), ' ');
      }
    }
  });
}

export async function describeNamespace(ns: KubeObject, ctx: DescribeContext): Promise<string> {
  const name = str(ns.metadata.name);
  const list = async (resource: string): Promise<KubeObject[] | undefined> => {
    try {
      return await ctx.source.list(resource, { namespace: name });
    } catch {
      return undefined;
    }
  };
  return renderNamespace(ns, await list('resourcequotas'), await list('limitranges'));
}

export async function describeResourceQuota(q: KubeObject): Promise<string> {
  return renderResourceQuota(q);
}

export async function describeLimitRange(lr: KubeObject): Promise<string> {
  return renderLimitRange(lr);
}

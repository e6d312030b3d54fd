/**
 * Node maintenance: `kubectl cordon`, `uncordon`, `drain` (cordon, then evict the node's pods
 * with kubectl's filters for DaemonSet, mirror, local-storage and unmanaged pods) and `taint`
 * (add `key=value:Effect`, remove `key-` / `key:Effect-`, `--overwrite`).
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError, UsageError } from '../errors.js';
import {
  DRY_RUN,
  OUTPUT,
  SELECTOR,
  TEMPLATE,
  ALLOW_MISSING_TEMPLATE_KEYS,
  SHOW_MANAGED_FIELDS,
} from '../flags.js';
import { collectionUrl } from '../resources.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { goJson } from '../apply/last-applied.js';
import {
  argTargets,
  dryRunOf,
  dryRunSuffix,
  printChanged,
  selectorTargets,
  targetName,
  targetUrl,
  withQuery,
  type Target,
} from '../apply/targets.js';

type Obj = Record<string, unknown>;

async function nodeTargets(ctx: CommandContext, names: string[]): Promise<Target[]> {
  const selector = ctx.flags.string('selector');
  let targets: Target[];
  if (names.length === 0 && (selector || (hasFlag(ctx, 'all') && ctx.flags.bool('all'))))
    targets = await selectorTargets(ctx, 'nodes', selector || undefined);
  else {
    if (names.length === 0) throw new UsageError('USAGE: ' + ctx.path.join(' ') + ' NODE [flags]');
    targets = await argTargets(ctx, ['nodes', ...names]);
  }
  const out: Target[] = [];
  for (const t of targets)
    out.push(t.object ? t : { ...t, object: await ctx.client.get<KubeObject>(targetUrl(t)) });
  return out;
}

function hasFlag(ctx: CommandContext, name: string): boolean {
  try {
    ctx.flags.has(name);
    return true;
  } catch {
    return false;
  }
}

function unschedulable(node: KubeObject): boolean {
  return Boolean((node as unknown as { spec?: { unschedulable?: boolean } }).spec?.unschedulable);
}

/** Cordons or uncordons; prints kubectl's line; returns the node. */
async function setUnschedulable(ctx: CommandContext, t: Target, desired: boolean): Promise<void> {
  const dryRun = dryRunOf(ctx);
  const node = t.object!;
  if (unschedulable(node) === desired) {
    ctx.out(`${targetName(t)} already ${desired ? 'cordoned' : 'uncordoned'}${dryRunSuffix(dryRun)}\n`);
    return;
  }
  if (dryRun !== 'client')
    await ctx.client.request(
      'PATCH',
      withQuery(targetUrl(t), { dryRun: dryRun === 'server' ? 'All' : undefined }),
      {
        body: goJson({ spec: { unschedulable: desired ? true : null } }),
        contentType: 'application/strategic-merge-patch+json',
      },
    );
  ctx.out(`${targetName(t)} ${desired ? 'cordoned' : 'uncordoned'}${dryRunSuffix(dryRun)}\n`);
}

function cordonCommand(name: 'cordon' | 'uncordon'): CommandSpec {
  return {
    name,
    short: name === 'cordon' ? 'Mark node as unschedulable' : 'Mark node as schedulable',
    group: 'Cluster Management Commands',
    usage: `${name} NODE [options]`,
    flags: [SELECTOR, DRY_RUN],
    async run(ctx) {
      for (const t of await nodeTargets(ctx, ctx.args)) await setUnschedulable(ctx, t, name === 'cordon');
      return 0;
    },
  };
}

/** What drain does with one pod: evict it, skip it, or refuse (with the reason's category). */
function classify(
  pod: KubeObject,
  ctx: CommandContext,
): { action: 'evict' | 'skip' | 'warn' | 'error'; category?: string } {
  const m = pod.metadata;
  const status = (pod as unknown as { status?: { phase?: string } }).status?.phase;
  const spec = (pod as unknown as { spec?: { volumes?: Obj[] } }).spec ?? {};
  if (m.annotations?.['kubernetes.io/config.mirror'] !== undefined) return { action: 'skip' };
  const controller = (m.ownerReferences ?? []).find((o) => o.controller);
  const finished = status === 'Succeeded' || status === 'Failed';
  if (controller?.kind === 'DaemonSet') {
    if (ctx.flags.bool('ignore-daemonsets'))
      return { action: 'warn', category: 'ignoring DaemonSet-managed Pods' };
    return {
      action: 'error',
      category: 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
    };
  }
  if (!finished && (spec.volumes ?? []).some((v) => v.emptyDir !== undefined)) {
    if (!ctx.flags.bool('delete-emptydir-data'))
      return {
        action: 'error',
        category: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)',
      };
  }
  if (!controller && !finished) {
    if (ctx.flags.bool('force'))
      return { action: 'evict', category: 'deleting Pods that declare no controller' };
    return {
      action: 'error',
      category: 'cannot delete Pods that declare no controller (use --force to override)',
    };
  }
  return { action: 'evict' };
}

function grouped(entries: { category: string; pod: string }[]): string[] {
  const byCategory = new Map<string, string[]>();
  for (const e of entries) byCategory.set(e.category, [...(byCategory.get(e.category) ?? []), e.pod]);
  return [...byCategory].map(([c, pods]) => `${c}: ${pods.join(', ')}`);
}

async function waitPodGone(
  ctx: CommandContext,
  namespace: string,
  name: string,
  uid: string | undefined,
): Promise<void> {
  const resolver = await ctx.client.resources();
  const pods = resolver.resolve('pods');
  const t: Target = { resource: pods, name, namespace };
  let rv: string | undefined;
  try {
    const pod = await ctx.client.get<KubeObject>(targetUrl(t));
    if (uid && pod.metadata.uid !== uid) return;
    rv = pod.metadata.resourceVersion;
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return;
    throw e;
  }
  const url = withQuery(collectionUrl(pods, namespace), {
    fieldSelector: `metadata.name=${name}`,
    watch: 'true',
    resourceVersion: rv,
  });
  for await (const ev of ctx.client.watch<{ type: string }>(url, 'application/json', ctx.env.signal))
    if (ev.type === 'DELETED') return;
}

const drain: CommandSpec = {
  name: 'drain',
  short: 'Drain node in preparation for maintenance',
  group: 'Cluster Management Commands',
  usage: 'drain NODE [options]',
  flags: [
    SELECTOR,
    DRY_RUN,
    { name: 'ignore-daemonsets', type: 'bool', usage: 'Ignore DaemonSet-managed pods.' },
    {
      name: 'delete-emptydir-data',
      type: 'bool',
      usage:
        'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).',
    },
    {
      name: 'force',
      type: 'bool',
      usage: 'Continue even if there are pods that do not declare a controller.',
    },
    {
      name: 'grace-period',
      type: 'int',
      default: '-1',
      usage: 'Period of time in seconds given to each pod to terminate gracefully.',
    },
    {
      name: 'timeout',
      type: 'duration',
      default: '0s',
      usage: 'The length of time to wait before giving up, zero means infinite',
    },
    { name: 'pod-selector', type: 'string', usage: 'Label selector to filter pods on the node' },
    {
      name: 'disable-eviction',
      type: 'bool',
      usage: 'Force drain to use delete, even if eviction is supported.',
    },
    {
      name: 'skip-wait-for-delete-timeout',
      type: 'int',
      default: '0',
      usage: 'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.',
    },
    {
      name: 'chunk-size',
      type: 'int',
      default: '500',
      usage: 'Return large lists in chunks rather than all at once.',
    },
  ],
  async run(ctx) {
    const dryRun = dryRunOf(ctx);
    const targets = await nodeTargets(ctx, ctx.args);
    const resolver = await ctx.client.resources();
    const podsResource = resolver.resolve('pods');
    const pending: string[] = [];
    const failures: string[] = [];
    for (const t of targets) {
      await setUnschedulable(ctx, t, true);
      const list = await ctx.client.get<{ items: KubeObject[] }>(
        withQuery(collectionUrl(podsResource), {
          fieldSelector: `spec.nodeName=${t.name}`,
          labelSelector: ctx.flags.string('pod-selector') || undefined,
        }),
      );
      const evict: KubeObject[] = [];
      const warnings: { category: string; pod: string }[] = [];
      const errors: { category: string; pod: string }[] = [];
      for (const pod of list.items ?? []) {
        const id = `${pod.metadata.namespace}/${pod.metadata.name}`;
        const c = classify(pod, ctx);
        if (c.action === 'error') errors.push({ category: c.category!, pod: id });
        else if (c.action === 'warn') warnings.push({ category: c.category!, pod: id });
        else if (c.action === 'evict') {
          if (c.category) warnings.push({ category: c.category, pod: id });
          evict.push(pod);
        }
      }
      if (errors.length > 0) {
        const text = grouped(errors).join(', ');
        const message = errors.length > 1 && grouped(errors).length > 1 ? `[${text}]` : text;
        ctx.err(`error: unable to drain node "${t.name}" due to error: ${message}, continuing command...\n`);
        pending.push(t.name);
        failures.push(message);
        continue;
      }
      if (warnings.length > 0) ctx.err(`Warning: ${grouped(warnings).join('; ')}\n`);
      const grace = ctx.flags.int('grace-period');
      const evicted: { pod: KubeObject }[] = [];
      for (const pod of evict) {
        ctx.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}${dryRunSuffix(dryRun)}\n`);
        if (dryRun === 'client') continue;
        const body: Obj = {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
        };
        const options: Obj = {};
        if (grace >= 0) options.gracePeriodSeconds = grace;
        if (dryRun === 'server') options.dryRun = ['All'];
        if (Object.keys(options).length > 0) body.deleteOptions = options;
        const podTarget: Target = {
          resource: podsResource,
          name: pod.metadata.name!,
          namespace: pod.metadata.namespace!,
        };
        if (ctx.flags.bool('disable-eviction'))
          await ctx.client.request('DELETE', targetUrl(podTarget), { body: { ...options } });
        else await ctx.client.request('POST', targetUrl(podTarget, 'eviction'), { body });
        evicted.push({ pod });
      }
      if (dryRun === 'none')
        await Promise.all(
          evicted.map(async ({ pod }) => {
            await waitPodGone(ctx, pod.metadata.namespace!, pod.metadata.name!, pod.metadata.uid);
            ctx.out(`pod/${pod.metadata.name} evicted\n`);
          }),
        );
      ctx.out(`${targetName(t)} drained${dryRunSuffix(dryRun)}\n`);
    }
    if (pending.length > 0) {
      ctx.err(`There are pending nodes to be drained:\n${pending.map((n) => ` ${n}\n`).join('')}`);
      throw new KubectlError(failures.join('\n'), 1, true);
    }
    return 0;
  },
};

// ---------------------------------------------------------------- taint

interface Taint {
  key: string;
  value?: string;
  effect?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function taintText(t: Taint): string {
  let s = t.key;
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  return s;
}

function parseTaint(spec: string, removal: boolean): Taint {
  const colon = spec.lastIndexOf(':');
  const keyValue = colon >= 0 ? spec.slice(0, colon) : spec;
  const effect = colon >= 0 ? spec.slice(colon + 1) : undefined;
  if (effect !== undefined && !EFFECTS.includes(effect))
    throw new UsageError(`invalid taint effect: ${effect}, unsupported taint effect`);
  if (!removal && effect === undefined) throw new UsageError(`invalid taint spec: ${spec}`);
  const eq = keyValue.indexOf('=');
  const key = eq >= 0 ? keyValue.slice(0, eq) : keyValue;
  const value = eq >= 0 ? keyValue.slice(eq + 1) : undefined;
  if (key === '') throw new UsageError(`invalid taint spec: ${spec}`);
  return { key, ...(value ? { value } : {}), ...(effect ? { effect } : {}) };
}

const taint: CommandSpec = {
  name: 'taint',
  short: 'Update the taints on one or more nodes',
  group: 'Cluster Management Commands',
  usage: 'taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]',
  flags: [
    SELECTOR,
    DRY_RUN,
    OUTPUT(),
    TEMPLATE,
    SHOW_MANAGED_FIELDS,
    ALLOW_MISSING_TEMPLATE_KEYS,
    {
      name: 'overwrite',
      type: 'bool',
      usage:
        'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.',
    },
    { name: 'all', type: 'bool', usage: 'Select all nodes in the cluster' },
    {
      name: 'validate',
      type: 'string',
      default: 'strict',
      noOptDefault: 'strict',
      usage: 'Schema validation.',
    },
    {
      name: 'field-manager',
      type: 'string',
      default: 'kubectl-taint',
      usage: 'Name of the manager used to track field ownership.',
    },
  ],
  async run(ctx) {
    const resources: string[] = [];
    const specs: string[] = [];
    for (const a of ctx.args) {
      if (a.includes('=') || a.includes(':') || (a.endsWith('-') && a.length > 1)) specs.push(a);
      else resources.push(a);
    }
    const add: Taint[] = [];
    const remove: Taint[] = [];
    for (const s of specs) {
      if (s.endsWith('-')) remove.push(parseTaint(s.slice(0, -1), true));
      else add.push(parseTaint(s, false));
    }
    if (resources.length === 0 && !ctx.flags.string('selector') && !ctx.flags.bool('all'))
      throw new KubectlError('one or more resources must be specified as <resource> <name>');
    if (add.length === 0 && remove.length === 0)
      throw new KubectlError('at least one taint update is required');
    const dryRun = dryRunOf(ctx);
    let names = resources;
    if (names.length > 0) {
      if (names[0]!.includes('/'))
        throw new KubectlError(`the server doesn't have a resource type "${names[0]}"`, 1, true);
      const first = names[0]!;
      const resolver = await ctx.client.resources();
      const r = resolver.resolve(first);
      if (r.resource !== 'nodes')
        throw new KubectlError(`invalid resource type ${first}, only node types are supported`);
      names = names.slice(1);
    }
    const targets = await nodeTargets(ctx, names);
    for (const t of targets) {
      const node = t.object!;
      const old = ((node as unknown as { spec?: { taints?: Taint[] } }).spec?.taints ?? []) as Taint[];
      if (!ctx.flags.bool('overwrite')) {
        const exists = add
          .filter((a) => old.some((o) => o.key === a.key && o.effect === a.effect))
          .map((a) => a.key);
        if (exists.length > 0)
          throw new KubectlError(
            `node ${t.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`,
          );
      }
      const next: Taint[] = add.map((a) => ({ ...a }));
      for (const o of old) if (!next.some((n) => n.key === o.key && n.effect === o.effect)) next.push(o);
      const added = old.length !== next.length;
      let deleted = false;
      const errors: string[] = [];
      for (const r of remove) {
        const before = next.length;
        for (let i = next.length - 1; i >= 0; i--)
          if (next[i]!.key === r.key && (!r.effect || next[i]!.effect === r.effect)) next.splice(i, 1);
        deleted = next.length !== before;
        if (!deleted) errors.push(`taint "${taintText(r)}" not found`);
      }
      if (errors.length > 0)
        throw new KubectlError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
      const verb =
        (added && deleted) || ctx.flags.bool('overwrite') ? 'modified' : added ? 'tainted' : 'untainted';
      let result = node;
      if (dryRun !== 'client')
        result = await ctx.client.request<KubeObject>(
          'PATCH',
          withQuery(targetUrl(t), {
            fieldManager: ctx.flags.string('field-manager') || 'kubectl-taint',
            dryRun: dryRun === 'server' ? 'All' : undefined,
          }),
          {
            body: goJson({ spec: { taints: next.length > 0 ? next : null } }),
            contentType: 'application/strategic-merge-patch+json',
          },
        );
      printChanged(ctx, result, targetName(t), verb, 'none');
    }
    return 0;
  },
};

register(cordonCommand('cordon'));
register(cordonCommand('uncordon'));
register(drain);
register(taint);

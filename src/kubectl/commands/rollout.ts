/**
 * `kubectl rollout status|history|undo|restart|pause|resume`: status watches the object and
 * prints kubectl's progress lines until the rollout is done; history and undo read the
 * Deployment's ReplicaSets (revision annotations); undo sends kubectl's JSON patch.
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import { FILENAME, KUSTOMIZE, OUTPUT, RECURSIVE, SELECTOR, DRY_RUN } from '../flags.js';
import { collectionUrl, kindPrefix } from '../resources.js';
import { TabWriter } from '../printers/index.js';
import type { CommandContext, CommandSpec, FlagSpec } from '../types.js';
import { DescribeWriter } from '../describe/writer.js';
import { describePodTemplate } from '../describe/containers.js';
import { goJson } from '../apply/last-applied.js';
import { rfc3339 } from '../../cluster/machinery/timestamps.js';
import {
  argTargets,
  dryRunOf,
  manifestTargets,
  printChanged,
  selectorTargets,
  targetName,
  targetUrl,
  withQuery,
  type Target,
} from '../apply/targets.js';

type Obj = Record<string, unknown>;

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** kubectl's rollout status line for an object and whether the rollout is done. */
export function rolloutStatus(obj: KubeObject): { text: string; done: boolean } {
  const o = obj as unknown as { metadata: { name: string; generation?: number }; spec?: Obj; status?: Obj };
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  const name = o.metadata.name;
  const generation = o.metadata.generation ?? 0;
  const observed = num(status.observedGeneration);
  switch (obj.kind) {
    case 'Deployment': {
      if (generation > observed)
        return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
      const progressing = ((status.conditions ?? []) as Obj[]).find((c) => c.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded')
        throw new KubectlError(`deployment "${name}" exceeded its progress deadline`);
      const replicas = typeof spec.replicas === 'number' ? spec.replicas : undefined;
      const updated = num(status.updatedReplicas);
      if (replicas !== undefined && updated < replicas)
        return {
          text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`,
          done: false,
        };
      if (num(status.replicas) > updated)
        return {
          text: `Waiting for deployment "${name}" rollout to finish: ${num(status.replicas) - updated} old replicas are pending termination...\n`,
          done: false,
        };
      if (num(status.availableReplicas) < updated)
        return {
          text: `Waiting for deployment "${name}" rollout to finish: ${num(status.availableReplicas)} of ${updated} updated replicas are available...\n`,
          done: false,
        };
      return { text: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    case 'DaemonSet': {
      const strategy = (spec.updateStrategy ?? {}) as Obj;
      if (strategy.type !== 'RollingUpdate')
        throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
      if (generation > observed)
        return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
      const desired = num(status.desiredNumberScheduled);
      if (num(status.updatedNumberScheduled) < desired)
        return {
          text: `Waiting for daemon set "${name}" rollout to finish: ${num(status.updatedNumberScheduled)} out of ${desired} new pods have been updated...\n`,
          done: false,
        };
      if (num(status.numberAvailable) < desired)
        return {
          text: `Waiting for daemon set "${name}" rollout to finish: ${num(status.numberAvailable)} of ${desired} updated pods are available...\n`,
          done: false,
        };
      return { text: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    case 'StatefulSet': {
      const strategy = (spec.updateStrategy ?? {}) as Obj;
      if (strategy.type !== 'RollingUpdate')
        throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
      if (observed === 0 || generation > observed)
        return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
      const replicas = typeof spec.replicas === 'number' ? spec.replicas : undefined;
      if (replicas !== undefined && num(status.readyReplicas) < replicas)
        return {
          text: `Waiting for ${replicas - num(status.readyReplicas)} pods to be ready...\n`,
          done: false,
        };
      const rolling = strategy.rollingUpdate as Obj | undefined;
      if (rolling) {
        if (replicas !== undefined && typeof rolling.partition === 'number') {
          if (num(status.updatedReplicas) < replicas - rolling.partition)
            return {
              text: `Waiting for partitioned roll out to finish: ${num(status.updatedReplicas)} out of ${replicas - rolling.partition} new pods have been updated...\n`,
              done: false,
            };
        }
        return {
          text: `partitioned roll out complete: ${num(status.updatedReplicas)} new pods have been updated...\n`,
          done: true,
        };
      }
      if (status.updateRevision !== status.currentRevision)
        return {
          text: `waiting for statefulset rolling update to complete ${num(status.updatedReplicas)} pods at revision ${String(status.updateRevision)}...\n`,
          done: false,
        };
      return {
        text: `statefulset rolling update complete ${num(status.currentReplicas)} pods at revision ${String(status.currentRevision)}...\n`,
        done: true,
      };
    }
    default:
      throw new KubectlError(`no status viewer has been implemented for ${obj.kind}`);
  }
}

async function targetsOf(ctx: CommandContext): Promise<Target[]> {
  const files = ctx.flags.list('filename');
  if (files.length === 0 && ctx.args.length === 0) throw new KubectlError('required resource not specified');
  let targets: Target[];
  if (files.length > 0) targets = await manifestTargets(ctx, { validate: false });
  else if (ctx.args.length === 1 && !ctx.args[0]!.includes('/'))
    targets = await selectorTargets(ctx, ctx.args[0]!, ctx.flags.string('selector') || undefined);
  else targets = await argTargets(ctx, ctx.args);
  const out: Target[] = [];
  for (const t of targets)
    out.push(t.object ? t : { ...t, object: await ctx.client.get<KubeObject>(targetUrl(t)) });
  return out;
}

const TARGET_FLAGS: FlagSpec[] = [
  FILENAME('Filename, directory, or URL to files identifying the resource to get from a server.'),
  RECURSIVE,
  KUSTOMIZE,
  SELECTOR,
];

const status: CommandSpec = {
  name: 'status',
  short: 'Show the status of the rollout',
  usage: 'rollout status (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [
    ...TARGET_FLAGS,
    {
      name: 'watch',
      short: 'w',
      type: 'bool',
      default: 'true',
      usage: "Watch the status of the rollout until it's done.",
    },
    {
      name: 'revision',
      type: 'int',
      default: '0',
      usage: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).',
    },
    {
      name: 'timeout',
      type: 'duration',
      default: '0s',
      usage: 'The length of time to wait before ending watch, zero means never.',
    },
  ],
  async run(ctx) {
    const targets = await targetsOf(ctx);
    for (const t of targets) {
      const first = rolloutStatus(t.object!);
      ctx.out(first.text);
      if (first.done || !ctx.flags.bool('watch')) continue;
      const url = withQuery(collectionUrl(t.resource, t.namespace), {
        fieldSelector: `metadata.name=${t.name}`,
        resourceVersion: t.object!.metadata.resourceVersion,
        watch: 'true',
      });
      let done = false;
      for await (const ev of ctx.client.watch<{ type: string; object: KubeObject }>(
        url,
        'application/json',
        ctx.env.signal,
      )) {
        if (ev.type === 'DELETED') throw new KubectlError('object has been deleted');
        if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') continue;
        const s = rolloutStatus(ev.object);
        ctx.out(s.text);
        if (s.done) {
          done = true;
          break;
        }
      }
      if (!done && !ctx.env.signal?.aborted)
        throw new KubectlError('watch closed before UntilWithoutRetry timeout');
    }
    return 0;
  },
};

async function replicaSetsOf(ctx: CommandContext, deployment: KubeObject): Promise<KubeObject[]> {
  const resolver = await ctx.client.resources();
  const rs = resolver.resolve('replicasets.apps');
  const list = await ctx.client.get<{ items: KubeObject[] }>(
    collectionUrl(rs, deployment.metadata.namespace),
  );
  return (list.items ?? []).filter((r) =>
    (r.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === deployment.metadata.uid),
  );
}

async function controllerRevisionsOf(ctx: CommandContext, owner: KubeObject): Promise<KubeObject[]> {
  const resolver = await ctx.client.resources();
  let cr;
  try {
    cr = resolver.resolve('controllerrevisions.apps');
  } catch {
    return [];
  }
  const list = await ctx.client.get<{ items: KubeObject[] }>(collectionUrl(cr, owner.metadata.namespace));
  return (list.items ?? []).filter((r) =>
    (r.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === owner.metadata.uid),
  );
}

function revisionOf(rs: KubeObject): number | undefined {
  const v = rs.metadata.annotations?.[REVISION];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** Pod template text with tabs left raw, as `rollout history --revision` prints it. */
class RawWriter extends DescribeWriter {
  private buf = '';
  override write(level: number, text: string): void {
    this.buf += '  '.repeat(level) + text;
  }
  override line(...words: string[]): void {
    this.buf += `${words.join(' ')}\n`;
  }
  override flush(): void {}
  override text(): string {
    return this.buf;
  }
}

const history: CommandSpec = {
  name: 'history',
  short: 'View rollout history',
  usage: 'rollout history (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [
    ...TARGET_FLAGS,
    OUTPUT(),
    {
      name: 'revision',
      type: 'int',
      default: '0',
      usage: 'See the details, including podTemplate of the revision specified',
    },
  ],
  async run(ctx) {
    const targets = await targetsOf(ctx);
    const wanted = ctx.flags.int('revision');
    for (const t of targets) {
      const kind = t.object!.kind;
      const byRevision = new Map<number, KubeObject>();
      if (kind === 'Deployment') {
        for (const rs of await replicaSetsOf(ctx, t.object!)) {
          const r = revisionOf(rs);
          if (r !== undefined) byRevision.set(r, rs);
        }
      } else if (kind === 'DaemonSet' || kind === 'StatefulSet') {
        for (const cr of await controllerRevisionsOf(ctx, t.object!)) {
          const r = (cr as unknown as { revision?: number }).revision;
          if (typeof r === 'number') byRevision.set(r, cr);
        }
      } else throw new KubectlError(`no history viewer has been implemented for ${kind}`);
      if (wanted > 0 && kind === 'Deployment') {
        const rs = byRevision.get(wanted);
        if (!rs) throw new KubectlError(`unable to find the specified revision`);
        const w = new RawWriter();
        describePodTemplate((rs as unknown as { spec?: { template?: Obj } }).spec?.template, w);
        ctx.out(`${targetName(t)} with revision #${wanted}\n${w.text()}\n`);
        continue;
      }
      const revisions = [...byRevision.keys()].sort((a, b) => a - b);
      if (revisions.length === 0) {
        ctx.out(`${targetName(t)} \nNo rollout history found.\n`);
        continue;
      }
      const tw = new TabWriter({ minWidth: 0, padding: 2 });
      tw.write('REVISION\tCHANGE-CAUSE\n');
      for (const r of revisions)
        tw.write(`${r}\t${byRevision.get(r)!.metadata.annotations?.[CHANGE_CAUSE] ?? '<none>'}\n`);
      ctx.out(`${targetName(t)} \n${tw.flush()}\n`);
    }
    return 0;
  },
};

const ROLLBACK_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function withoutHash(template: Obj): Obj {
  const copy = structuredClone(template);
  const labels = (copy.metadata as Obj | undefined)?.labels as Record<string, string> | undefined;
  if (labels) delete labels[HASH_LABEL];
  return copy;
}

function sameJson(a: unknown, b: unknown): boolean {
  return goJson(a) === goJson(b);
}

const undo: CommandSpec = {
  name: 'undo',
  short: 'Undo a previous rollout',
  usage: 'rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [
    ...TARGET_FLAGS,
    OUTPUT(),
    DRY_RUN,
    {
      name: 'to-revision',
      type: 'int',
      default: '0',
      usage: 'The revision to rollback to. Default to 0 (last revision).',
    },
  ],
  async run(ctx) {
    const dryRun = dryRunOf(ctx);
    const targets = await targetsOf(ctx);
    const to = ctx.flags.int('to-revision');
    for (const t of targets) {
      const d = t.object!;
      if (d.kind !== 'Deployment')
        throw new KubectlError(`no rollbacker has been implemented for "${d.kind}"`);
      if ((d as unknown as { spec?: { paused?: boolean } }).spec?.paused)
        throw new KubectlError(
          `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`,
        );
      const sets = await replicaSetsOf(ctx, d);
      let target: KubeObject | undefined;
      let latest = -1;
      let previous = -1;
      let latestRs: KubeObject | undefined;
      for (const rs of sets) {
        const v = revisionOf(rs);
        if (v === undefined) continue;
        if (to === 0) {
          if (latest < v) {
            previous = latest;
            target = latestRs;
            latest = v;
            latestRs = rs;
          } else if (previous < v) {
            previous = v;
            target = rs;
          }
        } else if (v === to) target = rs;
      }
      if (!target) {
        if (to > 0) throw new KubectlError(`unable to find specified revision ${to} in history`);
        throw new KubectlError(`no rollout history found for deployment "${d.metadata.name}"`);
      }
      const revision = revisionOf(target)!;
      const template = withoutHash((target as unknown as { spec: { template: Obj } }).spec.template ?? {});
      const current = withoutHash((d as unknown as { spec: { template: Obj } }).spec.template ?? {});
      if (sameJson(template, current)) {
        ctx.out(
          `${targetName(t)} skipped rollback (current template already matches revision ${revision})\n`,
        );
        continue;
      }
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
        if (ROLLBACK_SKIP.has(k)) annotations[k] = v;
      for (const [k, v] of Object.entries(target.metadata.annotations ?? {}))
        if (!ROLLBACK_SKIP.has(k)) annotations[k] = v;
      const patch = [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ];
      let result = d;
      if (dryRun !== 'client') {
        try {
          result = await ctx.client.request<KubeObject>(
            'PATCH',
            withQuery(targetUrl(t), { dryRun: dryRun === 'server' ? 'All' : undefined }),
            { body: goJson(patch), contentType: 'application/json-patch+json' },
          );
        } catch (e) {
          if (e instanceof ApiError)
            throw new KubectlError(`failed restoring revision ${revision}: ${e.status.message}`);
          throw e;
        }
      }
      printChanged(ctx, result, targetName(t), 'rolled back', dryRun);
    }
    return 0;
  },
};

/** pause/resume/restart: a strategic merge patch on the object, with kubectl's "already" errors. */
function simple(
  name: 'pause' | 'resume' | 'restart',
  short: string,
  verb: string,
  patchFor: (ctx: CommandContext, obj: KubeObject) => Obj,
): CommandSpec {
  return {
    name,
    short,
    usage: `rollout ${name} RESOURCE [options]`,
    flags: [
      ...TARGET_FLAGS,
      OUTPUT(),
      DRY_RUN,
      {
        name: 'field-manager',
        type: 'string',
        default: 'kubectl-rollout',
        usage: 'Name of the manager used to track field ownership.',
      },
    ],
    async run(ctx) {
      const dryRun = dryRunOf(ctx);
      const targets = await targetsOf(ctx);
      const errors: string[] = [];
      for (const t of targets) {
        const obj = t.object!;
        const paused = Boolean((obj as unknown as { spec?: { paused?: boolean } }).spec?.paused);
        const label = `${t.resource.group ? `${t.resource.resource}.${t.resource.group}` : t.resource.resource} "${t.name}"`;
        if (obj.kind !== 'Deployment' && name !== 'restart') {
          errors.push(
            `${kindPrefix(t.resource)}/${t.name} ${name === 'pause' ? 'pausing' : 'resuming'} is not supported`,
          );
          continue;
        }
        if (name === 'pause' && paused) {
          errors.push(`${label} is already paused`);
          continue;
        }
        if (name === 'resume' && !paused) {
          errors.push(`${label} is not paused`);
          continue;
        }
        if (name === 'restart' && paused) {
          errors.push(`can't restart paused deployment (run rollout resume first)`);
          continue;
        }
        let result = obj;
        if (dryRun !== 'client')
          result = await ctx.client.request<KubeObject>(
            'PATCH',
            withQuery(targetUrl(t), {
              fieldManager: ctx.flags.string('field-manager') || 'kubectl-rollout',
              dryRun: dryRun === 'server' ? 'All' : undefined,
            }),
            { body: goJson(patchFor(ctx, obj)), contentType: 'application/strategic-merge-patch+json' },
          );
        printChanged(ctx, result, targetName(t), verb, dryRun);
      }
      if (errors.length > 0) throw new KubectlError(errors.join('\nerror: '));
      return 0;
    },
  };
}

register({
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  group: 'Deploy Commands',
  usage: 'rollout SUBCOMMAND [options]',
  long: 'Manage the rollout of one or many resources.',
  subcommands: [
    history,
    simple('pause', 'Mark the provided resource as paused', 'paused', () => ({ spec: { paused: true } })),
    simple('restart', 'Restart a resource', 'restarted', (ctx) => ({
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(ctx.env.now()) } },
        },
      },
    })),
    simple('resume', 'Resume a paused resource', 'resumed', () => ({ spec: { paused: null } })),
    status,
    undo,
  ],
});

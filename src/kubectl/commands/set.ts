/**
 * `kubectl set image (TYPE NAME | TYPE/NAME | -f FILE) CONTAINER=IMAGE...`: changes container
 * images and sends the two-way strategic merge patch (`fieldManager=kubectl-set`); an object
 * that does not change is skipped silently, as kubectl does.
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { applyStrategicMergePatch } from '../../cluster/machinery/strategic-merge/index.js';
import { register } from '../command-list.js';
import { KubectlError, UsageError } from '../errors.js';
import {
  ALLOW_MISSING_TEMPLATE_KEYS,
  DRY_RUN,
  FIELD_MANAGER,
  FILENAME,
  KUSTOMIZE,
  OUTPUT,
  RECURSIVE,
  SELECTOR,
  SHOW_MANAGED_FIELDS,
  TEMPLATE,
} from '../flags.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { goJson } from '../apply/last-applied.js';
import { cursorOf, twoWayMergePatch } from '../apply/three-way.js';
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

/** The pod spec inside a workload (or the pod's own spec); undefined for kinds without one. */
export function podSpecOf(obj: Obj): Obj | undefined {
  const spec = obj.spec as Obj | undefined;
  if (!spec) return undefined;
  switch (obj.kind) {
    case 'Pod':
      return spec;
    case 'CronJob':
      return ((((spec.jobTemplate as Obj | undefined)?.spec as Obj | undefined)?.template as Obj | undefined)
        ?.spec ?? undefined) as Obj | undefined;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
    case 'ReplicationController':
      return ((spec.template as Obj | undefined)?.spec ?? undefined) as Obj | undefined;
    default:
      return undefined;
  }
}

/** Objects named on the command line for `set` subcommands: positional type/name args before `KEY=VALUE` args. */
export async function setTargets(ctx: CommandContext, resourceArgs: string[]): Promise<Target[]> {
  const files = ctx.flags.list('filename');
  let targets: Target[];
  if (files.length > 0) targets = await manifestTargets(ctx, { validate: false });
  else if (
    (ctx.flags.string('selector') || ctx.flags.bool('all')) &&
    resourceArgs.length === 1 &&
    !resourceArgs[0]!.includes('/')
  )
    targets = await selectorTargets(ctx, resourceArgs[0]!, ctx.flags.string('selector') || undefined);
  else targets = await argTargets(ctx, resourceArgs);
  const out: Target[] = [];
  for (const t of targets)
    out.push(t.object ? t : { ...t, object: await ctx.client.get<KubeObject>(targetUrl(t)) });
  return out;
}

/** Sends the two-way patch from `before` to `after` (or prints the dry run); nothing when they are equal. */
export async function patchChanged(
  ctx: CommandContext,
  t: Target,
  before: KubeObject,
  after: Obj,
  verb: string,
  manager: string,
): Promise<boolean> {
  const dryRun = dryRunOf(ctx);
  const patch = twoWayMergePatch(before as unknown as Obj, after);
  if (Object.keys(patch).length === 0) return false;
  let result = after as unknown as KubeObject;
  if (dryRun === 'client') result = applyStrategicMergePatch(before, patch, cursorOf(after)) as KubeObject;
  else
    result = await ctx.client.request<KubeObject>(
      'PATCH',
      withQuery(targetUrl(t), { fieldManager: manager, dryRun: dryRun === 'server' ? 'All' : undefined }),
      { body: goJson(patch), contentType: 'application/strategic-merge-patch+json' },
    );
  printChanged(ctx, result, targetName(t), verb, dryRun);
  return true;
}

const COMMON = [
  FILENAME('Filename, directory, or URL to files identifying the resource to get from a server.'),
  RECURSIVE,
  KUSTOMIZE,
  SELECTOR,
  OUTPUT(),
  DRY_RUN,
  TEMPLATE,
  SHOW_MANAGED_FIELDS,
  ALLOW_MISSING_TEMPLATE_KEYS,
  FIELD_MANAGER('kubectl-set'),
  {
    name: 'all',
    type: 'bool' as const,
    usage: 'Select all resources, in the namespace of the specified resource types',
  },
  {
    name: 'local',
    type: 'bool' as const,
    usage: 'If true, set image will NOT contact api-server but run locally.',
  },
];

const image: CommandSpec = {
  name: 'image',
  short: 'Update the image of a pod template',
  usage:
    'set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]',
  flags: COMMON,
  async run(ctx) {
    const resourceArgs = ctx.args.filter((a) => !a.includes('='));
    const pairs = ctx.args.filter((a) => a.includes('='));
    if (pairs.length === 0) throw new KubectlError('at least one image update is required');
    if (ctx.flags.list('filename').length === 0 && resourceArgs.length === 0)
      throw new UsageError(
        'one or more resources must be specified as <resource> <name> or <resource>/<name>',
      );
    const images = pairs.map((p) => {
      const eq = p.indexOf('=');
      return { container: p.slice(0, eq), image: p.slice(eq + 1) };
    });
    const targets = await setTargets(ctx, resourceArgs);
    const errors: unknown[] = [];
    for (const t of targets) {
      const before = t.object!;
      const after = structuredClone(before) as unknown as Obj;
      const pod = podSpecOf(after);
      if (!pod) {
        errors.push(
          new KubectlError(
            `error: ${targetName(t)} the object is not a pod or does not have a pod template: ${before.kind}`,
          ),
        );
        continue;
      }
      for (const { container, image: img } of images) {
        let matched = false;
        for (const list of ['initContainers', 'containers'] as const)
          for (const c of (pod[list] ?? []) as Obj[])
            if (container === '*' || c.name === container) {
              c.image = img;
              matched = true;
            }
        if (!matched) throw new KubectlError(`unable to find container named "${container}"`);
      }
      try {
        await patchChanged(
          ctx,
          t,
          before,
          after,
          'image updated',
          ctx.flags.string('field-manager') || 'kubectl-set',
        );
      } catch (e) {
        if (e instanceof ApiError) errors.push(e);
        else throw e;
      }
    }
    if (errors.length > 0) throw errors[0];
    return 0;
  },
};

register({
  name: 'set',
  short: 'Set specific features on objects',
  group: 'Basic Commands (Intermediate)',
  usage: 'set SUBCOMMAND [options]',
  long: 'Configure application resources.\n\n These commands help you make changes to existing application resources.',
  subcommands: [image],
});

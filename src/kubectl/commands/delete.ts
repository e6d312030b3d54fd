/**
 * `kubectl delete`: by name (`TYPE NAME...`, `TYPE/NAME`), `-f`, `-l`, `--all`, with
 * `--cascade`, `--grace-period`, `--now`, `--force` (and its warning), dry runs, `-o name`, and
 * kubectl's wait for the objects to be gone (`--wait`, default true).
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import {
  ALL_NAMESPACES,
  DRY_RUN,
  FIELD_SELECTOR,
  FILENAME,
  KUSTOMIZE,
  OUTPUT,
  RECURSIVE,
  SELECTOR,
} from '../flags.js';
import { collectionUrl, kindPrefix } from '../resources.js';
import type { CommandContext } from '../types.js';
import {
  argTargets,
  dryRunOf,
  dryRunSuffix,
  manifestTargets,
  selectorTargets,
  targetUrl,
  withQuery,
  type Target,
} from '../apply/targets.js';
import { reportErrors, withSource } from './apply.js';

const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

function cascadeOf(ctx: CommandContext): string {
  const v = ctx.flags.string('cascade');
  if (v === 'background' || v === 'true' || v === '') return 'Background';
  if (v === 'foreground') return 'Foreground';
  if (v === 'orphan' || v === 'false') return 'Orphan';
  throw new KubectlError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
}

function gracePeriodOf(ctx: CommandContext): number {
  let grace = ctx.flags.int('grace-period');
  const force = ctx.flags.bool('force');
  if (ctx.flags.bool('now')) {
    if (grace !== -1) throw new KubectlError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  return grace;
}

/** Waits until the object with `uid` is gone (kubectl delete's --wait). */
async function waitGone(ctx: CommandContext, t: Target, uid: string | undefined): Promise<void> {
  let rv: string | undefined;
  try {
    const obj = await ctx.client.get<KubeObject>(targetUrl(t));
    if (uid && obj.metadata.uid !== uid) return;
    rv = obj.metadata.resourceVersion;
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return;
    throw e;
  }
  const url = withQuery(collectionUrl(t.resource, t.namespace), {
    fieldSelector: `metadata.name=${t.name}`,
    watch: 'true',
    resourceVersion: rv,
  });
  for await (const ev of ctx.client.watch<{ type: string; object: KubeObject }>(
    url,
    'application/json',
    ctx.env.signal,
  )) {
    if (ev.type === 'DELETED') return;
  }
}

async function deleteOne(
  ctx: CommandContext,
  t: Target,
  body: Record<string, unknown>,
): Promise<KubeObject | undefined> {
  return ctx.client.request<KubeObject>('DELETE', targetUrl(t), { body });
}

register({
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  group: 'Basic Commands (Intermediate)',
  usage: 'delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  flags: [
    FILENAME('containing the resource to delete.'),
    RECURSIVE,
    KUSTOMIZE,
    SELECTOR,
    FIELD_SELECTOR,
    ALL_NAMESPACES,
    OUTPUT('Output mode. Use "-o name" for shorter output (resource/name).'),
    DRY_RUN,
    {
      name: 'all',
      type: 'bool',
      usage: 'Delete all resources, in the namespace of the specified resource types.',
    },
    {
      name: 'cascade',
      type: 'string',
      default: 'background',
      noOptDefault: 'background',
      usage: 'Must be "background", "orphan", or "foreground".',
    },
    {
      name: 'force',
      type: 'bool',
      usage: 'If true, immediately remove resources from API and bypass graceful deletion.',
    },
    {
      name: 'grace-period',
      type: 'int',
      default: '-1',
      usage: 'Period of time in seconds given to the resource to terminate gracefully.',
    },
    {
      name: 'now',
      type: 'bool',
      usage: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).',
    },
    { name: 'ignore-not-found', type: 'bool', usage: 'Treat "resource not found" as a successful delete.' },
    {
      name: 'wait',
      type: 'bool',
      default: 'true',
      usage: 'If true, wait for resources to be gone before returning.',
    },
    {
      name: 'timeout',
      type: 'duration',
      default: '0s',
      usage: 'The length of time to wait before giving up on a delete.',
    },
    {
      name: 'interactive',
      short: 'i',
      type: 'bool',
      usage: 'If true, delete resource only when user confirms.',
    },
    { name: 'raw', type: 'string', usage: 'Raw URI to DELETE to the server.' },
  ],
  async run(ctx) {
    const files = ctx.flags.list('filename');
    const selector = ctx.flags.string('selector');
    const all = ctx.flags.bool('all');
    const dryRun = dryRunOf(ctx);
    const cascade = cascadeOf(ctx);
    const grace = gracePeriodOf(ctx);
    const ignoreNotFound = ctx.flags.bool('ignore-not-found');
    if (files.length === 0 && ctx.args.length === 0) throw new KubectlError(NO_RESOURCES);
    if (all && selector) throw new KubectlError("setting 'all' parameter but found a non empty selector. ");
    let targets: Target[];
    const errors: unknown[] = [];
    const bySelector =
      files.length === 0 && (all || selector !== '') && ctx.args.length === 1 && !ctx.args[0]!.includes('/');
    if (files.length > 0) targets = await manifestTargets(ctx, { validate: false });
    else if (bySelector)
      targets = await selectorTargets(
        ctx,
        ctx.args[0]!,
        selector || undefined,
        ctx.flags.bool('all-namespaces'),
      );
    else {
      if (ctx.args.length === 1 && !ctx.args[0]!.includes('/'))
        throw new KubectlError('resource(s) were provided, but no name was specified');
      targets = await argTargets(ctx, ctx.args);
    }
    if (ctx.flags.bool('force') && grace === 0) ctx.err(FORCE_WARNING);
    const body: Record<string, unknown> = { propagationPolicy: cascade };
    if (grace >= 0) body.gracePeriodSeconds = grace;
    if (dryRun === 'server') body.dryRun = ['All'];
    const deleted: { t: Target; uid?: string }[] = [];
    let found = 0;
    for (const t of targets) {
      try {
        let uid = t.object?.metadata.uid;
        // a client dry run does not ask the server: a missing object is "deleted (dry run)" too
        if (dryRun !== 'client') {
          const res = await deleteOne(ctx, t, body);
          uid = uid ?? (res && res.kind !== 'Status' ? res.metadata?.uid : undefined);
        }
        found++;
        const output = ctx.flags.string('output');
        if (output === 'name') ctx.out(`${kindPrefix(t.resource)}/${t.name}\n`);
        else
          ctx.out(
            `${kindPrefix(t.resource)} "${t.name}" ${ctx.flags.bool('force') && grace === 0 ? 'force deleted' : 'deleted'}${dryRunSuffix(dryRun)}\n`,
          );
        deleted.push({ t, ...(uid ? { uid } : {}) });
      } catch (e) {
        if (ignoreNotFound && e instanceof ApiError && e.code === 404) continue;
        errors.push(t.manifest ? withSource(e, 'deleting', t.manifest.source) : e);
      }
    }
    if (bySelector && found === 0 && errors.length === 0) {
      ctx.out('No resources found\n');
    }
    if (dryRun === 'none' && ctx.flags.bool('wait') && !(ctx.flags.bool('force') && grace === 0)) {
      for (const { t, uid } of deleted) await waitGone(ctx, t, uid);
    }
    return reportErrors(ctx, errors);
  },
});

/**
 * `kubectl diff -f FILE`: what `apply` would change, as `diff -u -N` of the live object and the
 * server's dry-run result (YAML, managedFields removed, Secret values masked); exit 1 when they
 * differ. The temporary directory names and file times are Cadet's own (real kubectl's are random).
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { formatError, KubectlError } from '../errors.js';
import { FILENAME, KUSTOMIZE, RECURSIVE, SELECTOR } from '../flags.js';
import { collectionUrl } from '../resources.js';
import { toYaml, withoutManagedFields } from '../printers/index.js';
import { goJson, LAST_APPLIED, lastAppliedOf } from '../apply/last-applied.js';
import { cursorOf, threeWayJsonMergePatch, threeWayMergePatch } from '../apply/three-way.js';
import { manifestTargets, targetUrl, withQuery, type Target } from '../apply/targets.js';
import { unifiedHunks } from '../apply/unified-diff.js';
import { fieldValidation } from './apply.js';
import type { CommandContext } from '../types.js';
import { rfc3339 } from '../../cluster/machinery/timestamps.js';

type Obj = Record<string, unknown>;

/** The configuration as apply's patcher sees it in diff: no last-applied annotation, `annotations: {}` kept. */
function modifiedOf(config: Obj): Obj {
  const object = structuredClone(config);
  const metadata = (object.metadata ?? (object.metadata = {})) as Obj;
  const annotations = { ...((metadata.annotations as Obj | undefined) ?? {}) };
  delete annotations[LAST_APPLIED];
  metadata.annotations = annotations;
  return object;
}

async function mergedOf(ctx: CommandContext, t: Target, live: KubeObject | undefined): Promise<KubeObject> {
  const config = t.manifest!.object;
  const validation = fieldValidation(ctx);
  if (ctx.flags.bool('server-side')) {
    return ctx.client.request<KubeObject>(
      'PATCH',
      withQuery(targetUrl(t), {
        fieldManager: ctx.flags.string('field-manager') || 'kubectl',
        fieldValidation: validation,
        force: ctx.flags.bool('force-conflicts') ? 'true' : 'false',
        dryRun: 'All',
      }),
      { body: goJson(config), contentType: 'application/apply-patch+yaml' },
    );
  }
  const modified = modifiedOf(config);
  if (!live)
    return ctx.client.request<KubeObject>(
      'POST',
      withQuery(collectionUrl(t.resource, t.namespace), {
        fieldManager: 'kubectl-client-side-apply',
        fieldValidation: validation,
        dryRun: 'All',
      }),
      { body: modified },
    );
  const original = lastAppliedOf(live as unknown as Obj);
  const cursor = cursorOf(modified);
  const strategic = cursor.node !== undefined;
  const patch = strategic
    ? threeWayMergePatch(original, modified, live as unknown as Obj, cursor)
    : threeWayJsonMergePatch(original, modified, live as unknown as Obj);
  if (Object.keys(patch).length === 0) return live;
  return ctx.client.request<KubeObject>(
    'PATCH',
    withQuery(targetUrl(t), {
      fieldManager: 'kubectl-client-side-apply',
      fieldValidation: validation,
      dryRun: 'All',
    }),
    {
      body: goJson(patch),
      contentType: strategic ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
    },
  );
}

/** Secret values shown as `***`, or `*** (before)` / `*** (after)` where they differ. */
function maskSecrets(live: KubeObject | undefined, merged: KubeObject): [KubeObject | undefined, KubeObject] {
  if (merged.kind !== 'Secret') return [live, merged];
  const l = live ? (structuredClone(live) as unknown as { data?: Record<string, string> }) : undefined;
  const m = structuredClone(merged) as unknown as { data?: Record<string, string> };
  const ld = l?.data ?? {};
  const md = m.data ?? {};
  for (const k of new Set([...Object.keys(ld), ...Object.keys(md)])) {
    const differ = k in ld && k in md && ld[k] !== md[k];
    if (k in ld) ld[k] = differ ? '*** (before)' : '***';
    if (k in md) md[k] = differ ? '*** (after)' : '***';
  }
  return [l as unknown as KubeObject | undefined, m as unknown as KubeObject];
}

function fileName(t: Target, obj: KubeObject): string {
  const gv = obj.apiVersion.includes('/') ? obj.apiVersion.replace('/', '.') : obj.apiVersion;
  return `${gv}.${obj.kind}.${t.namespace ?? ''}.${t.name}`;
}

function stamp(ms: number): string {
  const seconds = rfc3339(ms)
    .replace('T', ' ')
    .replace(/(\.\d+)?Z$/, '');
  return `${seconds}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}000000 +0000`;
}

register({
  name: 'diff',
  short: 'Diff the live version against a would-be applied version',
  group: 'Advanced Commands',
  usage: 'diff -f FILENAME [options]',
  flags: [
    FILENAME('Filename, directory, or URL to files contains the configuration to diff'),
    RECURSIVE,
    KUSTOMIZE,
    SELECTOR,
    { name: 'server-side', type: 'bool', usage: 'If true, apply runs in the server instead of the client.' },
    {
      name: 'force-conflicts',
      type: 'bool',
      usage: 'If true, server-side apply will force the changes against conflicts.',
    },
    {
      name: 'field-manager',
      type: 'string',
      default: 'kubectl-client-side-apply',
      usage: 'Name of the manager used to track field ownership.',
    },
    {
      name: 'prune',
      type: 'bool',
      usage: 'Include resources that would be deleted by pruning (not supported by Cadet).',
    },
    { name: 'show-managed-fields', type: 'bool', usage: 'If true, include managed fields in the diff.' },
    {
      name: 'concurrency',
      type: 'int',
      default: '1',
      usage: 'Number of objects to process in parallel when diffing against the live version.',
    },
    {
      name: 'validate',
      type: 'string',
      default: 'strict',
      noOptDefault: 'strict',
      usage: 'Schema validation.',
    },
  ],
  async run(ctx) {
    // kubectl diff exits 1 for differences and 2 (or more) for errors
    try {
      return await runDiff(ctx);
    } catch (e) {
      ctx.err(formatError(e, ctx.path).text);
      return 2;
    }
  },
});

async function runDiff(ctx: CommandContext): Promise<number> {
  {
    if (ctx.flags.list('filename').length === 0) throw new KubectlError('must specify one of -f and -k');
    const targets = await manifestTargets(ctx, { validate: fieldValidation(ctx) !== 'Ignore' });
    const now = ctx.env.now();
    const dirs = {
      live: `/tmp/LIVE-${now % 1_000_000_000}`,
      merged: `/tmp/MERGED-${(now + 1) % 1_000_000_000}`,
    };
    let differs = false;
    const showManaged = ctx.flags.bool('show-managed-fields');
    for (const t of targets) {
      let live: KubeObject | undefined;
      try {
        live = await ctx.client.get<KubeObject>(targetUrl(t));
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      }
      let merged = await mergedOf(ctx, t, live);
      if (!showManaged) {
        live = live ? withoutManagedFields(live) : undefined;
        merged = withoutManagedFields(merged);
      }
      [live, merged] = maskSecrets(live, merged);
      const before = live ? toYaml(live) : '';
      const after = toYaml(merged);
      const hunks = unifiedHunks(before, after);
      if (!hunks) continue;
      differs = true;
      const name = fileName(t, merged);
      ctx.out(
        `diff -u -N ${dirs.live}/${name} ${dirs.merged}/${name}\n--- ${dirs.live}/${name}\t${stamp(now)}\n+++ ${dirs.merged}/${name}\t${stamp(now)}\n${hunks}`,
      );
    }
    return differs ? 1 : 0;
  }
}

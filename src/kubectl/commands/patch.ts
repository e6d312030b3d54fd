/**
 * `kubectl patch (TYPE NAME | -f FILE) -p PATCH [--type strategic|merge|json]`: the patch is read
 * as YAML or JSON and sent as is; `patched`, or `patched (no change)` when nothing changed.
 */
import { parse } from 'yaml';
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import {
  ALLOW_MISSING_TEMPLATE_KEYS,
  DRY_RUN,
  FILENAME,
  KUSTOMIZE,
  OUTPUT,
  RECURSIVE,
  SHOW_MANAGED_FIELDS,
  TEMPLATE,
} from '../flags.js';
import { applyStrategicMergePatch } from '../../cluster/machinery/strategic-merge/index.js';
import { applyMergePatch } from '../../cluster/machinery/merge-patch.js';
import { applyJsonPatch } from '../../cluster/machinery/json-patch.js';
import { goJson } from '../apply/last-applied.js';
import { cursorOf } from '../apply/three-way.js';
import {
  argTargets,
  dryRunOf,
  manifestTargets,
  printChanged,
  targetName,
  targetUrl,
  withQuery,
  type Target,
} from '../apply/targets.js';

const TYPES: Record<string, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

register({
  name: 'patch',
  short: 'Update fields of a resource',
  group: 'Advanced Commands',
  usage: 'patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]',
  flags: [
    FILENAME('Filename, directory, or URL to files identifying the resource to update'),
    RECURSIVE,
    KUSTOMIZE,
    OUTPUT(),
    DRY_RUN,
    TEMPLATE,
    SHOW_MANAGED_FIELDS,
    ALLOW_MISSING_TEMPLATE_KEYS,
    {
      name: 'patch',
      short: 'p',
      type: 'string',
      usage: 'The patch to be applied to the resource JSON file.',
    },
    { name: 'patch-file', type: 'string', usage: 'A file containing a patch to be applied to the resource.' },
    {
      name: 'type',
      type: 'string',
      default: 'strategic',
      usage: 'The type of patch being provided; one of [json merge strategic]',
    },
    {
      name: 'subresource',
      type: 'string',
      usage: 'If specified, patch will operate on the subresource of the requested object.',
    },
    {
      name: 'local',
      type: 'bool',
      usage: 'If true, patch will operate on the content of the file, not the server-side resource.',
    },
    {
      name: 'field-manager',
      type: 'string',
      default: 'kubectl-patch',
      usage: 'Name of the manager used to track field ownership.',
    },
  ],
  async run(ctx) {
    const type = ctx.flags.string('type');
    if (!(type in TYPES))
      throw new KubectlError(`--type must be one of [json merge strategic], not "${type}"`);
    let text = ctx.flags.string('patch');
    const patchFile = ctx.flags.string('patch-file');
    if (text && patchFile) throw new KubectlError('--patch and --patch-file are mutually exclusive');
    if (patchFile) {
      const content = ctx.env.fs ? await ctx.env.fs.readFile(patchFile) : undefined;
      if (content === undefined)
        throw new KubectlError(`unable to read patch file: open ${patchFile}: no such file or directory`);
      text = content;
    }
    if (!text)
      throw new KubectlError('must specify --patch or --patch-file containing the contents of the patch');
    let patch: unknown;
    try {
      patch = parse(text, { version: '1.1' }) as unknown;
    } catch (e) {
      throw new KubectlError(`unable to parse "${text}": ${(e as Error).message.split('\n')[0]}`);
    }
    const files = ctx.flags.list('filename');
    if (files.length === 0 && ctx.args.length === 0) throw new KubectlError(NO_RESOURCES);
    if (files.length === 0 && ctx.args.length === 1 && !ctx.args[0]!.includes('/'))
      throw new KubectlError('resource(s) were provided, but no name was specified');
    const dryRun = dryRunOf(ctx);
    const targets: Target[] =
      files.length > 0 ? await manifestTargets(ctx, { validate: false }) : await argTargets(ctx, ctx.args);
    const subresource = ctx.flags.string('subresource') || undefined;
    for (const t of targets) {
      const before = await ctx.client.get<KubeObject>(targetUrl(t, subresource));
      let after: KubeObject;
      if (dryRun === 'client') {
        try {
          after =
            type === 'json'
              ? (applyJsonPatch(before, patch) as KubeObject)
              : type === 'merge'
                ? (applyMergePatch(before, patch) as KubeObject)
                : (applyStrategicMergePatch(
                    before,
                    patch,
                    cursorOf(before as unknown as Record<string, unknown>),
                  ) as KubeObject);
        } catch (e) {
          throw new KubectlError((e as Error).message);
        }
      } else {
        try {
          after = await ctx.client.request<KubeObject>(
            'PATCH',
            withQuery(targetUrl(t, subresource), {
              fieldManager: ctx.flags.string('field-manager') || 'kubectl-patch',
              dryRun: dryRun === 'server' ? 'All' : undefined,
            }),
            { body: goJson(patch), contentType: TYPES[type] },
          );
        } catch (e) {
          if (e instanceof ApiError) throw e;
          throw e;
        }
      }
      const changed = goJson(before) !== goJson(after);
      printChanged(
        ctx,
        after,
        targetName(t),
        changed || dryRun !== 'none' ? 'patched' : 'patched (no change)',
        'none',
      );
    }
    return 0;
  },
});

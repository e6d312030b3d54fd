/** `kubectl scale --replicas=N (TYPE NAME | TYPE/NAME | -f FILE | -l SELECTOR)`: a merge patch on the scale subresource. */
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
  SELECTOR,
  SHOW_MANAGED_FIELDS,
  TEMPLATE,
} from '../flags.js';
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

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

register({
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  group: 'Deploy Commands',
  usage:
    'scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
  flags: [
    FILENAME('Filename, directory, or URL to files identifying the resource to set a new size'),
    RECURSIVE,
    KUSTOMIZE,
    SELECTOR,
    OUTPUT(),
    DRY_RUN,
    TEMPLATE,
    SHOW_MANAGED_FIELDS,
    ALLOW_MISSING_TEMPLATE_KEYS,
    { name: 'replicas', type: 'int', default: '0', usage: 'The new desired number of replicas. Required.' },
    { name: 'current-replicas', type: 'int', default: '-1', usage: 'Precondition for current size.' },
    { name: 'resource-version', type: 'string', usage: 'Precondition for resource version.' },
    {
      name: 'all',
      type: 'bool',
      usage: 'Select all resources in the namespace of the specified resource types',
    },
    {
      name: 'timeout',
      type: 'duration',
      default: '0s',
      usage: 'The length of time to wait before giving up on a scale operation.',
    },
  ],
  async run(ctx) {
    if (!ctx.flags.has('replicas')) throw new KubectlError('required flag(s) "replicas" not set');
    const replicas = ctx.flags.int('replicas');
    if (replicas < 0)
      throw new KubectlError(
        'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
      );
    const files = ctx.flags.list('filename');
    if (files.length === 0 && ctx.args.length === 0) throw new KubectlError(NO_RESOURCES);
    const dryRun = dryRunOf(ctx);
    const selector = ctx.flags.string('selector');
    let targets: Target[];
    if (files.length > 0) targets = await manifestTargets(ctx, { validate: false });
    else if ((selector || ctx.flags.bool('all')) && ctx.args.length === 1 && !ctx.args[0]!.includes('/'))
      targets = await selectorTargets(ctx, ctx.args[0]!, selector || undefined);
    else {
      if (ctx.args.length === 1 && !ctx.args[0]!.includes('/'))
        throw new KubectlError('resource(s) were provided, but no name was specified');
      targets = await argTargets(ctx, ctx.args);
    }
    const found: Target[] = [];
    for (const t of targets) {
      if (t.object) {
        found.push(t);
        continue;
      }
      try {
        found.push({ ...t, object: await ctx.client.get<KubeObject>(targetUrl(t)) });
      } catch (e) {
        if (e instanceof ApiError && e.code === 404)
          throw new KubectlError(`no objects passed to scale ${e.status.message}`);
        throw e;
      }
    }
    if (found.length === 0) throw new KubectlError('no objects passed to scale');
    const current = ctx.flags.int('current-replicas');
    const rv = ctx.flags.string('resource-version');
    for (const t of found) {
      if (current >= 0) {
        const scale = await ctx.client.get<{ spec?: { replicas?: number } }>(targetUrl(t, 'scale'));
        const now = scale.spec?.replicas ?? 0;
        if (now !== current) throw new KubectlError(`Expected replicas to be ${current}, was ${now}`);
      }
      if (dryRun !== 'client') {
        const patch: Record<string, unknown> = { spec: { replicas } };
        if (rv) patch.metadata = { resourceVersion: rv };
        await ctx.client.request(
          'PATCH',
          withQuery(targetUrl(t, 'scale'), { dryRun: dryRun === 'server' ? 'All' : undefined }),
          {
            body: patch,
            contentType: 'application/merge-patch+json',
          },
        );
      }
      printChanged(ctx, t.object!, targetName(t), 'scaled', dryRun);
    }
    return 0;
  },
});

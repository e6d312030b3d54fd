/**
 * `kubectl replace -f FILE [--force]`: PUT of each object (its resourceVersion, if any, is a
 * precondition: a stale one is a Conflict); `--force` deletes and creates instead.
 */
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
  VALIDATE,
} from '../flags.js';
import { collectionUrl, kindPrefix } from '../resources.js';
import { LAST_APPLIED, withLastApplied } from '../apply/last-applied.js';
import {
  dryRunOf,
  dryRunSuffix,
  manifestTargets,
  printChanged,
  targetName,
  targetUrl,
  withQuery,
} from '../apply/targets.js';
import { fieldValidation, reportErrors, withSource } from './apply.js';

register({
  name: 'replace',
  short: 'Replace a resource by file name or stdin',
  group: 'Advanced Commands',
  usage: 'replace -f FILENAME [options]',
  flags: [
    FILENAME('The files that contain the configurations to replace.'),
    RECURSIVE,
    KUSTOMIZE,
    OUTPUT(),
    DRY_RUN,
    VALIDATE,
    TEMPLATE,
    SHOW_MANAGED_FIELDS,
    ALLOW_MISSING_TEMPLATE_KEYS,
    {
      name: 'force',
      type: 'bool',
      usage: 'If true, immediately remove resources from API and bypass graceful deletion.',
    },
    {
      name: 'cascade',
      type: 'string',
      default: 'background',
      noOptDefault: 'background',
      usage: 'Must be "background", "orphan", or "foreground".',
    },
    {
      name: 'grace-period',
      type: 'int',
      default: '-1',
      usage: 'Period of time in seconds given to the resource to terminate gracefully.',
    },
    { name: 'wait', type: 'bool', usage: 'If true, wait for resources to be gone before returning.' },
    {
      name: 'timeout',
      type: 'duration',
      default: '0s',
      usage: 'The length of time to wait before giving up on a delete.',
    },
    {
      name: 'save-config',
      type: 'bool',
      usage: 'If true, the configuration of current object will be saved in its annotation.',
    },
    {
      name: 'subresource',
      type: 'string',
      usage: 'If specified, replace will operate on the subresource of the requested object.',
    },
    { name: 'raw', type: 'string', usage: 'Raw URI to PUT to the server.' },
    {
      name: 'field-manager',
      type: 'string',
      default: 'kubectl-replace',
      usage: 'Name of the manager used to track field ownership.',
    },
  ],
  async run(ctx) {
    if (ctx.flags.list('filename').length === 0) throw new KubectlError('must specify one of -f and -k');
    const dryRun = dryRunOf(ctx);
    const validation = fieldValidation(ctx);
    const targets = await manifestTargets(ctx, { validate: validation !== 'Ignore' });
    const errors: unknown[] = [];
    const query = {
      fieldManager: ctx.flags.string('field-manager') || 'kubectl-replace',
      fieldValidation: validation,
      dryRun: dryRun === 'server' ? 'All' : undefined,
    };
    for (const t of targets) {
      let body = t.manifest!.object;
      const annotations = (body.metadata as { annotations?: Record<string, string> }).annotations;
      if (ctx.flags.bool('save-config') || (annotations && LAST_APPLIED in annotations)) {
        if (ctx.flags.bool('save-config')) body = withLastApplied(body).object;
      }
      try {
        if (ctx.flags.bool('force')) {
          if (dryRun !== 'client') {
            try {
              await ctx.client.request('DELETE', targetUrl(t), { body: { propagationPolicy: 'Background' } });
            } catch (e) {
              if (!(e instanceof ApiError && e.code === 404)) throw e;
            }
          }
          ctx.out(`${kindPrefix(t.resource)} "${t.name}" deleted${dryRunSuffix(dryRun)}\n`);
          const fresh = structuredClone(body);
          delete (fresh.metadata as Record<string, unknown>).resourceVersion;
          let created = fresh as unknown as KubeObject;
          if (dryRun !== 'client')
            created = await ctx.client.request<KubeObject>(
              'POST',
              withQuery(collectionUrl(t.resource, t.namespace), query),
              {
                body: fresh,
              },
            );
          printChanged(ctx, created, targetName(t), 'replaced', dryRun);
          continue;
        }
        let replaced = body as unknown as KubeObject;
        if (dryRun !== 'client')
          replaced = await ctx.client.request<KubeObject>('PUT', withQuery(targetUrl(t), query), { body });
        printChanged(ctx, replaced, targetName(t), 'replaced', dryRun);
      } catch (e) {
        errors.push(withSource(e, 'replacing', t.manifest!.source));
      }
    }
    return reportErrors(ctx, errors);
  },
});

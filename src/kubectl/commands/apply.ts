/**
 * `kubectl apply -f`: client-side apply (GET, then POST with the last-applied annotation, or the
 * three-way strategic merge patch; `created`, `configured`, `unchanged`) and `--server-side`
 * (an apply patch; `serverside-applied`, conflicts with kubectl's advice). `--prune` is not
 * supported.
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { applyStrategicMergePatch } from '../../cluster/machinery/strategic-merge/index.js';
import { register } from '../command-list.js';
import { formatError, KubectlError } from '../errors.js';
import {
  DRY_RUN,
  FIELD_MANAGER,
  FILENAME,
  KUSTOMIZE,
  OUTPUT,
  RECURSIVE,
  SELECTOR,
  SHOW_MANAGED_FIELDS,
  TEMPLATE,
  ALLOW_MISSING_TEMPLATE_KEYS,
  VALIDATE,
} from '../flags.js';
import { collectionUrl } from '../resources.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { toYaml } from '../printers/index.js';
import { LAST_APPLIED, lastAppliedOf, withLastApplied } from '../apply/last-applied.js';
import { cursorOf, threeWayJsonMergePatch, threeWayMergePatch } from '../apply/three-way.js';
import {
  argTargets,
  dryRunOf,
  manifestTargets,
  printChanged,
  targetName,
  targetUrl,
  withQuery,
  type DryRun,
  type Target,
} from '../apply/targets.js';
import { goJson } from '../apply/last-applied.js';

/** kubectl's advice after a server-side apply conflict. */
export const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

/** An API error with `error when <verb> "<source>": ` before its message (kubectl's AddSourceToErr). */
export function withSource(error: unknown, verb: string, source: string): unknown {
  if (!(error instanceof ApiError) || error.status.reason === 'Invalid') return error;
  return new ApiError({
    ...error.status,
    message: `error when ${verb} "${source}": ${error.status.message}`,
  });
}

/** The validation query value kubectl sends for `--validate`. */
export function fieldValidation(ctx: CommandContext): string {
  const v = ctx.flags.string('validate');
  if (v === 'false' || v === 'ignore') return 'Ignore';
  if (v === 'warn') return 'Warn';
  if (v === 'true' || v === 'strict' || v === '') return 'Strict';
  throw new KubectlError(
    `invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)`,
  );
}

async function getLive(ctx: CommandContext, t: Target): Promise<KubeObject | undefined> {
  try {
    return await ctx.client.get<KubeObject>(targetUrl(t));
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}

async function applyClientSide(
  ctx: CommandContext,
  t: Target,
  dryRun: DryRun,
  validation: string,
): Promise<void> {
  const source = t.manifest!.source;
  const config = t.manifest!.object;
  const live = await getLive(ctx, t);
  const manager = ctx.flags.has('field-manager')
    ? ctx.flags.string('field-manager')
    : 'kubectl-client-side-apply';
  const query = {
    fieldManager: manager,
    fieldValidation: validation,
    dryRun: dryRun === 'server' ? 'All' : undefined,
  };
  const { object: modified } = withLastApplied(config);
  if (!live) {
    let created = modified as KubeObject;
    if (dryRun !== 'client') {
      try {
        created = await ctx.client.request<KubeObject>(
          'POST',
          withQuery(collectionUrl(t.resource, t.namespace), query),
          { body: modified },
        );
      } catch (e) {
        throw withSource(e, 'creating', source);
      }
    }
    printChanged(ctx, created, targetName(t), 'created', dryRun);
    return;
  }
  const original = lastAppliedOf(live as unknown as Record<string, unknown>);
  if (original === undefined && !(live.metadata.annotations && LAST_APPLIED in live.metadata.annotations))
    ctx.err(
      `Warning: resource ${t.resource.resource}/${t.name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
    );
  const cursor = cursorOf(modified);
  const strategic = cursor.node !== undefined;
  const patch = strategic
    ? threeWayMergePatch(original, modified, live as unknown as Record<string, unknown>, cursor)
    : threeWayJsonMergePatch(original, modified, live as unknown as Record<string, unknown>);
  if (Object.keys(patch).length === 0) {
    printChanged(ctx, live, targetName(t), 'unchanged', dryRun);
    return;
  }
  let result: KubeObject;
  if (dryRun === 'client') {
    result = strategic
      ? (applyStrategicMergePatch(live, patch, cursor) as KubeObject)
      : (applyStrategicMergePatch(live, patch) as KubeObject);
  } else {
    try {
      result = await ctx.client.request<KubeObject>('PATCH', withQuery(targetUrl(t), query), {
        body: goJson(patch),
        contentType: strategic ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
      });
    } catch (e) {
      if (e instanceof ApiError && e.status.reason !== 'Invalid') {
        const r = t.resource;
        const gv = r.group ? `${r.group}/${r.version}` : r.version;
        const info = `Resource: "${gv}, Resource=${r.resource}", GroupVersionKind: "${gv}, Kind=${r.kind}"\nName: "${t.name}", Namespace: "${t.namespace ?? ''}"`;
        throw withSource(e, `applying patch:\n${goJson(patch)}\nto:\n${info}\nfor:`, source);
      }
      throw e;
    }
  }
  printChanged(ctx, result, targetName(t), 'configured', dryRun);
}

async function applyServerSide(
  ctx: CommandContext,
  t: Target,
  dryRun: DryRun,
  validation: string,
): Promise<void> {
  if (dryRun === 'client')
    throw new KubectlError(
      "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)",
    );
  const manager = ctx.flags.has('field-manager') ? ctx.flags.string('field-manager') : 'kubectl';
  const force = ctx.flags.bool('force-conflicts');
  const url = withQuery(targetUrl(t), {
    fieldManager: manager,
    fieldValidation: validation,
    force: force ? 'true' : 'false',
    dryRun: dryRun === 'server' ? 'All' : undefined,
  });
  let result: KubeObject;
  try {
    result = await ctx.client.request<KubeObject>('PATCH', url, {
      body: goJson(t.manifest!.object),
      contentType: 'application/apply-patch+yaml',
    });
  } catch (e) {
    if (e instanceof ApiError && e.code === 409)
      throw new KubectlError(`${e.status.message}\n${CONFLICT_ADVICE}`);
    throw withSource(e, 'patching', t.manifest!.source);
  }
  printChanged(ctx, result, targetName(t), 'serverside-applied', dryRun);
}

/** `kubectl apply view-last-applied (TYPE NAME | TYPE/NAME | -f FILE) [-o yaml|json]`. */
const viewLastApplied: CommandSpec = {
  name: 'view-last-applied',
  short: 'View the latest last-applied-configuration annotations of a resource/object',
  usage: 'apply view-last-applied (TYPE [NAME | -l label] | TYPE/NAME | -f FILENAME) [options]',
  flags: [
    FILENAME('Filename, directory, or URL to files that contains the last-applied-configuration annotations'),
    RECURSIVE,
    KUSTOMIZE,
    SELECTOR,
    {
      name: 'output',
      short: 'o',
      type: 'string',
      default: 'yaml',
      usage: 'Output format. Must be one of (yaml, json)',
    },
    {
      name: 'all',
      type: 'bool',
      usage: 'Select all resources in the namespace of the specified resource types',
    },
  ],
  async run(ctx) {
    const output = ctx.flags.string('output');
    if (output !== 'yaml' && output !== 'json')
      throw new KubectlError(
        `Unexpected -o output mode: ${output}, the flag 'output' must be one of yaml|json`,
      );
    const files = ctx.flags.list('filename');
    if (files.length === 0 && ctx.args.length === 0) throw new KubectlError(NO_RESOURCES);
    const targets =
      files.length > 0 ? await manifestTargets(ctx, { validate: false }) : await argTargets(ctx, ctx.args);
    for (const t of targets) {
      const live = await ctx.client.get<KubeObject>(targetUrl(t));
      const text = live.metadata.annotations?.[LAST_APPLIED];
      if (!text) continue;
      const parsed = JSON.parse(text) as unknown;
      ctx.out(output === 'json' ? `${JSON.stringify(parsed, null, 2)}\n` : toYaml(parsed));
    }
    return 0;
  },
};

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

register({
  name: 'apply',
  subcommands: [viewLastApplied],
  short: 'Apply a configuration to a resource by file name or stdin',
  group: 'Advanced Commands',
  usage: 'apply (-f FILENAME | -k DIRECTORY) [options]',
  long: `Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.

 JSON and YAML formats are accepted.

 Alpha Disclaimer: the --prune functionality is not yet complete. Do not use unless you are aware of what the current state is. See https://issues.k8s.io/34274.`,
  examples: `  # Apply the configuration in pod.json to a pod
  kubectl apply -f ./pod.json
  
  # Apply the JSON passed into stdin to a pod
  cat pod.json | kubectl apply -f -`,
  flags: [
    FILENAME('The files that contain the configurations to apply.'),
    RECURSIVE,
    KUSTOMIZE,
    OUTPUT(),
    DRY_RUN,
    VALIDATE,
    SELECTOR,
    FIELD_MANAGER('kubectl-client-side-apply'),
    SHOW_MANAGED_FIELDS,
    TEMPLATE,
    ALLOW_MISSING_TEMPLATE_KEYS,
    { name: 'server-side', type: 'bool', usage: 'If true, apply runs in the server instead of the client.' },
    {
      name: 'force-conflicts',
      type: 'bool',
      usage: 'If true, server-side apply will force the changes against conflicts.',
    },
    {
      name: 'overwrite',
      type: 'bool',
      default: 'true',
      usage:
        'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration',
    },
    {
      name: 'prune',
      type: 'bool',
      usage:
        'Automatically delete resource objects that do not appear in the configs (not supported by Cadet).',
    },
    {
      name: 'all',
      type: 'bool',
      usage: 'Select all resources in the namespace of the specified resource types.',
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
    { name: 'wait', type: 'bool', usage: 'If true, wait for resources to be gone before returning.' },
    {
      name: 'timeout',
      type: 'duration',
      default: '0s',
      usage: 'The length of time to wait before giving up on a delete.',
    },
  ],
  async run(ctx) {
    if (ctx.flags.has('kustomize')) throw new KubectlError("Cadet's kubectl does not support -k (kustomize)");
    if (ctx.flags.bool('prune')) throw new KubectlError("Cadet's kubectl does not support --prune");
    if (ctx.flags.list('filename').length === 0) throw new KubectlError('must specify one of -f and -k');
    if (ctx.flags.bool('force-conflicts') && !ctx.flags.bool('server-side'))
      throw new KubectlError('--force-conflicts only works with --server-side');
    const dryRun = dryRunOf(ctx);
    const validation = fieldValidation(ctx);
    const targets = await manifestTargets(ctx, { validate: validation !== 'Ignore' });
    if (targets.length === 0) throw new KubectlError('no objects passed to apply');
    const errors: unknown[] = [];
    for (const t of targets) {
      try {
        if (ctx.flags.bool('server-side')) await applyServerSide(ctx, t, dryRun, validation);
        else await applyClientSide(ctx, t, dryRun, validation);
      } catch (e) {
        errors.push(e);
      }
    }
    return reportErrors(ctx, errors);
  },
});

/** Prints every error after the others went through (kubectl's aggregate); exit 1 if any. */
export function reportErrors(ctx: CommandContext, errors: unknown[]): number {
  if (errors.length === 0) return 0;
  if (errors.length === 1) throw errors[0];
  throw new AggregateKubectlError(errors, ctx.path);
}

/** Several errors printed one after the other. */
export class AggregateKubectlError extends KubectlError {
  constructor(
    readonly errors: unknown[],
    path: string[],
  ) {
    super(errors.map((e) => formatOne(e, path)).join(''), 1, true);
  }
}

function formatOne(e: unknown, path: string[]): string {
  return formatError(e, path).text;
}

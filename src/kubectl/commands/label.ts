/**
 * `kubectl label` and `kubectl annotate`: `KEY=VALUE` sets, `KEY-` removes, `--overwrite`,
 * `--list`, `-l`/`--all`, dry runs; sent as a JSON merge patch of the metadata, with kubectl's
 * messages (`labeled`, `unlabeled`, `not labeled`, `annotated`, `'k' already has a value (v), and
 * --overwrite is false`).
 */
import type { KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import {
  ALL_NAMESPACES,
  ALLOW_MISSING_TEMPLATE_KEYS,
  DRY_RUN,
  FIELD_SELECTOR,
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

const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PREFIX_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (!PREFIX_RE.test(key.slice(0, slash)) || key.slice(0, slash).length > 253)) return false;
  return name.length > 0 && name.length <= 63 && NAME_RE.test(name);
}

/** Splits `KEY=VALUE` / `KEY-` arguments from the resource arguments. */
function parseChanges(args: string[], what: 'label' | 'annotation') {
  const resources: string[] = [];
  const set: [string, string][] = [];
  const remove: string[] = [];
  let foundPair = false;
  for (const a of args) {
    const pair = (a.includes('=') && !a.startsWith('=')) || (a.endsWith('-') && a !== '-');
    if (!pair) {
      if (foundPair) throw new KubectlError(`all resources must be specified before ${what} changes: ${a}`);
      resources.push(a);
      continue;
    }
    foundPair = true;
    const eq = a.indexOf('=');
    if (eq < 0) {
      remove.push(a.slice(0, -1));
      continue;
    }
    const key = a.slice(0, eq);
    const value = a.slice(eq + 1);
    if (what === 'label') {
      if (!validKey(key)) throw new KubectlError(`invalid label spec: ${a}`);
      if (!VALUE_RE.test(value) || value.length > 63)
        throw new KubectlError(
          `invalid label value: "${a}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        );
    }
    set.push([key, value]);
  }
  return { resources, set, remove };
}

async function targetsFor(ctx: CommandContext, resources: string[]): Promise<Target[]> {
  const files = ctx.flags.list('filename');
  let targets: Target[];
  if (files.length > 0) targets = await manifestTargets(ctx, { validate: false });
  else if (
    (ctx.flags.string('selector') || ctx.flags.bool('all')) &&
    resources.length === 1 &&
    !resources[0]!.includes('/')
  )
    targets = await selectorTargets(
      ctx,
      resources[0]!,
      ctx.flags.string('selector') || undefined,
      ctx.flags.bool('all-namespaces'),
    );
  else {
    if (resources.length === 1 && !resources[0]!.includes('/'))
      throw new KubectlError('resource(s) were provided, but no name was specified');
    targets = await argTargets(ctx, resources);
  }
  const out: Target[] = [];
  for (const t of targets)
    out.push(t.object ? t : { ...t, object: await ctx.client.get<KubeObject>(targetUrl(t)) });
  return out;
}

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

function command(what: 'label' | 'annotation'): CommandSpec {
  const field = what === 'label' ? 'labels' : 'annotations';
  const name = what === 'label' ? 'label' : 'annotate';
  return {
    name,
    short: what === 'label' ? 'Update the labels on a resource' : 'Update the annotations on a resource',
    group: 'Basic Commands (Intermediate)',
    usage:
      what === 'label'
        ? 'label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]'
        : 'annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]',
    flags: [
      FILENAME(`Filename, directory, or URL to files identifying the resource to update the ${field}`),
      RECURSIVE,
      KUSTOMIZE,
      SELECTOR,
      FIELD_SELECTOR,
      ALL_NAMESPACES,
      OUTPUT(),
      DRY_RUN,
      TEMPLATE,
      SHOW_MANAGED_FIELDS,
      ALLOW_MISSING_TEMPLATE_KEYS,
      {
        name: 'overwrite',
        type: 'bool',
        usage: `If true, allow ${field} to be overwritten, otherwise reject ${what} updates that overwrite existing ${field}.`,
      },
      {
        name: 'all',
        type: 'bool',
        usage: 'Select all resources, in the namespace of the specified resource types',
      },
      { name: 'list', type: 'bool', usage: `If true, display the ${field} for a given resource.` },
      { name: 'local', type: 'bool', usage: `If true, ${name} will NOT contact api-server but run locally.` },
      {
        name: 'resource-version',
        type: 'string',
        usage:
          'If non-empty, the update will only succeed if this is the current resource-version for the object.',
      },
      {
        name: 'field-manager',
        type: 'string',
        default: `kubectl-${name}`,
        usage: 'Name of the manager used to track field ownership.',
      },
    ],
    async run(ctx) {
      const { resources, set, remove } = parseChanges(ctx.args, what);
      const list = ctx.flags.bool('list');
      if (ctx.flags.list('filename').length === 0 && resources.length === 0)
        throw new KubectlError(NO_RESOURCES);
      if (!list && set.length === 0 && remove.length === 0)
        throw new KubectlError(`at least one ${what} update is required`);
      const dryRun = dryRunOf(ctx);
      const overwrite = ctx.flags.bool('overwrite');
      const targets = await targetsFor(ctx, resources);
      for (const t of targets) {
        const obj = t.object!;
        const before = {
          ...((obj.metadata as Record<string, unknown>)[field] as Record<string, string> | undefined),
        };
        if (list) {
          for (const k of Object.keys(before).sort()) ctx.out(`${k}=${before[k]}\n`);
          continue;
        }
        if (!overwrite) {
          const clashes = set.filter(([k, v]) => k in before && before[k] !== v);
          if (what === 'label' && clashes.length > 0)
            throw new KubectlError(
              `'${clashes[0]![0]}' already has a value (${before[clashes[0]![0]]}), and --overwrite is false`,
            );
          if (what === 'annotation' && clashes.length > 0)
            throw new KubectlError(
              `--overwrite is false but found the following declared annotation(s): ${clashes.map(([k]) => `'${k}' already has a value (${before[k]})`).join('; ')}`,
            );
        }
        const after: Record<string, string> = { ...before };
        for (const key of remove) {
          if (what === 'label' && !(key in after)) ctx.out(`label "${key}" not found.\n`);
          delete after[key];
        }
        for (const [k, v] of set) after[k] = v;
        const changes: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(after)) if (before[k] !== v) changes[k] = v;
        for (const k of Object.keys(before)) if (!(k in after)) changes[k] = null;
        let verb = 'annotated';
        if (what === 'label') {
          const oldText = goJson(before);
          const newText = goJson(after);
          verb =
            oldText === newText
              ? 'not labeled'
              : !overwrite && newText.length < oldText.length
                ? 'unlabeled'
                : 'labeled';
        }
        const metadata: Record<string, unknown> = { [field]: changes };
        const rv = ctx.flags.string('resource-version');
        if (rv) metadata.resourceVersion = rv;
        let result = obj;
        if (dryRun === 'client') {
          result = structuredClone(obj);
          (result.metadata as Record<string, unknown>)[field] = after;
        } else if (Object.keys(changes).length > 0 || rv) {
          result = await ctx.client.request<KubeObject>(
            'PATCH',
            withQuery(targetUrl(t), {
              fieldManager: ctx.flags.string('field-manager') || `kubectl-${name}`,
              dryRun: dryRun === 'server' ? 'All' : undefined,
            }),
            { body: goJson({ metadata }), contentType: 'application/merge-patch+json' },
          );
        }
        printChanged(ctx, result, targetName(t), verb, dryRun);
      }
      return 0;
    },
  };
}

register(command('label'));
register(command('annotation'));

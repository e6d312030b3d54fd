/**
 * `kubectl get`: server-side Tables for the human-readable output (one block per resource type,
 * `kind.group/name` prefixes when several types are printed), `-o yaml|json|name|jsonpath|
 * custom-columns` from the objects, `-A`, `-l`, `--field-selector`, `--show-labels`, `-L`,
 * `--no-headers`, `-w` (rows streamed as watch events arrive), `get all`, `--raw`.
 */
import { ApiError, type KubeObject } from '../../cluster/types.js';
import type { ObjectList, Table } from '../client.js';
import { register } from '../command-list.js';
import { KubectlError, UsageError, formatStatus } from '../errors.js';
import {
  ALL_NAMESPACES,
  ALLOW_MISSING_TEMPLATE_KEYS,
  FIELD_SELECTOR,
  FILENAME,
  KUSTOMIZE,
  LABEL_COLUMNS,
  NO_HEADERS,
  OUTPUT,
  RECURSIVE,
  SELECTOR,
  SHOW_KIND,
  SHOW_LABELS,
  SHOW_MANAGED_FIELDS,
  SORT_BY,
  TEMPLATE,
} from '../flags.js';
import { TablePrinter, parseOutput, printObjects, type OutputFormat } from '../printers/index.js';
import { sortByField } from '../printers/sort.js';
import { manifestTargets } from '../apply/targets.js';
import { collectionUrl, groupVersion, kindPrefix, objectUrl, type ApiResource } from '../resources.js';
import type { CommandContext } from '../types.js';

/** One resource type and the names asked for (none = list). */
interface Request {
  type: ApiResource;
  names: string[];
  /** The namespace of objects named by a manifest (`-f`); else the command's. */
  namespace?: string;
}

/** Splits `get` arguments into resource types and names as kubectl's resource builder does. */
async function requests(
  ctx: CommandContext,
): Promise<{ reqs: Request[]; multiType: boolean; single: boolean }> {
  const resolver = await ctx.client.resources();
  const args = ctx.args;
  if (ctx.flags.list('filename').length > 0) {
    const targets = await manifestTargets(ctx, { validate: false });
    const reqs: Request[] = [];
    for (const t of targets) {
      const last = reqs[reqs.length - 1];
      if (last && last.type === t.resource && last.namespace === t.namespace) last.names.push(t.name);
      else
        reqs.push({
          type: t.resource,
          names: [t.name],
          ...(t.namespace !== undefined ? { namespace: t.namespace } : {}),
        });
    }
    return { reqs, multiType: new Set(reqs.map((r) => r.type)).size > 1, single: targets.length === 1 };
  }
  if (args.some((a) => a.includes('/'))) {
    const reqs: Request[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0)
        throw new KubectlError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      const type = resolver.resolve(a.slice(0, slash));
      const name = a.slice(slash + 1);
      const existing = reqs.find((r) => r.type === type);
      if (existing) existing.names.push(name);
      else reqs.push({ type, names: [name] });
    }
    const kinds = new Set(reqs.map((r) => r.type));
    return { reqs, multiType: kinds.size > 1, single: args.length === 1 };
  }
  const types = resolver.resolveList(args[0]!);
  const names = args.slice(1);
  const isAll = args[0]!
    .split(',')
    .some(
      (p) =>
        resolver.category(p.toLowerCase()).length > 0 &&
        !resolver.all.some((r) => r.resource === p.toLowerCase()),
    );
  return {
    reqs: types.map((type) => ({ type, names })),
    multiType: types.length > 1 || isAll,
    single: types.length === 1 && names.length === 1,
  };
}

function listQuery(ctx: CommandContext, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  const selector = ctx.flags.string('selector');
  const fieldSelector = ctx.flags.string('field-selector');
  if (selector) params.set('labelSelector', selector);
  if (fieldSelector) params.set('fieldSelector', fieldSelector);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const q = params.toString();
  return q ? `?${q}` : '';
}

/** kubectl's wording for a list that the server refused (its resource builder rewrites the message). */
function listError(ctx: CommandContext, type: ApiResource, error: unknown): unknown {
  if (
    !(error instanceof ApiError) ||
    (error.status.reason !== 'BadRequest' && error.status.reason !== 'NotFound')
  )
    return error;
  const gvr = `${type.group}/${type.version}, Resource=${type.resource}`;
  const label = ctx.flags.string('selector');
  const field = ctx.flags.string('field-selector');
  const message =
    label || field
      ? `Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(label)}, field selector ${JSON.stringify(field)}: ${error.status.message}`
      : `Unable to list ${JSON.stringify(gvr)}: ${error.status.message}`;
  return new ApiError({ ...error.status, message });
}

/** Lists a resource type; errors are worded as kubectl words them. */
async function listing<T>(ctx: CommandContext, type: ApiResource, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw listError(ctx, type, e);
  }
}

function namespaceFor(ctx: CommandContext, type: ApiResource, req?: Request): string | undefined {
  if (!type.namespaced) return undefined;
  if (req?.namespace !== undefined) return req.namespace;
  return ctx.flags.bool('all-namespaces') ? undefined : ctx.namespace;
}

function noResources(ctx: CommandContext, reqs: Request[]): string {
  const namespaced = reqs.some((r) => r.type.namespaced);
  if (ctx.flags.bool('all-namespaces') || !namespaced) return 'No resources found\n';
  return `No resources found in ${ctx.namespace} namespace.\n`;
}

/** Prints the collected per-object errors (after the output, as kubectl does) and returns the exit code. */
function finish(ctx: CommandContext, errors: unknown[]): number {
  if (errors.length === 0) return 0;
  for (const e of errors) {
    if (e instanceof ApiError) ctx.err(formatStatus(e.status));
    else throw e;
  }
  return 1;
}

function fillTypeMeta(obj: KubeObject, type: ApiResource): KubeObject {
  return { ...obj, apiVersion: obj.apiVersion ?? groupVersion(type), kind: obj.kind ?? type.kind };
}

async function runHuman(
  ctx: CommandContext,
  reqs: Request[],
  multiType: boolean,
  format: OutputFormat,
): Promise<number> {
  const errors: unknown[] = [];
  let printedAny = false;
  let printer: TablePrinter | undefined;
  let lastType: ApiResource | undefined;
  const base = {
    wide: format.format === 'wide',
    noHeaders: ctx.flags.bool('no-headers'),
    withNamespace: ctx.flags.bool('all-namespaces'),
    showLabels: ctx.flags.bool('show-labels'),
    labelColumns: ctx.flags.list('label-columns'),
  };
  let text = '';
  for (const req of reqs) {
    const ns = namespaceFor(ctx, req.type, req);
    const tables: Table[] = [];
    if (req.names.length === 0) {
      tables.push(
        await listing(ctx, req.type, () =>
          ctx.client.table(
            collectionUrl(req.type, ns) +
              listQuery(ctx, {
                limit: '500',
                ...(ctx.flags.string('sort-by') ? { includeObject: 'Object' } : {}),
              }),
          ),
        ),
      );
    } else {
      for (const name of req.names) {
        try {
          tables.push(await ctx.client.table(objectUrl(req.type, ns, name)));
        } catch (e) {
          if (e instanceof ApiError && e.status.reason === 'NotFound' && ctx.flags.bool('ignore-not-found'))
            continue;
          errors.push(e);
        }
      }
    }
    const sortBy = ctx.flags.string('sort-by');
    if (sortBy) for (const t of tables) t.rows = sortByField(t.rows, sortBy, (row) => row.object, 'empty');
    const rows = tables.reduce((n, t) => n + t.rows.length, 0);
    if (rows === 0) continue;
    if (!printer || lastType !== req.type) {
      if (printer) text += printer.flush();
      if (printedAny && !base.noHeaders) text += '\n';
      printer = new TablePrinter(base);
      lastType = req.type;
    }
    const kind = multiType || ctx.flags.bool('show-kind') ? kindPrefix(req.type) : undefined;
    for (const t of tables) printer.print(t, { ...base, ...(kind ? { kind } : {}) });
    printedAny = true;
  }
  if (printer) text += printer.flush();
  ctx.out(text);
  if (!printedAny && errors.length === 0 && !ctx.flags.bool('ignore-not-found'))
    ctx.err(noResources(ctx, reqs));
  return finish(ctx, errors);
}

async function runObjects(
  ctx: CommandContext,
  reqs: Request[],
  single: boolean,
  format: OutputFormat,
): Promise<number> {
  const errors: unknown[] = [];
  const objects: KubeObject[] = [];
  for (const req of reqs) {
    const ns = namespaceFor(ctx, req.type, req);
    if (req.names.length === 0) {
      const list = await listing(ctx, req.type, () =>
        ctx.client.get<ObjectList>(collectionUrl(req.type, ns) + listQuery(ctx, { limit: '500' })),
      );
      objects.push(...list.items.map((o) => fillTypeMeta(o, req.type)));
    } else {
      for (const name of req.names) {
        try {
          objects.push(
            fillTypeMeta(await ctx.client.get<KubeObject>(objectUrl(req.type, ns, name)), req.type),
          );
        } catch (e) {
          if (e instanceof ApiError && e.status.reason === 'NotFound' && ctx.flags.bool('ignore-not-found'))
            continue;
          errors.push(e);
        }
      }
    }
  }
  if (ctx.flags.string('sort-by'))
    objects.splice(0, objects.length, ...sortByField(objects, ctx.flags.string('sort-by'), (o) => o));
  const isSingle = single && errors.length === 0;
  if (objects.length > 0 || !isSingle) {
    if (!(objects.length === 0 && errors.length > 0 && single))
      ctx.out(
        printObjects(format, objects, {
          single: isSingle,
          showManagedFields: ctx.flags.bool('show-managed-fields'),
          noHeaders: ctx.flags.bool('no-headers'),
        }),
      );
  }
  if (objects.length === 0 && errors.length === 0 && format.format === 'name')
    ctx.err(noResources(ctx, reqs));
  return finish(ctx, errors);
}

async function runWatch(ctx: CommandContext, reqs: Request[], format: OutputFormat): Promise<number> {
  if (reqs.length !== 1) throw new KubectlError('you may only specify a single resource type');
  const req = reqs[0]!;
  const ns = namespaceFor(ctx, req.type, req);
  const base = {
    wide: format.format === 'wide',
    noHeaders: ctx.flags.bool('no-headers'),
    withNamespace: ctx.flags.bool('all-namespaces'),
    showLabels: ctx.flags.bool('show-labels'),
    labelColumns: ctx.flags.list('label-columns'),
  };
  const printer = new TablePrinter(base, true);
  const extra: Record<string, string> = {};
  if (req.names.length === 1) extra.fieldSelector = `metadata.name=${req.names[0]}`;
  const list = await ctx.client.table(collectionUrl(req.type, ns) + listQuery(ctx, extra));
  const events = ctx.flags.bool('output-watch-events');
  if (!ctx.flags.bool('watch-only')) {
    if (list.rows.length === 0) ctx.err(noResources(ctx, reqs));
    printer.print(list, { ...base, ...(events ? { event: 'ADDED' } : {}) });
    ctx.out(printer.flush());
  } else printer.print({ ...list, rows: [] });
  const url =
    collectionUrl(req.type, ns) +
    listQuery(ctx, { ...extra, resourceVersion: list.metadata.resourceVersion ?? '', watch: 'true' });
  const stream = ctx.client.watch<{ type: string; object: Table | { kind: 'Status' } }>(
    url,
    'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
    ctx.env.signal,
  );
  for await (const event of stream) {
    if (event.type === 'ERROR') {
      const status = event.object as unknown as ApiError['status'];
      throw new ApiError(status);
    }
    if (event.type === 'BOOKMARK') continue;
    const table = event.object as Table;
    if (!Array.isArray(table.rows)) continue;
    printer.print(table, { ...base, ...(events ? { event: event.type } : {}) });
    ctx.out(printer.flush());
  }
  return 0;
}

register({
  name: 'get',
  short: 'Display one or many resources',
  usage:
    'get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]',
  long: "Display one or many resources.\n\n Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.\n\n By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.\n\nUse \"kubectl api-resources\" for a complete list of supported resources.",
  examples:
    '  # List all pods in ps output format\n  kubectl get pods\n  \n  # List all pods in ps output format with more information (such as node name)\n  kubectl get pods -o wide\n  \n  # List a single replication controller with specified NAME in ps output format\n  kubectl get replicationcontroller web\n  \n  # List deployments in JSON output format, in the "v1" version of the "apps" API group\n  kubectl get deployments.v1.apps -o json\n  \n  # List a single pod in JSON output format\n  kubectl get -o json pod web-pod-13je7\n  \n  # List a pod identified by type and name specified in "pod.yaml" in JSON output format\n  kubectl get -f pod.yaml -o json\n  \n  # List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml\n  kubectl get -k dir/\n  \n  # Return only the phase value of the specified pod\n  kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}\n  \n  # List resource information in custom columns\n  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image\n  \n  # List all replication controllers and services together in ps output format\n  kubectl get rc,services\n  \n  # List one or more resources by their type and names\n  kubectl get rc/web service/frontend pods/web-pod-13je7\n  \n  # List the \'status\' subresource for a single pod\n  kubectl get pod web-pod-13je7 --subresource status\n  \n  # List all deployments in namespace \'backend\'\n  kubectl get deployments.apps --namespace backend\n  \n  # List all pods existing in all namespaces\n  kubectl get pods --all-namespaces',
  flags: [
    ALL_NAMESPACES,
    ALLOW_MISSING_TEMPLATE_KEYS,
    {
      name: 'chunk-size',
      type: 'int',
      default: '500',
      usage:
        'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.',
    },
    FIELD_SELECTOR,
    KUSTOMIZE,
    FILENAME('Filename, directory, or URL to files identifying the resource to get from a server.'),
    {
      name: 'ignore-not-found',
      type: 'bool',
      usage: 'If the requested object does not exist the command will return exit code 0.',
    },
    LABEL_COLUMNS,
    NO_HEADERS,
    OUTPUT(),
    {
      name: 'output-watch-events',
      type: 'bool',
      usage:
        'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.',
    },
    {
      name: 'raw',
      type: 'string',
      usage: 'Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.',
    },
    RECURSIVE,
    SELECTOR,
    {
      name: 'server-print',
      type: 'bool',
      default: 'true',
      usage:
        'If true, have the server return the appropriate table output. Supports extension APIs and CRDs.',
    },
    SHOW_KIND,
    SHOW_LABELS,
    SHOW_MANAGED_FIELDS,
    SORT_BY,
    {
      name: 'subresource',
      type: 'string',
      usage:
        'If specified, gets the subresource of the requested object. This flag is beta and may change in the future.',
    },
    TEMPLATE,
    {
      name: 'watch',
      short: 'w',
      type: 'bool',
      usage: 'After listing/getting the requested object, watch for changes.',
    },
    {
      name: 'watch-only',
      type: 'bool',
      usage: 'Watch for changes to the requested object(s), without listing/getting first.',
    },
  ],
  async run(ctx) {
    if (ctx.flags.string('raw')) {
      const res = await ctx.client.send('GET', ctx.flags.string('raw'));
      if ('stream' in res) {
        for await (const chunk of res.stream) ctx.out(chunk);
        return 0;
      }
      const body = typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
      if (res.status >= 400) {
        const { errorFromResponse } = await import('../client.js');
        throw errorFromResponse(res.status, body, 'GET', ctx.flags.string('raw'));
      }
      ctx.out(body);
      return 0;
    }
    const format = parseOutput(ctx.flags.string('output'), ctx.flags.string('template'));
    if (ctx.args.length === 0 && ctx.flags.list('filename').length === 0) {
      ctx.err(
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
      );
      throw new UsageError(
        'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
      );
    }
    if (ctx.flags.has('kustomize')) {
      if (ctx.args.length > 0)
        throw new KubectlError(
          'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well',
        );
      throw new KubectlError("Cadet's kubectl does not support kustomize (-k) yet");
    }
    const { reqs, multiType, single } = await requests(ctx);
    if (
      ctx.flags.bool('all-namespaces') &&
      reqs.some((r) => r.names.length > 0 && r.type.namespaced && r.namespace === undefined)
    )
      throw new KubectlError('a resource cannot be retrieved by name across all namespaces');
    if (ctx.flags.bool('watch') || ctx.flags.bool('watch-only')) return runWatch(ctx, reqs, format);
    if (format.format === '' || format.format === 'wide') return runHuman(ctx, reqs, multiType, format);
    return runObjects(ctx, reqs, single, format);
  },
});

/**
 * `kubectl api-resources` and `kubectl api-versions`, from aggregated discovery: preferred
 * versions only, sorted by group then name, resources without verbs hidden, `--namespaced`,
 * `--api-group`, `--verbs`, `--categories`, `-o wide|name`, `--sort-by=name|kind`.
 */
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import { tabwrite } from '../printers/tabwriter.js';
import { groupVersion, type ApiResource } from '../resources.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

register({
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  long: 'Print the supported API resources on the server.',
  examples:
    '  # Print the supported API resources\n  kubectl api-resources\n  \n  # Print the supported API resources with more information\n  kubectl api-resources -o wide\n  \n  # Print the supported API resources sorted by a column\n  kubectl api-resources --sort-by=name\n  \n  # Print the supported namespaced resources\n  kubectl api-resources --namespaced=true\n  \n  # Print the supported non-namespaced resources\n  kubectl api-resources --namespaced=false\n  \n  # Print the supported API resources with a specific APIGroup\n  kubectl api-resources --api-group=rbac.authorization.k8s.io',
  usage: 'api-resources [flags]',
  flags: [
    { name: 'api-group', type: 'string', usage: 'Limit to resources in the specified API group.' },
    { name: 'cached', type: 'bool', usage: 'Use the cached list of resources if available.' },
    {
      name: 'categories',
      type: 'stringSlice',
      usage: 'Limit to resources that belong to the specified categories.',
    },
    {
      name: 'namespaced',
      type: 'bool',
      default: 'true',
      usage:
        'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.',
    },
    {
      name: 'no-headers',
      type: 'bool',
      usage:
        "When using the default or custom-column output format, don't print headers (default print headers).",
    },
    { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (wide, name).' },
    {
      name: 'sort-by',
      type: 'string',
      usage:
        "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.",
    },
    { name: 'verbs', type: 'stringSlice', usage: 'Limit to resources that support the specified verbs.' },
  ],
  async run(ctx) {
    const output = ctx.flags.string('output');
    if (output !== '' && output !== 'wide' && output !== 'name')
      throw new KubectlError(`--output ${output} is not available`);
    const sortBy = ctx.flags.string('sort-by');
    if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind')
      throw new KubectlError(`--sort-by accepts only name or kind`);
    const resolver = await ctx.client.resources();
    const group = ctx.flags.string('api-group');
    const verbs = ctx.flags.list('verbs');
    const categories = ctx.flags.list('categories');
    let rows: ApiResource[] = resolver.preferred.filter(
      (r) =>
        r.verbs.length > 0 &&
        (!ctx.flags.has('api-group') || r.group === group) &&
        (!ctx.flags.has('namespaced') || r.namespaced === ctx.flags.bool('namespaced')) &&
        verbs.every((v) => r.verbs.includes(v)) &&
        categories.every((c) => r.categories.includes(c)),
    );
    const key = (r: ApiResource) => (sortBy === 'name' ? r.resource : sortBy === 'kind' ? r.kind : r.group);
    rows = rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => cmp(key(a.r), key(b.r)) || cmp(a.r.resource, b.r.resource) || a.i - b.i)
      .map(({ r }) => r);
    if (output === 'name') {
      ctx.out(rows.map((r) => `${r.group ? `${r.resource}.${r.group}` : r.resource}\n`).join(''));
      return 0;
    }
    const wide = output === 'wide';
    let text = ctx.flags.bool('no-headers')
      ? ''
      : `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${wide ? '\tVERBS\tCATEGORIES' : ''}\n`;
    for (const r of rows) {
      text += `${r.resource}\t${r.shortNames.join(',')}\t${groupVersion(r)}\t${r.namespaced}\t${r.kind}`;
      if (wide) text += `\t${r.verbs.join(',')}\t${r.categories.join(',')}`;
      text += '\n';
    }
    ctx.out(tabwrite(text));
    return 0;
  },
});

register({
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  long: 'Print the supported API versions on the server, in the form of "group/version".',
  examples: '  # Print the supported API versions\n  kubectl api-versions',
  usage: 'api-versions',
  async run(ctx) {
    const resolver = await ctx.client.resources();
    const versions = [...new Set(resolver.all.map(groupVersion))].sort(cmp);
    ctx.out(versions.map((v) => `${v}\n`).join(''));
    return 0;
  },
});

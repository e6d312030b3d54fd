/**
 * `kubectl config`: view, get-contexts, current-context, use-context, set-context,
 * get-clusters, get-users, delete-context, rename-context. No server requests: they read and
 * change the kubeconfig object (saved through `env.saveKubeconfig`).
 */
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import { commandHelp } from '../help.js';
import { goJson } from '../printers/json.js';
import { tabwrite } from '../printers/tabwriter.js';
import { toYaml } from '../printers/yaml.js';
import type { CommandContext, CommandSpec, Kubeconfig } from '../types.js';

const CLUSTER_FIELDS = [
  'server',
  'tls-server-name',
  'insecure-skip-tls-verify',
  'certificate-authority',
  'certificate-authority-data',
  'proxy-url',
  'disable-compression',
  'extensions',
];
const USER_FIELDS = [
  'client-certificate',
  'client-certificate-data',
  'client-key',
  'client-key-data',
  'token',
  'tokenFile',
  'as',
  'as-uid',
  'as-groups',
  'as-user-extra',
  'username',
  'password',
  'auth-provider',
  'exec',
  'extensions',
];
const CONTEXT_FIELDS = ['cluster', 'user', 'namespace', 'extensions'];

/** Fields kubectl always writes (no omitempty in client-go's v1 kubeconfig types). */
const ALWAYS = new Set(['server', 'cluster', 'user']);

/** Copies the known fields in kubectl's struct order (empty ones dropped, as omitempty does). */
function ordered(source: Record<string, unknown> | undefined, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = source?.[f];
    if (v !== undefined && v !== '' && v !== false && v !== null) out[f] = v;
    else if (ALWAYS.has(f)) out[f] = '';
  }
  return out;
}

const REDACT_DATA = new Set(['certificate-authority-data', 'client-certificate-data', 'client-key-data']);
const REDACT_SECRET = new Set(['token', 'password']);

/** The kubeconfig `config view` prints: kubectl's field order, secrets redacted unless `raw`. */
export function viewConfig(
  config: Kubeconfig,
  options: { minify: boolean; raw: boolean },
): Record<string, unknown> {
  // kubectl holds the entries in maps: they come out sorted by name
  const byName = <T extends { name: string }>(list: T[] | undefined): T[] =>
    [...(list ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let clusters = byName(config.clusters);
  let users = byName(config.users);
  let contexts = byName(config.contexts);
  const current = config['current-context'] ?? '';
  if (options.minify) {
    if (!current) throw new KubectlError('current-context must exist in order to minify');
    const ctx = contexts.find((c) => c.name === current);
    if (!ctx) throw new KubectlError(`cannot locate context ${current}`);
    contexts = [ctx];
    clusters = clusters.filter((c) => c.name === ctx.context.cluster);
    users = users.filter((u) => u.name === ctx.context.user);
  }
  const redact = (entry: Record<string, unknown>) => {
    if (options.raw) return entry;
    const out = { ...entry };
    for (const k of Object.keys(out)) {
      if (REDACT_DATA.has(k) && out[k]) out[k] = 'DATA+OMITTED';
      if (REDACT_SECRET.has(k) && out[k]) out[k] = 'REDACTED';
    }
    return out;
  };
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: config.preferences ?? {},
    clusters: clusters.length
      ? clusters.map((c) => ({ name: c.name, cluster: redact(ordered(c.cluster, CLUSTER_FIELDS)) }))
      : null,
    users: users.length
      ? users.map((u) => ({ name: u.name, user: redact(ordered(u.user, USER_FIELDS)) }))
      : null,
    contexts: contexts.length
      ? contexts.map((c) => ({
          name: c.name,
          context: ordered(c.context as Record<string, unknown>, CONTEXT_FIELDS),
        }))
      : null,
    'current-context': current,
  };
}

/** Saves the kubeconfig in kubectl's shape (what `config view --raw` shows). */
async function save(ctx: CommandContext): Promise<void> {
  const canonical = viewConfig(ctx.env.kubeconfig, { minify: false, raw: true }) as Kubeconfig;
  await ctx.env.saveKubeconfig?.(canonical);
}

type Section = 'clusters' | 'users' | 'contexts';
const SECTION_ENTRY: Record<Section, 'cluster' | 'user' | 'context'> = {
  clusters: 'cluster',
  users: 'user',
  contexts: 'context',
};

/** Finds or creates a named entry of a section. */
function entryOf(config: Kubeconfig, section: Section, name: string): Record<string, unknown> {
  const list = ((config[section] as { name: string }[] | undefined) ?? []) as Record<string, unknown>[];
  config[section] = list as never;
  let entry = list.find((e) => e.name === name);
  if (!entry) {
    entry = { name, [SECTION_ENTRY[section]]: {} };
    list.push(entry);
  }
  return entry[SECTION_ENTRY[section]] as Record<string, unknown>;
}

/** `config set|unset PROPERTY`: current-context, or SECTION.NAME.FIELD. */
function property(config: Kubeconfig, path: string, value: string | undefined): void {
  if (path === 'current-context') {
    if (value === undefined) delete config['current-context'];
    else config['current-context'] = value;
    return;
  }
  const m = /^(clusters|users|contexts)\.(.+)\.([A-Za-z-]+)$/.exec(path);
  if (!m) throw new KubectlError(`unable to parse ${path} after [] at api.Config`);
  const fields = m[1] === 'clusters' ? CLUSTER_FIELDS : m[1] === 'users' ? USER_FIELDS : CONTEXT_FIELDS;
  if (!fields.includes(m[3]!)) throw new KubectlError(`unable to locate path ${m[3]} under ${m[1]}`);
  const entry = entryOf(config, m[1] as Section, m[2]!);
  if (value === undefined) delete entry[m[3]!];
  else entry[m[3]!] = m[3] === 'insecure-skip-tls-verify' ? value === 'true' : value;
}

function where(ctx: CommandContext): string {
  return ctx.env.kubeconfigPath ?? 'the kubeconfig';
}

const view: CommandSpec = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file',
  examples:
    '  # Show merged kubeconfig settings\n  kubectl config view\n  \n  # Show merged kubeconfig settings, raw certificate data, and exposed secrets\n  kubectl config view --raw\n  \n  # Get the password for the e2e user\n  kubectl config view -o jsonpath=\'{.users[?(@.name == "e2e")].user.password}\'',
  long: 'Display merged kubeconfig settings or a specified kubeconfig file.\n\n You can use --output jsonpath={...} to extract specific values using a jsonpath expression.',
  usage: 'config view [flags]',
  flags: [
    {
      name: 'allow-missing-template-keys',
      type: 'bool',
      default: 'true',
      usage:
        'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
    },
    {
      name: 'flatten',
      type: 'bool',
      usage:
        'Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)',
    },
    { name: 'merge', type: 'bool', default: 'true', usage: 'Merge the full hierarchy of kubeconfig files' },
    {
      name: 'minify',
      type: 'bool',
      usage: 'Remove all information not used by current-context from the output',
    },
    {
      name: 'output',
      short: 'o',
      type: 'string',
      default: 'yaml',
      usage:
        'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
    },
    { name: 'raw', type: 'bool', usage: 'Display raw byte data and sensitive data' },
    {
      name: 'show-managed-fields',
      type: 'bool',
      usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.',
    },
    {
      name: 'template',
      type: 'string',
      usage:
        'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
    },
  ],
  async run(ctx) {
    const data = viewConfig(ctx.env.kubeconfig, {
      minify: ctx.flags.bool('minify'),
      raw: ctx.flags.bool('raw'),
    });
    const output = ctx.flags.string('output') || 'yaml';
    if (output === 'yaml') ctx.out(toYaml(data));
    else if (output === 'json') ctx.out(`${goJson(data, '    ', 0, false)}\n`);
    else if (output.startsWith('jsonpath=')) {
      const { executeJsonPath } = await import('../printers/jsonpath.js');
      ctx.out(executeJsonPath(output.slice('jsonpath='.length), data));
    } else
      throw new KubectlError(`output format "${output}" is not supported by Cadet's kubectl config view`);
    return 0;
  },
};

const getContexts: CommandSpec = {
  name: 'get-contexts',
  short: 'Describe one or many contexts',
  examples:
    '  # List all the contexts in your kubeconfig file\n  kubectl config get-contexts\n  \n  # Describe one context in your kubeconfig file\n  kubectl config get-contexts my-context',
  long: 'Display one or many contexts from the kubeconfig file.',
  usage: 'config get-contexts [(-o|--output=)name)]',
  flags: [
    {
      name: 'no-headers',
      type: 'bool',
      usage:
        "When using the default or custom-column output format, don't print headers (default print headers).",
    },
    { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (name).' },
  ],
  async run(ctx) {
    const config = ctx.env.kubeconfig;
    const output = ctx.flags.string('output');
    if (output !== '' && output !== 'name')
      throw new KubectlError(`output must be one of '' or 'name': ${output}`);
    const contexts = [...(config.contexts ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const selected = ctx.args.length ? contexts.filter((c) => ctx.args.includes(c.name)) : contexts;
    const missing = ctx.args.filter((a) => !contexts.some((c) => c.name === a));
    if (output === 'name') {
      ctx.out(selected.map((c) => `${c.name}\n`).join(''));
    } else {
      let text = ctx.flags.bool('no-headers') ? '' : 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n';
      for (const c of selected)
        text += `${c.name === config['current-context'] ? '*' : ''}\t${c.name}\t${c.context.cluster ?? ''}\t${c.context.user ?? ''}\t${c.context.namespace ?? ''}\n`;
      ctx.out(tabwrite(text));
    }
    if (missing.length) throw new KubectlError(`context ${missing[0]} not found`);
    return 0;
  },
};

const currentContext: CommandSpec = {
  name: 'current-context',
  short: 'Display the current-context',
  examples: '  # Display the current-context\n  kubectl config current-context',
  long: 'Display the current-context.',
  usage: 'config current-context [flags]',
  async run(ctx) {
    const current = ctx.env.kubeconfig['current-context'];
    if (!current) throw new KubectlError('current-context is not set');
    ctx.out(`${current}\n`);
    return 0;
  },
};

const useContext: CommandSpec = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file',
  long: 'Set the current-context in a kubeconfig file.',
  examples: '  # Use the context for the minikube cluster\n  kubectl config use-context minikube',
  usage: 'config use-context CONTEXT_NAME',
  async run(ctx) {
    if (ctx.args.length !== 1) {
      ctx.out(commandHelp(useContext, ['config', 'use-context']));
      throw new KubectlError(`Unexpected args: [${ctx.args.join(' ')}]`);
    }
    const name = ctx.args[0]!;
    if (!(ctx.env.kubeconfig.contexts ?? []).some((c) => c.name === name))
      throw new KubectlError(`no context exists with the name: "${name}"`);
    ctx.env.kubeconfig['current-context'] = name;
    await save(ctx);
    ctx.out(`Switched to context "${name}".\n`);
    return 0;
  },
};

const setContext: CommandSpec = {
  name: 'set-context',
  short: 'Set a context entry in kubeconfig',
  long: 'Set a context entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.',
  examples:
    '  # Set the user field on the gce context entry without touching other values\n  kubectl config set-context gce --user=cluster-admin',
  usage:
    'config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]',
  flags: [
    { name: 'cluster', type: 'string', usage: 'cluster for the context entry in kubeconfig' },
    { name: 'current', type: 'bool', usage: 'Modify the current context' },
    { name: 'namespace', type: 'string', usage: 'namespace for the context entry in kubeconfig' },
    { name: 'user', type: 'string', usage: 'user for the context entry in kubeconfig' },
  ],
  async run(ctx) {
    const config = ctx.env.kubeconfig;
    let name = ctx.args[0] ?? '';
    if (ctx.flags.bool('current')) {
      if (ctx.args.length > 0) throw new KubectlError('you cannot specify both a context name and --current');
      name = config['current-context'] ?? '';
      if (!name) throw new KubectlError('no current context is set');
    }
    if (!name) throw new KubectlError('you must specify a non-empty context name or --current');
    config.contexts ??= [];
    let entry = config.contexts.find((c) => c.name === name);
    const created = !entry;
    if (!entry) {
      entry = { name, context: {} };
      config.contexts.push(entry);
    }
    for (const field of ['cluster', 'user', 'namespace'] as const)
      if (ctx.flags.has(field)) entry.context[field] = ctx.flags.string(field);
    await save(ctx);
    ctx.out(`Context "${name}" ${created ? 'created' : 'modified'}.\n`);
    return 0;
  },
};

const getClusters: CommandSpec = {
  name: 'get-clusters',
  short: 'Display clusters defined in the kubeconfig',
  examples: '  # List the clusters that kubectl knows about\n  kubectl config get-clusters',
  long: 'Display clusters defined in the kubeconfig.',
  usage: 'config get-clusters [flags]',
  async run(ctx) {
    ctx.out(`NAME\n${(ctx.env.kubeconfig.clusters ?? []).map((c) => `${c.name}\n`).join('')}`);
    return 0;
  },
};

const getUsers: CommandSpec = {
  name: 'get-users',
  short: 'Display users defined in the kubeconfig',
  examples: '  # List the users that kubectl knows about\n  kubectl config get-users',
  long: 'Display users defined in the kubeconfig.',
  usage: 'config get-users [flags]',
  async run(ctx) {
    ctx.out(`NAME\n${(ctx.env.kubeconfig.users ?? []).map((u) => `${u.name}\n`).join('')}`);
    return 0;
  },
};

const deleteContext: CommandSpec = {
  name: 'delete-context',
  short: 'Delete the specified context from the kubeconfig',
  examples: '  # Delete the context for the minikube cluster\n  kubectl config delete-context minikube',
  long: 'Delete the specified context from the kubeconfig.',
  usage: 'config delete-context NAME',
  async run(ctx) {
    const name = ctx.args[0] ?? '';
    const config = ctx.env.kubeconfig;
    if (!(config.contexts ?? []).some((c) => c.name === name))
      throw new KubectlError(`cannot delete context ${name}, not in ${where(ctx)}`);
    if (config['current-context'] === name)
      ctx.err(
        'warning: this removed your active context, use "kubectl config use-context" to select a different one\n',
      );
    config.contexts = (config.contexts ?? []).filter((c) => c.name !== name);
    await save(ctx);
    ctx.out(`deleted context ${name} from ${where(ctx)}\n`);
    return 0;
  },
};

const renameContext: CommandSpec = {
  name: 'rename-context',
  short: 'Rename a context from the kubeconfig file',
  examples:
    "  # Rename the context 'old-name' to 'new-name' in your kubeconfig file\n  kubectl config rename-context old-name new-name",
  long: "Renames a context from the kubeconfig file.\n\n CONTEXT_NAME is the context name that you want to change.\n\n NEW_NAME is the new name you want to set.\n\n Note: If the context being renamed is the 'current-context', this field will also be updated.",
  usage: 'config rename-context CONTEXT_NAME NEW_NAME',
  async run(ctx) {
    if (ctx.args.length !== 2) throw new KubectlError(`Unexpected args: [${ctx.args.join(' ')}]`);
    const [from, to] = ctx.args as [string, string];
    const config = ctx.env.kubeconfig;
    const entry = (config.contexts ?? []).find((c) => c.name === from);
    if (!entry) throw new KubectlError(`cannot rename the context "${from}", it's not in ${where(ctx)}`);
    if ((config.contexts ?? []).some((c) => c.name === to))
      throw new KubectlError(
        `cannot rename the context "${from}", the context "${to}" already exists in ${where(ctx)}`,
      );
    entry.name = to;
    if (config['current-context'] === from) config['current-context'] = to;
    await save(ctx);
    ctx.out(`Context "${from}" renamed to "${to}".\n`);
    return 0;
  },
};

const setProperty: CommandSpec = {
  name: 'set',
  short: 'Set an individual value in a kubeconfig file',
  examples:
    '  # Set the server field on the my-cluster cluster to https://1.2.3.4\n  kubectl config set clusters.my-cluster.server https://1.2.3.4\n  \n  # Set the certificate-authority-data field on the my-cluster cluster\n  kubectl config set clusters.my-cluster.certificate-authority-data $(echo "cert_data_here" | base64 -i -)\n  \n  # Set the cluster field in the my-context context to my-cluster\n  kubectl config set contexts.my-context.cluster my-cluster\n  \n  # Set the client-key-data field in the cluster-admin user using --set-raw-bytes option\n  kubectl config set users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true',
  long: "Set an individual value in a kubeconfig file.\n\n PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.\n\n PROPERTY_VALUE is the new value you want to set. Binary fields such as 'certificate-authority-data' expect a base64 encoded string unless the --set-raw-bytes flag is used.\n\n Specifying an attribute name that already exists will merge new fields on top of existing values.",
  usage: 'config set PROPERTY_NAME PROPERTY_VALUE',
  flags: [
    {
      name: 'set-raw-bytes',
      type: 'bool',
      usage: 'When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.',
    },
  ],
  async run(ctx) {
    if (ctx.args.length !== 2) throw new KubectlError(`Unexpected args: [${ctx.args.join(' ')}]`);
    property(ctx.env.kubeconfig, ctx.args[0]!, ctx.args[1]!);
    await save(ctx);
    ctx.out(`Property "${ctx.args[0]}" set.\n`);
    return 0;
  },
};

const unsetProperty: CommandSpec = {
  name: 'unset',
  short: 'Unset an individual value in a kubeconfig file',
  examples:
    '  # Unset the current-context\n  kubectl config unset current-context\n  \n  # Unset namespace in foo context\n  kubectl config unset contexts.foo.namespace',
  long: 'Unset an individual value in a kubeconfig file.\n\n PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.',
  usage: 'config unset PROPERTY_NAME',
  async run(ctx) {
    if (ctx.args.length !== 1) throw new KubectlError(`Unexpected args: [${ctx.args.join(' ')}]`);
    property(ctx.env.kubeconfig, ctx.args[0]!, undefined);
    await save(ctx);
    ctx.out(`Property "${ctx.args[0]}" unset.\n`);
    return 0;
  },
};

const setCluster: CommandSpec = {
  name: 'set-cluster',
  short: 'Set a cluster entry in kubeconfig',
  examples:
    '  # Set only the server field on the e2e cluster entry without touching other values\n  kubectl config set-cluster e2e --server=https://1.2.3.4\n  \n  # Embed certificate authority data for the e2e cluster entry\n  kubectl config set-cluster e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt\n  \n  # Disable cert checking for the e2e cluster entry\n  kubectl config set-cluster e2e --insecure-skip-tls-verify=true\n  \n  # Set the custom TLS server name to use for validation for the e2e cluster entry\n  kubectl config set-cluster e2e --tls-server-name=my-cluster-name\n  \n  # Set the proxy URL for the e2e cluster entry\n  kubectl config set-cluster e2e --proxy-url=https://1.2.3.4',
  long: 'Set a cluster entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.',
  usage:
    'config set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com]',
  flags: [
    {
      name: 'certificate-authority',
      type: 'string',
      usage: 'Path to certificate-authority file for the cluster entry in kubeconfig',
    },
    { name: 'embed-certs', type: 'bool', usage: 'embed-certs for the cluster entry in kubeconfig' },
    {
      name: 'insecure-skip-tls-verify',
      type: 'bool',
      usage: 'insecure-skip-tls-verify for the cluster entry in kubeconfig',
    },
    { name: 'proxy-url', type: 'string', usage: 'proxy-url for the cluster entry in kubeconfig' },
    { name: 'server', type: 'string', usage: 'server for the cluster entry in kubeconfig' },
    { name: 'tls-server-name', type: 'string', usage: 'tls-server-name for the cluster entry in kubeconfig' },
  ],
  async run(ctx) {
    if (ctx.args.length !== 1) throw new KubectlError(`Unexpected args: [${ctx.args.join(' ')}]`);
    const entry = entryOf(ctx.env.kubeconfig, 'clusters', ctx.args[0]!);
    if (ctx.flags.has('server')) entry.server = ctx.flags.string('server');
    if (ctx.flags.has('tls-server-name')) entry['tls-server-name'] = ctx.flags.string('tls-server-name');
    if (ctx.flags.has('insecure-skip-tls-verify'))
      entry['insecure-skip-tls-verify'] = ctx.flags.bool('insecure-skip-tls-verify');
    if (ctx.flags.has('certificate-authority'))
      entry['certificate-authority'] = ctx.flags.string('certificate-authority');
    if (ctx.flags.has('proxy-url')) entry['proxy-url'] = ctx.flags.string('proxy-url');
    await save(ctx);
    ctx.out(`Cluster "${ctx.args[0]}" set.\n`);
    return 0;
  },
};

const setCredentials: CommandSpec = {
  name: 'set-credentials',
  short: 'Set a user entry in kubeconfig',
  examples:
    '  # Set only the "client-key" field on the "cluster-admin"\n  # entry, without touching other values\n  kubectl config set-credentials cluster-admin --client-key=~/.kube/admin.key\n  \n  # Set basic auth for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --username=admin --password=uXFGweU9l35qcif\n  \n  # Embed client certificate data in the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --client-certificate=~/.kube/admin.crt --embed-certs=true\n  \n  # Enable the Google Compute Platform auth provider for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --auth-provider=gcp\n  \n  # Enable the OpenID Connect auth provider for the "cluster-admin" entry with additional arguments\n  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-id=foo --auth-provider-arg=client-secret=bar\n  \n  # Remove the "client-secret" config value for the OpenID Connect auth provider for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-secret-\n  \n  # Enable new exec auth plugin for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1\n  \n  # Enable new exec auth plugin for the "cluster-admin" entry with interactive mode\n  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1 --exec-interactive-mode=Never\n  \n  # Define new exec auth plugin arguments for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --exec-arg=arg1 --exec-arg=arg2\n  \n  # Create or update exec auth plugin environment variables for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --exec-env=key1=val1 --exec-env=key2=val2\n  \n  # Remove exec auth plugin environment variables for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --exec-env=var-to-remove-',
  long: 'Set a user entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values.\n\n        Client-certificate flags:\n        --client-certificate=certfile --client-key=keyfile\n        \n        Bearer token flags:\n        --token=bearer_token\n        \n        Basic auth flags:\n        --username=basic_user --password=basic_password\n        \n Bearer token and basic auth are mutually exclusive.',
  usage:
    'config set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value]',
  flags: [
    { name: 'auth-provider', type: 'string', usage: 'Auth provider for the user entry in kubeconfig' },
    { name: 'auth-provider-arg', type: 'stringArray', usage: "'key=value' arguments for the auth provider" },
    {
      name: 'client-certificate',
      type: 'string',
      usage: 'Path to client-certificate file for the user entry in kubeconfig',
    },
    { name: 'client-key', type: 'string', usage: 'Path to client-key file for the user entry in kubeconfig' },
    { name: 'embed-certs', type: 'bool', usage: 'Embed client cert/key for the user entry in kubeconfig' },
    {
      name: 'exec-api-version',
      type: 'string',
      usage: 'API version of the exec credential plugin for the user entry in kubeconfig',
    },
    {
      name: 'exec-arg',
      type: 'stringArray',
      usage: 'New arguments for the exec credential plugin command for the user entry in kubeconfig',
    },
    {
      name: 'exec-command',
      type: 'string',
      usage: 'Command for the exec credential plugin for the user entry in kubeconfig',
    },
    {
      name: 'exec-env',
      type: 'stringArray',
      usage: "'key=value' environment values for the exec credential plugin",
    },
    {
      name: 'exec-interactive-mode',
      type: 'string',
      usage: 'InteractiveMode of the exec credentials plugin for the user entry in kubeconfig',
    },
    {
      name: 'exec-provide-cluster-info',
      type: 'bool',
      usage: 'ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig',
    },
    { name: 'password', type: 'string', usage: 'password for the user entry in kubeconfig' },
    { name: 'token', type: 'string', usage: 'token for the user entry in kubeconfig' },
    { name: 'username', type: 'string', usage: 'username for the user entry in kubeconfig' },
  ],
  async run(ctx) {
    if (ctx.args.length !== 1) throw new KubectlError(`Unexpected args: [${ctx.args.join(' ')}]`);
    const entry = entryOf(ctx.env.kubeconfig, 'users', ctx.args[0]!);
    for (const f of ['token', 'username', 'password', 'client-certificate', 'client-key'])
      if (ctx.flags.has(f)) entry[f] = ctx.flags.string(f);
    await save(ctx);
    ctx.out(`User "${ctx.args[0]}" set.\n`);
    return 0;
  },
};

function deleteEntry(section: 'clusters' | 'users', word: string): CommandSpec {
  return {
    name: `delete-${word}`,
    short: `Delete the specified ${word} from the kubeconfig`,
    long: `Delete the specified ${word} from the kubeconfig.`,
    usage: `delete-${word} NAME`,
    async run(ctx) {
      const name = ctx.args[0] ?? '';
      const list = (ctx.env.kubeconfig[section] ?? []) as { name: string }[];
      if (!list.some((e) => e.name === name))
        throw new KubectlError(`cannot delete ${word} ${name}, not in ${where(ctx)}`);
      ctx.env.kubeconfig[section] = list.filter((e) => e.name !== name) as never;
      await save(ctx);
      ctx.out(`deleted ${word} ${name} from ${where(ctx)}\n`);
      return 0;
    },
  };
}

register({
  name: 'config',
  short: 'Modify kubeconfig files',
  long: `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.`,
  usage: 'config SUBCOMMAND',
  subcommands: [
    currentContext,
    deleteEntry('clusters', 'cluster'),
    deleteContext,
    deleteEntry('users', 'user'),
    getClusters,
    getContexts,
    getUsers,
    renameContext,
    setProperty,
    setCluster,
    setContext,
    setCredentials,
    unsetProperty,
    useContext,
    view,
  ],
});

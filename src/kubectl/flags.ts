/**
 * Flag definitions shared by many commands. The global ones (`kubectl options`) are accepted by
 * every command; the others are building blocks commands list in their own `flags`.
 */
import type { FlagSpec } from './types.js';

const f = (
  name: string,
  short: string | undefined,
  type: FlagSpec['type'],
  usage: string,
  extra: Partial<FlagSpec> = {},
): FlagSpec => ({
  name,
  ...(short ? { short } : {}),
  type,
  usage,
  ...extra,
});

/** Flags every command accepts (kubectl's global options, with the usage lines `kubectl options` prints). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  f(
    'as',
    undefined,
    'string',
    'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.',
  ),
  f(
    'as-group',
    undefined,
    'stringArray',
    'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.',
  ),
  f('as-uid', undefined, 'string', 'UID to impersonate for the operation.'),
  f('cache-dir', undefined, 'string', 'Default cache directory', { default: '$HOME/.kube/cache' }),
  f('certificate-authority', undefined, 'string', 'Path to a cert file for the certificate authority'),
  f('client-certificate', undefined, 'string', 'Path to a client certificate file for TLS'),
  f('client-key', undefined, 'string', 'Path to a client key file for TLS'),
  f('cluster', undefined, 'string', 'The name of the kubeconfig cluster to use'),
  f('context', undefined, 'string', 'The name of the kubeconfig context to use'),
  f(
    'disable-compression',
    undefined,
    'bool',
    'If true, opt-out of response compression for all requests to the server',
  ),
  f(
    'insecure-skip-tls-verify',
    undefined,
    'bool',
    "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
  ),
  f('kubeconfig', undefined, 'string', 'Path to the kubeconfig file to use for CLI requests.'),
  f('log-flush-frequency', undefined, 'duration', 'Maximum number of seconds between log flushes', {
    default: '5s',
  }),
  f('match-server-version', undefined, 'bool', 'Require server version to match client version'),
  f('namespace', 'n', 'string', 'If present, the namespace scope for this CLI request'),
  f('password', undefined, 'string', 'Password for basic authentication to the API server'),
  f(
    'profile',
    undefined,
    'string',
    'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)',
    { default: 'none' },
  ),
  f('profile-output', undefined, 'string', 'Name of the file to write the profile to', {
    default: 'profile.pprof',
  }),
  f(
    'request-timeout',
    undefined,
    'string',
    "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
    { default: '0' },
  ),
  f('server', 's', 'string', 'The address and port of the Kubernetes API server'),
  f(
    'tls-server-name',
    undefined,
    'string',
    'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used',
  ),
  f('token', undefined, 'string', 'Bearer token for authentication to the API server'),
  f('user', undefined, 'string', 'The name of the kubeconfig user to use'),
  f('username', undefined, 'string', 'Username for basic authentication to the API server'),
  f('v', 'v', 'int', 'number for the log level verbosity', { default: '0' }),
  f(
    'vmodule',
    undefined,
    'string',
    'comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)',
    { helpDefault: '' },
  ),
  f(
    'warnings-as-errors',
    undefined,
    'bool',
    'Treat warnings received from the server as errors and exit with a non-zero exit code',
  ),
  f('help', 'h', 'bool', 'help for this command', { hidden: true }),
];

/** -o / --output (each command lists the formats it supports in its usage text). */
export const OUTPUT = (
  usage = 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].',
): FlagSpec => f('output', 'o', 'string', usage);
export const ALL_NAMESPACES = f(
  'all-namespaces',
  'A',
  'bool',
  'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
);
export const SELECTOR = f(
  'selector',
  'l',
  'string',
  "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
);
export const FIELD_SELECTOR = f(
  'field-selector',
  undefined,
  'string',
  "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
);
export const FILENAME = (
  usage = 'Files, directories or URLs that identify the resources ("-" for stdin).',
): FlagSpec => f('filename', 'f', 'stringSlice', usage);
export const RECURSIVE = f(
  'recursive',
  'R',
  'bool',
  'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.',
);
export const KUSTOMIZE = f(
  'kustomize',
  'k',
  'string',
  "Process the kustomization directory. This flag can't be used together with -f or -R.",
);
export const SHOW_MANAGED_FIELDS = f(
  'show-managed-fields',
  undefined,
  'bool',
  'If true, keep the managedFields when printing objects in JSON or YAML format.',
);
export const TEMPLATE = f(
  'template',
  undefined,
  'string',
  'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
);
export const ALLOW_MISSING_TEMPLATE_KEYS = f(
  'allow-missing-template-keys',
  undefined,
  'bool',
  'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
  { default: 'true' },
);
export const NO_HEADERS = f(
  'no-headers',
  undefined,
  'bool',
  "When using the default or custom-column output format, don't print headers (default print headers).",
);
export const SHOW_LABELS = f(
  'show-labels',
  undefined,
  'bool',
  'When printing, show all labels as the last column (default hide labels column)',
);
export const SHOW_KIND = f(
  'show-kind',
  undefined,
  'bool',
  'If present, list the resource type for the requested object(s).',
);
export const LABEL_COLUMNS = f(
  'label-columns',
  'L',
  'stringSlice',
  'Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...',
);
export const SORT_BY = f(
  'sort-by',
  undefined,
  'string',
  "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
);
export const DRY_RUN = f(
  'dry-run',
  undefined,
  'string',
  'Only print the object that would be sent: "none", "server" or "client".',
  { default: 'none', noOptDefault: 'unchanged' },
);
export const FIELD_MANAGER = (name: string): FlagSpec =>
  f('field-manager', undefined, 'string', 'Name of the manager used to track field ownership.', {
    default: name,
  });
export const VALIDATE = f(
  'validate',
  undefined,
  'string',
  'Schema validation: "strict" (or true), "warn", or "ignore" (or false).',
  { default: 'strict', noOptDefault: 'strict' },
);

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

/** Flags every command accepts (kubectl's global options). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  f('namespace', 'n', 'string', "The namespace for this request (instead of the context's)."),
  f('context', undefined, 'string', 'The kubeconfig context to use.'),
  f('kubeconfig', undefined, 'string', 'The kubeconfig file to use.'),
  f('cluster', undefined, 'string', 'The kubeconfig cluster to use.'),
  f('user', undefined, 'string', 'The kubeconfig user to use.'),
  f('server', 's', 'string', 'The address and port of the Kubernetes API server.'),
  f('token', undefined, 'string', 'A bearer token for authentication.'),
  f('request-timeout', undefined, 'string', 'How long to wait for a single server request (0 = no limit).', {
    default: '0',
  }),
  f('insecure-skip-tls-verify', undefined, 'bool', 'Do not check the server certificate.'),
  f('as', undefined, 'string', 'The user to impersonate.'),
  f('as-group', undefined, 'stringArray', 'A group to impersonate (repeatable).'),
  f('as-uid', undefined, 'string', 'The UID to impersonate.'),
  f('username', undefined, 'string', 'Username for basic authentication.'),
  f('password', undefined, 'string', 'Password for basic authentication.'),
  f('certificate-authority', undefined, 'string', 'A CA certificate file.'),
  f('client-certificate', undefined, 'string', 'A client certificate file.'),
  f('client-key', undefined, 'string', 'A client key file.'),
  f('tls-server-name', undefined, 'string', 'The server name for certificate validation.'),
  f('cache-dir', undefined, 'string', 'The discovery cache directory (Cadet keeps discovery in memory).'),
  f('match-server-version', undefined, 'bool', 'Require the server version to match the client version.'),
  f('disable-compression', undefined, 'bool', 'Do not ask the server for compressed responses.'),
  f('warnings-as-errors', undefined, 'bool', 'Treat server warnings as errors (exit non-zero).'),
  f('v', 'v', 'string', 'Log level (accepted; Cadet logs nothing extra).', { default: '0' }),
  f('profile', undefined, 'string', 'Profile to capture (accepted, ignored).', { default: 'none' }),
  f('profile-output', undefined, 'string', 'Profile output file (accepted, ignored).', {
    default: 'profile.pprof',
  }),
  f('log-flush-frequency', undefined, 'duration', 'Log flush interval (accepted, ignored).', {
    default: '5s',
  }),
  f('help', 'h', 'bool', 'Help for this command.'),
];

/** -o / --output (each command lists the formats it supports in its usage text). */
export const OUTPUT = (
  usage = 'Output format: json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide.',
): FlagSpec => f('output', 'o', 'string', usage);
export const ALL_NAMESPACES = f(
  'all-namespaces',
  'A',
  'bool',
  'List the requested objects across all namespaces.',
);
export const SELECTOR = f(
  'selector',
  'l',
  'string',
  'Label selector to filter on (e.g. -l key1=value1,key2=value2); supports =, ==, !=, in, notin.',
);
export const FIELD_SELECTOR = f(
  'field-selector',
  undefined,
  'string',
  'Field selector to filter on (e.g. --field-selector metadata.name=web); supports =, ==, !=.',
);
export const FILENAME = (
  usage = 'Files, directories or URLs that identify the resources ("-" for stdin).',
): FlagSpec => f('filename', 'f', 'stringSlice', usage);
export const RECURSIVE = f('recursive', 'R', 'bool', 'Process the directory used in -f recursively.');
export const KUSTOMIZE = f(
  'kustomize',
  'k',
  'string',
  'Process a kustomization directory (not supported by Cadet).',
);
export const SHOW_MANAGED_FIELDS = f(
  'show-managed-fields',
  undefined,
  'bool',
  'Keep managedFields in JSON or YAML output.',
);
export const TEMPLATE = f(
  'template',
  undefined,
  'string',
  'Template string or path for -o go-template / -o jsonpath.',
);
export const ALLOW_MISSING_TEMPLATE_KEYS = f(
  'allow-missing-template-keys',
  undefined,
  'bool',
  'Ignore missing fields in templates (golang and jsonpath output).',
  { default: 'true' },
);
export const NO_HEADERS = f(
  'no-headers',
  undefined,
  'bool',
  'Do not print headers in the default and custom-columns output.',
);
export const SHOW_LABELS = f('show-labels', undefined, 'bool', 'Show all labels as the last column.');
export const SHOW_KIND = f('show-kind', undefined, 'bool', 'List the resource type of each object.');
export const LABEL_COLUMNS = f(
  'label-columns',
  'L',
  'stringSlice',
  'Labels to show as columns (-L label1 -L label2 or -L label1,label2).',
);
export const SORT_BY = f(
  'sort-by',
  undefined,
  'string',
  'Sort list output by this JSONPath expression, e.g. {.metadata.name}.',
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

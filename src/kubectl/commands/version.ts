/**
 * `kubectl version` (the client is kubectl v1.32.5, the build real kubectl 1.32 reports here)
 * and `kubectl cluster-info` (control plane URL, cluster services' proxy URLs).
 */
import type { KubeObject } from '../../cluster/types.js';
import type { ObjectList } from '../client.js';
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import { goJson } from '../printers/json.js';
import { toYaml } from '../printers/yaml.js';
import type { CommandSpec } from '../types.js';

/** What `kubectl version` reports for the client. */
export const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.5',
  gitCommit: '9894294ef13a5b32803e3ca2c0d620a088cc84d1',
  gitTreeState: 'clean',
  buildDate: '2025-05-15T09:12:10Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};
export const KUSTOMIZE_VERSION = 'v5.5.0';

const VERSION_FIELDS = [
  'major',
  'minor',
  'gitVersion',
  'gitCommit',
  'gitTreeState',
  'buildDate',
  'goVersion',
  'compiler',
  'platform',
];

function versionInfo(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of VERSION_FIELDS) out[f] = raw[f] ?? '';
  return out;
}

register({
  name: 'version',
  short: 'Print the client and server version information',
  long: 'Print the client and server version information for the current context.',
  examples: '  # Print the client and server versions for the current context\n  kubectl version',
  usage: 'version [flags]',
  flags: [
    { name: 'client', type: 'bool', usage: 'If true, shows client version only (no server required).' },
    { name: 'output', short: 'o', type: 'string', usage: "One of 'yaml' or 'json'." },
  ],
  async run(ctx) {
    const output = ctx.flags.string('output');
    if (output !== '' && output !== 'yaml' && output !== 'json')
      throw new KubectlError("--output must be 'yaml' or 'json'");
    const data: Record<string, unknown> = {
      clientVersion: CLIENT_VERSION,
      kustomizeVersion: KUSTOMIZE_VERSION,
    };
    let serverError: unknown;
    if (!ctx.flags.bool('client')) {
      try {
        data.serverVersion = versionInfo(
          await ctx.client.get<Record<string, unknown>>('/version?timeout=32s', 'application/json, */*'),
        );
      } catch (e) {
        serverError = e;
      }
    }
    if (output === 'json') ctx.out(`${goJson(data, '  ', 0, false)}\n`);
    else if (output === 'yaml') ctx.out(`${toYaml(data)}\n`);
    else {
      ctx.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
      const server = data.serverVersion as Record<string, string> | undefined;
      if (server) ctx.out(`Server Version: ${server.gitVersion}\n`);
    }
    const server = data.serverVersion as Record<string, string> | undefined;
    if (server) {
      const minor = Number.parseInt(server.minor ?? '', 10);
      if (server.major === '1' && Number.isFinite(minor) && Math.abs(minor - 32) > 1)
        ctx.err(
          `WARNING: version difference between client (1.32) and server (1.${minor}) exceeds the supported minor version skew of +/-1\n`,
        );
    }
    if (serverError) throw serverError;
    return 0;
  },
});

const dump: CommandSpec = {
  name: 'dump',
  short: 'Dump relevant information for debugging and diagnosis',
  examples:
    '  # Dump current cluster state to stdout\n  kubectl cluster-info dump\n  \n  # Dump current cluster state to /path/to/cluster-state\n  kubectl cluster-info dump --output-directory=/path/to/cluster-state\n  \n  # Dump all namespaces to stdout\n  kubectl cluster-info dump --all-namespaces\n  \n  # Dump a set of namespaces to /path/to/cluster-state\n  kubectl cluster-info dump --namespaces default,kube-system --output-directory=/path/to/cluster-state',
  long: "Dump cluster information out suitable for debugging and diagnosing cluster problems.  By default, dumps everything to stdout. You can optionally specify a directory with --output-directory.  If you specify a directory, Kubernetes will build a set of files in that directory.  By default, only dumps things in the current namespace and 'kube-system' namespace, but you can switch to a different namespace with the --namespaces flag, or specify --all-namespaces to dump all namespaces.\n\n The command also dumps the logs of all of the pods in the cluster; these logs are dumped into different directories based on namespace and pod name.",
  usage: 'cluster-info dump [flags]',
  flags: [
    {
      name: 'all-namespaces',
      short: 'A',
      type: 'bool',
      usage: 'If true, dump all namespaces.  If true, --namespaces is ignored.',
    },
    {
      name: 'allow-missing-template-keys',
      type: 'bool',
      default: 'true',
      usage:
        'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
    },
    { name: 'namespaces', type: 'stringSlice', usage: 'A comma separated list of namespaces to dump.' },
    {
      name: 'output',
      short: 'o',
      type: 'string',
      default: 'json',
      usage:
        'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
    },
    {
      name: 'output-directory',
      type: 'string',
      usage:
        "Where to output the files.  If empty or '-' uses stdout, otherwise creates a directory hierarchy in that directory",
    },
    {
      name: 'pod-running-timeout',
      type: 'duration',
      default: '20s',
      usage:
        'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    },
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
  async run() {
    throw new KubectlError('Cadet\'s kubectl does not implement "kubectl cluster-info dump" yet');
  },
};

register({
  name: 'cluster-info',
  subcommands: [dump],
  short: 'Display cluster information',
  long: "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
  examples: '  # Print the address of the control plane and cluster services\n  kubectl cluster-info',
  usage: 'cluster-info [flags]',
  async run(ctx) {
    await ctx.client.resources();
    const ns = ctx.namespaceExplicit ? ctx.namespace : 'kube-system';
    const services = await ctx.client.get<ObjectList>(
      `/api/v1/namespaces/${encodeURIComponent(ns)}/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue`,
      'application/json, */*',
    );
    const host = ctx.client.server.replace(/\/+$/, '');
    let text = `Kubernetes control plane is running at ${host}\n`;
    for (const svc of services.items as KubeObject[]) {
      let link = '';
      const ingress = (svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[];
      if (ingress.length > 0) {
        for (const ing of ingress)
          for (const port of (svc.spec?.ports ?? []) as { port: number }[])
            link += `http://${ing.ip || ing.hostname}:${port.port} `;
      } else {
        let name = svc.metadata.name!;
        const port = (svc.spec?.ports ?? [])[0] as { name?: string; port?: number } | undefined;
        if (port) {
          const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
          name = scheme ? `${scheme}:${name}:${port.name ?? ''}` : port.name ? `${name}:${port.name}` : name;
        }
        link = `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
      }
      text += `${svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name} is running at ${link}\n`;
    }
    text += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    ctx.out(text);
    return 0;
  },
});

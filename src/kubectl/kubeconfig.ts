/**
 * Reading the kubeconfig object: which context, cluster, user and namespace a run uses, after
 * the `--context`, `--cluster`, `--user`, `--server` and `-n` overrides.
 */
import { KubectlError } from './errors.js';
import type { Kubeconfig, ParsedFlags } from './types.js';
import { toYaml } from './printers/yaml.js';

/** The connection settings of one run. */
export interface Selected {
  contextName: string;
  cluster?: string;
  user?: string;
  server: string;
  namespace: string;
  namespaceExplicit: boolean;
  token?: string;
}

/** The current context's name (or the `--context` override; '' when none). */
export function currentContextName(config: Kubeconfig, override?: string): string {
  return override || config['current-context'] || '';
}

/** Applies the overrides to the kubeconfig as kubectl's client config loader does. */
export function selectContext(config: Kubeconfig, flags: ParsedFlags): Selected {
  const contextName = currentContextName(config, flags.string('context'));
  const ctx = (config.contexts ?? []).find((c) => c.name === contextName)?.context;
  if (flags.string('context') && !ctx)
    throw new KubectlError(
      `Error in configuration: context was not found for specified context: ${contextName}`,
      1,
      true,
    );
  const clusterName = flags.string('cluster') || ctx?.cluster;
  const userName = flags.string('user') || ctx?.user;
  const cluster = (config.clusters ?? []).find((c) => c.name === clusterName)?.cluster;
  const user = (config.users ?? []).find((u) => u.name === userName)?.user;
  const explicit = flags.has('namespace') && flags.string('namespace') !== '';
  const token = flags.string('token') || (typeof user?.token === 'string' ? user.token : undefined);
  return {
    contextName,
    ...(clusterName ? { cluster: clusterName } : {}),
    ...(userName ? { user: userName } : {}),
    server: flags.string('server') || cluster?.server || 'http://localhost:8080',
    namespace: explicit ? flags.string('namespace') : ctx?.namespace || 'default',
    namespaceExplicit: explicit,
    ...(token ? { token } : {}),
  };
}

/** The kubeconfig as kubectl writes it back (its canonical YAML: sorted keys, Go quoting). */
export function kubeconfigYaml(config: Kubeconfig): string {
  return toYaml(config);
}

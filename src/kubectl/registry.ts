/**
 * Every command real kubectl 1.32 has (name, help section, summary, in kubectl's own order), the
 * root `kubectl --help` text built from them, and cobra's "Did you mean this?" suggestions.
 * Which of them Cadet implements is decided by src/kubectl/commands/index.ts.
 */
import type { CommandGroup, CommandSpec } from './types.js';

/** A kubectl command as the root help lists it. */
export interface KnownCommand {
  name: string;
  group: CommandGroup;
  short: string;
}

const B: CommandGroup = 'Basic Commands (Beginner)';
const I: CommandGroup = 'Basic Commands (Intermediate)';
const D: CommandGroup = 'Deploy Commands';
const C: CommandGroup = 'Cluster Management Commands';
const T: CommandGroup = 'Troubleshooting and Debugging Commands';
const A: CommandGroup = 'Advanced Commands';
const S: CommandGroup = 'Settings Commands';
const O: CommandGroup = 'Other Commands';

/** kubectl 1.32's commands in the order kubectl registers them (which is also its suggestion order). */
export const KNOWN_COMMANDS: KnownCommand[] = [
  { name: 'create', group: B, short: 'Create a resource from a file or from stdin' },
  {
    name: 'expose',
    group: B,
    short:
      'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  },
  { name: 'run', group: B, short: 'Run a particular image on the cluster' },
  { name: 'set', group: B, short: 'Set specific features on objects' },
  { name: 'explain', group: I, short: 'Get documentation for a resource' },
  { name: 'get', group: I, short: 'Display one or many resources' },
  { name: 'edit', group: I, short: 'Edit a resource on the server' },
  {
    name: 'delete',
    group: I,
    short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  },
  { name: 'rollout', group: D, short: 'Manage the rollout of a resource' },
  {
    name: 'scale',
    group: D,
    short: 'Set a new size for a deployment, replica set, or replication controller',
  },
  {
    name: 'autoscale',
    group: D,
    short: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  },
  { name: 'certificate', group: C, short: 'Modify certificate resources' },
  { name: 'cluster-info', group: C, short: 'Display cluster information' },
  { name: 'top', group: C, short: 'Display resource (CPU/memory) usage' },
  { name: 'cordon', group: C, short: 'Mark node as unschedulable' },
  { name: 'uncordon', group: C, short: 'Mark node as schedulable' },
  { name: 'drain', group: C, short: 'Drain node in preparation for maintenance' },
  { name: 'taint', group: C, short: 'Update the taints on one or more nodes' },
  { name: 'describe', group: T, short: 'Show details of a specific resource or group of resources' },
  { name: 'logs', group: T, short: 'Print the logs for a container in a pod' },
  { name: 'attach', group: T, short: 'Attach to a running container' },
  { name: 'exec', group: T, short: 'Execute a command in a container' },
  { name: 'port-forward', group: T, short: 'Forward one or more local ports to a pod' },
  { name: 'proxy', group: T, short: 'Run a proxy to the Kubernetes API server' },
  { name: 'cp', group: T, short: 'Copy files and directories to and from containers' },
  { name: 'auth', group: T, short: 'Inspect authorization' },
  { name: 'debug', group: T, short: 'Create debugging sessions for troubleshooting workloads and nodes' },
  { name: 'events', group: T, short: 'List events' },
  { name: 'diff', group: A, short: 'Diff the live version against a would-be applied version' },
  { name: 'apply', group: A, short: 'Apply a configuration to a resource by file name or stdin' },
  { name: 'patch', group: A, short: 'Update fields of a resource' },
  { name: 'replace', group: A, short: 'Replace a resource by file name or stdin' },
  { name: 'wait', group: A, short: 'Experimental: Wait for a specific condition on one or many resources' },
  { name: 'kustomize', group: A, short: 'Build a kustomization target from a directory or URL' },
  { name: 'label', group: S, short: 'Update the labels on a resource' },
  { name: 'annotate', group: S, short: 'Update the annotations on a resource' },
  {
    name: 'completion',
    group: S,
    short: 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)',
  },
  { name: 'api-resources', group: O, short: 'Print the supported API resources on the server' },
  {
    name: 'api-versions',
    group: O,
    short: 'Print the supported API versions on the server, in the form of "group/version"',
  },
  { name: 'config', group: O, short: 'Modify kubeconfig files' },
  { name: 'plugin', group: O, short: 'Provides utilities for interacting with plugins' },
  { name: 'version', group: O, short: 'Print the client and server version information' },
];

/** Order in which cobra walks kubectl's commands when it suggests (alpha, then the "Other" ones as registered). */
const SUGGESTION_ORDER = [
  ...KNOWN_COMMANDS.filter((c) => c.group !== O).map((c) => c.name),
  'alpha',
  'config',
  'plugin',
  'version',
  'api-versions',
  'api-resources',
  'options',
  'help',
];

/** The root `kubectl --help`. */
export function rootHelp(): string {
  const groups: CommandGroup[] = [B, I, D, C, T, A, S];
  let out =
    'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n';
  const row = (c: KnownCommand) => `  ${c.name.padEnd(16)}${c.short}\n`;
  for (const g of groups) {
    out += `${g}:\n`;
    for (const c of KNOWN_COMMANDS.filter((k) => k.group === g)) out += row(c);
    out += '\n';
  }
  out += 'Subcommands provided by plugins:\n\n';
  out += 'Other Commands:\n';
  for (const c of KNOWN_COMMANDS.filter((k) => k.group === O)) out += row(c);
  out += '\nUsage:\n  kubectl [flags] [options]\n\n';
  out += 'Use "kubectl <command> --help" for more information about a given command.\n';
  out += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
  return out;
}

/** Levenshtein distance, case-insensitive as cobra computes it. */
export function levenshtein(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/** cobra's suggestions for a mistyped command: distance <= 2 or a prefix, in kubectl's order. */
export function suggestCommands(typed: string): string[] {
  return SUGGESTION_ORDER.filter(
    (name) => levenshtein(typed, name) <= 2 || name.toLowerCase().startsWith(typed.toLowerCase()),
  );
}

/** The error text for an unknown top-level command (without the `error: ` prefix). */
export function unknownCommandMessage(typed: string): string {
  const suggestions = suggestCommands(typed);
  let msg = `unknown command "${typed}" for "kubectl"`;
  if (suggestions.length) msg += `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`;
  return msg;
}

/** Finds a command (by name or alias) among `specs`. */
export function findCommand(specs: CommandSpec[], word: string): CommandSpec | undefined {
  return specs.find((s) => s.name === word || s.aliases?.includes(word));
}

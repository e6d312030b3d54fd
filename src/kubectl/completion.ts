/**
 * Completion for the browser terminal and for shells: `complete(words, env)` returns the
 * candidates for the last word of a command line (commands, subcommands, flags, flag values such
 * as namespaces and output formats, resource types and object names), and the hidden
 * `kubectl __complete` command prints them for the script of `kubectl completion bash`.
 */
import { commandWords } from './args.js';
import { ApiClient } from './client.js';
import { COMMANDS } from './command-list.js';
import { GLOBAL_FLAGS } from './flags.js';
import { selectContext } from './kubeconfig.js';
import { parseArgs } from './args.js';
import { findCommand } from './registry.js';
import { collectionUrl } from './resources.js';
import type { CommandContext, CommandSpec, FlagSpec, KubectlEnv } from './types.js';

const OUTPUT_FORMATS = [
  'json',
  'yaml',
  'name',
  'wide',
  'jsonpath=',
  'jsonpath-as-json=',
  'custom-columns=',
  'go-template=',
];

/** Commands whose first argument is a resource type and whose next arguments are object names. */
const RESOURCE_COMMANDS = new Set([
  'get',
  'describe',
  'delete',
  'edit',
  'label',
  'annotate',
  'patch',
  'scale',
  'wait',
  'explain',
]);
/** Commands whose arguments are pod names. */
const POD_COMMANDS = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp']);
/** Commands whose arguments are node names. */
const NODE_COMMANDS = new Set(['cordon', 'uncordon', 'drain', 'taint']);

const uniqueSorted = (list: string[]) => [...new Set(list)].sort();

/** Resource type names for completion: plural names of the preferred versions. */
export async function resourceTypeCandidates(ctx: Pick<CommandContext, 'client'>): Promise<string[]> {
  const resolver = await ctx.client.resources();
  return uniqueSorted(resolver.preferred.filter((r) => r.verbs.includes('list')).map((r) => r.resource));
}

/** Object names of a resource type in the namespace (cluster-wide for cluster-scoped types). */
export async function objectNameCandidates(
  ctx: Pick<CommandContext, 'client' | 'namespace'>,
  typeArg: string,
): Promise<string[]> {
  const resolver = await ctx.client.resources();
  const type = resolver.resolve(typeArg);
  const list = await ctx.client.get<{ items: { metadata: { name?: string } }[] }>(
    collectionUrl(type, type.namespaced ? ctx.namespace : undefined),
  );
  return uniqueSorted(list.items.map((o) => o.metadata.name ?? ''));
}

function flagNames(flags: FlagSpec[]): string[] {
  return flags.filter((f) => !f.hidden).flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);
}

function findFlag(flags: FlagSpec[], word: string): FlagSpec | undefined {
  if (word.startsWith('--')) return flags.find((f) => f.name === word.slice(2));
  if (word.startsWith('-') && word.length === 2) return flags.find((f) => f.short === word.slice(1));
  return undefined;
}

/**
 * Candidates for `words[cursor]` (default: the last word) of `kubectl <words...>`. The word
 * being completed may be empty. Server lookups that fail give no candidates (never an error).
 */
export async function complete(
  words: string[],
  env: KubectlEnv,
  cursor = words.length - 1,
): Promise<string[]> {
  const before = words.slice(0, Math.max(0, cursor));
  const prefix = words[cursor] ?? '';
  // find the command path from the words before the cursor
  let specs = COMMANDS;
  let spec: CommandSpec | undefined;
  const rest = [...before];
  for (;;) {
    const w = commandWords(rest, [...GLOBAL_FLAGS, ...(spec?.flags ?? [])])[0];
    const next = w === undefined ? undefined : findCommand(specs, w);
    if (!next) break;
    rest.splice(rest.indexOf(w!), 1);
    spec = next;
    if (!next.subcommands?.length) break;
    specs = next.subcommands;
  }
  const flags = [...GLOBAL_FLAGS, ...(spec?.flags ?? [])];
  const match = (list: string[]) => list.filter((c) => c.startsWith(prefix));
  let parsed;
  try {
    parsed = parseArgs(rest, flags);
  } catch {
    parsed = undefined;
  }
  const client = () => {
    const selected = selectContext(env.kubeconfig, (parsed ?? parseArgs([], flags)).flags);
    const transport = env.connect && selected.server ? env.connect(selected.server) : env.transport;
    return {
      client: new ApiClient(transport, selected.server, () => undefined),
      namespace: selected.namespace,
    };
  };
  try {
    // a flag value?
    const previous = before[before.length - 1];
    const valueOf = previous !== undefined ? findFlag(flags, previous) : undefined;
    if (valueOf && valueOf.type !== 'bool' && valueOf.noOptDefault === undefined) {
      if (valueOf.name === 'namespace') {
        const c = client();
        return match(await objectNameCandidates({ ...c, namespace: '' }, 'namespaces'));
      }
      if (valueOf.name === 'output') return match(uniqueSorted(OUTPUT_FORMATS));
      if (valueOf.name === 'context') return match((env.kubeconfig.contexts ?? []).map((c) => c.name).sort());
      return [];
    }
    if (prefix.startsWith('-')) return match(uniqueSorted(flagNames(flags)));
    if (!spec)
      return match(uniqueSorted(COMMANDS.filter((c) => !c.name.startsWith('__')).map((c) => c.name)));
    if (spec.subcommands?.length) return match(uniqueSorted(spec.subcommands.map((c) => c.name)));
    if (!parsed) return [];
    const c = client();
    const ctx = { ...c, env, flags: parsed.flags } as unknown as CommandContext;
    if (spec.complete) return match(await spec.complete(ctx, parsed.positional, prefix));
    const args = parsed.positional;
    const root = spec.name;
    if (POD_COMMANDS.has(root) && args.length === 0) return match(await objectNameCandidates(c, 'pods'));
    if (NODE_COMMANDS.has(root)) return match(await objectNameCandidates(c, 'nodes'));
    if (root === 'explain' && args.length === 0 && prefix.includes('.')) {
      const { explainCandidates } = await import('./commands/explain.js');
      return await explainCandidates(c.client, prefix);
    }
    if (RESOURCE_COMMANDS.has(root) || before.includes('rollout')) {
      if (args.length === 0) {
        if (prefix.includes('/')) {
          const type = prefix.slice(0, prefix.indexOf('/'));
          return match((await objectNameCandidates(c, type)).map((n) => `${type}/${n}`));
        }
        return match(await resourceTypeCandidates(c));
      }
      if (root === 'explain') return [];
      if (args[0]!.includes('/')) return [];
      return match(await objectNameCandidates(c, args[0]!.split(',')[0]!));
    }
    return [];
  } catch {
    return [];
  }
}

/**
 * Cadet's kubectl: `runKubectl(argv, env)` runs one kubectl command line (argv without the
 * leading `kubectl`) against the transport in `env` and resolves its exit code. Output is
 * streamed through `env.out` / `env.err`. Pure: runs in a browser worker and in Node.
 */
import { commandWords, parseArgs } from './args.js';
import { complete } from './completion.js';
import { ApiClient } from './client.js';
import { COMMANDS } from './commands/index.js';
import { formatError, FlagError, KubectlError } from './errors.js';
import { GLOBAL_FLAGS } from './flags.js';
import { commandHelp } from './help.js';
import { selectContext } from './kubeconfig.js';
import { findCommand, KNOWN_COMMANDS, rootHelp, unknownCommandMessage } from './registry.js';
import type { CommandContext, CommandSpec, KubectlEnv } from './types.js';

export type * from './types.js';
export { inProcessTransport, httpTransport, type FetchLike } from './transport.js';
export { COMMANDS } from './commands/index.js';
export { complete, resourceTypeCandidates, objectNameCandidates } from './completion.js';
export { kubeconfigYaml } from './kubeconfig.js';
export { toYaml, toJson } from './printers/index.js';

/** The command a command line names, its path, and the arguments left for flag parsing. */
export interface ResolvedCommand {
  spec?: CommandSpec;
  path: string[];
  rest: string[];
}

/** Finds the (sub)command named by `argv`, as cobra does: flags are skipped, the first words pick the command. */
export function resolveCommand(argv: string[]): ResolvedCommand {
  const path: string[] = [];
  let specs = COMMANDS;
  let spec: CommandSpec | undefined;
  const rest = [...argv];
  for (;;) {
    const words = commandWords(rest, [...GLOBAL_FLAGS, ...(spec?.flags ?? [])]);
    const word = words[0];
    if (word === undefined) break;
    const next = findCommand(specs, word);
    if (!next) {
      if (!spec) {
        const known = KNOWN_COMMANDS.find((k) => k.name === word);
        if (known) throw new KubectlError(`Cadet's kubectl does not implement "kubectl ${word}" yet`);
        // kubectl then looks for a plugin, which refuses flags before its name
        if (argv[0]!.startsWith('-'))
          throw new KubectlError(`Error: flags cannot be placed before plugin name: ${argv[0]}`, 1, true);
        throw new KubectlError(unknownCommandMessage(word));
      }
      break;
    }
    rest.splice(rest.indexOf(word), 1);
    path.push(next.name);
    spec = next;
    if (!next.subcommands?.length) break;
    specs = next.subcommands;
  }
  return { ...(spec ? { spec } : {}), path, rest };
}

/** Runs `kubectl <argv...>`; resolves the exit code. Never throws: errors are printed as kubectl prints them. */
export async function runKubectl(argv: string[], env: KubectlEnv): Promise<number> {
  let path: string[] = [];
  if (argv[0] === '__complete') {
    // shells' completion protocol: candidates one per line, then cobra's "no file completion" directive
    const candidates = await complete(argv.slice(1), env);
    env.out(candidates.map((c) => `${c}\n`).join('') + ':4\n');
    return 0;
  }
  try {
    const resolved = resolveCommand(argv);
    path = resolved.path;
    const spec = resolved.spec;
    const parsed = parseArgs(resolved.rest, [...GLOBAL_FLAGS, ...(spec?.flags ?? [])]);
    if (!spec) {
      env.out(rootHelp());
      return 0;
    }
    if (parsed.flags.bool('help')) {
      env.out(commandHelp(spec, path));
      return 0;
    }
    if (!spec.run) {
      if (parsed.positional.length > 0)
        throw new KubectlError(
          `unknown command "${parsed.positional[0]}"\nSee 'kubectl ${path.join(' ')} -h' for help and examples`,
        );
      // kubectl's DefaultSubCommandRun: the help on stderr, exit 1
      env.err(commandHelp(spec, path));
      return 1;
    }
    const selected = selectContext(env.kubeconfig, parsed.flags);
    const transport = env.connect && selected.server ? env.connect(selected.server) : env.transport;
    const ctx: CommandContext = {
      env,
      path,
      args: parsed.positional,
      dashArgs: parsed.dashArgs,
      dashSeen: parsed.dashSeen,
      flags: parsed.flags,
      namespace: selected.namespace,
      namespaceExplicit: selected.namespaceExplicit,
      client: new ApiClient(transport, selected.server, env.err),
      out: env.out,
      err: env.err,
    };
    return await spec.run(ctx);
  } catch (error) {
    if (error instanceof FlagError && path.length === 0) {
      env.err(`error: ${error.message}\nSee 'kubectl --help' for usage.\n`);
      return 1;
    }
    const { text, code } = formatError(error, path);
    if (text) env.err(text);
    return code;
  }
}

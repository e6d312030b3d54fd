/**
 * `kubectl options` (the global flags every command accepts) and `kubectl help [COMMAND...]`
 * (a command's help, or cobra's "Unknown help topic" and the command list).
 */
import { register } from '../command-list.js';
import { COMMANDS } from '../command-list.js';
import { GLOBAL_FLAGS } from '../flags.js';
import { commandHelp, optionsBlock } from '../help.js';
import { findCommand, rootHelp } from '../registry.js';
import type { CommandSpec } from '../types.js';

register({
  name: 'options',
  short: 'Print the list of flags inherited by all commands',
  long: 'Print the list of flags inherited by all commands',
  examples: '  # Print flags inherited by all commands\n  kubectl options',
  usage: 'options',
  async run(ctx) {
    const home = ctx.env.vars?.HOME ?? '/home/learner';
    const cacheDir = ctx.env.vars?.KUBECACHEDIR || `${home.replace(/\/+$/, '')}/.kube/cache`;
    const flags = GLOBAL_FLAGS.map((f) => (f.name === 'cache-dir' ? { ...f, default: cacheDir } : f));
    ctx.out(`The following options can be passed to any command:\n\n${optionsBlock(flags, '')}`);
    return 0;
  },
});

register({
  name: 'help',
  short: 'Help about any command',
  long: 'Help provides help for any command in the application.\nSimply type kubectl help [path to command] for full details.',
  usage: 'help [command] | STRING_TO_SEARCH',
  async run(ctx) {
    let specs = COMMANDS;
    let spec: CommandSpec | undefined;
    const path: string[] = [];
    for (const word of ctx.args) {
      const next = findCommand(specs, word);
      if (!next) {
        // cobra: the topic is unknown, then the usage of the deepest command found (the root here)
        const root = rootHelp();
        const usage = root.slice(root.indexOf('\n\n', root.indexOf('Find more information')) + 1);
        // cobra prints an unknown topic and the usage on stderr (exit code 0)
        ctx.err(
          spec
            ? `Unknown help topic [\`${word}\`]\n${commandHelp(spec, path)}`
            : `Unknown help topic [\`${word}\`]\n\n${usage}`,
        );
        return 0;
      }
      spec = next;
      path.push(next.name);
      specs = next.subcommands ?? [];
    }
    ctx.out(spec ? commandHelp(spec, path) : rootHelp());
    return 0;
  },
});

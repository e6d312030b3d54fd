/**
 * `--help` texts in kubectl's layout: description, examples, `Options:` (the command's own flags,
 * sorted, each as `--name=default:` and a tab-indented usage line), `Usage:`, and for commands
 * with subcommands an `Available Commands:` list.
 */
import type { CommandSpec, FlagSpec } from './types.js';

function defaultText(flag: FlagSpec): string {
  if (flag.helpDefault !== undefined) return flag.helpDefault;
  if (flag.type === 'bool') return flag.default ?? 'false';
  if (flag.type === 'int') return flag.default ?? '0';
  if (flag.type === 'stringSlice' || flag.type === 'stringArray') return `[${flag.default ?? ''}]`;
  if (flag.type === 'duration') return flag.default ?? '0s';
  return `'${flag.default ?? ''}'`;
}

/** The `Options:` block for a list of flags. */
export function optionsBlock(flags: FlagSpec[], title = 'Options:\n'): string {
  const shown = flags.filter((f) => !f.hidden).sort((a, b) => a.name.localeCompare(b.name));
  if (shown.length === 0) return '';
  let out = title;
  for (const flag of shown) {
    out += `    ${flag.short ? `-${flag.short}, ` : ''}--${flag.name}=${defaultText(flag)}:\n\t${flag.usage}\n\n`;
  }
  return out;
}

/**
 * The full help of a command; `path` is e.g. ['config', 'view']. `spec.usage` is cobra's `Use`
 * (with `[flags]` where kubectl shows it; ` [options]` is added when missing; parent command words
 * are added when missing).
 */
export function commandHelp(spec: CommandSpec, path: string[]): string {
  let out = '';
  out += `${spec.long ?? spec.short}\n\n`;
  if (spec.aliases?.length) out += `Aliases:\n${[spec.name, ...spec.aliases].join(', ')}\n\n`;
  if (spec.examples) out += `Examples:\n${spec.examples.replace(/\n*$/, '')}\n\n`;
  if (spec.subcommands?.length) {
    // cobra pads names to the longest one, at least 11, then three spaces
    const width = Math.max(11, ...spec.subcommands.map((s) => s.name.length)) + 3;
    out += 'Available Commands:\n';
    for (const sub of [...spec.subcommands].sort((a, b) => a.name.localeCompare(b.name)))
      out += `  ${sub.name.padEnd(width)}${sub.short}\n`;
    out += '\n';
  }
  const options = optionsBlock(spec.flags ?? []);
  if (options) out += options;
  const parents = path.slice(0, -1).join(' ');
  const line = parents && !spec.usage.startsWith(`${parents} `) ? `${parents} ${spec.usage}` : spec.usage;
  out += `Usage:\n  kubectl ${line}${line.includes('[options]') ? '' : ' [options]'}\n\n`;
  if (spec.subcommands?.length)
    out += `Use "kubectl ${path.join(' ')} <command> --help" for more information about a given command.\n`;
  out += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
  return out;
}

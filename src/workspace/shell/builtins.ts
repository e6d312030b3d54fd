/**
 * The small shell of the embedded engine: `help`, `clear`, `ls`, `cat`, `pwd`, `echo`, and
 * `kubectl` (also `k`) over the learner's files. Pure: files are a record, output goes to the
 * given writers, kubectl is handed in.
 */
import { tokenize } from './tokenize.js';
import type { RunIO } from '../engine/types.js';

export type KubectlFn = (argv: string[], io: RunIO, signal: AbortSignal) => Promise<number>;

export interface ShellContext {
  files(): Record<string, string>;
  kubectl: KubectlFn;
}

export const HELP = `Cadet's shell runs one command at a time:
  kubectl ...      Cadet's kubectl against the lab's cluster (also: k ...)
  ls [dir]         list the workspace's files
  cat <file>...    print files
  clear            clear the screen (also Ctrl-L)
  help             this text
Keys: Up/Down history, Tab completion, Ctrl-C stops a command, Ctrl-L clears.
Files you edit in the editor are the files kubectl reads: kubectl apply -f pod.yaml
`;

/** Normalises a path the learner typed (`./a.yaml`, `dir/../a.yaml`) to a workspace path. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** The entries directly in `dir` (folders end with `/`), sorted. */
export function listDir(files: Record<string, string>, dir: string): string[] | undefined {
  const prefix = dir ? `${dir}/` : '';
  const entries = new Set<string>();
  for (const path of Object.keys(files)) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    entries.add(slash < 0 ? rest : `${rest.slice(0, slash)}/`);
  }
  if (!entries.size && dir && !(dir in files)) return undefined;
  return [...entries].sort();
}

/** Runs one line. Returns the exit code. */
export async function runLine(
  line: string,
  ctx: ShellContext,
  io: RunIO,
  signal: AbortSignal,
): Promise<number> {
  const { words, error } = tokenize(line);
  if (error) {
    io.err(`${error}\n`);
    return 2;
  }
  if (!words.length) return 0;
  const [cmd, ...args] = words as [string, ...string[]];
  const files = ctx.files();
  switch (cmd) {
    case 'kubectl':
    case 'k':
      return ctx.kubectl(args, io, signal);
    case 'help':
      io.out(HELP);
      return 0;
    case 'clear':
      io.out('\x1b[2J\x1b[3J\x1b[H');
      return 0;
    case 'pwd':
      io.out('/workspace\n');
      return 0;
    case 'echo':
      io.out(`${args.join(' ')}\n`);
      return 0;
    case 'ls': {
      let code = 0;
      for (const target of args.length ? args : ['.']) {
        const path = normalizePath(target);
        if (path in files) {
          io.out(`${target}\n`);
          continue;
        }
        const entries = listDir(files, path);
        if (!entries) {
          io.err(`ls: cannot access '${target}': No such file or directory\n`);
          code = 2;
          continue;
        }
        if (args.length > 1) io.out(`${target}:\n`);
        if (entries.length) io.out(`${entries.join('  ')}\n`);
      }
      return code;
    }
    case 'cat': {
      if (!args.length) {
        io.err('cat: give a file to print, e.g. cat pod.yaml\n');
        return 1;
      }
      let code = 0;
      for (const target of args) {
        const path = normalizePath(target);
        const text = files[path];
        if (text === undefined) {
          io.err(
            listDir(files, path)
              ? `cat: ${target}: Is a directory\n`
              : `cat: ${target}: No such file or directory\n`,
          );
          code = 1;
        } else io.out(text.endsWith('\n') || !text ? text : `${text}\n`);
      }
      return code;
    }
    default:
      io.err(`${cmd}: command not found (type help for what this shell runs)\n`);
      return 127;
  }
}

/** Completions of the shell's own commands and file names, for words kubectl does not complete. */
export function completeShell(line: string, files: Record<string, string>): string[] | undefined {
  const { words } = tokenize(line);
  const endsWithSpace = /\s$/.test(line) || line === '';
  const current = endsWithSpace ? '' : (words[words.length - 1] ?? '');
  const index = endsWithSpace ? words.length : words.length - 1;
  if (index === 0) {
    return ['kubectl', 'help', 'clear', 'ls', 'cat', 'pwd', 'echo'].filter((c) => c.startsWith(current));
  }
  const cmd = words[0];
  const previous = words[index - 1];
  const wantsFile =
    cmd === 'cat' ||
    cmd === 'ls' ||
    previous === '-f' ||
    previous === '--filename' ||
    current.startsWith('--filename=');
  if (!wantsFile) return undefined;
  const prefix = current.startsWith('--filename=') ? '--filename=' : '';
  const typed = current.slice(prefix.length);
  const slash = typed.lastIndexOf('/');
  const dir = slash < 0 ? '' : typed.slice(0, slash);
  const entries = listDir(files, normalizePath(dir)) ?? [];
  const base = slash < 0 ? '' : `${dir}/`;
  return entries.map((e) => `${prefix}${base}${e}`).filter((e) => e.startsWith(current));
}

/**
 * `cadet kubectl ...`: Cadet's kubectl in a terminal. Node-only host code: it loads the
 * kubeconfig (`--kubeconfig`, else $KUBECONFIG, else .cadet/kubeconfig written by `cadet serve`,
 * else ~/.kube/config), reads files for `-f` and stdin for `-f -`, talks HTTP with fetch, opens
 * $KUBE_EDITOR/$EDITOR for `kubectl edit`, and stops watches on Ctrl-C.
 */
import { webSocketExec } from '../kubectl/commands/exec';
import { nodeWebSocket } from './exec-stream';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  httpTransport,
  kubeconfigYaml,
  runKubectl,
  type FetchLike,
  type Kubeconfig,
  type KubectlEnv,
} from '../kubectl/index';

/** Where the kubeconfig comes from: `--kubeconfig` in argv, $KUBECONFIG (first entry), .cadet/kubeconfig, ~/.kube/config. */
export function kubeconfigPath(
  argv: string[],
  cwd: string,
  vars: Record<string, string | undefined>,
): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('--kubeconfig=')) return resolve(cwd, a.slice('--kubeconfig='.length));
    if (a === '--kubeconfig' && argv[i + 1]) return resolve(cwd, argv[i + 1]!);
  }
  if (vars.KUBECONFIG) return resolve(cwd, vars.KUBECONFIG.split(':')[0]!);
  const local = resolve(cwd, '.cadet/kubeconfig');
  if (existsSync(local)) return local;
  return join(homedir(), '.kube', 'config');
}

function tokenOf(config: Kubeconfig): string | undefined {
  const ctx = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  const user = config.users?.find((u) => u.name === ctx?.user)?.user;
  return typeof user?.token === 'string' ? user.token : undefined;
}

/** Opens `text` in $KUBE_EDITOR / $EDITOR (default vi) and returns the saved text. */
async function editInEditor(
  text: string,
  fileName: string,
  vars: Record<string, string | undefined>,
): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'cadet-edit-'));
  const path = join(dir, fileName.replace(/[^A-Za-z0-9._-]/g, '-'));
  writeFileSync(path, text);
  const editor = vars.KUBE_EDITOR || vars.EDITOR || 'vi';
  try {
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(`${editor} "${path}"`, { stdio: 'inherit', shell: true });
      child.on('error', fail);
      child.on('close', (c) => done(c ?? 1));
    });
    return code === 0 ? readFileSync(path, 'utf8') : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/** What a Node kubectl environment is built from (the process, or a test harness). */
export interface NodeKubectlOptions {
  cwd: string;
  vars: Record<string, string | undefined>;
  out(chunk: string): void;
  err(chunk: string): void;
  stdin(): Promise<string>;
  signal?: AbortSignal;
  now?(): number;
}

/**
 * The Node `KubectlEnv` for a command line: the kubeconfig found as kubectl finds it (loaded, or an
 * error message when it cannot be parsed), files relative to `cwd`, HTTP with fetch, $EDITOR.
 */
export function nodeKubectlEnv(argv: string[], options: NodeKubectlOptions): KubectlEnv | { error: string } {
  const { cwd, vars } = options;
  const path = kubeconfigPath(argv, cwd, vars);
  let kubeconfig: Kubeconfig = {};
  if (existsSync(path)) {
    try {
      kubeconfig = (parse(readFileSync(path, 'utf8')) as Kubeconfig | null) ?? {};
    } catch (err) {
      // kubectl names the file as it was given; the parser's own words follow (Cadet's YAML parser's)
      const shown = path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
      const reason = (err as Error).message.split('\n')[0];
      return { error: `error: error loading config file "${shown}": ${reason}\n` };
    }
  }
  const fetchImpl = fetch as unknown as FetchLike;
  const token = tokenOf(kubeconfig);
  const current = kubeconfig.contexts?.find((c) => c.name === kubeconfig['current-context'])?.context;
  const server =
    kubeconfig.clusters?.find((c) => c.name === current?.cluster)?.cluster.server ??
    kubeconfig.clusters?.[0]?.cluster.server ??
    'http://localhost:8080';
  return {
    transport: httpTransport(server, fetchImpl, token ? { token } : {}),
    connect: (url) => httpTransport(url, fetchImpl, token ? { token } : {}),
    kubeconfig,
    kubeconfigPath: path,
    saveKubeconfig: (config) => writeFileSync(path, kubeconfigYaml(config)),
    fs: {
      async readFile(p) {
        const full = resolve(cwd, p);
        return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
      },
      async stat(p) {
        const full = resolve(cwd, p);
        if (!existsSync(full)) return undefined;
        return statSync(full).isDirectory() ? 'dir' : 'file';
      },
      async readDir(p) {
        return readdirSync(resolve(cwd, p));
      },
    },
    stdin: options.stdin,
    now: options.now ?? (() => Date.now()),
    out: options.out,
    err: options.err,
    edit: (text, fileName) => editInEditor(text, fileName, vars),
    // kubectl exec over the WebSocket stream `cadet serve` speaks (v5.channel.k8s.io)
    exec: webSocketExec(server, nodeWebSocket, {
      out: options.out,
      err: options.err,
      ...(options.stdin ? { stdin: options.stdin } : {}),
    }),
    ...(options.signal ? { signal: options.signal } : {}),
    vars,
  };
}

/**
 * Runs `cadet kubectl <argv>` with the process's streams; resolves the exit code. `editor`, when
 * given, replaces $KUBE_EDITOR/$EDITOR for `kubectl edit` (it gets the Ctrl-C signal).
 */
export async function runKubectlCommand(
  argv: string[],
  cwd: string,
  editor?: (signal: AbortSignal) => KubectlEnv['edit'],
): Promise<number> {
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.on('SIGINT', onSigint);
  try {
    const env = nodeKubectlEnv(argv, {
      cwd,
      vars: process.env,
      out: (chunk) => process.stdout.write(chunk),
      err: (chunk) => process.stderr.write(chunk),
      stdin: readStdin,
      signal: abort.signal,
    });
    if ('error' in env) {
      process.stderr.write(env.error);
      return 1;
    }
    return await runKubectl(argv, editor ? { ...env, edit: editor(abort.signal) } : env);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

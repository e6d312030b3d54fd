/**
 * The contract of Cadet's kubectl: what a host hands to `runKubectl` (`KubectlEnv`), what a
 * command module exports (`CommandSpec`) and what it is given when it runs (`CommandContext`).
 *
 * Pure: this folder runs in a browser worker as well as in Node. No `node:*`, `process`,
 * `Buffer`, timers or DOM here; hosts (src/hosts/kubectl.ts) supply I/O through `KubectlEnv`.
 */
import type { ApiRequest, HandleResult } from '../cluster/types.js';

// ---------------------------------------------------------------- what the host provides

/** How kubectl reaches an API server: one HTTP-shaped request in, one response (or stream) out. */
export interface Transport {
  request(req: ApiRequest): Promise<HandleResult>;
}

/** A kubeconfig as an object (the parsed YAML). Unknown fields are kept as they are. */
export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: { name: string; cluster: { server?: string; [k: string]: unknown } }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster?: string; user?: string; namespace?: string } }[];
  'current-context'?: string;
  preferences?: Record<string, unknown>;
  [field: string]: unknown;
}

/** The few file-system operations kubectl needs (`-f`, `-R`, `--kubeconfig` is the host's job). */
export interface KubectlFileSystem {
  /** A text file's content, or undefined when there is no such file. Paths are as the user typed them. */
  readFile(path: string): Promise<string | undefined>;
  /** 'file', 'dir', or undefined when the path does not exist. */
  stat(path: string): Promise<'file' | 'dir' | undefined>;
  /** The entry names of a directory (not paths), in any order. */
  readDir(path: string): Promise<string[]>;
}

/** Runs a command in a container (`kubectl exec`); B2 defines the stream details in commands/exec.ts. */
export interface ExecHook {
  (request: {
    namespace: string;
    pod: string;
    container: string;
    command: string[];
    stdin: boolean;
    tty: boolean;
  }): Promise<number>;
}

/** Everything `runKubectl` needs from its host. */
export interface KubectlEnv {
  /** The API server for the kubeconfig's current context (in process: `inProcessTransport(cluster)`). */
  transport: Transport;
  /**
   * Optional: a transport for another server URL (`--context`/`--server` pointing elsewhere).
   * Without it, every context talks to `transport`.
   */
  connect?(server: string): Transport;
  /** The kubeconfig, already loaded by the host. `config` subcommands change it in place. */
  kubeconfig: Kubeconfig;
  /** Persists the kubeconfig after `config use-context`/`set-context`; absent = kept in memory only. */
  saveKubeconfig?(config: Kubeconfig): Promise<void> | void;
  /** Where the kubeconfig lives, as `config view` errors and `--kubeconfig` mention it. */
  kubeconfigPath?: string;
  /** Files for `-f`; absent = no file system (only `-f -`). */
  fs?: KubectlFileSystem;
  /** Standard input, read whole (`-f -`); absent = empty. */
  stdin?(): Promise<string>;
  /** Milliseconds since the epoch on the client's clock. */
  now(): number;
  /** Standard output and error, streamed (chunks are written as they come). */
  out(chunk: string): void;
  err(chunk: string): void;
  /** `kubectl edit`: shows `text` in an editor, resolves the edited text (or null when cancelled). */
  edit?(text: string, fileName: string): Promise<string | null>;
  /** `kubectl exec`. */
  exec?: ExecHook;
  /** Ctrl-C: commands that watch or follow stop and return. */
  signal?: AbortSignal;
  /** Environment variables kubectl reads (KUBE_EDITOR, EDITOR, ...); absent = none. */
  vars?: Record<string, string | undefined>;
}

// ---------------------------------------------------------------- flags and commands

/** The value kinds of kubectl's flags (pflag types). */
export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice' | 'duration';

/** One flag as kubectl defines it. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `namespace`. */
  name: string;
  /** One-letter shorthand, e.g. `n`. */
  short?: string;
  type: FlagType;
  /** Default shown in help and returned when the flag is not given (as text, like pflag). */
  default?: string;
  /** Value used when the flag is given without `=value` (pflag NoOptDefVal; `true` for bools). */
  noOptDefault?: string;
  /** One line for `--help`. */
  usage: string;
  /** Not shown in help (still accepted). */
  hidden?: boolean;
  /** How help shows the default when pflag renders it unusually (e.g. `--vmodule=:` is helpDefault ''). */
  helpDefault?: string;
}

/** Parsed flags of one invocation: typed getters over what the user wrote. */
export interface ParsedFlags {
  /** Whether the user gave the flag (long name). */
  has(name: string): boolean;
  bool(name: string): boolean;
  string(name: string): string;
  int(name: string): number;
  /** stringArray/stringSlice values (slices split on commas). */
  list(name: string): string[];
}

/** A help section of `kubectl --help`. */
export type CommandGroup =
  | 'Basic Commands (Beginner)'
  | 'Basic Commands (Intermediate)'
  | 'Deploy Commands'
  | 'Cluster Management Commands'
  | 'Troubleshooting and Debugging Commands'
  | 'Advanced Commands'
  | 'Settings Commands'
  | 'Other Commands';

/** A command module's export: what `kubectl <name>` is and does. */
export interface CommandSpec {
  name: string;
  aliases?: string[];
  /** The one-line summary in `kubectl --help`. */
  short: string;
  /** Help section (top-level commands only). */
  group?: CommandGroup;
  /**
   * The `Usage:` line after `kubectl ` as kubectl prints it, e.g. `version [flags]` or
   * `config use-context CONTEXT_NAME`; ` [options]` is appended when absent, and a subcommand's
   * parent words are prefixed when absent.
   */
  usage: string;
  /** The description paragraph of `--help`. */
  long?: string;
  /** Examples block of `--help` (already indented). */
  examples?: string;
  /** Command-local flags (the global ones are always accepted). */
  flags?: FlagSpec[];
  /** Subcommands (`config view`, `rollout status`, ...); a command with subcommands and no `run` prints its help. */
  subcommands?: CommandSpec[];
  /** Runs the command; resolves the exit code. Throw `KubectlError` (or an `ApiError`) to fail with kubectl's messages. */
  run?(ctx: CommandContext): Promise<number>;
  /** Completion of positional arguments (resource types, names, ...); see completion.ts. */
  complete?(ctx: CommandContext, args: string[], prefix: string): Promise<string[]>;
}

/** What a command gets when it runs. */
export interface CommandContext {
  env: KubectlEnv;
  /** The command path, e.g. ['config', 'view'] (used in `See 'kubectl config view --help'`). */
  path: string[];
  /** Positional arguments (before `--`). */
  args: string[];
  /** Arguments after `--` (exec, run). */
  dashArgs: string[];
  /** Whether `--` was given. */
  dashSeen: boolean;
  flags: ParsedFlags;
  /** The namespace kubectl uses: `-n`, else the context's, else `default`. */
  namespace: string;
  /** Whether `-n/--namespace` was given explicitly. */
  namespaceExplicit: boolean;
  /** API access for the selected context (transport, discovery, errors). */
  client: import('./client.js').ApiClient;
  /** Writes to stdout / stderr. */
  out(chunk: string): void;
  err(chunk: string): void;
}

/**
 * `cadet serve`: the cluster core on HTTP for real kubectl and client libraries. Node-only.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScaledClock, type Cluster } from '../cluster/index';
import { createCompleteCluster } from '../cluster/complete';
import { listen, type RunningServer } from './node-server';
import { kubeconfig } from './kubeconfig';

export interface ServeOptions {
  port: number;
  host: string;
  kubeconfig: string;
  topology: string;
  speed: number;
  state?: string;
  seed: number;
}

export const SERVE_HELP = `Usage: cadet serve [options]

Starts Cadet's simulated Kubernetes cluster as an HTTP API server that real kubectl and client
libraries can use, and writes a kubeconfig for it (cluster, user and context "cadet").

Options:
  --port N          port to listen on (default 6443; 0 picks a free one)
  --host ADDR       address to listen on (default 127.0.0.1)
  --kubeconfig FILE where to write the kubeconfig (default .cadet/kubeconfig)
  --topology NAME   nodes to start with: default (a control plane and three workers in three
                    zones), single-node, two-zones (default: default)
  --speed N         cluster seconds per real second (default 1)
  --state FILE      load the cluster from FILE at start (if it exists) and save it there on
                    Ctrl-C or SIGTERM, so nothing is lost between runs
  --seed N          seed for generated names, uids and addresses (default 1)
  -h, --help        show this help
`;

/** Parses `cadet serve` arguments; throws an Error whose message is for the user. */
export function parseServeArgs(args: string[], cwd: string): ServeOptions {
  const options: ServeOptions = {
    port: 6443,
    host: '127.0.0.1',
    kubeconfig: resolve(cwd, '.cadet/kubeconfig'),
    topology: 'default',
    speed: 1,
    seed: 1,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new Error(`flag needs an argument: ${flag}`);
      return v;
    };
    const number = (min: number, max: number): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min || n > max)
        throw new Error(`invalid value "${raw}" for ${flag}: expected a number from ${min} to ${max}`);
      return n;
    };
    switch (flag) {
      case '--port':
        options.port = Math.trunc(number(0, 65535));
        break;
      case '--host':
        options.host = value();
        break;
      case '--kubeconfig':
        options.kubeconfig = resolve(cwd, value());
        break;
      case '--topology':
        options.topology = value();
        break;
      case '--speed':
        options.speed = number(0.01, 1000);
        break;
      case '--state':
        options.state = resolve(cwd, value());
        break;
      case '--seed':
        options.seed = Math.trunc(number(0, 2 ** 31));
        break;
      default:
        throw new Error(`unknown flag: ${arg}`);
    }
  }
  return options;
}

/** The cluster `cadet serve` runs: validation, the simulated world, and the wire formats kubectl needs. */
export function servedCluster(
  options: Pick<ServeOptions, 'topology' | 'speed' | 'seed'>,
  start = Date.now(),
): Cluster {
  const clock = new ScaledClock(
    {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    { speed: options.speed, start },
  );
  return createCompleteCluster({ clock, seed: options.seed, topology: options.topology });
}

export interface Served {
  cluster: Cluster;
  server: RunningServer;
  /** Saves the state file (if any) and stops the server. */
  stop(): Promise<void>;
}

/** Starts `cadet serve` (without installing signal handlers; the CLI does that). */
export async function serve(options: ServeOptions, log: (line: string) => void): Promise<Served> {
  let snapshot: string | undefined;
  let start = Date.now();
  if (options.state && existsSync(options.state)) {
    snapshot = readFileSync(options.state, 'utf8');
    let taken: unknown;
    try {
      taken = (JSON.parse(snapshot) as { time?: unknown }).time;
    } catch (err) {
      throw new Error(`${options.state}: not a Cadet state file (${(err as Error).message})`);
    }
    // Ages stay true across restarts: the cluster's time never runs backwards.
    if (typeof taken === 'number' && taken > start) start = taken;
  }
  const cluster = servedCluster(options, start);
  if (snapshot) cluster.importSnapshot(snapshot);
  const server = await listen(cluster.handle, options.port, options.host, { exec: cluster });
  mkdirSync(dirname(options.kubeconfig), { recursive: true });
  writeFileSync(options.kubeconfig, kubeconfig({ server: server.url }));
  log(`Cadet cluster (${options.topology}) listening on ${server.url}`);
  if (snapshot) log(`Restored state from ${options.state}`);
  log(`Kubeconfig written to ${options.kubeconfig}. Use it with:`);
  log(`  export KUBECONFIG=${options.kubeconfig}`);
  log(`  kubectl get nodes`);
  log(options.state ? `State is saved to ${options.state} when you stop with Ctrl-C.` : 'Stop with Ctrl-C.');
  return {
    cluster,
    server,
    stop: async () => {
      if (options.state) {
        mkdirSync(dirname(options.state), { recursive: true });
        const tmp = `${options.state}.tmp`;
        writeFileSync(tmp, cluster.exportSnapshot());
        renameSync(tmp, options.state);
        log(`Saved state to ${options.state}`);
      }
      await server.close();
    },
  };
}

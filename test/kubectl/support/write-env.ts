/**
 * An in-process cluster (createCompleteCluster, default topology, VirtualClock) and a kubectl
 * environment over it with an in-memory file system, for the writing commands' unit tests.
 */
import { VirtualClock, type Cluster } from '../../../src/cluster/index';
import { createCompleteCluster } from '../../../src/cluster/complete';
import { inProcessTransport, runKubectl, type KubectlEnv } from '../../../src/kubectl/index';
import '../../../src/kubectl/commands/index';

export interface KubectlRun {
  stdout: string;
  stderr: string;
  code: number;
}

export interface WriteWorld {
  cluster: Cluster;
  clock: VirtualClock;
  files: Record<string, string>;
  /** Runs Cadet's kubectl; `stdin` feeds `-f -`; `edit` answers `kubectl edit`. */
  kubectl(
    argv: string[],
    options?: { stdin?: string; edit?: KubectlEnv['edit']; signal?: AbortSignal; out?: (s: string) => void },
  ): Promise<KubectlRun>;
  /** Lets the controllers and kubelets run for `ms` of virtual time. */
  settle(ms?: number): Promise<void>;
}

export function writeWorld(): WriteWorld {
  const clock = new VirtualClock();
  const cluster = createCompleteCluster({ clock, topology: 'default', seed: 1 });
  clock.advance(30_000);
  const files: Record<string, string> = {};
  const dirs = () => {
    const set = new Set<string>();
    for (const p of Object.keys(files)) {
      const parts = p.split('/');
      for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('/'));
    }
    return set;
  };
  return {
    cluster,
    clock,
    files,
    async kubectl(argv, options = {}) {
      let stdout = '';
      let stderr = '';
      const env: KubectlEnv = {
        transport: inProcessTransport(cluster),
        kubeconfig: {
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'cadet', cluster: { server: 'http://127.0.0.1:6443' } }],
          users: [{ name: 'cadet', user: {} }],
          contexts: [{ name: 'cadet', context: { cluster: 'cadet', user: 'cadet', namespace: 'default' } }],
          'current-context': 'cadet',
        },
        fs: {
          readFile: async (p) => files[p],
          stat: async (p) => (p in files ? 'file' : dirs().has(p.replace(/\/+$/, '')) ? 'dir' : undefined),
          readDir: async (p) => {
            const prefix = `${p.replace(/\/+$/, '')}/`;
            const names = new Set<string>();
            for (const f of Object.keys(files))
              if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]!);
            return [...names];
          },
        },
        stdin: async () => options.stdin ?? '',
        now: () => clock.now(),
        out: (s) => {
          stdout += s;
          options.out?.(s);
        },
        err: (s) => (stderr += s),
        ...(options.edit ? { edit: options.edit } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      };
      const code = await runKubectl(argv, env);
      return { stdout, stderr, code };
    },
    async settle(ms = 30_000) {
      for (let t = 0; t < ms; t += 1000) {
        clock.advance(1000);
        await new Promise((r) => setTimeout(r, 0));
      }
    },
  };
}

/**
 * A served cluster for conformance tests: the cluster core on a free loopback port, a temporary
 * kubeconfig, and real kubectl run against it with its own HOME and discovery cache, so nothing
 * leaks between tests or into the user's ~/.kube.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../../src/cluster/index';
import { servedCluster } from '../../../src/hosts/serve';
import { listen } from '../../../src/hosts/node-server';
import { kubeconfig } from '../../../src/hosts/kubeconfig';

/** The kubectl binary the tests judge against. */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** What one kubectl run printed. */
export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** A running served cluster. */
export interface ServeHarness {
  url: string;
  kubeconfigPath: string;
  /** The temporary directory (HOME of kubectl runs); removed by `stop`. */
  dir: string;
  cluster: Cluster;
  /** Runs real kubectl against the cluster (asynchronously: the server answers from this process). */
  kubectl(args: string[], options?: { stdin?: string; env?: Record<string, string> }): Promise<KubectlResult>;
  /** Writes a file into the temporary directory and returns its path. */
  file(name: string, content: string): string;
  stop(): Promise<void>;
}

/**
 * Starts a served cluster: `cadet serve`'s cluster (default topology) unless `cluster` is given.
 */
export async function startServe(options: { cluster?: Cluster } = {}): Promise<ServeHarness> {
  const cluster = options.cluster ?? servedCluster({ topology: 'default', speed: 1, seed: 1 });
  const server = await listen(cluster.handle, 0, '127.0.0.1', { exec: cluster });
  const dir = mkdtempSync(join(tmpdir(), 'cadet-conformance-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfig({ server: server.url }));
  const kubectl = (
    args: string[],
    opts: { stdin?: string; env?: Record<string, string> } = {},
  ): Promise<KubectlResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(KUBECTL, args, {
        env: {
          ...process.env,
          KUBECONFIG: kubeconfigPath,
          HOME: dir,
          KUBECACHEDIR: join(dir, 'cache'),
          ...opts.env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += String(d)));
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('error', reject);
      child.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
      child.stdin.end(opts.stdin ?? '');
    });
  return {
    url: server.url,
    kubeconfigPath,
    dir,
    cluster,
    kubectl,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async stop() {
      await server.close();
      cluster.world?.runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An in-process cluster (default topology, virtual clock) and Cadet's kubectl over it, for the core tests. */
import { VirtualClock, type Cluster, type KubeObject } from '../../src/cluster/index';
import { createCompleteCluster } from '../../src/cluster/complete';
import { inProcessTransport, runKubectl, type Kubeconfig, type KubectlEnv } from '../../src/kubectl/index';

export interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

export interface CoreWorld {
  cluster: Cluster;
  clock: VirtualClock;
  kubeconfig: Kubeconfig;
  saved: Kubeconfig[];
  env(overrides?: Partial<KubectlEnv>): KubectlEnv & { output(): Run };
  kubectl(argv: string[], overrides?: Partial<KubectlEnv>): Promise<Run>;
}

/** The kubeconfig `cadet serve` writes, as an object. */
export function cadetKubeconfig(): Kubeconfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'cadet', cluster: { server: 'http://127.0.0.1:6443' } }],
    users: [{ name: 'cadet', user: { token: 'cadet' } }],
    contexts: [{ name: 'cadet', context: { cluster: 'cadet', user: 'cadet', namespace: 'default' } }],
    'current-context': 'cadet',
    preferences: {},
  };
}

/** A settled cluster with a Deployment `web` (3 replicas) and a Service `web`. */
export function coreWorld(options: { workloads?: boolean } = {}): CoreWorld {
  const clock = new VirtualClock();
  const cluster = createCompleteCluster({ clock, topology: 'default', seed: 7 });
  clock.advance(30_000);
  if (options.workloads !== false) {
    const web: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    };
    cluster.client.create('deployments', web);
    cluster.client.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    clock.advance(60_000);
  }
  const kubeconfig = cadetKubeconfig();
  const saved: Kubeconfig[] = [];
  const env = (overrides: Partial<KubectlEnv> = {}) => {
    let stdout = '';
    let stderr = '';
    const e: KubectlEnv & { output(): Run } = {
      transport: inProcessTransport(cluster),
      kubeconfig,
      saveKubeconfig: (c) => void saved.push(structuredClone(c)),
      now: () => clock.now(),
      out: (c) => (stdout += c),
      err: (c) => (stderr += c),
      ...overrides,
      output: () => ({ stdout, stderr, code: -1 }),
    };
    return e;
  };
  return {
    cluster,
    clock,
    kubeconfig,
    saved,
    env,
    async kubectl(argv, overrides) {
      const e = env(overrides);
      const code = await runKubectl(argv, e);
      return { ...e.output(), code };
    },
  };
}

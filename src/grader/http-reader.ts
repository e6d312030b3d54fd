/**
 * Node only: a `ClusterReader` over HTTP with a kubeconfig (`@kubernetes/client-node`), for
 * grading a lab done on any real cluster (kind, minikube, a cloud cluster, or `cadet serve`).
 * Time is real: `eventually` polls with real waits. A real cluster has no simulated traffic
 * (traffic checks read the Service's ready endpoints) and its nodes cannot be stopped through
 * the API (only the `deletePod` chaos action works). Not imported by the browser entry.
 */
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import type { KubeObject } from '../cluster/types.js';
import type { ClusterReader, ListQuery } from './reader.js';
import type { ChaosAction } from './types.js';
import { podsToDelete } from './in-process-reader.js';

/** Dates back to Kubernetes' RFC 3339 seconds, everything else as JSON has it. */
function plain<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      return raw instanceof Date ? raw.toISOString().replace(/\.000Z$/, 'Z') : v;
    }),
  ) as T;
}

const byKey = (a: KubeObject, b: KubeObject): number =>
  (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

export interface HttpReaderOptions {
  /** Kubeconfig context (default: the current one). */
  context?: string;
}

/** A reader over the cluster a kubeconfig file points at. */
export function httpReader(kubeconfigFile: string, options: HttpReaderOptions = {}): ClusterReader {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  if (options.context) kc.setCurrentContext(options.context);
  const api = KubernetesObjectApi.makeApiClient(kc);
  return {
    time: 'real',
    async list(query: ListQuery): Promise<KubeObject[]> {
      let list;
      try {
        list = await api.list(
          query.apiVersion,
          query.kind,
          query.namespace || undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          query.labelSelector || undefined,
        );
      } catch (err) {
        // A kind the cluster does not serve lists as nothing, as in process.
        if (/Unrecognized API version and kind|not found/i.test(String((err as Error).message))) return [];
        throw err;
      }
      return plain(list.items as KubernetesObject[])
        .map((o) => ({ ...o, apiVersion: query.apiVersion, kind: query.kind }) as KubeObject)
        .sort(byKey);
    },
    async wait(ms: number): Promise<void> {
      await new Promise<void>((resolve) => setTimeout(resolve, ms));
    },
    async chaos(action: ChaosAction): Promise<string> {
      if (!('deletePod' in action)) {
        const what = 'stopNode' in action ? 'stop a node' : 'take a zone down';
        throw new Error(`cannot ${what} on a real cluster through its API; only deletePod works there`);
      }
      const t = action.deletePod;
      const ns = t.namespace ?? 'default';
      const pods = await this.list({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: ns,
        ...(t.selector ? { labelSelector: t.selector } : {}),
      });
      const chosen = podsToDelete(pods, t);
      if (!chosen.length)
        throw new Error(`no pod to delete in namespace "${ns}"${t.selector ? ` with ${t.selector}` : ''}`);
      for (const p of chosen)
        await api.delete({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: p.metadata.name!, namespace: ns },
        });
      return `deleted pod ${chosen.map((p) => `${ns}/${p.metadata.name}`).join(', ')}`;
    },
  };
}

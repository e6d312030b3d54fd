/**
 * The embedded engine's core: a cluster on a ticking virtual clock, the learner's files, the
 * small shell with Cadet's kubectl, the map's view, object details, chaos, snapshots and
 * grading. Pure apart from the timers handed in, so the worker and Node tests run the same code.
 * Kubectl and the grader are handed in (`CoreDeps`), which keeps this file free of their
 * details and lets tests use small fakes.
 */
import { stringify } from 'yaml';
import { createCompleteCluster } from '../../cluster/complete.js';
import { VirtualClock } from '../../cluster/clock.js';
import type { Cluster } from '../../cluster/index.js';
import type { KubeObject } from '../../cluster/types.js';
import { toTimestamp } from '../../cluster/controllers/time.js';
import { schedulePod } from '../../cluster/scheduler/scheduler.js';
import { completeShell, runLine } from '../shell/builtins.js';
import { tokenize } from '../shell/tokenize.js';
import { buildView, eventOf } from './view.js';
import { problemsFromOutput } from './problems.js';
import { startTicker, type Ticker } from './ticker.js';
import { InputQueue } from './input.js';
import { readLabMeta } from '../lab-meta.js';
import type {
  ChaosAction,
  ClusterView,
  FileProblem,
  LabBundle,
  ObjectDetail,
  ReportView,
  RunIO,
  StartInfo,
  StartOptions,
} from './types.js';

/** One kubectl invocation as the core hands it to kubectl. */
export interface KubectlCall {
  cluster: Cluster;
  files: Record<string, string>;
  io: RunIO;
  signal: AbortSignal;
  /** `kubectl edit`'s editor (the page's editor tab); resolves null on Ctrl-C. */
  edit?(text: string, fileName: string): Promise<string | null>;
  /** The terminal's keys for `kubectl exec -i` (tells the page to send them). */
  input?(tty: boolean): AsyncIterable<string>;
}

/** What the core needs from outside. */
export interface CoreDeps {
  kubectl(argv: string[], call: KubectlCall): Promise<number>;
  grade(lab: LabBundle, cluster: Cluster, files: Record<string, string>): Promise<ReportView>;
  /** Prepares a new lab cluster (the lab's `setup/` objects). */
  prepare?(lab: LabBundle, cluster: Cluster): void;
  timers: {
    setInterval(fn: () => void, ms: number): unknown;
    clearInterval(h: unknown): void;
    now(): number;
  };
}

/** Kubernetes' plural resource for each kind the map shows. */
export const RESOURCES: Record<string, string> = {
  Pod: 'pods',
  Node: 'nodes',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Service: 'services',
};

/** Cluster seconds a new cluster runs before the learner sees it (system pods Running). */
export const BOOT_MS = 30_000;

export class EngineCore {
  cluster?: Cluster;
  private clock?: VirtualClock;
  private ticker?: Ticker;
  private lab?: LabBundle;
  private files: Record<string, string> = {};
  private speed = 1;
  private changeListeners = new Set<() => void>();
  private unwatch: (() => void)[] = [];
  problems: FileProblem[] = [];

  constructor(private readonly deps: CoreDeps) {}

  /** Starts (or restarts) the lab's cluster. */
  start(lab: LabBundle, options: StartOptions): StartInfo {
    this.lab = lab;
    this.files = { ...options.files };
    this.speed = options.speed ?? 1;
    const meta = readLabMeta(lab.files['lab.yaml'] ?? '');
    this.boot(meta.topology, meta.seed, options.snapshot);
    if (!options.snapshot) this.deps.prepare?.(lab, this.cluster!);
    return { title: meta.title, diagnostics: meta.diagnostics, chaos: meta.chaos };
  }

  private boot(topology: string, seed: number, snapshot?: string): void {
    this.stop();
    const clock = new VirtualClock();
    const cluster = createCompleteCluster({ clock, topology, seed });
    if (snapshot) cluster.importSnapshot(snapshot);
    else clock.advance(BOOT_MS);
    this.clock = clock;
    this.cluster = cluster;
    this.ticker = startTicker(clock, this.deps.timers, { speed: this.speed });
    for (const resource of [
      'pods',
      'nodes',
      'deployments',
      'replicasets',
      'services',
      'endpoints',
      'events',
    ]) {
      this.unwatch.push(cluster.client.watch(resource, {}, () => this.changed()));
    }
    this.changed();
  }

  private stop(): void {
    this.ticker?.stop();
    for (const u of this.unwatch) u();
    this.unwatch = [];
    this.cluster?.world?.stop();
  }

  /** Calls `fn` (synchronously) after every change of a watched object. */
  onChange(fn: () => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.changeListeners) fn();
  }

  private need(): Cluster {
    if (!this.cluster) throw new Error('the lab has not started');
    return this.cluster;
  }

  setFiles(files: Record<string, string>): void {
    this.files = { ...files };
  }

  /**
   * Runs one shell line. `io.edit` serves `kubectl edit`; `input` carries the terminal's keys
   * to `kubectl exec -i` (after `io.interactive`). Ctrl-C (`signal`) cancels an open edit and
   * ends the input.
   */
  async run(line: string, io: RunIO, signal: AbortSignal, input?: InputQueue): Promise<number> {
    const cluster = this.need();
    signal.addEventListener('abort', () => input?.end(), { once: true });
    const pageEdit = io.edit;
    const edit = pageEdit
      ? (text: string, fileName: string): Promise<string | null> =>
          signal.aborted
            ? Promise.resolve(null)
            : new Promise((resolve, reject) => {
                const cancel = (): void => resolve(null);
                signal.addEventListener('abort', cancel, { once: true });
                pageEdit(text, fileName).then(
                  (t) => {
                    signal.removeEventListener('abort', cancel);
                    resolve(t);
                  },
                  (e: unknown) => {
                    signal.removeEventListener('abort', cancel);
                    reject(e instanceof Error ? e : new Error(String(e)));
                  },
                );
              })
      : undefined;
    const keys = input
      ? (tty: boolean): AsyncIterable<string> => {
          io.interactive?.({ tty });
          return input;
        }
      : undefined;
    let stderr = '';
    const tee: RunIO = {
      out: (c) => io.out(c),
      err: (c) => {
        stderr += c;
        io.err(c);
      },
    };
    const code = await runLine(
      line,
      {
        files: () => this.files,
        kubectl: (argv, kio, ksignal) =>
          this.deps.kubectl(argv, {
            cluster,
            files: this.files,
            io: kio,
            signal: ksignal,
            ...(edit ? { edit } : {}),
            ...(keys ? { input: keys } : {}),
          }),
      },
      tee,
      signal,
    );
    input?.end();
    this.problems = problemsFromOutput(stderr, this.files);
    return code;
  }

  /** Tab completion: the shell's own words and file names, else kubectl's `__complete`. */
  async complete(line: string): Promise<string[]> {
    const own = completeShell(line, this.files);
    if (own) return own;
    const { words, error } = tokenize(line);
    if (error || !['kubectl', 'k'].includes(words[0] ?? '')) return [];
    const args = words.slice(1);
    if (/\s$/.test(line)) args.push('');
    let out = '';
    const controller = new AbortController();
    await this.deps.kubectl(['__complete', ...args], {
      cluster: this.need(),
      files: this.files,
      io: { out: (c) => (out += c), err: () => {} },
      signal: controller.signal,
    });
    const lines = out.split('\n').filter(Boolean);
    // Cobra's protocol: candidates (with an optional tab and description), then ":<directive>".
    return lines.filter((l) => !l.startsWith(':')).map((l) => l.split('\t')[0]!);
  }

  view(): ClusterView {
    const cluster = this.need();
    return buildView(cluster.client, toTimestamp(cluster.clock.now()));
  }

  detail(kind: string, namespace: string, name: string): ObjectDetail {
    const cluster = this.need();
    const resource = RESOURCES[kind];
    if (!resource) throw new Error(`the map cannot show a ${kind}`);
    const object = cluster.client.get(resource, namespace, name);
    if (!object) throw new Error(`${kind} "${name}" not found`);
    const { managedFields: _managed, ...metadata } = object.metadata as KubeObject['metadata'] & {
      managedFields?: unknown;
    };
    const shown = { ...object, metadata };
    const events = cluster.client
      .list('events', { namespace: kind === 'Node' ? '' : namespace, shared: true })
      .items.filter((e) => {
        const o = e.involvedObject as { kind?: string; name?: string } | undefined;
        return o?.kind === kind && o.name === name;
      })
      .map(eventOf)
      .sort((a, b) => (a.time < b.time ? -1 : 1));
    const detail: ObjectDetail = { yaml: stringify(shown), events };
    if (kind === 'Pod' && !object.spec?.nodeName) {
      const decision = schedulePod(object, {
        nodes: cluster.client.list('nodes', { shared: true }).items,
        pods: cluster.client.list('pods', { shared: true }).items,
      });
      detail.scheduling = {
        ...(decision.message ? { message: decision.message } : {}),
        nodes: decision.nodes.map((n) => ({
          node: n.node,
          feasible: n.feasible,
          reasons: n.feasible ? [] : n.plugin ? [`${n.plugin}: ${n.reasons.join(', ')}`] : n.reasons,
        })),
      };
    }
    return detail;
  }

  snapshot(): string {
    return this.need().exportSnapshot();
  }

  restore(snapshot: string): void {
    const meta = readLabMeta(this.lab?.files['lab.yaml'] ?? '');
    this.boot(meta.topology, meta.seed, snapshot);
  }

  chaos(action: ChaosAction): void {
    const world = this.need().world;
    if (!world) throw new Error('this lab has no simulated nodes');
    const [namespace, pod] = action.target.includes('/')
      ? action.target.split('/', 2)
      : ['default', action.target];
    switch (action.kind) {
      case 'stopNode':
        return world.chaos.stopNode(action.target);
      case 'startNode':
        return world.chaos.startNode(action.target);
      case 'zoneDown':
        return void world.chaos.zoneDown(action.target);
      case 'zoneUp':
        return void world.chaos.zoneUp(action.target);
      case 'deletePod':
        return void world.chaos.deletePod(namespace!, pod!);
      case 'killPod':
        return void world.chaos.killPod(namespace!, pod!);
    }
  }

  async check(): Promise<ReportView> {
    if (!this.lab) throw new Error('the lab has not started');
    return this.deps.grade(this.lab, this.need(), this.files);
  }

  dispose(): void {
    this.stop();
    this.cluster = undefined;
  }
}

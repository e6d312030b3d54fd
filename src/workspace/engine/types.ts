/**
 * One interface for the two engines a lab page can run (the embedded Web Worker and the
 * WebContainer), and the typed messages between the page and the embedded worker.
 * Pure types: nothing here runs.
 */

/** The engines a lab can run on. */
export type EngineKind = 'embedded' | 'webcontainer';

/** A lab as the page ships it: every file of `labs/<nn-slug>/` by path (`lab.yaml`, `starter/pod.yaml`, ...). */
export interface LabBundle {
  slug: string;
  files: Record<string, string>;
}

/** What `start` is given besides the lab. */
export interface StartOptions {
  /** The learner's files (paths relative to the workspace, e.g. `pod.yaml`). */
  files: Record<string, string>;
  /** A cluster snapshot to restore instead of the lab's initial state. */
  snapshot?: string;
  /** Cluster seconds per real second (default 1). */
  speed?: number;
}

/** What a started engine reports. */
export interface StartInfo {
  title: string;
  /** Problems loading the lab (the grader's diagnostics); the lab still runs when only warnings. */
  diagnostics: string[];
  /** Chaos actions the lab allows. */
  chaos: ChaosKind[];
}

/** Output of a running command, and what it may ask of the page. */
export interface RunIO {
  out(chunk: string): void;
  err(chunk: string): void;
  /**
   * `kubectl edit`: shows `text` in an editor tab named after `fileName` (kubectl's temporary
   * file), resolves the text the learner saved, or null when they cancelled.
   */
  edit?(text: string, fileName: string): Promise<string | null>;
  /**
   * The command now reads the terminal's keys (`kubectl exec -i`): send them with
   * `RunHandle.input`. With `tty` the keys go raw (the remote shell echoes and handles Ctrl-C
   * and Ctrl-D); without it Ctrl-D ends the input.
   */
  interactive?(mode: { tty: boolean }): void;
}

/** A running command. */
export interface RunHandle {
  /** The exit code. */
  done: Promise<number>;
  /** Ctrl-C. */
  abort(): void;
  /** Keys typed while the command reads input (after `RunIO.interactive`); null ends the input. */
  input?(data: string | null): void;
}

export type ChaosKind = 'stopNode' | 'startNode' | 'zoneDown' | 'zoneUp' | 'deletePod' | 'killPod';

/** A chaos action on the simulated world. */
export interface ChaosAction {
  kind: ChaosKind;
  /** Node name, zone name, or `namespace/pod`. */
  target: string;
}

/** A node in the cluster map. */
export interface MapNode {
  name: string;
  zone: string;
  role: 'control-plane' | 'worker';
  ready: 'True' | 'False' | 'Unknown';
  unschedulable: boolean;
}

/** A pod in the cluster map. */
export interface MapPod {
  namespace: string;
  name: string;
  node: string;
  /** Pending, Running, Succeeded, Failed, Unknown, or Terminating. */
  phase: string;
  ready: boolean;
  restarts: number;
  /** `kind/name` of the controlling owner (ReplicaSet, DaemonSet, ...). */
  owner?: string;
  labels: Record<string, string>;
}

/** A Deployment or ReplicaSet grouping pods. */
export interface MapWorkload {
  kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  /** `kind/name` of the owner (a ReplicaSet's Deployment). */
  owner?: string;
  desired: number;
  ready: number;
}

/** A Service and the pods behind its endpoints. */
export interface MapService {
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  ports: string;
  /** `namespace/name` of the pods whose addresses are ready endpoints. */
  endpoints: string[];
}

/** One event of the feed. */
export interface MapEvent {
  time: string;
  type: string;
  reason: string;
  /** `Kind/name`. */
  object: string;
  namespace: string;
  message: string;
}

/** Everything the cluster map draws. */
export interface ClusterView {
  /** Cluster time, RFC 3339. */
  time: string;
  nodes: MapNode[];
  pods: MapPod[];
  workloads: MapWorkload[];
  services: MapService[];
  /** The newest last, at most 50. */
  events: MapEvent[];
}

/** An object's YAML and its events. */
export interface ObjectDetail {
  yaml: string;
  events: MapEvent[];
  /** For a Pending pod: why each node was rejected, from the scheduler. */
  scheduling?: { message?: string; nodes: { node: string; feasible: boolean; reasons: string[] }[] };
}

/** A check's result as the tasks panel shows it. */
export interface CheckView {
  id: string;
  title: string;
  pass: boolean;
  points: number;
  maxPoints: number;
  message: string;
  hint?: string;
}

/** The grader's report as the tasks panel shows it. */
export interface ReportView {
  passed: boolean;
  score: number;
  total: number;
  tasks: { id: string; title: string; pass: boolean; checks: CheckView[] }[];
  /** Cluster time of the grading, RFC 3339. */
  at: string;
}

/** A problem `kubectl apply -f` reported at a position in a file, for an editor marker. */
export interface FileProblem {
  file: string;
  line: number;
  message: string;
}

/** The engine behind a lab page. */
export interface Engine {
  readonly kind: EngineKind;
  start(lab: LabBundle, options: StartOptions): Promise<StartInfo>;
  /** Runs one shell line (`kubectl get pods`, `ls`, ...), streaming its output. */
  run(line: string, io: RunIO): RunHandle;
  /** Completions of the word at the end of `line`. */
  complete(line: string): Promise<string[]>;
  /** Calls `listener` with the cluster's state now and whenever it changes. */
  watch(listener: (view: ClusterView) => void): () => void;
  /** Problems found in files by the last commands (`kubectl apply` errors), cleared by each run. */
  onProblems(listener: (problems: FileProblem[]) => void): () => void;
  check(): Promise<ReportView>;
  detail(kind: string, namespace: string, name: string): Promise<ObjectDetail>;
  snapshot(): Promise<string>;
  restore(snapshot: string): Promise<void>;
  chaos(action: ChaosAction): Promise<void>;
  /** The learner's files changed (the whole set). */
  setFiles(files: Record<string, string>): void;
  dispose(): void;
}

// ---- the embedded engine's message protocol (page <-> worker) ----

/** Page -> worker. Each request has an id; the worker answers it with `result` or `error`. */
export type Request =
  | { id: number; type: 'start'; lab: LabBundle; options: StartOptions }
  | { id: number; type: 'run'; line: string }
  | { id: number; type: 'abort'; run: number }
  | { id: number; type: 'complete'; line: string }
  | { id: number; type: 'check' }
  | { id: number; type: 'detail'; kind: string; namespace: string; name: string }
  | { id: number; type: 'snapshot' }
  | { id: number; type: 'restore'; snapshot: string }
  | { id: number; type: 'chaos'; action: ChaosAction }
  | { id: number; type: 'files'; files: Record<string, string> }
  /** The answer to an `edit` reply: the saved text, or null (cancelled). */
  | { id: number; type: 'edited'; edit: number; text: string | null }
  /** Keys for the `run` request `run` (after `interactive`); null ends its input. */
  | { id: number; type: 'input'; run: number; data: string | null };

/** The value each request type answers with. */
export interface Answers {
  start: StartInfo;
  run: number;
  abort: null;
  complete: string[];
  check: ReportView;
  detail: ObjectDetail;
  snapshot: string;
  restore: null;
  chaos: null;
  files: null;
  edited: null;
  input: null;
}

/** Worker -> page. */
export type Reply =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string }
  /** Output of the `run` request `id`, as it comes. */
  | { type: 'output'; id: number; stream: 'out' | 'err'; chunk: string }
  /** The cluster changed (sent at most every 200 ms). */
  | { type: 'view'; view: ClusterView }
  /** Problems in files from the last command. */
  | { type: 'problems'; problems: FileProblem[] }
  /** The `run` request `id` asks the page to edit `text` (`kubectl edit`); answered by `edited`. */
  | { type: 'edit'; id: number; edit: number; text: string; fileName: string }
  /** The `run` request `id` now reads the terminal's keys (`kubectl exec -i`). */
  | { type: 'interactive'; id: number; tty: boolean };

/**
 * The grader's data: a loaded lab (tasks, checks, files) and the report a grading run returns.
 * Everything here is plain data so the browser workspace, the CLI and `cadet check` share it.
 * Pure: no Node or DOM.
 */
import type { KubeObject } from '../cluster/types.js';

/** Chaos actions a lab may allow in the workspace and use in `after` checks. */
export type ChaosName = 'deletePod' | 'stopNode' | 'zoneDown';

/** Which objects a check looks at. `kind` with an optional `apiVersion` (default: the served one). */
export interface ObjectRef {
  kind: string;
  apiVersion?: string;
  /** Default `default` for namespaced kinds; `*` means every namespace. */
  namespace?: string;
  name?: string;
  /** A label selector, as `kubectl get -l` takes it (`app=web,tier!=db`). */
  selector?: string;
}

/** What every check has. */
export interface CheckBase {
  id: string;
  title: string;
  points: number;
  /**
   * Message for a failure. Placeholders: `{found}`, `{expected}`, `{object}`, `{path}`, `{file}`.
   * Without it the check's own message is used.
   */
  feedback?: string;
  hint?: string;
}

/** `exists` / `absent`: an object matching ref and the partial body `match` exists (or not). */
export interface ExistsCheck extends CheckBase, ObjectRef {
  type: 'exists' | 'absent';
  match?: Record<string, unknown>;
}

/** `count`: how many objects match ref and `match`. At least one of the bounds. */
export interface CountCheck extends CheckBase, ObjectRef {
  type: 'count';
  match?: Record<string, unknown>;
  equals?: number;
  atLeast?: number;
  atMost?: number;
}

/** `condition`: an object's `status.conditions[type]` has this status (and reason). */
export interface ConditionCheck extends CheckBase, ObjectRef {
  type: 'condition';
  condition: { type: string; status?: 'True' | 'False' | 'Unknown'; reason?: string };
}

/** `eventually`: every nested check passes at one moment within `within` (settling in between). */
export interface EventuallyCheck extends CheckBase {
  type: 'eventually';
  /** Duration: `90s`, `2m`, or seconds. Virtual time in process, real time against a real cluster. */
  within: string | number;
  /** Poll interval (default 5s). */
  every?: string | number;
  checks: Check[];
}

/** `traffic`: `requests` HTTP GETs to a Service, answered by enough distinct pods / the right pods. */
export interface TrafficCheck extends CheckBase {
  type: 'traffic';
  service: string;
  namespace?: string;
  /** The Service port (default: its first port). */
  port?: number;
  path?: string;
  /** Default 30. */
  requests?: number;
  /** Every request answered with 2xx or 3xx (default true); the first failure ends the check. */
  allOk?: boolean;
  /** At least this many distinct pods answered. */
  distinctPods?: number;
  /** Every answering pod carries these labels (a selector). */
  answeredBy?: string;
}

/** `file`: a learner's file parses, validates against the Kubernetes schemas and matches. */
export interface FileCheck extends CheckBase {
  type: 'file';
  path: string;
  /** Which document (by kind); default: the first document. */
  kind?: string;
  /** Validate against the cluster's schemas (default true). */
  valid?: boolean;
  match?: Record<string, unknown>;
}

/** `event`: an Event with this reason (and type) was recorded for a matching object. */
export interface EventCheck extends CheckBase, ObjectRef {
  type: 'event';
  reason: string;
  eventType?: 'Normal' | 'Warning';
}

/** A chaos action. Targets: pods by name or selector; a node by name; a zone by name. */
export type ChaosAction =
  | { deletePod: { namespace?: string; name?: string; selector?: string; count?: number } }
  | { stopNode: string }
  | { zoneDown: string };

/** `after`: perform a chaos action, then evaluate the nested checks. */
export interface AfterCheck extends CheckBase {
  type: 'after';
  action: ChaosAction;
  checks: Check[];
}

export type Check =
  | ExistsCheck
  | CountCheck
  | ConditionCheck
  | EventuallyCheck
  | TrafficCheck
  | FileCheck
  | EventCheck
  | AfterCheck;

export type CheckType = Check['type'];

export interface Task {
  id: string;
  title: string;
  description?: string;
  hints: string[];
  checks: Check[];
}

/** A lab as `loadLab` returns it. */
export interface Lab {
  /** Folder name without its number, when known. */
  slug: string;
  title: string;
  summary: string;
  topics: string[];
  minutes: number;
  lessons: string[];
  topology: string;
  instructions: string;
  tasks: Task[];
  /** Whether the workspace may show the solution (as a diff). Default true. */
  showSolution: boolean;
  /** Chaos buttons the workspace offers. Default none. */
  chaos: ChaosName[];
  /** Whether the workspace re-checks as the cluster changes. Default false. */
  liveCheck: boolean;
  /** Virtual milliseconds to let the cluster settle after a replay, before grading. Default 60000. */
  settleMs: number;
  /** Seed of the replay cluster. Default 1. */
  seed: number;
  /** Files by path relative to their folder. */
  starter: Record<string, string>;
  solution: Record<string, string>;
  /** Objects applied before the learner starts (`setup/`). */
  setup: Record<string, string>;
  /** `variants/<name>/...`: files, plus the check a `wrong-*` variant must fail. */
  variants: Variant[];
}

export interface Variant {
  name: string;
  /** `correct` variants pass every check; `wrong` ones fail `expect`. */
  kind: 'correct' | 'wrong';
  /** Check id a wrong variant must fail (from `variants/wrong-x/EXPECT`). */
  expect?: string;
  files: Record<string, string>;
}

/** A problem in a lab's own files (lab.yaml, variants), found by `loadLab`. */
export interface LabDiagnostic {
  file: string;
  line: number;
  col: number;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface LoadResult {
  lab?: Lab;
  diagnostics: LabDiagnostic[];
}

// ---------------------------------------------------------------- results

/** A place in a learner's file, for the editor to underline. */
export interface FileLocation {
  file: string;
  line: number;
  col: number;
  /** Field path inside the document, e.g. `spec.containers[0].ports[0].containerPort`. */
  path?: string;
}

export interface ObjectId {
  kind: string;
  namespace?: string;
  name: string;
}

export interface CheckResult {
  id: string;
  title: string;
  type: CheckType;
  passed: boolean;
  /** Points earned (0 or `maxPoints`). */
  points: number;
  maxPoints: number;
  /** One line: what was found against what was expected (the check's feedback, filled in). */
  message: string;
  found?: string;
  expected?: string;
  /** The object the message is about. */
  object?: ObjectId;
  /** Field path in that object. */
  path?: string;
  /** The learner's line that caused it, when known. */
  location?: FileLocation;
  hint?: string;
  /** Results of nested checks (`eventually`, `after`). */
  children?: CheckResult[];
}

export interface TaskResult {
  id: string;
  title: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  checks: CheckResult[];
}

/** What happened when one document of a learner's file was applied. */
export interface ApplyResult {
  file: string;
  line: number;
  col: number;
  /** `pod/web created`, `deployment.apps/web configured`, or kubectl's error text. */
  message: string;
  ok: boolean;
  object?: ObjectId;
}

export interface GradeReport {
  lab: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  tasks: TaskResult[];
  /** One entry per applied document (replays only). */
  applied: ApplyResult[];
}

/** Options of `grade`. */
export interface GradeOptions {
  /** The learner's files (path -> text), for `file` checks and to point results at lines. */
  files?: Record<string, string>;
  /** Which object came from which file and document (replay fills it in). */
  sources?: SourceMap;
  /** Skip `after` checks (chaos): they fail with a message saying so. Default false. */
  noChaos?: boolean;
  /** What a replay applied, copied into the report. */
  applied?: ApplyResult[];
  /**
   * The cluster is thrown away after grading (a replay): virtual time a quiet `eventually`
   * skipped is not made up at the end. Default false: the clock ends where the waits would
   * have left it.
   */
  discard?: boolean;
  /**
   * Virtual time the cluster still owes from settling (`replay(..., { owe: true })`): made up
   * before the first wait, chaos, traffic request or Node/Lease read (with a reader that
   * has `quietFor`), else at once.
   */
  owedMs?: number;
}

/** Where each applied object came from: `Kind/namespace/name` -> file and document index. */
export type SourceMap = Record<string, { file: string; doc: number }>;

export type { KubeObject };

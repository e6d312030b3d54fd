/**
 * The real kubectl and grader behind the embedded engine's core. Kubectl talks to the cluster
 * in process (`cluster.handle`) with an in-memory kubeconfig and the learner's files as its file
 * system. Check grades a copy of the learner's cluster (restored from a snapshot on its own
 * virtual clock), so `eventually` waits and `after` chaos never touch the learner's cluster.
 * Pure: used by the worker and by Node tests.
 */
import { inProcessExec } from '../../kubectl/commands/exec.js';
import {
  runKubectl,
  inProcessTransport,
  type Kubeconfig,
  type KubectlFileSystem,
} from '../../kubectl/index.js';
import {
  applyFiles,
  grade,
  inProcessReader,
  loadLab,
  type CheckResult,
  type GradeReport,
  type Lab,
} from '../../grader/index.js';
import { createCompleteCluster } from '../../cluster/complete.js';
import { VirtualClock } from '../../cluster/clock.js';
import { toTimestamp } from '../../cluster/controllers/time.js';
import type { Cluster } from '../../cluster/index.js';
import { listDir, normalizePath } from '../shell/builtins.js';
import type { CoreDeps, KubectlCall } from './core.js';
import type { CheckView, LabBundle, ReportView } from './types.js';

/** The kubeconfig kubectl sees in a lab: one context, `cadet`, in namespace default. */
export function labKubeconfig(): Kubeconfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'cadet', cluster: { server: 'https://cadet.lab:6443' } }],
    users: [{ name: 'learner', user: {} }],
    contexts: [{ name: 'cadet', context: { cluster: 'cadet', user: 'learner', namespace: 'default' } }],
    'current-context': 'cadet',
    preferences: {},
  };
}

/** The learner's files as kubectl's file system (paths relative to the workspace). */
export function filesFs(files: Record<string, string>): KubectlFileSystem {
  return {
    readFile: async (path) => files[normalizePath(path)],
    stat: async (path) => {
      const p = normalizePath(path);
      if (p in files) return 'file';
      return p === '' || listDir(files, p) ? 'dir' : undefined;
    },
    readDir: async (path) => (listDir(files, normalizePath(path)) ?? []).map((e) => e.replace(/\/$/, '')),
  };
}

function checkView(c: CheckResult): CheckView {
  return {
    id: c.id,
    title: c.title,
    pass: c.passed,
    points: c.points,
    maxPoints: c.maxPoints,
    message: c.message,
    ...(c.hint ? { hint: c.hint } : {}),
  };
}

/** The grader's report as the tasks panel shows it. */
export function reportView(report: GradeReport, at: string): ReportView {
  return {
    passed: report.passed,
    score: report.points,
    total: report.maxPoints,
    at,
    tasks: report.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      pass: t.passed,
      checks: t.checks.map(checkView),
    })),
  };
}

/** Loads a lab bundle with the grader (cached per bundle). */
const labs = new WeakMap<LabBundle, Lab>();
export function labOf(bundle: LabBundle): Lab {
  let lab = labs.get(bundle);
  if (!lab) {
    const result = loadLab(bundle.files, { slug: bundle.slug });
    if (!result.lab)
      throw new Error(
        `the lab cannot be graded: ${result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('; ')}`,
      );
    lab = result.lab;
    labs.set(bundle, lab);
  }
  return lab;
}

/** A copy of `cluster` on its own virtual clock, at the same time. */
export function copyCluster(cluster: Cluster, lab: Pick<Lab, 'topology' | 'seed'>): Cluster {
  const copy = createCompleteCluster({ clock: new VirtualClock(), topology: lab.topology, seed: lab.seed });
  copy.importSnapshot(cluster.exportSnapshot());
  return copy;
}

export function realDeps(timers: CoreDeps['timers']): CoreDeps {
  const kubeconfig = labKubeconfig();
  return {
    timers,
    kubectl: (argv: string[], call: KubectlCall) =>
      runKubectl(argv, {
        transport: inProcessTransport(call.cluster),
        kubeconfig,
        fs: filesFs(call.files),
        now: () => call.cluster.clock.now(),
        out: call.io.out,
        err: call.io.err,
        signal: call.signal,
        ...(call.edit ? { edit: call.edit } : {}),
        // Built per request: only `-i` reads the terminal's keys (and says so to the page).
        exec: (request) =>
          inProcessExec(call.cluster, {
            out: call.io.out,
            err: call.io.err,
            ...(request.stdin && call.input ? { input: call.input(request.tty) } : {}),
          })(request),
      }),
    prepare: (bundle, cluster) => {
      // A lab the grader cannot load still opens (Check then says why).
      const lab = loadLab(bundle.files, { slug: bundle.slug }).lab;
      if (lab && Object.keys(lab.setup).length) applyFiles(cluster, lab.setup);
    },
    grade: async (bundle, cluster, files) => {
      const lab = labOf(bundle);
      const copy = copyCluster(cluster, lab);
      try {
        const report = await grade(lab, inProcessReader(copy), { files });
        return reportView(report, toTimestamp(cluster.clock.now()));
      } finally {
        copy.world?.stop();
      }
    },
  };
}

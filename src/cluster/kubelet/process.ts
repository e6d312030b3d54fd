/** What a container's main process does: from the image catalogue, command/args and limits. */
import type { KubeObject } from '../types.js';
import { type ImageSpec } from './images.js';
import { type Timeline, isShellCommand, shellTimeline } from './shell.js';
import { amount } from '../scheduler/resources.js';

/** The simulated process of one container. */
export interface ContainerProcess {
  timeline: Timeline;
  /** Memory it uses (bytes) and CPU (millicores), idle and under load. */
  memoryBytes: { idle: number; load: number };
  cpuMilli: { idle: number; load: number };
  ports: number[];
  httpPaths: string[];
  /** From start until it accepts connections. */
  startMs: number;
  /** How long it takes to exit on SIGTERM; undefined when it ignores SIGTERM (a shell as PID 1). */
  stopMs?: number;
}

const MI = 1024 * 1024;

function envOf(
  pod: KubeObject,
  container: { env?: { name: string; value?: string }[] },
): Record<string, string> {
  const env: Record<string, string> = { HOSTNAME: pod.metadata.name ?? '' };
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

/** Parses stress's `--vm-bytes 250M`. */
function stressBytes(argv: string[]): number | undefined {
  const i = argv.indexOf('--vm-bytes');
  if (i < 0) return undefined;
  const m = /^(\d+)([KMGkmg]?)$/.exec(argv[i + 1] ?? '');
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: MI, g: 1024 * MI }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * mult;
}

/** The process a container runs, given its image's catalogue entry. */
export function containerProcess(
  pod: KubeObject,
  container: { command?: string[]; args?: string[]; env?: { name: string; value?: string }[] },
  image: ImageSpec,
): ContainerProcess {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const base: ContainerProcess = {
    timeline: {
      logs: image.startupLogs.map((text) => ({ atMs: image.startMs, text })),
      files: [],
      ports: image.ports,
      ...(image.exits ? { exit: { atMs: image.exits.afterMs, code: image.exits.code } } : {}),
    },
    memoryBytes: { idle: image.memory.idle * MI, load: image.memory.load * MI },
    cpuMilli: { ...image.cpu },
    ports: image.ports,
    httpPaths: image.httpPaths,
    startMs: image.startMs,
    stopMs: image.stopMs,
  };
  if (image.shell || (argv.length && isShellCommand(argv))) {
    const shellArgv =
      image.shell && !container.command?.length ? (container.args?.length ? container.args : ['sh']) : argv;
    const timeline = shellTimeline(shellArgv, envOf(pod, container));
    // A shell as PID 1 ignores SIGTERM: it is killed when the grace period ends.
    return {
      ...base,
      timeline,
      ports: timeline.ports,
      httpPaths: timeline.ports.length ? ['/'] : [],
      startMs: 0,
      stopMs: timeline.ports.length ? 100 : undefined,
    };
  }
  if (image.repository === 'polinux/stress') {
    const bytes = stressBytes(argv) ?? 0;
    return { ...base, memoryBytes: { idle: bytes + MI, load: bytes + MI } };
  }
  if (argv.length && image.exits) {
    // `python -m http.server 8000`, `node server.js`: a command keeps the process running.
    const port = argv.includes('http.server')
      ? Number(argv[argv.indexOf('http.server') + 1] ?? 8000)
      : undefined;
    const ports = port ? [port] : [];
    return {
      ...base,
      timeline: { logs: [], files: [], ports },
      ports,
      httpPaths: ports.length ? ['/'] : [],
      stopMs: 100,
    };
  }
  return base;
}

/** The container's memory limit in bytes, if it has one. */
export function memoryLimit(container: {
  resources?: { limits?: Record<string, unknown> };
}): number | undefined {
  const v = container.resources?.limits?.memory;
  return v === undefined ? undefined : amount('memory', v);
}

export { MI };

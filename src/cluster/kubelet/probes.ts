/**
 * Simulated probes. A probe passes when what it checks exists: an HTTP path the image serves on
 * a port it listens on, a TCP port it listens on, or for exec probes a file the container's
 * shell created (`cat /tmp/healthy`); other exec probes pass. Results are time windows measured
 * from the container's start, so readiness and liveness follow from the probe schedule.
 */
import type { ContainerProcess } from './process.js';

/** A probe as in the pod spec. */
export interface Probe {
  httpGet?: { path?: string; port: number | string; host?: string };
  tcpSocket?: { port: number | string };
  exec?: { command?: string[] };
  grpc?: { port: number };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

/** When a probe passes, relative to the container's start. */
export interface ProbeWindow {
  /** First moment it passes (Infinity: never). */
  passFrom: number;
  /** First moment it fails again (Infinity: never). */
  passUntil: number;
  /** The kubelet's failure text (`HTTP probe failed with statuscode: 404`). */
  failure: string;
}

function resolvePort(
  port: number | string,
  container: { ports?: { name?: string; containerPort: number }[] },
): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** When `probe` passes for a container running `proc` at `podIP`. */
export function probeWindow(
  probe: Probe,
  proc: ContainerProcess,
  container: { ports?: { name?: string; containerPort: number }[] },
  podIP: string,
): ProbeWindow {
  const never = (failure: string): ProbeWindow => ({ passFrom: Infinity, passUntil: Infinity, failure });
  if (probe.httpGet || probe.tcpSocket || probe.grpc) {
    const raw = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port ?? 0;
    const port = resolvePort(raw, container);
    const path = probe.httpGet?.path ?? '/';
    const addr = `${podIP}:${port ?? raw}`;
    if (port === undefined || !proc.ports.includes(port)) {
      return never(
        probe.httpGet
          ? `Get "http://${addr}${path}": dial tcp ${addr}: connect: connection refused`
          : `dial tcp ${addr}: connect: connection refused`,
      );
    }
    if (
      probe.httpGet &&
      !proc.httpPaths.some((p) => (p === '/' ? path === '/' || path === '/index.html' : path.startsWith(p)))
    ) {
      return never('HTTP probe failed with statuscode: 404');
    }
    return {
      passFrom: proc.startMs,
      passUntil: Infinity,
      failure: `dial tcp ${addr}: connect: connection refused`,
    };
  }
  const cmd = probe.exec?.command ?? [];
  const fileArg = cmd.find((a, i) => i > 0 && a.startsWith('/'));
  const script = cmd.join(' ');
  if ((cmd[0] === 'cat' || cmd[0] === 'ls' || /\btest -[ef]\b/.test(script)) && fileArg) {
    const f = proc.timeline.files.find((x) => x.path === fileArg);
    const msg = `cat: can't open '${fileArg}': No such file or directory`;
    if (!f) return never(msg);
    return { passFrom: f.createdMs, passUntil: f.removedMs ?? Infinity, failure: msg };
  }
  if (cmd.includes('false') || /\bexit [1-9]/.test(script)) return never('');
  return { passFrom: 0, passUntil: Infinity, failure: '' };
}

function schedule(probe: Probe): { first: number; period: number; threshold: number } {
  return {
    first: (probe.initialDelaySeconds ?? 0) * 1000,
    period: (probe.periodSeconds ?? 10) * 1000,
    threshold: probe.failureThreshold ?? 3,
  };
}

/** Probe times are first, first + period, ...: the first one at or after `t`. */
function probeAtOrAfter(t: number, first: number, period: number): number {
  if (t <= first) return first;
  return first + Math.ceil((t - first) / period) * period;
}

/** The interval (from start) in which the readiness probe reports ready. */
export function readyInterval(probe: Probe, w: ProbeWindow): { from: number; until: number } {
  const s = schedule(probe);
  if (!Number.isFinite(w.passFrom) || w.passFrom >= w.passUntil) return { from: Infinity, until: Infinity };
  const from = probeAtOrAfter(w.passFrom, s.first, s.period);
  if (from >= w.passUntil) return { from: Infinity, until: Infinity };
  const until = Number.isFinite(w.passUntil)
    ? probeAtOrAfter(w.passUntil, s.first, s.period) + (s.threshold - 1) * s.period
    : Infinity;
  return { from, until };
}

/** When (from start) the liveness probe has failed `failureThreshold` times in a row; Infinity if never. */
export function livenessKillAt(probe: Probe, w: ProbeWindow): number {
  const s = schedule(probe);
  // Failures before the process starts passing.
  const passFrom = Number.isFinite(w.passFrom) ? w.passFrom : Infinity;
  const earlyKill = s.first + (s.threshold - 1) * s.period;
  if (earlyKill < passFrom) return earlyKill;
  if (!Number.isFinite(w.passUntil)) return Infinity;
  return probeAtOrAfter(w.passUntil, s.first, s.period) + (s.threshold - 1) * s.period;
}

/**
 * Drives the kubelet reconciler for one pod through virtual time, the way the runtime does
 * (reconcile, apply, wait for requeueAfter), checking at every step that a second reconcile at
 * the same instant does nothing.
 */
import { expect } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import type { EventSpec } from '../../../src/cluster/controllers/types.js';
import { type PodMemo, reconcileKubeletPod } from '../../../src/cluster/kubelet/kubelet.js';
import { toTimestamp } from '../../../src/cluster/controllers/time.js';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface Drive {
  pod: KubeObject;
  events: (EventSpec & { at: number })[];
  /** Status after each step, with the time. */
  steps: { at: number; status: KubeObject['status'] }[];
  deletedAt?: number;
  memo?: PodMemo;
}

/** Runs until `untilMs` after T0 (or until the pod is deleted or nothing is left to do). */
export function drive(
  pod: KubeObject,
  node: KubeObject,
  untilMs: number,
  opts: { others?: KubeObject[]; deleteAtMs?: number; from?: Drive; stageDelayScale?: number } = {},
): Drive {
  const out: Drive = opts.from ?? { pod, events: [], steps: [] };
  let now = out.steps.at(-1)?.at ?? T0;
  let p = out.pod;
  for (let guard = 0; guard < 5000; guard++) {
    if (opts.deleteAtMs !== undefined && now >= T0 + opts.deleteAtMs && !p.metadata.deletionTimestamp) {
      const grace = p.spec?.terminationGracePeriodSeconds ?? 30;
      p = {
        ...p,
        metadata: {
          ...p.metadata,
          deletionTimestamp: toTimestamp(now + grace * 1000),
          deletionGracePeriodSeconds: grace,
        },
      };
    }
    const observed = {
      ...(opts.stageDelayScale !== undefined ? { stageDelayScale: opts.stageDelayScale } : {}),
      node,
      podsOnNode: [p, ...(opts.others ?? [])],
      ...(out.memo ? { memo: out.memo } : {}),
    };
    const r = reconcileKubeletPod(p, observed, now);
    out.memo = r.memo;
    for (const a of r.actions) {
      if (a.type === 'updateStatus') p = a.object;
      else if (a.type === 'event') out.events.push({ ...a.event, at: now - T0 });
      else if (a.type === 'delete') out.deletedAt = now - T0;
    }
    out.steps.push({ at: now - T0, status: p.status });
    out.pod = p;
    if (out.deletedAt !== undefined) break;
    // Idempotence: the same instant again changes nothing.
    const again = reconcileKubeletPod(
      p,
      { ...observed, podsOnNode: [p, ...(opts.others ?? [])], memo: r.memo },
      now,
    );
    expect(again.actions).toEqual([]);
    const nextDelete =
      opts.deleteAtMs !== undefined && !p.metadata.deletionTimestamp ? T0 + opts.deleteAtMs : Infinity;
    const next = Math.min(
      r.requeueAfterMs === undefined ? Infinity : now + Math.max(1, r.requeueAfterMs),
      nextDelete,
    );
    if (!Number.isFinite(next) || next > T0 + untilMs) break;
    now = next;
  }
  return out;
}

/** The pod status at `ms` after T0 (the last step at or before it). */
export function at(d: Drive, ms: number): KubeObject['status'] {
  return [...d.steps].reverse().find((s) => s.at <= ms)?.status;
}

/** A pod bound to `nodeName` with one container. */
export function boundPod(
  name: string,
  container: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: toTimestamp(T0) },
    spec: {
      nodeName: 'worker-1',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'app', imagePullPolicy: 'IfNotPresent', ...container }],
      ...spec,
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/**
 * Replay: a learner's files applied, as `kubectl apply -f <dir>` would, to a fresh cluster with
 * the lab's topology, seed and `setup/` objects; then the cluster settles in virtual time.
 * Files go in path order, documents in file order, each applied with server-side apply through
 * the in-process client (field manager `kubectl`, strict field validation as kubectl 1.32's
 * default `--validate=strict`). Every document gets an `ApplyResult`: kubectl's line, or its
 * error with the file's line. Pure and deterministic.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { createCompleteCluster } from '../cluster/complete.js';
import { VirtualClock } from '../cluster/clock.js';
import { InProcessClient } from '../cluster/client.js';
import { ApiError, type Cluster, type KubeObject } from '../cluster/index.js';
import { positionOf } from '../content/diagnostics.js';
import { startWorld } from '../cluster/world/index.js';
import { importSnapshot, parseSnapshot, type Snapshot } from '../cluster/store/snapshot.js';
import type { ApplyResult, Lab, SourceMap } from './types.js';
import { clientName, kubectlType, resourceOf } from './kinds.js';
import { splitPath } from './match.js';
import { sourceKey } from './context.js';
import { quiet } from './in-process-reader.js';

/** Virtual time the system pods get before anything is applied. */
export const BOOT_MS = 20_000;

/** Files kubectl apply -f <dir> reads: .yaml, .yml, .json. */
export function isManifestFile(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

export interface Replayed {
  cluster: Cluster;
  applied: ApplyResult[];
  sources: SourceMap;
  /**
   * Settle time not yet spent because the cluster went quiet (only with `replay`'s `owe`):
   * pass it to `grade` as `owedMs`, which makes it up before anything could tell.
   */
  owedMs?: number;
}

/** How far settling moves between two looks for quiet. */
const SETTLE_STEP_MS = 1_000;

/**
 * Snapshots of booted clusters (with their setup applied and settled): booting is costly. Kept
 * parsed: restoring copies every object into the new store, so one parsed value serves all.
 */
const booted = new Map<string, Snapshot>();

/** A short, stable digest of a lab's setup files (FNV-1a over paths and texts). */
function digest(files: Record<string, string>): string {
  let h = 0x811c9dc5;
  for (const path of Object.keys(files).sort()) {
    for (const ch of `${path}\0${files[path]}\0`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/**
 * The state every replay of a lab starts from, as a snapshot: a cluster of the lab's topology
 * and seed, booted for `BOOT_MS` (system pods Running), then the lab's `setup/` applied and
 * settled for `settleMs`, as when the learner opens the lab. Throws when a setup file fails.
 */
function startingPoint(lab: Pick<Lab, 'topology' | 'seed' | 'setup' | 'settleMs'>): Snapshot {
  const key = `${lab.topology}/${lab.seed}/${lab.settleMs}/${digest(lab.setup)}`;
  let snapshot = booted.get(key);
  if (snapshot === undefined) {
    const clock = new VirtualClock();
    const cluster = createCompleteCluster({ clock, topology: lab.topology, seed: lab.seed });
    clock.advance(BOOT_MS);
    if (Object.keys(lab.setup).length) {
      const failed = applyFiles(cluster, lab.setup).applied.find((a) => !a.ok);
      if (failed) throw new Error(`setup/${failed.file}:${failed.line}: ${failed.message}`);
      clock.advance(lab.settleMs);
    }
    snapshot = parseSnapshot(cluster.exportSnapshot());
    cluster.world?.stop();
    cluster.gc.stop();
    booted.set(key, snapshot);
  }
  return snapshot;
}

/**
 * A fresh cluster for the lab: its starting point restored from the snapshot, with a new world
 * (controllers, scheduler, kubelets) started over it. The same lab always starts from the same
 * bytes, so replays are deterministic.
 */
export function freshCluster(lab: Pick<Lab, 'topology' | 'seed' | 'setup' | 'settleMs'>): Cluster {
  const snapshot = startingPoint(lab);
  const clock = new VirtualClock();
  // No default namespaces: the snapshot replaces the store's content anyway.
  const cluster = createCompleteCluster({ clock, seed: lab.seed, empty: true });
  // What `cluster.importSnapshot(text)` does for a cluster without a world, minus parsing the
  // text again: the store takes the snapshot's objects (copies), resourceVersion and random
  // state; the clock catches up to its time; garbage collection and grace periods resume.
  cluster.gc.stop();
  importSnapshot(cluster.store, snapshot);
  clock.advanceTo(snapshot.time);
  cluster.gc.start();
  cluster.server.rearmGraceTimers();
  const world = startWorld(cluster.client, clock, { topology: lab.topology });
  cluster.server.providers = world.providers();
  cluster.world = world;
  return cluster;
}

/**
 * Applies every manifest file of `files` (path -> text) to `cluster`, in path order. Returns a
 * result per document and where each applied object came from.
 */
export function applyFiles(cluster: Cluster, files: Record<string, string>): Replayed {
  const client = new InProcessClient(cluster.server, { fieldManager: 'kubectl', fieldValidation: 'Strict' });
  const applied: ApplyResult[] = [];
  const sources: SourceMap = {};
  for (const file of Object.keys(files).filter(isManifestFile).sort()) {
    const lines = new LineCounter();
    const docs = parseAllDocuments(files[file]!, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
    });
    const list = Array.isArray(docs) ? docs : [];
    const broken = list.flatMap((d) => d.errors)[0];
    if (broken) {
      const pos = lines.linePos(broken.pos[0]);
      applied.push({
        file,
        line: pos.line,
        col: pos.col,
        ok: false,
        message: `error: error parsing ${file}: line ${pos.line}: ${broken.message.split('\n')[0]}`,
      });
      continue;
    }
    list.forEach((doc, index) => {
      const start = lines.linePos(doc.contents?.range?.[0] ?? 0);
      const at = (path: (string | number)[], atKey = false) =>
        positionOf({ doc, lines, lineOffset: 0 }, path, atKey);
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) return;
      const push = (ok: boolean, message: string, pos = start, obj?: KubeObject): void => {
        applied.push({
          file,
          line: pos.line,
          col: pos.col,
          ok,
          message,
          ...(obj
            ? {
                object: {
                  kind: obj.kind,
                  ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
                  name: obj.metadata.name ?? '',
                },
              }
            : {}),
        });
      };
      if (typeof value !== 'object' || Array.isArray(value)) {
        push(
          false,
          `error: error validating "${file}": error validating data: the document is not a mapping (an object)`,
        );
        return;
      }
      const obj = value as KubeObject;
      const missing = [
        typeof obj.apiVersion === 'string' && obj.apiVersion ? '' : 'apiVersion not set',
        typeof obj.kind === 'string' && obj.kind ? '' : 'kind not set',
      ].filter(Boolean);
      if (missing.length) {
        push(
          false,
          `error: error validating "${file}": error validating data: [${missing.join(', ')}]; if you choose to ignore these errors, turn validation off with --validate=false`,
        );
        return;
      }
      const info = resourceOf(obj.kind, obj.apiVersion);
      const meta = (typeof obj.metadata === 'object' && obj.metadata) || {};
      if (!info) {
        push(
          false,
          `error: resource mapping not found for name: "${String(meta.name ?? '')}" namespace: "${String(meta.namespace ?? '')}" from "${file}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`,
          at(['kind']),
        );
        return;
      }
      const name = typeof meta.name === 'string' ? meta.name : '';
      if (!name) {
        push(
          false,
          `error: error when retrieving current configuration of "${file}": resource name may not be empty`,
          at(['metadata']),
        );
        return;
      }
      const namespace = info.namespaced
        ? (typeof meta.namespace === 'string' && meta.namespace) || 'default'
        : '';
      const body: KubeObject = info.namespaced ? { ...obj, metadata: { ...meta, namespace } } : obj;
      const resource = clientName(info);
      const type = `${kubectlType(info)}/${name}`;
      const before = client.get(resource, namespace, name);
      try {
        const after = client.patch(resource, namespace, name, 'apply', body);
        sources[sourceKey(after)] = { file, doc: index };
        const verb = !before
          ? 'created'
          : before.metadata.resourceVersion === after.metadata.resourceVersion
            ? 'unchanged'
            : 'configured';
        push(true, `${type} ${verb}`, start, after);
      } catch (err) {
        if (!(err instanceof ApiError)) {
          push(false, `error: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        const status = err.status;
        const cause = status.details?.causes?.find((c) => c.field)?.field;
        const unknown = /unknown field "([^"]+)"/.exec(status.message)?.[1];
        const field = cause ?? unknown;
        push(
          false,
          `Error from server (${status.reason}): error when ${before ? 'patching' : 'creating'} "${file}": ${status.message}`,
          field ? at(splitPath(field), !cause) : start,
        );
      }
    });
  }
  return { cluster, applied, sources };
}

/**
 * A fresh lab cluster (setup applied), then the learner's files, then `lab.settleMs` of virtual
 * time. With `owe`, settling stops as soon as the cluster is quiet for the rest of it (nothing
 * but node heartbeats due: `quiet` in in-process-reader.ts) and the rest is returned as
 * `owedMs`, for `grade` to make up only if something could tell the difference.
 */
export function replay(lab: Lab, files: Record<string, string>, options: { owe?: boolean } = {}): Replayed {
  const cluster = freshCluster(lab);
  const result = applyFiles(cluster, files);
  const clock = cluster.clock as VirtualClock;
  if (!options.owe) {
    clock.advance(lab.settleMs);
    return result;
  }
  const end = clock.now() + lab.settleMs;
  for (let left = lab.settleMs; left > 0; left = end - clock.now()) {
    if (quiet(cluster, clock, left)) return { ...result, owedMs: left };
    clock.advance(Math.min(SETTLE_STEP_MS, left));
  }
  return result;
}

/**
 * Which file and document each object of `files` comes from (`Kind/namespace/name`), without
 * applying anything: for grading a live cluster (the workspace) with results pointing at lines.
 */
export function sourceMap(files: Record<string, string>): SourceMap {
  const out: SourceMap = {};
  for (const file of Object.keys(files).filter(isManifestFile).sort()) {
    const docs = parseAllDocuments(files[file]!, { prettyErrors: false });
    (Array.isArray(docs) ? docs : []).forEach((doc, index) => {
      const obj = doc.errors.length ? undefined : (doc.toJS() as KubeObject | null);
      if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string') return;
      const meta = (typeof obj.metadata === 'object' && obj.metadata) || {};
      if (typeof meta.name !== 'string') return;
      const info = resourceOf(obj.kind, typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined);
      const namespace =
        info?.namespaced === false ? '' : (typeof meta.namespace === 'string' && meta.namespace) || 'default';
      out[sourceKey({ kind: obj.kind, metadata: { namespace: namespace || undefined, name: meta.name } })] = {
        file,
        doc: index,
      };
    });
  }
  return out;
}

/**
 * The files a container sees, built from its pod: the kubelet-managed /etc/hostname, /etc/hosts
 * and /etc/resolv.conf, the volumes it mounts (ConfigMap, Secret, projected, downward API as
 * files; emptyDir and claims as empty directories) and a few files of its image. Read-only.
 */
import type { ClusterClient, KubeObject } from '../types.js';
import { decodeBase64, encodeBase64 } from '../machinery/base64.js';
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN } from '../world/system-objects.js';
import type { ContainerSpec } from './target.js';
import { fieldValue } from './env.js';
import type { ImageProfile } from './images.js';

/** A directory (its entries are the paths below it) or a file's content. */
export type Node = { dir: true } | { dir: false; content: string };

/** What exec writes, kept between execs: path (relative to the layer's root) -> node, or null when removed. */
export type Layer = Map<string, Node | null>;

interface Mount {
  path: string;
  /** Writes land in this layer (emptyDir); none: read-only (ConfigMap, Secret, projected, downward API). */
  layer?: Layer;
}

/** Paths without trailing slash ('/' for the root) to nodes, with the writable layers behind them. */
export class FileSystem {
  readonly nodes = new Map<string, Node>();
  private readonly mounts: Mount[] = [];

  /** `root`: the container's writable layer (what it writes outside its volumes). */
  constructor(private readonly root: Layer = new Map()) {
    this.mkdir('/');
  }

  mkdir(path: string): void {
    const p = normalize(path);
    if (this.nodes.get(p)?.dir) return;
    if (p !== '/') this.mkdir(parent(p));
    this.nodes.set(p, { dir: true });
  }

  /** Puts a file of the image or a volume (not a write of the running container). */
  put(path: string, content: string): void {
    const p = normalize(path);
    this.mkdir(parent(p));
    this.nodes.set(p, { dir: false, content });
  }

  /** Declares a volume mount: read-only, or backed by a writable layer (whose files appear now). */
  mount(path: string, layer?: Layer): void {
    const p = normalize(path);
    this.mounts.push({ path: p, ...(layer ? { layer } : {}) });
    if (layer) this.replay(layer, p);
  }

  /** Applies the container's own layer (after the image files and volumes are in place). */
  applyRootLayer(): void {
    this.replay(this.root, '/');
  }

  private replay(layer: Layer, at: string): void {
    for (const [rel, node] of [...layer].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const p = normalize(`${at}/${rel}`);
      if (node === null) this.removeTree(p);
      else if (node.dir) this.mkdir(p);
      else this.put(p, node.content);
    }
  }

  private removeTree(p: string): void {
    for (const k of [...this.nodes.keys()]) if (k === p || k.startsWith(`${p}/`)) this.nodes.delete(k);
  }

  /** The mount a path lies under (the deepest), if any. */
  private mountOf(p: string): Mount | undefined {
    let best: Mount | undefined;
    for (const m of this.mounts)
      if ((p === m.path || p.startsWith(`${m.path}/`)) && (!best || m.path.length > best.path.length))
        best = m;
    return best;
  }

  /** Where a change to `p` is kept, or undefined when the path is read-only. */
  private record(p: string, node: Node | null): boolean {
    const m = this.mountOf(p);
    if (m && !m.layer) return false;
    const layer = m ? m.layer! : this.root;
    const rel = m ? p.slice(m.path.length).replace(/^\//, '') : p.slice(1);
    if (!rel) return !!m;
    layer.set(rel, node);
    return true;
  }

  /** Whether a write to `path` would fail (a read-only volume). */
  readOnly(path: string): boolean {
    const m = this.mountOf(normalize(path));
    return !!m && !m.layer;
  }

  /** A write of the running container: kept in its layer (false when the path is read-only). */
  write(path: string, content: string): boolean {
    const p = normalize(path);
    if (this.readOnly(p)) return false;
    this.mkdirs(parent(p));
    this.nodes.set(p, { dir: false, content });
    this.record(p, { dir: false, content });
    return true;
  }

  /** `mkdir -p` by the running container. */
  mkdirs(path: string): boolean {
    const p = normalize(path);
    if (this.nodes.get(p)?.dir) return true;
    if (this.readOnly(p)) return false;
    if (p !== '/') this.mkdirs(parent(p));
    this.nodes.set(p, { dir: true });
    this.record(p, { dir: true });
    return true;
  }

  /** `rm -r` by the running container. */
  remove(path: string): boolean {
    const p = normalize(path);
    if (this.readOnly(p)) return false;
    this.removeTree(p);
    this.record(p, null);
    return true;
  }

  get(path: string): Node | undefined {
    return this.nodes.get(normalize(path));
  }

  /** Names directly inside a directory, sorted as `ls` in the C locale sorts them. */
  list(path: string): string[] {
    const p = normalize(path);
    const prefix = p === '/' ? '/' : `${p}/`;
    const out: string[] = [];
    for (const k of this.nodes.keys())
      if (k !== p && k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
        out.push(k.slice(prefix.length));
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** Writable layers of every container and emptyDir, per cluster (kept while the process runs; not in snapshots). */
const LAYERS = new WeakMap<object, Map<string, Layer>>();

/** At most this many layers are kept per cluster (the oldest go first). */
const MAX_LAYERS = 2000;

/** The layer `key` of the cluster whose client is `owner`. */
export function layerOf(owner: object, key: string): Layer {
  let all = LAYERS.get(owner);
  if (!all) LAYERS.set(owner, (all = new Map()));
  let layer = all.get(key);
  if (!layer) {
    if (all.size >= MAX_LAYERS) all.delete(all.keys().next().value!);
    all.set(key, (layer = new Map()));
  }
  return layer;
}

/** Drops the layers of pods that no longer exist (their uid is gone). */
export function pruneLayers(client: ClusterClient): void {
  const all = LAYERS.get(client) ?? new Map<string, Layer>();
  if (!all.size && !SNAPSHOTS.get(client)?.size) return;
  const uids = new Set(client.list('pods', { shared: true }).items.map((p) => p.metadata.uid));
  for (const key of [...all.keys()]) if (!uids.has(key.slice(0, key.indexOf('/')))) all.delete(key);
  const snaps = SNAPSHOTS.get(client);
  for (const key of [...(snaps?.keys() ?? [])])
    if (!uids.has(key.slice(0, key.indexOf('/')))) snaps!.delete(key);
}

/** What a container run took in when it started (as far as exec first saw it). */
export interface StartSnapshot {
  env?: [string, string][];
  subPaths: Map<string, string>;
  /** The last process id handed out (exec'd processes count up from the container's own). */
  lastPid?: number;
}

const SNAPSHOTS = new WeakMap<object, Map<string, StartSnapshot>>();

/**
 * The environment and subPath files of a container's current run, kept from the first exec into
 * it: a real container's env vars (and subPath mounts) keep the values it started with when
 * their ConfigMap or Secret changes later; mounted volumes follow the change.
 */
export function startSnapshot(client: object, pod: KubeObject, container: string): StartSnapshot {
  let all = SNAPSHOTS.get(client);
  if (!all) SNAPSHOTS.set(client, (all = new Map()));
  const restarts =
    ((pod.status?.containerStatuses ?? []) as { name: string; restartCount?: number }[]).find(
      (c) => c.name === container,
    )?.restartCount ?? 0;
  const key = `${pod.metadata.uid}/${container}/${restarts}`;
  let snap = all.get(key);
  if (!snap) {
    if (all.size >= MAX_LAYERS) all.delete(all.keys().next().value!);
    all.set(key, (snap = { subPaths: new Map() }));
  }
  return snap;
}

/** The writable layer of a container's current run (a restart starts from the image again). */
export function containerLayer(client: object, pod: KubeObject, container: string): Layer {
  const restarts =
    ((pod.status?.containerStatuses ?? []) as { name: string; restartCount?: number }[]).find(
      (c) => c.name === container,
    )?.restartCount ?? 0;
  return layerOf(client, `${pod.metadata.uid}/container/${container}/${restarts}`);
}

/** The layer of a pod's emptyDir volume (shared by its containers, kept across restarts). */
export function emptyDirLayer(client: object, pod: KubeObject, volume: string): Layer {
  return layerOf(client, `${pod.metadata.uid}/emptyDir/${volume}`);
}

/** `a//b/./c/../d/` -> `/a/b/d` (relative paths are relative to `/`). */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

interface KeyToPath {
  key: string;
  path: string;
}

interface DownwardItem {
  path: string;
  fieldRef?: { fieldPath: string };
}

/** The volume sources exec can show as files. */
interface Volume {
  name: string;
  emptyDir?: Record<string, unknown>;
  configMap?: { name: string; items?: KeyToPath[] };
  secret?: { secretName: string; items?: KeyToPath[] };
  downwardAPI?: { items?: DownwardItem[] };
  projected?: {
    sources?: {
      configMap?: { name: string; items?: KeyToPath[] };
      secret?: { name: string; items?: KeyToPath[] };
      downwardAPI?: { items?: DownwardItem[] };
      serviceAccountToken?: { path?: string };
    }[];
  };
}

/** A volume's files (relative path -> content), or undefined for a directory-like volume. */
function volumeFiles(
  client: ClusterClient,
  pod: KubeObject,
  volume: Volume,
): Map<string, string> | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const fromData = (
    obj: KubeObject | undefined,
    secret: boolean,
    items: KeyToPath[] | undefined,
    into: Map<string, string>,
  ): void => {
    if (!obj) return;
    const data = new Map<string, string>();
    for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>))
      data.set(k, secret ? (decodeBase64(v) ?? '') : v);
    if (!secret)
      for (const [k, v] of Object.entries((obj.binaryData ?? {}) as Record<string, string>))
        data.set(k, decodeBase64(v) ?? '');
    if (items?.length) {
      for (const it of items) if (data.has(it.key)) into.set(it.path, data.get(it.key)!);
    } else for (const [k, v] of data) into.set(k, v);
  };
  const downward = (
    items: { path: string; fieldRef?: { fieldPath: string } }[],
    into: Map<string, string>,
  ) => {
    for (const it of items) {
      if (!it.fieldRef) continue;
      const v = fieldValue(pod, it.fieldRef.fieldPath);
      if (v !== undefined) into.set(it.path, v);
    }
  };
  const files = new Map<string, string>();
  if (volume.configMap) {
    fromData(client.get('configmaps', ns, volume.configMap.name), false, volume.configMap.items, files);
    return files;
  }
  if (volume.secret) {
    fromData(client.get('secrets', ns, volume.secret.secretName), true, volume.secret.items, files);
    return files;
  }
  if (volume.downwardAPI) {
    downward(volume.downwardAPI.items ?? [], files);
    return files;
  }
  if (volume.projected) {
    for (const src of volume.projected.sources ?? []) {
      if (src.configMap)
        fromData(client.get('configmaps', ns, src.configMap.name), false, src.configMap.items, files);
      else if (src.secret)
        fromData(client.get('secrets', ns, src.secret.name), true, src.secret.items, files);
      else if (src.downwardAPI) downward(src.downwardAPI.items ?? [], files);
      else if (src.serviceAccountToken)
        files.set(src.serviceAccountToken.path ?? 'token', serviceAccountToken(pod));
    }
    return files;
  }
  return undefined;
}

/** A token-shaped stand-in for the projected service account token (not signed by anything). */
export function serviceAccountToken(pod: KubeObject): string {
  const b64url = (text: string): string =>
    encodeBase64(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const header = b64url(JSON.stringify({ alg: 'RS256', kid: 'cadet-simulated' }));
  const payload = b64url(
    JSON.stringify({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: `system:serviceaccount:${pod.metadata.namespace}:${pod.spec?.serviceAccountName ?? 'default'}`,
      'kubernetes.io': {
        namespace: pod.metadata.namespace,
        pod: { name: pod.metadata.name, uid: pod.metadata.uid },
      },
    }),
  );
  return `${header}.${payload}.c2ltdWxhdGVkLWJ5LWNhZGV0`;
}

/** The resolv.conf the kubelet writes for a pod with the ClusterFirst DNS policy. */
export function resolvConf(namespace: string): string {
  return `search ${namespace}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}\nnameserver ${CLUSTER_DNS_IP}\noptions ndots:5\n`;
}

/** The hosts file the kubelet writes for a pod. */
export function hostsFile(pod: KubeObject): string {
  const hostname = (pod.spec?.hostname as string | undefined) ?? pod.metadata.name ?? '';
  const sub = pod.spec?.subdomain as string | undefined;
  const ip = pod.status?.podIP as string | undefined;
  const own = ip
    ? sub
      ? `${ip}\t${hostname}.${sub}.${pod.metadata.namespace}.svc.${CLUSTER_DOMAIN}\t${hostname}\n`
      : `${ip}\t${hostname}\n`
    : '';
  return (
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' +
    'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
    own
  );
}

/** The file system `container` of `pod` sees, with what earlier execs wrote. */
export function containerFileSystem(
  client: ClusterClient,
  pod: KubeObject,
  container: ContainerSpec,
  profile: ImageProfile,
): FileSystem {
  const fs = new FileSystem(containerLayer(client, pod, container.name));
  for (const d of ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/var'])
    fs.mkdir(d);
  const hostname = (pod.spec?.hostname as string | undefined) ?? pod.metadata.name ?? '';
  fs.put('/etc/hostname', `${hostname}\n`);
  fs.put('/etc/hosts', hostsFile(pod));
  if ((pod.spec?.dnsPolicy ?? 'ClusterFirst') === 'ClusterFirst' && !pod.spec?.hostNetwork)
    fs.put('/etc/resolv.conf', resolvConf(pod.metadata.namespace ?? 'default'));
  for (const [path, content] of Object.entries(profile.files)) fs.put(path, content);
  fs.applyRootLayer();
  const volumes = new Map<string, Volume>();
  for (const v of (pod.spec?.volumes ?? []) as Volume[]) volumes.set(v.name, v);
  for (const m of container.volumeMounts ?? []) {
    const volume = volumes.get(m.name);
    if (!volume) continue;
    const files = volumeFiles(client, pod, volume);
    if (m.subPath) {
      // A subPath is bound when the container starts: later ConfigMap changes never reach it.
      const content =
        startSnapshot(client, pod, container.name).subPaths.get(m.mountPath) ?? files?.get(m.subPath);
      if (content !== undefined)
        startSnapshot(client, pod, container.name).subPaths.set(m.mountPath, content);
      if (content !== undefined) fs.put(m.mountPath, content);
      else fs.mkdir(m.mountPath);
      fs.mount(m.mountPath);
      continue;
    }
    fs.mkdir(m.mountPath);
    for (const [rel, content] of files ?? []) fs.put(`${m.mountPath}/${rel}`, content);
    // Files of ConfigMaps, Secrets and the downward API are read-only; emptyDir keeps writes.
    if (files) fs.mount(m.mountPath);
    else if (volume.emptyDir && !m.readOnly) fs.mount(m.mountPath, emptyDirLayer(client, pod, m.name));
  }
  return fs;
}

/**
 * Which images each node already holds, as the kubelet's image-present check reads it: an image
 * is on a node when a pod bound there reports it in a container status with an image ID. Kept
 * by the informer cache from pod events (an indexer), so the check costs two map lookups instead
 * of a walk over every pod of the node on each sync of a starting pod.
 *
 * It also keeps each node's image pull queue: a kubelet pulls one image at a time
 * (`serializeImagePulls: true`, the default), so a pull asked for while another runs waits for it.
 */
import type { KubeObject } from '../types.js';
import type { CacheIndexer } from '../controllers/informer.js';

/** The images a pod shows as pulled (each once). */
export function pulledImages(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const s of (pod.status?.containerStatuses ?? []) as { image?: string; imageID?: string }[])
    if (s.imageID && s.image && !out.includes(s.image)) out.push(s.image);
  return out;
}

/**
 * Per node, how many pods show each image as pulled. A change takes back what the version it
 * replaces counted (the cache hands it over: `CacheIndexer`), so the index keeps no per-pod
 * record of its own.
 */
export class NodeImageIndex implements CacheIndexer {
  readonly resources = ['pods'] as const;
  private readonly counts = new Map<string, Map<string, number>>();
  /** Per node: when its last queued pull ends, and per image the end of its latest queued pull. */
  private readonly pulls = new Map<string, NodePulls>();

  set(_resource: string, pod: KubeObject, old?: KubeObject): void {
    if (old) this.count(old, -1);
    this.count(pod, 1);
  }

  delete(_resource: string, pod: KubeObject, old?: KubeObject): void {
    this.count(old ?? pod, -1);
  }

  /** Adds (1) or takes back (-1) what a pod version counts: its pulled images on its node. */
  private count(pod: KubeObject, delta: 1 | -1): void {
    const node = pod.spec?.nodeName as string | undefined;
    if (!node) return;
    const images = pulledImages(pod);
    if (!images.length) return;
    let m = this.counts.get(node);
    if (!m) {
      if (delta < 0) return;
      this.counts.set(node, (m = new Map()));
    }
    for (const image of images) {
      const n = (m.get(image) ?? 0) + delta;
      if (n > 0) m.set(image, n);
      else m.delete(image);
    }
    if (m.size === 0) this.counts.delete(node);
  }

  /** Whether a pod on `node` other than `self` shows `image` as pulled. */
  presentFor(node: string, image: string, self: KubeObject): boolean {
    const n = this.counts.get(node)?.get(image) ?? 0;
    if (n === 0) return false;
    const selfCounts = self.spec?.nodeName === node && pulledImages(self).includes(image) ? 1 : 0;
    return n - selfCounts > 0;
  }

  /**
   * Queues a pull of `image` on `node` asked for at `at`: it starts when the pulls queued before
   * it have ended and takes `fullMs`, or `layersMs` when the node has the image's layers (`onNode`,
   * or a pull of the same image queued before this one). Returns when it starts and ends.
   */
  queuePull(
    node: string,
    image: string,
    at: number,
    fullMs: number,
    layersMs: number,
    onNode: boolean,
  ): { start: number; end: number } {
    let q = this.pulls.get(node);
    if (!q) this.pulls.set(node, (q = { busyUntil: at, images: new Map() }));
    else forgetEnded(q, at);
    const start = Math.max(at, q.busyUntil);
    const end = start + (onNode || q.images.has(image) ? layersMs : fullMs);
    q.busyUntil = end;
    q.images.set(image, end);
    return { start, end };
  }

  /**
   * Tells the queue of a pull a kubelet record holds (a record kept across a restore, or one the
   * queue has forgotten): later pulls on the node wait for it.
   */
  notePull(node: string, image: string, end: number): void {
    let q = this.pulls.get(node);
    if (!q) this.pulls.set(node, (q = { busyUntil: end, images: new Map() }));
    if (end > q.busyUntil) q.busyUntil = end;
    if (end > (q.images.get(image) ?? -Infinity)) q.images.set(image, end);
  }

  /** Whether a queued pull of `image` on `node` has ended by `at` (the image is on the node). */
  pulledBy(node: string, image: string, at: number): boolean {
    const end = this.pulls.get(node)?.images.get(image);
    return end !== undefined && end <= at;
  }
}

interface NodePulls {
  busyUntil: number;
  images: Map<string, number>;
}

/** Drops the pulls that ended before `at`: from then on the pods that report them say the image is there. */
function forgetEnded(q: NodePulls, at: number): void {
  for (const [image, end] of q.images) if (end < at) q.images.delete(image);
}

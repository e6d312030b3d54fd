/**
 * Which images each node already holds, as the kubelet's image-present check reads it: an image
 * is on a node when a pod bound there reports it in a container status with an image ID. Kept
 * by the informer cache from pod events (an indexer), so the check costs two map lookups instead
 * of a walk over every pod of the node on each sync of a starting pod.
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
}

/**
 * Which images each node already holds, as the kubelet's image-present check reads it: an image
 * is on a node when a pod bound there reports it in a container status with an image ID. Kept
 * by the informer cache from pod events (an indexer), so the check costs two map lookups instead
 * of a walk over every pod of the node on each sync of a starting pod.
 */
import type { KubeObject } from '../types.js';
import type { CacheIndexer } from '../controllers/informer.js';
import { objectKey } from '../controllers/object-key.js';

/** The images a pod shows as pulled (each once). */
export function pulledImages(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const s of (pod.status?.containerStatuses ?? []) as { image?: string; imageID?: string }[])
    if (s.imageID && s.image && !out.includes(s.image)) out.push(s.image);
  return out;
}

/** `namespace/name`, the same string as the informer cache's. */
const podKey = objectKey;

/** Per node, how many pods show each image as pulled. */
export class NodeImageIndex implements CacheIndexer {
  readonly resources = ['pods'] as const;
  private readonly counts = new Map<string, Map<string, number>>();
  /**
   * What each pod (by namespace/name) contributed: its node, then its images. Pods of a node
   * with the same images share one frozen list (`lists`), so a pod costs one map entry.
   */
  private readonly contributed = new Map<string, readonly string[]>();
  /** The shared lists by node and images. */
  private readonly lists = new Map<string, readonly string[]>();

  set(_resource: string, pod: KubeObject): void {
    const key = podKey(pod);
    this.drop(key);
    const node = pod.spec?.nodeName as string | undefined;
    if (!node) return;
    const images = pulledImages(pod);
    if (!images.length) return;
    let m = this.counts.get(node);
    if (!m) this.counts.set(node, (m = new Map()));
    for (const image of images) m.set(image, (m.get(image) ?? 0) + 1);
    this.contributed.set(key, this.list(node, images));
  }

  delete(_resource: string, pod: KubeObject): void {
    this.drop(podKey(pod));
  }

  private list(node: string, images: string[]): readonly string[] {
    const id = [node, ...images].join('\u0000');
    let known = this.lists.get(id);
    if (!known) {
      // bounded: a list still held by a pod stays valid when the map forgets it
      if (this.lists.size >= 65_536) this.lists.clear();
      this.lists.set(id, (known = Object.freeze([node, ...images])));
    }
    return known;
  }

  private drop(key: string): void {
    const old = this.contributed.get(key);
    if (!old) return;
    this.contributed.delete(key);
    const node = old[0]!;
    const m = this.counts.get(node)!;
    for (let i = 1; i < old.length; i++) {
      const image = old[i]!;
      const n = m.get(image)! - 1;
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

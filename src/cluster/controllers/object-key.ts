/**
 * `namespace/name` of a stored object, as the informer cache and its indexers key their maps.
 * The cache and each indexer hear of the same object one after the other, so the key of the last
 * object asked is kept and handed out again: every map that holds the object's entry shares one
 * flat string instead of building its own (about 48 bytes per pod per map at 12,000 pods).
 */
import type { KubeObject } from '../types.js';

let lastObject: KubeObject | undefined;
let lastNamespace: string | undefined;
let lastName: string | undefined;
let lastKey = '';

/** `namespace/name` (`/name` for cluster-scoped objects), one flat string. */
export function objectKey(o: KubeObject): string {
  const namespace = o.metadata.namespace;
  const name = o.metadata.name;
  if (o === lastObject && namespace === lastNamespace && name === lastName) return lastKey;
  // joined, not a template: one flat string instead of a chain of pieces (the key is kept in maps)
  lastKey = [namespace ?? '', '/', name ?? ''].join('');
  lastObject = o;
  lastNamespace = namespace;
  lastName = name;
  return lastKey;
}

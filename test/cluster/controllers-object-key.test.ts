/**
 * `objectKey` hands the informer cache and its indexers one string per object version; what it
 * returns must always be the object's current `namespace/name`, also for an object changed in
 * place between two calls (tests and callers outside the store pass mutable objects).
 */
import { describe, expect, it } from 'vitest';
import { objectKey } from '../../src/cluster/controllers/object-key.js';
import type { KubeObject } from '../../src/cluster/types.js';

const obj = (namespace: string | undefined, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { ...(namespace !== undefined ? { namespace } : {}), name },
});

describe('objectKey', () => {
  it('is namespace/name, and /name for a cluster-scoped object', () => {
    expect(objectKey(obj('default', 'web-1'))).toBe('default/web-1');
    expect(objectKey(obj(undefined, 'worker-1'))).toBe('/worker-1');
  });

  it('answers for the object asked, not the one asked before', () => {
    const a = obj('default', 'a');
    const b = obj('team', 'b');
    expect(objectKey(a)).toBe('default/a');
    expect(objectKey(a)).toBe('default/a');
    expect(objectKey(b)).toBe('team/b');
    expect(objectKey(a)).toBe('default/a');
  });

  it('follows an object renamed or moved in place between two calls', () => {
    const o = obj('default', 'first-name-long-enough');
    expect(objectKey(o)).toBe('default/first-name-long-enough');
    o.metadata.name = 'second-name-long-enough';
    expect(objectKey(o)).toBe('default/second-name-long-enough');
    o.metadata.namespace = 'other';
    expect(objectKey(o)).toBe('other/second-name-long-enough');
  });
});

import { describe, expect, it } from 'vitest';
import { createCluster, VirtualClock, type KubeObject } from '../../src/cluster/index.js';
import { CachedClient, InformerCache } from '../../src/cluster/controllers/informer.js';
import { controlledByAny, ownedOrAdoptable } from '../../src/cluster/controllers/owner-index.js';

function pod(
  name: string,
  owner?: { uid: string; name: string },
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'web', ...labels },
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: owner.name,
                uid: owner.uid,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
}

function setup() {
  const cluster = createCluster({ clock: new VirtualClock() });
  const cache = new InformerCache(cluster.client);
  const reader = new CachedClient(cluster.client, cache);
  const a = { uid: 'uid-a', name: 'a' };
  const b = { uid: 'uid-b', name: 'b' };
  const owner = (o: { uid: string; name: string }): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: o.name, namespace: 'default', uid: o.uid },
  });
  return { cluster, reader, a, b, ownerA: owner(a), ownerB: owner(b) };
}

const names = (xs: readonly KubeObject[]): string[] => xs.map((x) => x.metadata.name ?? '');
const namespaceOrder = (reader: CachedClient, uid: string): string[] =>
  names(
    reader
      .list('pods', { namespace: 'default' })
      .items.filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid)),
  );

describe('owner index (pods by controller)', () => {
  it("gives an owner's pods in the order a namespace list gives them, after changes move them", () => {
    const { cluster, reader, a, b, ownerA } = setup();
    for (let i = 0; i < 4; i++) {
      cluster.client.create('pods', pod(`a-${i}`, a));
      cluster.client.create('pods', pod(`b-${i}`, b));
    }
    expect(names(ownedOrAdoptable(reader, 'pods', ownerA))).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    // A change moves the pod to the end of the cache's namespace index; the owner index follows.
    const p1 = cluster.client.get('pods', 'default', 'a-1')!;
    cluster.client.update('pods', { ...p1, metadata: { ...p1.metadata, labels: { app: 'web', x: '1' } } });
    cluster.client.delete('pods', 'default', 'a-2', { gracePeriodSeconds: 0 });
    expect(names(ownedOrAdoptable(reader, 'pods', ownerA))).toEqual(['a-0', 'a-3', 'a-1']);
    expect(names(ownedOrAdoptable(reader, 'pods', ownerA))).toEqual(namespaceOrder(reader, 'uid-a'));
  });

  it('follows a pod whose controller changes, and lists the whole namespace while an orphan exists', () => {
    const { cluster, reader, a, b, ownerA, ownerB } = setup();
    cluster.client.create('pods', pod('a-0', a));
    cluster.client.create('pods', pod('b-0', b));
    expect(names(ownedOrAdoptable(reader, 'pods', ownerB))).toEqual(['b-0']);
    // An orphan can be adopted by either owner: both see every pod of the namespace.
    cluster.client.create('pods', pod('loose'));
    expect(names(ownedOrAdoptable(reader, 'pods', ownerA))).toEqual(['a-0', 'b-0', 'loose']);
    // Adopted by a: it now belongs to a only, and the namespace has no orphan left.
    const loose = cluster.client.get('pods', 'default', 'loose')!;
    cluster.client.update('pods', {
      ...loose,
      metadata: {
        ...loose.metadata,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: 'uid-a', controller: true },
        ],
      },
    });
    expect(names(ownedOrAdoptable(reader, 'pods', ownerA))).toEqual(['a-0', 'loose']);
    expect(names(ownedOrAdoptable(reader, 'pods', ownerB))).toEqual(['b-0']);
    expect(names(controlledByAny(reader, 'pods', 'default', [ownerA, ownerB]))).toEqual([
      'a-0',
      'loose',
      'b-0',
    ]);
  });

  it('reads the namespace list from a client without an informer cache', () => {
    const { cluster, a, b, ownerA } = setup();
    cluster.client.create('pods', pod('a-0', a));
    cluster.client.create('pods', pod('b-0', b));
    expect(names(ownedOrAdoptable(cluster.client, 'pods', ownerA))).toEqual(['a-0', 'b-0']);
  });
});

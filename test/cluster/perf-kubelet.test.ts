import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '../../src/cluster/types.js';
import { NodeImageIndex } from '../../src/cluster/kubelet/node-images.js';
import { copyMemo, type PodMemo } from '../../src/cluster/kubelet/kubelet.js';
import { createCluster, VirtualClock } from '../../src/cluster/index.js';

const IMAGES = [
  'docker.io/library/nginx:1.27',
  'docker.io/library/busybox:1.36',
  'docker.io/library/redis:7',
];

function pod(
  name: string,
  node: string | undefined,
  statuses: { image: number; pulled: boolean }[],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { ...(node ? { nodeName: node } : {}), containers: [] },
    status: {
      containerStatuses: statuses.map((s, i) => ({
        name: `c${i}`,
        image: IMAGES[s.image],
        imageID: s.pulled ? `${IMAGES[s.image]}@sha256:x` : '',
      })),
    },
  };
}

/** The kubelet's definition: another pod on the node reports the image with an image ID. */
function scan(pods: Map<string, KubeObject>, node: string, image: string, self: KubeObject): boolean {
  for (const p of pods.values()) {
    if (p.metadata.uid === self.metadata.uid || p.spec?.nodeName !== node) continue;
    for (const s of (p.status?.containerStatuses ?? []) as { image?: string; imageID?: string }[])
      if (s.imageID && s.image === image) return true;
  }
  return false;
}

describe('node image index', () => {
  it('answers like a walk over the node pods after any sequence of pod changes', () => {
    const change = fc.record({
      name: fc.constantFrom('a', 'b', 'c', 'd'),
      node: fc.constantFrom(undefined, 'n1', 'n2'),
      statuses: fc.array(fc.record({ image: fc.integer({ min: 0, max: 2 }), pulled: fc.boolean() }), {
        maxLength: 3,
      }),
      deleted: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const index = new NodeImageIndex();
        const pods = new Map<string, KubeObject>();
        for (const c of changes) {
          const p = pod(c.name, c.node, c.statuses);
          if (c.deleted) {
            const old = pods.get(c.name);
            if (old) index.delete('pods', old);
            pods.delete(c.name);
          } else {
            // as the informer cache tells it: with the version this one replaces
            index.set('pods', p, pods.get(c.name));
            pods.set(c.name, p);
          }
          for (const self of pods.values())
            for (const node of ['n1', 'n2'])
              for (const image of IMAGES)
                expect(index.presentFor(node, image, self)).toBe(scan(pods, node, image, self));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes back what the replaced version counted, and keeps counts per node only', () => {
    const index = new NodeImageIndex();
    const [a, b, c] = [
      pod('a', 'n1', [{ image: 0, pulled: true }]),
      pod('b', 'n1', [{ image: 0, pulled: true }]),
      pod('c', 'n2', [{ image: 0, pulled: true }]),
    ];
    for (const p of [a, b, c]) index.set('pods', p);
    const counts = (index as unknown as { counts: Map<string, Map<string, number>> }).counts;
    expect([...counts.keys()]).toEqual(['n1', 'n2']);
    expect(counts.get('n1')?.get(IMAGES[0]!)).toBe(2);
    // a moves to n2 and pulls a second image
    const moved = pod('a', 'n2', [
      { image: 0, pulled: true },
      { image: 1, pulled: true },
    ]);
    index.set('pods', moved, a);
    expect(counts.get('n1')?.get(IMAGES[0]!)).toBe(1);
    expect(counts.get('n2')?.get(IMAGES[0]!)).toBe(2);
    expect(counts.get('n2')?.get(IMAGES[1]!)).toBe(1);
    index.delete('pods', b);
    expect(counts.has('n1')).toBe(false);
    expect(index.presentFor('n1', IMAGES[0]!, c)).toBe(false);
    index.delete('pods', moved);
    expect(index.presentFor('n2', IMAGES[1]!, c)).toBe(false);
    expect(index.presentFor('n2', IMAGES[0]!, pod('d', 'n2', []))).toBe(true);
  });

  it('does not count the asking pod itself', () => {
    const index = new NodeImageIndex();
    const a = pod('a', 'n1', [{ image: 0, pulled: true }]);
    index.set('pods', a);
    expect(index.presentFor('n1', IMAGES[0]!, a)).toBe(false);
    const b = pod('b', 'n1', []);
    index.set('pods', b);
    expect(index.presentFor('n1', IMAGES[0]!, b)).toBe(true);
    expect(index.presentFor('n2', IMAGES[0]!, b)).toBe(false);
  });
});

describe('kubelet record copy', () => {
  it('copies a record exactly as a JSON round trip does', () => {
    const memo = {
      uid: 'u',
      acceptedAt: 5,
      podIP: '10.0.0.1',
      containers: {
        c: {
          image: 'nginx',
          phase: 'running',
          since: Infinity,
          restartCount: 0,
          startedAt: undefined,
          last: { exitCode: 1, reason: 'Error', startedAt: NaN, finishedAt: 3 },
        },
      },
      conditions: { Ready: { status: 'True', at: 1 } },
      list: [1, undefined, -Infinity, { a: undefined }],
    } as unknown as PodMemo;
    const copy = copyMemo(memo);
    expect(copy).toEqual(JSON.parse(JSON.stringify(memo)));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(memo));
    expect(Object.keys(copy.containers.c!)).toEqual(['image', 'phase', 'since', 'restartCount', 'last']);
    expect(copy.containers.c!.since).toBeNull();
    expect(copy.containers).not.toBe(memo.containers);
  });

  it('shares frozen condition records with the copy and copies any other', () => {
    const shared = Object.freeze({ status: 'True', at: 1_000 });
    const memo: PodMemo = {
      uid: 'u',
      acceptedAt: 5,
      podIP: '10.0.0.1',
      containers: {},
      conditions: { Ready: shared, Initialized: { status: 'True', at: 7 } },
    };
    const copy = copyMemo(memo);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(memo));
    expect(copy.conditions).not.toBe(memo.conditions);
    expect(copy.conditions.Ready).toBe(shared);
    expect(copy.conditions.Initialized).not.toBe(memo.conditions.Initialized);
    expect(copy.conditions.Initialized).toEqual({ status: 'True', at: 7 });
  });

  it('pods whose conditions changed at the same time share the records (the cluster state is unchanged)', () => {
    const clock = new VirtualClock();
    const cluster = createCluster({
      clock,
      topology: 'default',
      world: { controllers: { stageDelayScale: 0 } },
    });
    clock.advance(1_000);
    for (const name of ['a', 'b'])
      cluster.client.create('pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      });
    clock.advance(5_000);
    const memo = (name: string) => cluster.world!.runtime.memoOf('kubelet', `default/${name}`) as PodMemo;
    const [a, b] = [memo('a'), memo('b')];
    expect(Object.keys(a.conditions).sort()).toEqual([
      'ContainersReady',
      'Initialized',
      'PodReadyToStartContainers',
      'PodScheduled',
      'Ready',
    ]);
    for (const type of Object.keys(a.conditions)) {
      expect(a.conditions[type]).toBe(b.conditions[type]);
      expect(Object.isFrozen(a.conditions[type])).toBe(true);
    }
    const pods = cluster.client.list('pods', { namespace: 'default' }).items;
    expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
    cluster.world!.stop();
  });
});

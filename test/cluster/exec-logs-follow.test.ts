/** `kubectl logs` on the wire in process: the kubelet's run choice and errors, and `follow` streams. */
import { describe, expect, it } from 'vitest';
import { createCompleteCluster } from '../../src/cluster/complete.js';
import { VirtualClock } from '../../src/cluster/clock.js';
import {
  isStream,
  type Clock,
  type Cluster,
  type HandleResult,
  type StreamResponse,
} from '../../src/cluster/index.js';
import { followLogs } from '../../src/cluster/world/log-follow.js';
import { decodeUtf8 } from '../../src/cluster/machinery/utf8.js';

function setup(): { cluster: Cluster; clock: VirtualClock } {
  const clock = new VirtualClock();
  const cluster = createCompleteCluster({ clock, topology: 'default', seed: 3 });
  clock.advance(5000);
  return { cluster, clock };
}

function pod(
  cluster: Cluster,
  name: string,
  image: string,
  command?: string[],
  restartPolicy = 'Always',
): void {
  cluster.client.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { restartPolicy, containers: [{ name, image, ...(command ? { command } : {}) }] },
  });
}

/** A complete response's body as text. */
function text(r: HandleResult): string {
  if (isStream(r)) throw new Error('a stream, not a complete response');
  return typeof r.body === 'string' ? r.body : decodeUtf8(r.body);
}

async function get(cluster: Cluster, path: string) {
  const r = await cluster.handle({ method: 'GET', url: path, headers: {} });
  return r;
}

const pendingReads = new WeakMap<StreamResponse, Promise<IteratorResult<string>>>();

/** Reads what a stream has queued so far (without waiting for more), keeping an unanswered read for next time. */
async function drain(stream: StreamResponse, chunks: string[]): Promise<void> {
  const it = stream.stream[Symbol.asyncIterator]();
  for (;;) {
    const pending = pendingReads.get(stream) ?? it.next();
    pendingReads.set(stream, pending);
    const next = await Promise.race([pending, new Promise<'idle'>((r) => setTimeout(() => r('idle'), 20))]);
    if (next === 'idle') return;
    pendingReads.delete(stream);
    if (next.done) return;
    chunks.push(next.value);
  }
}

describe('pods/log: which run, and errors in the kubelet words', () => {
  it('a waiting container is 400 with its reason', async () => {
    const { cluster, clock } = setup();
    pod(cluster, 'bad', 'nginx:no-such-tag');
    clock.advance(20_000);
    const r = await get(cluster, '/api/v1/namespaces/default/pods/bad/log');
    expect(r.status).toBe(400);
    const body = JSON.parse(text(r)) as { message: string };
    expect(body.message).toMatch(
      /^container "bad" in pod "bad" is waiting to start: (image can't be pulled|trying and failing to pull image)$/,
    );
  });

  it('previous without a terminated run is 400; a crash-looping container shows its last run', async () => {
    const { cluster, clock } = setup();
    pod(cluster, 'up', 'busybox:1.36', ['sh', '-c', 'echo alive; sleep 3600']);
    pod(cluster, 'crash', 'busybox:1.36', ['sh', '-c', 'echo boom; exit 1']);
    clock.advance(60_000);
    const prev = await get(cluster, '/api/v1/namespaces/default/pods/up/log?previous=true');
    expect(prev.status).toBe(400);
    expect(text(prev)).toContain('previous terminated container \\"up\\" in pod \\"up\\" not found');
    const crash = await get(cluster, '/api/v1/namespaces/default/pods/crash/log');
    expect(crash.status).toBe(200);
    expect(text(crash)).toBe('boom\n');
  });
});

describe('pods/log?follow=true', () => {
  it('streams lines as the process writes them and ends when the container exits', async () => {
    const { cluster, clock } = setup();
    pod(
      cluster,
      'ticker',
      'busybox:1.36',
      ['sh', '-c', 'echo start; sleep 5; echo middle; sleep 5; echo end'],
      'Never',
    );
    // Until the container runs.
    for (
      let i = 0;
      i < 40 && cluster.client.get('pods', 'default', 'ticker')?.status?.phase !== 'Running';
      i++
    )
      clock.advance(250);
    const r = await get(cluster, '/api/v1/namespaces/default/pods/ticker/log?follow=true');
    expect(isStream(r)).toBe(true);
    const stream = r as StreamResponse;
    const chunks: string[] = [];
    await drain(stream, chunks);
    expect(chunks.join('')).toBe('start\n');
    clock.advance(5_500);
    await drain(stream, chunks);
    expect(chunks.join('')).toBe('start\nmiddle\n');
    clock.advance(10_000);
    await drain(stream, chunks);
    expect(chunks.join('')).toBe('start\nmiddle\nend\n');
    // Ended: the iterator is done.
    const it = stream.stream[Symbol.asyncIterator]();
    expect(await (pendingReads.get(stream) ?? it.next())).toEqual({ value: undefined, done: true });
  });

  it('nginx access lines arrive when its Service gets traffic; tailLines and timestamps apply', async () => {
    const { cluster, clock } = setup();
    pod(cluster, 'web', 'nginx:1.27');
    clock.advance(30_000);
    const web = cluster.client.get('pods', 'default', 'web')!;
    const r = (await get(
      cluster,
      '/api/v1/namespaces/default/pods/web/log?follow=true&tailLines=1&timestamps=true',
    )) as StreamResponse;
    const chunks: string[] = [];
    await drain(r, chunks);
    expect(chunks.join('')).toMatch(/^2026-01-01T00:00:\d\d\.\d{3}000000Z .*start worker processes\n$/);
    cluster.world!.request({ namespace: 'default', ip: '10.244.9.9' }, `http://${web.status.podIP}/`);
    clock.advance(300);
    await drain(r, chunks);
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toMatch(
      /^2026-01-01T00:00:\d\d\.\d{3}000000Z 10\.244\.9\.9 - - \[01\/Jan\/2026:00:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/8\.5\.0" "-"\n$/,
    );
    r.close();
  });

  it("a reader that stops reading cancels the follow's clock timer", async () => {
    const { cluster, clock } = setup();
    pod(cluster, 'web', 'nginx:1.27');
    clock.advance(30_000);
    let live = 0;
    const counted: Clock = {
      now: () => clock.now(),
      at: (t, fn) => {
        live++;
        let done = false;
        const cancel = clock.at(t, () => {
          done = true;
          live--;
          fn();
        });
        return () => {
          if (!done) live--;
          done = true;
          cancel();
        };
      },
    };
    const web = cluster.client.get('pods', 'default', 'web')!;
    const stream = followLogs(cluster.client, counted, cluster.world!.state, web, {
      container: 'web',
      follow: true,
    });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toContain('start worker processes');
    clock.advance(1000);
    expect(live).toBe(1);
    await it.return!();
    expect(live).toBe(0);
    clock.advance(1000);
    expect(live).toBe(0);
  });
});

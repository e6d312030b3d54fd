import { describe, expect, it } from 'vitest';
import { shellTimeline } from '../../src/cluster/kubelet/shell.js';
import { lookupImage, parseImage } from '../../src/cluster/kubelet/images.js';
import { allocatePodIP } from '../../src/cluster/kubelet/pod-ip.js';
import { goDuration, inBackoff, nextBackoff } from '../../src/cluster/kubelet/backoff.js';
import { node } from './fakes/topology.js';

describe('shell subset', () => {
  it('runs echo, sleep and exit in order', () => {
    expect(shellTimeline(['sh', '-c', 'echo hello; sleep 5; echo "bye now"; exit 3'])).toEqual({
      logs: [
        { atMs: 0, text: 'hello' },
        { atMs: 5000, text: 'bye now' },
      ],
      exit: { atMs: 5000, code: 3 },
      files: [],
      ports: [],
    });
  });

  it('treats a bare sh (busybox default) as exiting at once with 0, and sleep infinity as forever', () => {
    expect(shellTimeline(['sh']).exit).toEqual({ atMs: 0, code: 0 });
    expect(shellTimeline(['sleep', 'infinity']).exit).toBeUndefined();
    expect(shellTimeline(['sleep', '3600']).exit).toEqual({ atMs: 3_600_000, code: 0 });
    expect(shellTimeline(['tail', '-f', '/dev/null']).exit).toBeUndefined();
  });

  it('loops forever with a period from its sleeps', () => {
    const t = shellTimeline(
      ['/bin/sh', '-c', 'i=0; while true; do echo "$(date) tick $HOSTNAME"; sleep 5; done'],
      { HOSTNAME: 'ticker' },
    );
    expect(t.exit).toBeUndefined();
    expect(t.loop).toEqual({
      startMs: 0,
      periodMs: 5000,
      lines: [{ offsetMs: 0, text: '{date} tick ticker' }],
    });
  });

  it('tracks files for exec probes and ports for busybox httpd', () => {
    const t = shellTimeline(['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']);
    expect(t.files).toEqual([{ path: '/tmp/healthy', createdMs: 0, removedMs: 30_000 }]);
    expect(t.exit).toEqual({ atMs: 630_000, code: 0 });
    expect(shellTimeline(['sh', '-c', 'echo ok > /www/index.html; httpd -f -p 8080']).ports).toEqual([8080]);
  });

  it('exits 1 after false', () => {
    expect(shellTimeline(['sh', '-c', 'false']).exit).toEqual({ atMs: 0, code: 1 });
  });
});

describe('image catalogue', () => {
  it('parses references as containerd reports them', () => {
    expect(parseImage('nginx')).toMatchObject({
      full: 'docker.io/library/nginx:latest',
      repository: 'nginx',
      tag: 'latest',
    });
    expect(parseImage('docker.io/library/redis:7.4-alpine')).toMatchObject({
      full: 'docker.io/library/redis:7.4-alpine',
      repository: 'redis',
      tag: '7.4-alpine',
    });
    expect(parseImage('registry.k8s.io/pause:3.10')).toMatchObject({
      full: 'registry.k8s.io/pause:3.10',
      repository: 'pause',
    });
    expect(parseImage('localhost:5000/cadet/hello:1.0')).toMatchObject({
      repository: 'cadet/hello',
      tag: '1.0',
    });
  });

  it('knows the catalogue images and rejects typos and missing tags', () => {
    for (const i of [
      'nginx:1.27',
      'httpd:2.4',
      'redis:7',
      'postgres:17',
      'mysql:8.4',
      'mongo:8.0',
      'busybox:1.36',
      'alpine:3.20',
      'node:22',
      'python:3.13',
      'cadet/hello:1.0',
      'cadet/guestbook:1.0',
    ]) {
      expect(lookupImage(i).spec, i).toBeDefined();
    }
    expect(lookupImage('ngnix').reason).toBe('repository');
    expect(lookupImage('nginx:does-not-exist').reason).toBe('tag');
  });
});

describe('pod IPs and back-off', () => {
  it('allocates the lowest free address of the node CIDR from .2', () => {
    const n = node('w', 'z', { podCIDR: '10.244.3.0/24' });
    expect(allocatePodIP(n, [])).toBe('10.244.3.2');
    expect(allocatePodIP(n, ['10.244.3.2', '10.244.3.4'])).toBe('10.244.3.3');
  });

  it('doubles from 10 s to 5 min and resets after 10 quiet minutes', () => {
    let e = nextBackoff(undefined, 0, 0);
    const delays = [e.delayMs];
    for (let i = 0; i < 6; i++) {
      e = nextBackoff(e, e.lastUpdate + 1000, e.lastUpdate + 1000);
      delays.push(e.delayMs);
    }
    expect(delays.map((d) => d / 1000)).toEqual([10, 20, 40, 80, 160, 300, 300]);
    expect(inBackoff(e, e.lastUpdate + 1000, e.lastUpdate + 2000)).toBe(true);
    expect(inBackoff(e, e.lastUpdate + 601_000, e.lastUpdate + 601_000)).toBe(false);
    expect(nextBackoff(e, e.lastUpdate + 601_000, e.lastUpdate + 601_000).delayMs).toBe(10_000);
    expect([goDuration(10_000), goDuration(300_000), goDuration(1_500), goDuration(800)]).toEqual([
      '10s',
      '5m0s',
      '1.5s',
      '800ms',
    ]);
  });
});

describe('container logs', () => {
  it('renders what the process printed up to now, including loop rounds', async () => {
    const { containerLogLines } = await import('../../src/cluster/kubelet/logs.js');
    const { toTimestamp } = await import('../../src/cluster/controllers/time.js');
    const start = Date.UTC(2026, 0, 5, 9, 0, 0);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ticker', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'busybox',
            command: ['sh', '-c', 'echo hi; while true; do echo tick; sleep 10; done'],
          },
        ],
      },
      status: {
        containerStatuses: [
          { name: 'c', state: { running: { startedAt: toTimestamp(start) } }, lastState: {} },
        ],
      },
    };
    const lines = containerLogLines(pod, 'c', start + 25_000);
    expect(lines.map((l) => [(l.at - start) / 1000, l.text])).toEqual([
      [0, 'hi'],
      [0, 'tick'],
      [10, 'tick'],
      [20, 'tick'],
    ]);
    const nginx = { ...pod, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
    expect(containerLogLines(nginx, 'c', start + 1000)[1]!.text).toBe(
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    );
    expect(containerLogLines(nginx, 'c', start + 1000, true)).toEqual([]);
  });
});

/**
 * The protobuf decoder against real kubectl 1.32: the bodies its `create` generators sent
 * (captured by scripts/capture-protobuf.ts) must decode to exactly what the same command prints
 * with `--dry-run=client -o json`, key for key and in the same order. When /usr/bin/kubectl is
 * installed the capture is also repeated live, against a loopback server started by the test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPTURE_CASES, startCapture, type CaptureSession } from '../../scripts/capture-protobuf';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from '../../src/cluster/machinery/protobuf';

const dir = join(import.meta.dirname, 'fixtures/protobuf');

interface IndexEntry {
  name: string;
  command: string[];
  path: string;
  contentType: string;
  requests: { method: string; url: string }[];
  dryRunRequests: { method: string; url: string }[];
}

const index = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as {
  serverVersion: string;
  cases: IndexEntry[];
};

/** The resource path segment kubectl posted to, for each kind. */
const RESOURCE_OF_KIND: Record<string, string> = {
  Deployment: '/apis/apps/v1/namespaces/',
  Namespace: '/api/v1/namespaces?',
  ConfigMap: '/configmaps?',
  Secret: '/secrets?',
  Service: '/services?',
  ServiceAccount: '/serviceaccounts?',
  Job: '/apis/batch/v1/namespaces/default/jobs?',
  CronJob: '/apis/batch/v1/namespaces/default/cronjobs?',
};

describe('captured kubectl 1.32 create bodies', () => {
  it('covers every generator the course uses', () => {
    const generators = new Set(
      index.cases.map((c) =>
        c.command.slice(2, c.command[2] === 'service' || c.command[2] === 'secret' ? 4 : 3).join(' '),
      ),
    );
    for (const g of [
      'deployment',
      'namespace',
      'configmap',
      'secret generic',
      'service clusterip',
      'service nodeport',
      'job',
      'cronjob',
    ]) {
      expect(generators, g).toContain(g);
    }
    expect(index.cases.map((c) => c.name).sort()).toEqual(CAPTURE_CASES.map((c) => c.name).sort());
  });

  for (const c of index.cases) {
    it(`${c.command.join(' ')} decodes to the dry-run JSON`, () => {
      expect(isKubernetesProtobuf(c.contentType)).toBe(true);
      const body = new Uint8Array(readFileSync(join(dir, `${c.name}.bin`)));
      const want = JSON.parse(readFileSync(join(dir, `${c.name}.json`), 'utf8')) as Record<string, unknown>;
      const got = decodeKubernetesProtobuf(body);
      expect(got).toEqual(want);
      // Same keys in the same order at every level, as Go prints them.
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      expect(c.path).toContain(RESOURCE_OF_KIND[got.kind]);
      expect(c.path).toContain('fieldManager=kubectl-create');
      // No discovery: the generators post straight away (the dispatcher may ask for /version first).
      expect(c.requests.filter((r) => !r.url.startsWith('/version')).map((r) => r.method)).toEqual(['POST']);
    });
  }

  it('keeps binary ConfigMap data and Secret data as base64, as kubectl prints it', () => {
    const cm = decodeKubernetesProtobuf(new Uint8Array(readFileSync(join(dir, 'configmap-binary.bin'))));
    expect(cm.binaryData).toEqual({ 'blob.bin': 'AP/+gEEK' });
    const secret = decodeKubernetesProtobuf(new Uint8Array(readFileSync(join(dir, 'secret-generic.bin'))));
    expect(secret.data).toEqual({ password: 'czNjcjN0', user: 'YWRtaW4=' });
  });

  it('prints a named target port as a string and a numbered one as a number', () => {
    const svc = decodeKubernetesProtobuf(
      new Uint8Array(readFileSync(join(dir, 'service-nodeport-named.bin'))),
    );
    const ports = (svc.spec as { ports: { targetPort: unknown }[] }).ports;
    expect(ports.map((p) => p.targetPort)).toEqual(['http', 8443]);
  });
});

const kubectl = '/usr/bin/kubectl';

describe.skipIf(!existsSync(kubectl))('live capture with the installed kubectl', () => {
  let session: CaptureSession;
  beforeAll(async () => {
    session = await startCapture(kubectl);
  });
  afterAll(async () => {
    await session?.close();
  });

  for (const c of CAPTURE_CASES) {
    it(`kubectl create ${c.args.join(' ')}`, { timeout: 30_000 }, async () => {
      const got = await session.capture(c);
      expect(got.contentType).toBe('application/vnd.kubernetes.protobuf');
      const decoded = decodeKubernetesProtobuf(got.body);
      expect(JSON.stringify(decoded)).toBe(JSON.stringify(JSON.parse(got.dryRun)));
    });
  }
});

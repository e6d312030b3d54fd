/**
 * Captures the protobuf request bodies that real kubectl 1.32 sends for its `create <generator>`
 * subcommands, and what the same command prints with `--dry-run=client -o json`, as fixtures for
 * test/cluster/protobuf-kubectl.test.ts (which also imports the capture helpers below to repeat
 * the capture live when kubectl is installed).
 *
 * A loopback HTTP server answers `/version` with v1.32.4 (so the `/usr/bin/kubectl` dispatcher
 * runs its 1.32 client), every POST with 201 and a small JSON object, and everything else with a
 * 404 Status. Each case writes `<name>.bin` (the POST body, byte for byte) and `<name>.json`
 * (kubectl's dry-run output, re-indented by prettier) under test/cluster/fixtures/protobuf/, plus
 * `cases.json` listing the command line, request path, Content-Type and every request kubectl made.
 *
 * Usage: npx tsx scripts/capture-protobuf.ts [path/to/kubectl]
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One generator command to capture; `args` follow `kubectl create` (`{blob}` is a binary file). */
export interface CaptureCase {
  name: string;
  args: string[];
}

/** The generator commands captured as fixtures. */
export const CAPTURE_CASES: CaptureCase[] = [
  { name: 'deployment', args: ['deployment', 'web', '--image=nginx', '--replicas=3', '--port=80'] },
  {
    name: 'deployment-two-images',
    args: ['deployment', 'pair', '--image=nginx:1.27', '--image=busybox', '-n', 'team-a'],
  },
  { name: 'deployment-command', args: ['deployment', 'sleeper', '--image=busybox', '--', 'sleep', '3600'] },
  { name: 'namespace', args: ['namespace', 'team-a'] },
  {
    name: 'configmap',
    args: ['configmap', 'app-config', '--from-literal=color=blue', '--from-literal=size=large'],
  },
  {
    name: 'configmap-binary',
    args: ['configmap', 'blob', '--from-file=blob.bin={blob}', '--from-literal=note=hi'],
  },
  {
    name: 'secret-generic',
    args: ['secret', 'generic', 'db-pass', '--from-literal=password=s3cr3t', '--from-literal=user=admin'],
  },
  {
    name: 'secret-typed',
    args: ['secret', 'generic', 'typed', '--type=example.com/token', '--from-literal=token=abc'],
  },
  { name: 'service-clusterip', args: ['service', 'clusterip', 'web', '--tcp=80:8080'] },
  { name: 'service-headless', args: ['service', 'clusterip', 'headless', '--clusterip=None', '--tcp=5432'] },
  { name: 'service-nodeport', args: ['service', 'nodeport', 'web-np', '--tcp=80:8080', '--node-port=30080'] },
  {
    name: 'service-nodeport-named',
    args: ['service', 'nodeport', 'multi', '--tcp=80:http', '--tcp=443:8443'],
  },
  { name: 'job', args: ['job', 'hello', '--image=busybox', '--', 'echo', 'hello world'] },
  { name: 'serviceaccount', args: ['serviceaccount', 'builder'] },
  {
    name: 'cronjob',
    args: [
      'cronjob',
      'tick',
      '--image=busybox',
      '--schedule=*/5 * * * *',
      '--restart=OnFailure',
      '--',
      'date',
    ],
  },
];

/** A request the capture server saw. */
export interface SeenRequest {
  method: string;
  url: string;
  contentType?: string;
}

/** What one case produced. */
export interface Captured {
  name: string;
  command: string[];
  path: string;
  contentType: string;
  body: Uint8Array;
  /** kubectl's stdout for `--dry-run=client -o json`. */
  dryRun: string;
  requests: SeenRequest[];
  dryRunRequests: SeenRequest[];
  stdout: string;
}

/** A running capture server with a kubeconfig pointing at it. */
export interface CaptureSession {
  capture(c: CaptureCase): Promise<Captured>;
  close(): Promise<void>;
}

const read = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Starts the loopback server and returns a session that runs `kubectl create` cases against it. */
export async function startCapture(kubectl = '/usr/bin/kubectl'): Promise<CaptureSession> {
  const work = mkdtempSync(join(tmpdir(), 'capture-protobuf-'));
  const blob = join(work, 'blob.bin');
  // Bytes that are not UTF-8, so kubectl puts the file under binaryData.
  writeFileSync(blob, new Uint8Array([0x00, 0xff, 0xfe, 0x80, 0x41, 0x0a]));
  let seen: SeenRequest[] = [];
  const last: { posted?: { url: string; contentType: string; body: Buffer } } = {};
  // Read through a function: the server sets it while kubectl runs, which flow analysis cannot see.
  const lastPost = () => last.posted;

  const server = createServer(async (req, res) => {
    const body = await read(req);
    const url = req.url ?? '';
    seen.push({ method: req.method ?? '', url, contentType: req.headers['content-type'] });
    const send = (status: number, obj: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    if (url.startsWith('/version')) {
      send(200, {
        major: '1',
        minor: '32',
        gitVersion: 'v1.32.4',
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'go1.23.6',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
    } else if (req.method === 'POST') {
      last.posted = { url, contentType: String(req.headers['content-type']), body };
      // kubectl decodes the answer into its typed object and prints "<kind>/<name> created".
      send(201, { metadata: { name: 'captured', namespace: 'default' } });
    } else {
      send(404, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'not found',
        reason: 'NotFound',
        code: 404,
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const kubeconfig = join(work, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${address.port}"}}]`,
      'users: [{name: u, user: {}}]',
      'contexts: [{name: c, context: {cluster: c, user: u}}]',
      'current-context: c',
      '',
    ].join('\n'),
  );

  // Asynchronous, so the server in this process can answer while kubectl runs.
  const run = (args: string[]): Promise<string> =>
    new Promise((resolve, reject) =>
      execFile(
        kubectl,
        ['--kubeconfig', kubeconfig, ...args],
        { env: { ...process.env, HOME: work } },
        (err, stdout, stderr) =>
          err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
      ),
    );

  return {
    async capture(c) {
      const args = c.args.map((a) => a.replace('{blob}', blob));
      seen = [];
      last.posted = undefined;
      const stdout = await run(['create', ...args]);
      const post = lastPost();
      if (!post) throw new Error(`${c.name}: kubectl sent no POST`);
      const requests = [...seen];
      // Flags go before a `--`, after which everything is the container's command.
      const dash = args.indexOf('--');
      const at = dash === -1 ? args.length : dash;
      const dryRun = await run([
        'create',
        ...args.slice(0, at),
        '--dry-run=client',
        '-o',
        'json',
        ...args.slice(at),
      ]);
      const dryRunRequests = seen.slice(requests.length);
      if (dryRunRequests.some((r) => r.method === 'POST'))
        throw new Error(`${c.name}: the dry run sent a POST`);
      return {
        name: c.name,
        command: ['kubectl', 'create', ...c.args],
        path: post.url,
        contentType: post.contentType,
        body: new Uint8Array(post.body),
        dryRun,
        requests,
        dryRunRequests,
        stdout: stdout.trim(),
      };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Captures every case into `outDir`. */
async function main(kubectl: string, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const session = await startCapture(kubectl);
  const index: unknown[] = [];
  try {
    for (const c of CAPTURE_CASES) {
      const got = await session.capture(c);
      writeFileSync(join(outDir, `${c.name}.bin`), got.body);
      writeFileSync(join(outDir, `${c.name}.json`), got.dryRun);
      const { body: _body, dryRun: _dryRun, ...rest } = got;
      index.push(rest);
      console.log(`${c.name}: ${got.body.length} bytes, ${got.contentType}`);
    }
  } finally {
    await session.close();
  }
  const version = execFileSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  writeFileSync(
    join(outDir, 'cases.json'),
    JSON.stringify(
      { capturedWith: JSON.parse(version) as unknown, serverVersion: 'v1.32.4', cases: index },
      null,
      2,
    ) + '\n',
  );
  // The repository's formatter re-indents the JSON files; keys, order and values stay as kubectl printed them.
  execFileSync('npx', ['prettier', '--write', outDir], { stdio: 'inherit' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv[2] ?? '/usr/bin/kubectl', 'test/cluster/fixtures/protobuf');
}

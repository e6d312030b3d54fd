/**
 * Captures the protobuf request bodies that real kubectl 1.32 sends for its `create <generator>`
 * subcommands, and what the same command prints with `--dry-run=client -o json`, as fixtures for
 * test/cluster/protobuf-kubectl.test.ts.
 *
 * A loopback HTTP server answers `/version` with v1.32.4 (so the `/usr/bin/kubectl` dispatcher
 * runs its 1.32 client), every POST with 201 and a small JSON object, and everything else with a
 * 404 Status. Each case writes `<name>.bin` (the POST body, byte for byte) and `<name>.json`
 * (kubectl's dry-run output, re-indented by prettier) under test/cluster/fixtures/protobuf/, plus
 * `cases.json` listing the command line, request path, Content-Type and every request kubectl made.
 *
 * Usage: npx tsx scripts/capture-protobuf.ts [path/to/kubectl]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const kubectl = process.argv[2] ?? '/usr/bin/kubectl';
const outDir = 'test/cluster/fixtures/protobuf';

/** One generator command to capture; `args` follow `kubectl create`. */
interface Case {
  name: string;
  args: string[];
}

const work = mkdtempSync(join(tmpdir(), 'capture-protobuf-'));
const blob = join(work, 'blob.bin');
// Bytes that are not UTF-8, so kubectl puts the file under binaryData.
writeFileSync(blob, new Uint8Array([0x00, 0xff, 0xfe, 0x80, 0x41, 0x0a]));

const cases: Case[] = [
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
    args: ['configmap', 'blob', `--from-file=blob.bin=${blob}`, '--from-literal=note=hi'],
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

interface Seen {
  method: string;
  url: string;
  contentType?: string;
}

let seen: Seen[] = [];
let posted: { url: string; contentType: string; body: Buffer } | undefined;

const read = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

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
    return;
  }
  if (req.method === 'POST') {
    posted = { url, contentType: String(req.headers['content-type']), body };
    // kubectl decodes the answer into its typed object and prints "<kind>/<name> created".
    send(201, { metadata: { name: 'captured', namespace: 'default' } });
    return;
  }
  send(404, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'not found',
    reason: 'NotFound',
    code: 404,
  });
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
    'clusters: [{name: c, cluster: {server: "http://127.0.0.1:' + address.port + '"}}]',
    'users: [{name: u, user: {}}]',
    'contexts: [{name: c, context: {cluster: c, user: u}}]',
    'current-context: c',
    '',
  ].join('\n'),
);

const run = (args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    // Run asynchronously so the server in this process can answer.
    import('node:child_process').then(({ execFile }) =>
      execFile(
        kubectl,
        ['--kubeconfig', kubeconfig, ...args],
        { env: { ...process.env, HOME: work } },
        (err, stdout, stderr) => (err ? reject(new Error(`${args.join(' ')}: ${stderr}`)) : resolve(stdout)),
      ),
    );
  });

mkdirSync(outDir, { recursive: true });
const index: unknown[] = [];
const version = execFileSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
for (const c of cases) {
  seen = [];
  posted = undefined;
  const stdout = await run(['create', ...c.args]);
  const post = posted as typeof posted;
  if (!post) throw new Error(`${c.name}: kubectl sent no POST`);
  const requests = [...seen];
  // Flags go before a `--`, after which everything is the container's command.
  const dash = c.args.indexOf('--');
  const at = dash === -1 ? c.args.length : dash;
  const dry = await run([
    'create',
    ...c.args.slice(0, at),
    '--dry-run=client',
    '-o',
    'json',
    ...c.args.slice(at),
  ]);
  if (seen.length > requests.length && seen.slice(requests.length).some((r) => r.method === 'POST')) {
    throw new Error(`${c.name}: the dry run sent a POST`);
  }
  writeFileSync(join(outDir, `${c.name}.bin`), post.body);
  writeFileSync(join(outDir, `${c.name}.json`), dry);
  index.push({
    name: c.name,
    command: ['kubectl', 'create', ...c.args.map((a) => a.replace(work, '<tmp>'))],
    path: post.url,
    contentType: post.contentType,
    requests,
    dryRunRequests: seen.slice(requests.length),
    stdout: stdout.trim(),
  });
  console.log(`${c.name}: ${post.body.length} bytes, ${post.contentType}`);
}
writeFileSync(
  join(outDir, 'cases.json'),
  JSON.stringify(
    { capturedWith: JSON.parse(version) as unknown, serverVersion: 'v1.32.4', cases: index },
    null,
    2,
  ) + '\n',
);
server.close();
rmSync(work, { recursive: true, force: true });
// The repository's formatter re-indents the JSON files; keys, order and values stay as kubectl printed them.
execFileSync('npx', ['prettier', '--write', outDir], { stdio: 'inherit' });

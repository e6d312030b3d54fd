/**
 * The image catalogue: how each known image behaves in the simulated cluster. Data only.
 * An image not listed here (or a tag that does not match) fails to pull, as a typo does on a
 * real cluster. Times are milliseconds; memory is MiB; CPU is millicores.
 */

/** How one image behaves. */
export interface ImageSpec {
  /** Repository name as written without registry or `library/` (e.g. `nginx`, `cadet/hello`). */
  repository: string;
  /** Tags that exist. */
  tags: RegExp;
  /** Compressed size, for the Pulled event. */
  sizeBytes: number;
  /** How long a pull takes. */
  pullMs: number;
  /** Ports the main process listens on. */
  ports: number[];
  /** HTTP paths that answer 200 (prefixes); other paths answer 404. Empty: not an HTTP server. */
  httpPaths: string[];
  /** From start until it accepts connections. */
  startMs: number;
  /** How long it takes to stop after SIGTERM. */
  stopMs: number;
  /** The default process exits by itself (after `afterMs`, with `code`), unless a command overrides it. */
  exits?: { afterMs: number; code: number };
  /** Obeys `command`/`args` through the shell subset (busybox, alpine). Its default command is `sh`. */
  shell?: boolean;
  /** CPU and memory when idle and under simulated load. */
  cpu: { idle: number; load: number };
  memory: { idle: number; load: number };
  /** Lines printed at start (`{ip}`, `{port}`, `{time}` are filled in). */
  startupLogs: string[];
  /** One access-log line per request served (`{client}`, `{time}`, `{path}`). */
  accessLog?: string;
}

/**
 * How long a pull takes when the node already holds the image's layers (a pull of the same image
 * just fetched them, or `imagePullPolicy: Always` on an image the node has): the registry is asked
 * for the manifest and nothing is downloaded.
 */
export const LAYERS_PRESENT_PULL_MS = 400;

const VERSION = (extra = ''): RegExp =>
  new RegExp(`^(latest|stable|\\d+(\\.\\d+){0,2}(-[a-z0-9.]+)?${extra})$`);

/** The catalogue. */
export const IMAGES: readonly ImageSpec[] = [
  {
    repository: 'nginx',
    tags: VERSION('|alpine|mainline|stable-alpine|mainline-alpine'),
    sizeBytes: 72_000_000,
    pullMs: 2_000,
    ports: [80],
    httpPaths: ['/', '/index.html'],
    startMs: 200,
    stopMs: 300,
    cpu: { idle: 1, load: 120 },
    memory: { idle: 4, load: 12 },
    startupLogs: [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      '{time} [notice] 1#1: using the "epoll" event method',
      '{time} [notice] 1#1: start worker processes',
    ],
    accessLog: '{client} - - [{time}] "GET {path} HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"',
  },
  {
    repository: 'httpd',
    tags: VERSION('|alpine'),
    sizeBytes: 58_000_000,
    pullMs: 2_000,
    ports: [80],
    httpPaths: ['/'],
    startMs: 300,
    stopMs: 300,
    cpu: { idle: 1, load: 150 },
    memory: { idle: 8, load: 30 },
    startupLogs: [
      '[{time}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations',
    ],
    accessLog: '{client} - - [{time}] "GET {path} HTTP/1.1" 200 45',
  },
  {
    repository: 'redis',
    tags: VERSION('|alpine'),
    sizeBytes: 45_000_000,
    pullMs: 1_500,
    ports: [6379],
    httpPaths: [],
    startMs: 300,
    stopMs: 200,
    cpu: { idle: 2, load: 80 },
    memory: { idle: 8, load: 40 },
    startupLogs: [
      '1:C {time} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
      '1:M {time} * Ready to accept connections tcp',
    ],
  },
  {
    repository: 'postgres',
    tags: VERSION('|alpine'),
    sizeBytes: 150_000_000,
    pullMs: 5_000,
    ports: [5432],
    httpPaths: [],
    startMs: 3_000,
    stopMs: 1_000,
    cpu: { idle: 5, load: 300 },
    memory: { idle: 40, load: 200 },
    startupLogs: [
      '{time} UTC [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432',
      '{time} UTC [1] LOG:  database system is ready to accept connections',
    ],
  },
  {
    repository: 'mysql',
    tags: VERSION('|lts|oracle'),
    sizeBytes: 170_000_000,
    pullMs: 6_000,
    ports: [3306, 33060],
    httpPaths: [],
    startMs: 8_000,
    stopMs: 2_000,
    cpu: { idle: 10, load: 400 },
    memory: { idle: 360, load: 500 },
    startupLogs: [
      '{time} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Port: 3306',
    ],
  },
  {
    repository: 'mongo',
    tags: VERSION(),
    sizeBytes: 250_000_000,
    pullMs: 7_000,
    ports: [27017],
    httpPaths: [],
    startMs: 2_000,
    stopMs: 1_000,
    cpu: { idle: 8, load: 300 },
    memory: { idle: 150, load: 400 },
    startupLogs: [
      '{"t":{"$date":"{time}"},"s":"I","c":"NETWORK","msg":"Waiting for connections","attr":{"port":27017}}',
    ],
  },
  {
    repository: 'busybox',
    tags: VERSION('|musl|glibc|uclibc'),
    sizeBytes: 2_200_000,
    pullMs: 800,
    ports: [],
    httpPaths: [],
    startMs: 0,
    stopMs: 0,
    shell: true,
    cpu: { idle: 0, load: 5 },
    memory: { idle: 1, load: 2 },
    startupLogs: [],
  },
  {
    repository: 'alpine',
    tags: VERSION('|edge'),
    sizeBytes: 3_600_000,
    pullMs: 900,
    ports: [],
    httpPaths: [],
    startMs: 0,
    stopMs: 0,
    shell: true,
    cpu: { idle: 0, load: 5 },
    memory: { idle: 1, load: 2 },
    startupLogs: [],
  },
  {
    repository: 'node',
    tags: VERSION('|lts|current|alpine|slim|lts-alpine|lts-slim'),
    sizeBytes: 400_000_000,
    pullMs: 8_000,
    ports: [],
    httpPaths: [],
    startMs: 0,
    stopMs: 0,
    exits: { afterMs: 300, code: 0 },
    cpu: { idle: 0, load: 50 },
    memory: { idle: 30, load: 60 },
    startupLogs: ['Welcome to Node.js v22.11.0.', 'Type ".help" for more information.'],
  },
  {
    repository: 'python',
    tags: VERSION('|alpine|slim'),
    sizeBytes: 380_000_000,
    pullMs: 8_000,
    ports: [],
    httpPaths: [],
    startMs: 0,
    stopMs: 0,
    exits: { afterMs: 300, code: 0 },
    cpu: { idle: 0, load: 50 },
    memory: { idle: 10, load: 40 },
    startupLogs: ['Python 3.13.0 (main) [GCC 12.2.0] on linux'],
  },
  {
    repository: 'polinux/stress',
    tags: VERSION(),
    sizeBytes: 4_000_000,
    pullMs: 1_000,
    ports: [],
    httpPaths: [],
    startMs: 0,
    stopMs: 0,
    cpu: { idle: 1000, load: 1000 },
    memory: { idle: 1, load: 1 },
    startupLogs: ['stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd'],
  },
  {
    repository: 'cadet/hello',
    tags: VERSION(),
    sizeBytes: 8_000_000,
    pullMs: 1_000,
    ports: [8080],
    httpPaths: ['/', '/healthz', '/readyz'],
    startMs: 500,
    stopMs: 200,
    cpu: { idle: 1, load: 100 },
    memory: { idle: 10, load: 25 },
    startupLogs: ['hello: listening on :8080 (version {tag})'],
    accessLog: '{time} GET {path} 200 from {client}',
  },
  {
    repository: 'cadet/guestbook',
    tags: VERSION(),
    sizeBytes: 15_000_000,
    pullMs: 1_500,
    ports: [3000],
    httpPaths: ['/', '/api/entries', '/healthz'],
    startMs: 1_500,
    stopMs: 500,
    cpu: { idle: 2, load: 200 },
    memory: { idle: 40, load: 90 },
    startupLogs: ['guestbook: connecting to redis at $REDIS_HOST:6379', 'guestbook: listening on :3000'],
    accessLog: '{time} {client} GET {path} 200',
  },
  {
    repository: 'pause',
    tags: VERSION(),
    sizeBytes: 300_000,
    pullMs: 300,
    ports: [],
    httpPaths: [],
    startMs: 0,
    stopMs: 0,
    cpu: { idle: 0, load: 0 },
    memory: { idle: 1, load: 1 },
    startupLogs: [],
  },
];

/** An image reference split into its parts. */
export interface ImageRef {
  /** As written in the pod spec. */
  text: string;
  /** Fully qualified, as containerd reports it (`docker.io/library/nginx:1.27`). */
  full: string;
  repository: string;
  tag: string;
  digest?: string;
}

/** Parses `[registry/][path/]name[:tag][@digest]`; Docker Hub's `library/` is implied for one-part names. */
export function parseImage(text: string): ImageRef {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const hasRegistry =
    parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost');
  const registry = hasRegistry ? parts.shift()! : 'docker.io';
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  const path = parts.join('/');
  const repository = path.startsWith('library/')
    ? path.slice('library/'.length)
    : registry === 'registry.k8s.io'
      ? parts.at(-1)!
      : path;
  return {
    text,
    full: `${registry}/${path}:${tag}${digest ? `@${digest}` : ''}`,
    repository,
    tag,
    ...(digest ? { digest } : {}),
  };
}

/** The catalogue entry for an image reference, if the image (and tag) exists. */
export function lookupImage(text: string): ImageLookup {
  // Every pod sync looks its images up: remember the answers (frozen; a few distinct texts).
  const known = lookups.get(text);
  if (known) return known;
  const found = findImage(text);
  Object.freeze(found.ref);
  Object.freeze(found);
  if (lookups.size >= 1_000) lookups.clear();
  lookups.set(text, found);
  return found;
}

/** What `lookupImage` answers. */
export interface ImageLookup {
  ref: ImageRef;
  spec?: ImageSpec;
  reason?: 'repository' | 'tag';
}

const lookups = new Map<string, ImageLookup>();

function findImage(text: string): ImageLookup {
  const ref = parseImage(text);
  const spec = IMAGES.find((i) => i.repository === ref.repository);
  if (!spec) return { ref, reason: 'repository' };
  if (!ref.digest && !spec.tags.test(ref.tag)) return { ref, reason: 'tag' };
  return { ref, spec };
}

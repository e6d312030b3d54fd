/**
 * The programs of the simulated containers, each a pure function of argv, stdin and the
 * container: `env`/`printenv`, `cat`, `ls`, `hostname`, `echo`, `pwd`, `whoami`, `date`,
 * `sleep`, `true`/`false`, `grep`/`head`/`tail`/`wc`/`sort` (for pipes), `nslookup` (cluster
 * DNS), `wget`/`curl` (the world's simulated traffic), and `sh -c`. Error texts are the ones
 * busybox or the GNU tools print, per the image's userland.
 */
import type { ClusterClient, Clock, KubeObject } from '../types.js';
import type { World } from '../world/index.js';
import { nslookupText } from '../world/dns.js';
import { toTimestamp } from '../controllers/time.js';
import type { ContainerSpec } from './target.js';
import { NGINX_404, type ImageProfile } from './images.js';
import type { FileSystem } from './fs.js';
import { containerLayer, normalize, startSnapshot } from './fs.js';
import { parseImage } from '../kubelet/images.js';
import { runScript } from './shell.js';

/** The cluster an exec runs in: its client and clock, and the world (DNS, traffic) when it has one. */
export interface ExecCluster {
  client: ClusterClient;
  clock: Clock;
  world?: World;
}

/** What a program printed and its exit code. `exited`: the shell's `exit` ended the script. */
export interface Output {
  out: string;
  err: string;
  code: number;
  exited?: boolean;
}

/** Everything a program can see. */
export interface ToolContext {
  cluster: ExecCluster;
  pod: KubeObject;
  container: ContainerSpec;
  profile: ImageProfile;
  /** Process environment (the shell's variables included). */
  env: Map<string, string>;
  fs: FileSystem;
  /** `$?` of the shell. */
  lastCode: number;
  /** stderr of `$(...)` substitutions, collected while tokenizing. */
  stderr: string;
}

/** The UTF-8 length of a text. */
export function byteLength(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

const ok = (out = ''): Output => ({ out, err: '', code: 0 });
const fail = (err: string, code = 1): Output => ({ out: '', err, code });

const BIN_DIRS = new Set(['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);

/** The program an argv[0] names, if it is on the image's $PATH (or named by its full path there). */
export function programName(argv0: string, profile: ImageProfile): string | undefined {
  let name = argv0;
  if (argv0.includes('/')) {
    const p = normalize(argv0);
    const i = p.lastIndexOf('/');
    if (!BIN_DIRS.has(p.slice(0, i) || '/')) return undefined;
    name = p.slice(i + 1);
  }
  if (name === 'bash' || name === 'ash') return profile.programs.has(name) ? 'sh' : undefined;
  return profile.programs.has(name) ? name : undefined;
}

/** Whether running `argv` reads its standard input (so an exec with stdin waits for it). */
export function readsStdin(argv: string[], profile: ImageProfile): boolean {
  const name = argv[0] === undefined ? undefined : programName(argv[0], profile);
  const files = argv.slice(1).filter((a) => !a.startsWith('-'));
  switch (name) {
    case 'sh':
      return (
        !argv.includes('-c') ||
        /(^|[|;&]\s*)(cat|grep|head|tail|wc|sort|read)(\s*$|\s*[|;&])/.test(
          argv[argv.indexOf('-c') + 1] ?? '',
        )
      );
    case 'cat':
    case 'wc':
    case 'sort':
      return files.length === 0;
    case 'grep':
      return files.length <= 1;
    case 'head':
    case 'tail':
      return (
        argv.slice(1).filter((a, i, all) => !a.startsWith('-') && !/^-n$/.test(all[i - 1] ?? '')).length === 0
      );
    default:
      return false;
  }
}

function busybox(ctx: ToolContext): boolean {
  return ctx.profile.userland === 'busybox';
}

function envText(ctx: ToolContext): string {
  return [...ctx.env].map(([k, v]) => `${k}=${v}\n`).join('');
}

function missing(ctx: ToolContext, tool: string, path: string, gnuVerb = ''): string {
  if (busybox(ctx))
    return `${tool}: ${tool === 'cat' ? `can't open '${path}'` : path}: No such file or directory\n`;
  return `${tool}: ${gnuVerb}${gnuVerb ? `'${path}'` : path}: No such file or directory\n`;
}

function cat(args: string[], stdin: string, ctx: ToolContext): Output {
  const files = args.filter((a) => a !== '-' || true).filter((a) => !/^-[a-zA-Z]+$/.test(a));
  if (!files.length) return ok(stdin);
  let out = '';
  let err = '';
  let code = 0;
  for (const f of files) {
    if (f === '-') {
      out += stdin;
      continue;
    }
    const node = ctx.fs.get(f);
    if (!node) {
      err += missing(ctx, 'cat', f);
      code = 1;
    } else if (node.dir) {
      err += busybox(ctx) ? `cat: read error: Is a directory\n` : `cat: ${f}: Is a directory\n`;
      code = 1;
    } else out += node.content;
  }
  return { out, err, code };
}

function ls(args: string[], ctx: ToolContext): Output {
  const flags = args.filter((a) => /^-[a-zA-Z1]+$/.test(a)).join('');
  const all = flags.includes('a');
  const paths = args.filter((a) => !/^-[a-zA-Z1]+$/.test(a));
  if (!paths.length) paths.push('/');
  let out = '';
  let err = '';
  let code = 0;
  const blocks: string[] = [];
  const filesOut: string[] = [];
  for (const p of paths) {
    const node = ctx.fs.get(p);
    if (!node) {
      err += busybox(ctx)
        ? `ls: ${p}: No such file or directory\n`
        : `ls: cannot access '${p}': No such file or directory\n`;
      code = busybox(ctx) ? 1 : 2;
    } else if (!node.dir) filesOut.push(p);
    else {
      const names = ctx.fs.list(p).filter((n) => all || !n.startsWith('.'));
      const entries = all ? ['.', '..', ...names] : names;
      blocks.push(`${paths.length > 1 ? `${p}:\n` : ''}${entries.map((n) => `${n}\n`).join('')}`);
    }
  }
  out =
    filesOut.map((f) => `${f}\n`).join('') +
    (filesOut.length && blocks.length ? '\n' : '') +
    blocks.join('\n');
  return { out, err, code };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date` in the C locale: `Fri Dec  4 21:28:22 UTC 2026`. */
export function dateText(ms: number): string {
  const [, y, m, d, time] = /^(\d+)-(\d+)-(\d+)T([\d:]+)Z$/.exec(toTimestamp(ms))!;
  const day = DAYS[(((Math.floor(ms / 86_400_000) + 4) % 7) + 7) % 7]!;
  return `${day} ${MONTHS[Number(m) - 1]} ${String(Number(d)).padStart(2, ' ')} ${time} UTC ${y}\n`;
}

function lines(text: string): string[] {
  if (!text) return [];
  const l = text.split('\n');
  if (l.at(-1) === '') l.pop();
  return l;
}

function inputOf(files: string[], stdin: string, ctx: ToolContext, tool: string): Output {
  if (!files.length) return ok(stdin);
  const r = cat(files, stdin, ctx);
  return { ...r, err: r.err.replace(/^cat: /gm, `${tool}: `) };
}

function countArg(args: string[], fallback: number): { n: number; rest: string[] } {
  let n = fallback;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n') n = Number(args[++i] ?? fallback);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else rest.push(a);
  }
  return { n, rest };
}

function grep(args: string[], stdin: string, ctx: ToolContext): Output {
  let ignore = false;
  let invert = false;
  let count = false;
  const rest: string[] = [];
  for (const a of args) {
    if (/^-[ivcE]+$/.test(a)) {
      ignore ||= a.includes('i');
      invert ||= a.includes('v');
      count ||= a.includes('c');
    } else rest.push(a);
  }
  const [pattern, ...files] = rest;
  if (pattern === undefined)
    return fail(
      busybox(ctx)
        ? 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n'
        : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      busybox(ctx) ? 1 : 2,
    );
  const input = inputOf(files, stdin, ctx, 'grep');
  let re: RegExp;
  try {
    re = new RegExp(pattern, ignore ? 'i' : '');
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ignore ? 'i' : '');
  }
  const picked = lines(input.out).filter((l) => re.test(l) !== invert);
  const out = count ? `${picked.length}\n` : picked.map((l) => `${l}\n`).join('');
  return { out, err: input.err, code: input.code ? 2 : picked.length ? 0 : 1 };
}

function wc(args: string[], stdin: string, ctx: ToolContext): Output {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const files = args.filter((a) => !a.startsWith('-'));
  const input = inputOf(files, stdin, ctx, 'wc');
  const text = input.out;
  const l = (text.match(/\n/g) ?? []).length;
  const w = text.split(/\s+/).filter(Boolean).length;
  const c = byteLength(text);
  const picks = flags
    ? [flags.includes('l') && l, flags.includes('w') && w, flags.includes('c') && c].filter(
        (x) => x !== false,
      )
    : [l, w, c];
  const cells = picks.map((n, i) =>
    picks.length === 1
      ? String(n)
      : busybox(ctx)
        ? String(n).padStart(i === 0 ? 7 : 8)
        : String(n).padStart(String(c).length),
  );
  const name = files.length ? ` ${files[0]}` : '';
  return { out: `${cells.join(busybox(ctx) ? '' : ' ')}${name}\n`, err: input.err, code: input.code };
}

/** `touch`, `mkdir [-p]`, `rm [-r] [-f]`: changes kept in the container's writable layer. */
function fileTool(name: 'touch' | 'mkdir' | 'rm', args: string[], ctx: ToolContext): Output {
  const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join('');
  const paths = args.filter((a) => !/^-[a-zA-Z]+$/.test(a));
  const gnu = !busybox(ctx);
  let err = '';
  let code = 0;
  const problem = (text: string): void => {
    err += text;
    code = 1;
  };
  const parentOf = (p: string): string => normalize(p).replace(/\/[^/]*$/, '') || '/';
  if (!paths.length)
    return fail(
      gnu
        ? `${name}: missing operand\nTry '${name} --help' for more information.\n`
        : `${name}: missing operand\n`,
    );
  for (const p of paths) {
    const node = ctx.fs.get(p);
    if (name === 'touch') {
      if (node && ctx.fs.readOnly(p))
        problem(
          gnu
            ? `touch: cannot touch '${p}': Read-only file system\n`
            : `touch: ${p}: Read-only file system\n`,
        );
      if (node) continue;
      if (!ctx.fs.get(parentOf(p))?.dir)
        problem(
          gnu
            ? `touch: cannot touch '${p}': No such file or directory\n`
            : `touch: ${p}: No such file or directory\n`,
        );
      else if (!ctx.fs.write(p, ''))
        problem(
          gnu
            ? `touch: cannot touch '${p}': Read-only file system\n`
            : `touch: ${p}: Read-only file system\n`,
        );
    } else if (name === 'mkdir') {
      if (node && !flags.includes('p')) {
        problem(
          gnu
            ? `mkdir: cannot create directory '${p}': File exists\n`
            : `mkdir: can't create directory '${p}': File exists\n`,
        );
        continue;
      }
      if (!flags.includes('p') && !ctx.fs.get(parentOf(p))?.dir) {
        problem(
          gnu
            ? `mkdir: cannot create directory '${p}': No such file or directory\n`
            : `mkdir: can't create directory '${p}': No such file or directory\n`,
        );
        continue;
      }
      if (!ctx.fs.mkdirs(p))
        problem(
          gnu
            ? `mkdir: cannot create directory '${p}': Read-only file system\n`
            : `mkdir: can't create directory '${p}': Read-only file system\n`,
        );
    } else {
      if (!node) {
        if (!flags.includes('f'))
          problem(
            gnu
              ? `rm: cannot remove '${p}': No such file or directory\n`
              : `rm: can't remove '${p}': No such file or directory\n`,
          );
        continue;
      }
      if (node.dir && !/[rR]/.test(flags)) {
        problem(gnu ? `rm: cannot remove '${p}': Is a directory\n` : `rm: '${p}' is a directory\n`);
        continue;
      }
      if (!ctx.fs.remove(p))
        problem(
          gnu
            ? `rm: cannot remove '${p}': Read-only file system\n`
            : `rm: can't remove '${p}': Read-only file system\n`,
        );
    }
  }
  return { out: '', err, code };
}

/** The container's main processes as `ps` lists them (command line, user). */
function mainProcesses(ctx: ToolContext): { user: string; command: string }[] {
  const c = ctx.container;
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const repo = parseImage(c.image).repository;
  if (argv.length) return [{ user: 'root', command: argv.join(' ') }];
  if (repo === 'nginx')
    return [
      { user: 'root', command: 'nginx: master process nginx -g daemon off;' },
      { user: 'nginx', command: 'nginx: worker process' },
      { user: 'nginx', command: 'nginx: worker process' },
    ];
  return [{ user: 'root', command: 'sh' }];
}

/** busybox `ps`: the main processes, then this exec's `ps` with the next free pid. */
function psText(ctx: ToolContext): string {
  const main = mainProcesses(ctx);
  const snap = startSnapshot(ctx.cluster.client, ctx.pod, ctx.container.name);
  const pids = main.map((_, i) => (i === 0 ? 1 : 28 + i));
  snap.lastPid = Math.max(snap.lastPid ?? 6, pids.at(-1)!) + 1;
  const row = (pid: number, user: string, command: string): string =>
    `${String(pid).padStart(5)} ${user.padEnd(8).slice(0, 8)}  0:00 ${command}\n`;
  return `PID   USER     TIME  COMMAND\n${main.map((p, i) => row(pids[i]!, p.user, p.command)).join('')}${row(snap.lastPid, 'root', 'ps')}`;
}

/** The URL a wget or curl argument means (no scheme: http). */
function urlOf(arg: string): string {
  return /^[a-z]+:\/\//i.test(arg) ? arg : `http://${arg}`;
}

function hostPort(url: string): { host: string; port: number } {
  const m = /^[a-z]+:\/\/([^/:?#]+)(?::(\d+))?/i.exec(url);
  return { host: m?.[1] ?? url, port: m?.[2] ? Number(m[2]) : /^https/i.test(url) ? 443 : 80 };
}

interface Fetched {
  ok: boolean;
  status?: number;
  body?: string;
  /** The address connected to. */
  ip?: string;
  error?: 'resolve' | 'refused' | 'timeout' | 'unreachable' | 'empty' | 'malformed' | 'no-network';
}

function fetch(url: string, ctx: ToolContext): Fetched {
  const world = ctx.cluster.world;
  if (!world) return { ok: false, error: 'no-network' };
  const r = world.request(ctx.pod, url);
  const ip = r.service?.clusterIP ?? r.pod?.ip ?? /(\d+\.\d+\.\d+\.\d+)/.exec(r.error ?? '')?.[1];
  if (r.ok) {
    const page = r.pod ? servedPage(ctx, r.pod, url) : undefined;
    if (page === null) return { ok: true, status: 404, body: NGINX_404, ...(ip ? { ip } : {}) };
    return { ok: true, status: r.status, body: page ?? r.body ?? '', ...(ip ? { ip } : {}) };
  }
  const e = r.error ?? '';
  const error: Fetched['error'] = e.startsWith('Could not resolve host')
    ? 'resolve'
    : e.startsWith('URL rejected')
      ? 'malformed'
      : e.includes('timed out')
        ? 'timeout'
        : e.includes('No route to host')
          ? 'unreachable'
          : e.startsWith('Empty reply')
            ? 'empty'
            : 'refused';
  return { ok: false, error, ...(ip ? { ip } : {}) };
}

/**
 * What an nginx pod serves at the URL's path when an exec changed its document root
 * (`echo hi > /usr/share/nginx/html/index.html`): the new content, null when removed,
 * undefined when nothing there was changed.
 */
function servedPage(
  ctx: ToolContext,
  who: { namespace: string; name: string },
  url: string,
): string | null | undefined {
  const pod = ctx.cluster.client.get('pods', who.namespace, who.name);
  if (!pod) return undefined;
  const path = (url.replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0] || '/').replace(/\/$/, '/index.html');
  for (const c of (pod.spec?.containers ?? []) as ContainerSpec[]) {
    if (parseImage(c.image).repository !== 'nginx') continue;
    const layer = containerLayer(ctx.cluster.client, pod, c.name);
    const rel = normalize(`/usr/share/nginx/html/${path}`).slice(1);
    if (layer.has(rel)) {
      const node = layer.get(rel);
      return node && !node.dir ? node.content : null;
    }
  }
  return undefined;
}

const REASONS: Record<number, string> = { 200: 'OK', 404: 'Not Found', 500: 'Internal Server Error' };

function wget(args: string[], ctx: ToolContext): Output {
  let quiet = false;
  let output: string | undefined;
  let spider = false;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--spider') spider = true;
    else if (a === '-O') output = args[++i];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-T' || a === '--timeout') i++;
    else if (/^-[a-zA-Z]+/.test(a)) {
      if (a.includes('q')) quiet = true;
      const o = a.indexOf('O');
      if (o > 0) output = a.slice(o + 1) || args[++i];
    } else target = a;
  }
  if (target === undefined)
    return fail(
      'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n',
    );
  const url = urlOf(target);
  const { host, port } = hostPort(url);
  const r = fetch(url, ctx);
  let err = '';
  const where = `${r.ip ?? host}:${port}`;
  if (!quiet && r.error !== 'resolve') err += `Connecting to ${host} (${where})\n`;
  switch (r.error) {
    case 'resolve':
      return fail(`wget: bad address '${host}'\n`);
    case 'malformed':
      return fail(`wget: not an http or ftp url: ${target}\n`);
    case 'timeout':
      return fail(`${err}wget: download timed out\n`);
    case 'refused':
      return fail(`${err}wget: can't connect to remote host (${r.ip ?? host}): Connection refused\n`);
    case 'unreachable':
      return fail(`${err}wget: can't connect to remote host (${r.ip ?? host}): Host is unreachable\n`);
    case 'empty':
      return fail(`${err}wget: error getting response: Connection reset by peer\n`);
    case 'no-network':
      return fail(`wget: bad address '${host}'\n`);
    default:
      break;
  }
  if (r.status !== 200)
    return fail(`${err}wget: server returned error: HTTP/1.1 ${r.status} ${REASONS[r.status!] ?? ''}\n`);
  if (spider) return { out: '', err: quiet ? '' : `${err}remote file exists\n`, code: 0 };
  const body = r.body ?? '';
  const size = byteLength(body);
  const bar = (name: string) =>
    `${name.padEnd(20)} 100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA\n`;
  if (output === '-') {
    return {
      out: body,
      err: quiet ? '' : `${err}writing to stdout\n${bar('-')}written to stdout\n`,
      code: 0,
    };
  }
  const file =
    output ??
    (url
      .replace(/^[a-z]+:\/\/[^/]*/i, '')
      .split('/')
      .pop() ||
      'index.html');
  if (ctx.fs.get(file) && output === undefined)
    return fail(`${err}wget: can't open '${file}': File exists\n`);
  if (!ctx.fs.write(file.startsWith('/') ? file : `/${file}`, body))
    return fail(`${err}wget: can't open '${file}': Read-only file system\n`);
  return { out: '', err: quiet ? '' : `${err}saving to '${file}'\n${bar(file)}'${file}' saved\n`, code: 0 };
}

function curl(args: string[], ctx: ToolContext, tty: boolean): Output {
  let silent = false;
  let showErrors = false;
  let fail22 = false;
  let output: string | undefined;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--output') output = args[++i];
    else if (a === '-m' || a === '--max-time' || a === '--connect-timeout' || a === '-H' || a === '-X') i++;
    else if (a === '--silent') silent = true;
    else if (a === '--show-error') showErrors = true;
    else if (a === '--fail') fail22 = true;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      silent ||= a.includes('s');
      showErrors ||= a.includes('S');
      fail22 ||= a.includes('f');
    } else if (!a.startsWith('-')) target = a;
  }
  if (target === undefined)
    return fail("curl: try 'curl --help' or 'curl --manual' for more information\n", 2);
  const url = urlOf(target);
  const { host, port } = hostPort(url);
  const r = fetch(url, ctx);
  const meterShown = !silent && (!tty || output !== undefined);
  const size = r.ok ? byteLength(r.body ?? '') : 0;
  const meter = meterShown
    ? '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
      '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
      (r.ok
        ? `100 ${String(size).padStart(5)}  100 ${String(size).padStart(5)}    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k\n`
        : '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n')
    : '';
  const error = (code: number, text: string): Output => ({
    out: '',
    err: `${meter}${!silent || showErrors ? `curl: (${code}) ${text}\n` : ''}`,
    code,
  });
  switch (r.error) {
    case 'resolve':
    case 'no-network':
      return error(6, `Could not resolve host: ${host}`);
    case 'malformed':
      return error(3, 'URL rejected: Malformed input to a URL function');
    case 'timeout':
      return error(28, `Failed to connect to ${host} port ${port} after 3002 ms: Timeout was reached`);
    case 'refused':
    case 'unreachable':
      return error(7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`);
    case 'empty':
      return error(52, 'Empty reply from server');
    default:
      break;
  }
  if (fail22 && (r.status ?? 0) >= 400) return error(22, `The requested URL returned error: ${r.status}`);
  if (output !== undefined && output !== '-') {
    if (!ctx.fs.write(output.startsWith('/') ? output : `/${output}`, r.body ?? ''))
      return error(23, `Failure writing output to destination, passed ${size} returned 0`);
    return { out: '', err: meter, code: 0 };
  }
  return { out: r.body ?? '', err: meter, code: 0 };
}

/** Runs one program (argv[0] on the image's $PATH); `viaShell` words a missing program as sh does. */
export function runProgram(argv: string[], stdin: string, ctx: ToolContext, tty = false): Output {
  const [argv0, ...args] = argv as [string, ...string[]];
  const name = programName(argv0, ctx.profile);
  if (!name) {
    const script = busybox(ctx) ? `sh: ${argv0}: not found\n` : `sh: 1: ${argv0}: not found\n`;
    return fail(script, 127);
  }
  switch (name) {
    case 'sh': {
      const c = args.indexOf('-c');
      const script = c >= 0 ? (args[c + 1] ?? '') : stdin;
      if (c >= 0 && args[c + 1] === undefined)
        return fail(busybox(ctx) ? 'sh: -c requires an argument\n' : 'sh: 0: -c requires an argument\n', 2);
      const child: ToolContext = { ...ctx, env: new Map(ctx.env), lastCode: 0, stderr: '' };
      const r = runScript(script, c >= 0 ? stdin : '', child, (a, s, x) => runProgram(a, s, x, tty));
      return { out: r.out, err: r.err, code: r.code };
    }
    case 'env':
    case 'printenv': {
      if (name === 'printenv' && args.length) {
        const values = args.map((a) => ctx.env.get(a));
        return {
          out: values
            .filter((v) => v !== undefined)
            .map((v) => `${v}\n`)
            .join(''),
          err: '',
          code: values.every((v) => v !== undefined) ? 0 : 1,
        };
      }
      if (name === 'env' && args.length) {
        // `env VAR=x program ...`
        const env = new Map(ctx.env);
        let i = 0;
        for (; i < args.length; i++) {
          const m = /^([^=]+)=(.*)$/s.exec(args[i]!);
          if (!m) break;
          env.set(m[1]!, m[2]!);
        }
        if (i === args.length) return ok([...env].map(([k, v]) => `${k}=${v}\n`).join(''));
        const r = runProgram(args.slice(i), stdin, { ...ctx, env }, tty);
        if (r.code === 127 && !programName(args[i]!, ctx.profile))
          return fail(
            busybox(ctx)
              ? `env: can't execute '${args[i]}': No such file or directory\n`
              : `env: '${args[i]}': No such file or directory\n`,
            127,
          );
        return r;
      }
      return ok(envText(ctx));
    }
    case 'cat':
      return cat(args, stdin, ctx);
    case 'ls':
      return ls(args, ctx);
    case 'hostname':
      return ok(`${ctx.env.get('HOSTNAME') ?? ctx.pod.metadata.name}\n`);
    case 'echo': {
      let rest = args;
      let newline = true;
      if (rest[0] === '-n') {
        newline = false;
        rest = rest.slice(1);
      }
      return ok(`${rest.join(' ')}${newline ? '\n' : ''}`);
    }
    case 'pwd':
      return ok('/\n');
    case 'whoami':
      return ok('root\n');
    case 'true':
    case 'sleep':
      return ok();
    case 'false':
      return { out: '', err: '', code: 1 };
    case 'date':
      return ok(dateText(ctx.cluster.clock.now()));
    case 'grep':
      return grep(args, stdin, ctx);
    case 'head':
    case 'tail': {
      const { n, rest } = countArg(args, 10);
      const input = inputOf(rest, stdin, ctx, name);
      const l = lines(input.out);
      const picked = name === 'head' ? l.slice(0, n) : n <= 0 ? [] : l.slice(-n);
      return { out: picked.map((x) => `${x}\n`).join(''), err: input.err, code: input.code };
    }
    case 'sort': {
      const files = args.filter((a) => !a.startsWith('-'));
      const input = inputOf(files, stdin, ctx, 'sort');
      const l = lines(input.out).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (args.includes('-r')) l.reverse();
      return { out: l.map((x) => `${x}\n`).join(''), err: input.err, code: input.code };
    }
    case 'wc':
      return wc(args, stdin, ctx);
    case 'touch':
    case 'mkdir':
    case 'rm':
      return fileTool(name, args, ctx);
    case 'ps':
      return ok(psText(ctx));
    case 'seq': {
      const n = args.map(Number);
      if (!args.length || n.some((x) => !Number.isFinite(x)))
        return fail(
          busybox(ctx)
            ? `seq: invalid number '${args.find((a) => !Number.isFinite(Number(a))) ?? ''}'\n`
            : "seq: missing operand\nTry 'seq --help' for more information.\n",
        );
      const [first, step, last] =
        n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, 1, n[1]!] : [n[0]!, n[1]!, n[2]!];
      const out: string[] = [];
      for (let v = first; step > 0 ? v <= last : v >= last; v += step) {
        out.push(String(v));
        if (out.length > 100_000 || step === 0) break;
      }
      return ok(out.map((x) => `${x}\n`).join(''));
    }
    case 'nslookup': {
      const target = args.find((a) => !a.startsWith('-'));
      if (!target)
        return fail(
          'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n',
        );
      const text = nslookupText(ctx.cluster.client, target, ctx.pod.metadata.namespace ?? 'default');
      return { out: text, err: '', code: text.includes('NXDOMAIN') ? 1 : 0 };
    }
    case 'wget':
      return wget(args, ctx);
    case 'curl':
      return curl(args, ctx, tty);
    case 'nginx':
      return args.includes('-v')
        ? fail(`nginx version: nginx/${ctx.env.get('NGINX_VERSION') ?? '1.27.3'}\n`, 0)
        : fail(`nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n`);
    default:
      return fail(`sh: ${argv0}: not found\n`, 127);
  }
}

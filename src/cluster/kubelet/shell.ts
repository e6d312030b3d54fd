/**
 * A small shell subset for busybox and alpine containers, enough for the classic examples:
 * `sleep N`, `echo ...`, `exit N`, `date`, `touch`/`rm` of files, `true`/`false`, `tail -f`,
 * `httpd -p PORT`/`nc -l -p PORT`, and `while true; do ...; done`. It does not run anything: it
 * turns a command line into a timeline (what is printed when, when the process exits and how).
 */

/** What a process does over time, measured from its start. */
export interface Timeline {
  /** Lines printed once, at offsets from the start. */
  logs: { atMs: number; text: string }[];
  /** A section repeated forever from `startMs`, one round every `periodMs`. */
  loop?: { startMs: number; periodMs: number; lines: { offsetMs: number; text: string }[] };
  /** When and how it exits; absent when it runs until stopped. */
  exit?: { atMs: number; code: number };
  /** Files it creates and removes (exec probes such as `cat /tmp/healthy` look at them). */
  files: { path: string; createdMs: number; removedMs?: number }[];
  /** Ports it listens on. */
  ports: number[];
}

const SHELLS = new Set(['sh', '/bin/sh', 'ash', '/bin/ash', 'bash', '/bin/bash']);

/** True when argv starts a shell with a script (`sh -c "..."`). */
export function isShellCommand(argv: string[]): boolean {
  return argv.length >= 1 && SHELLS.has(argv[0]!);
}

function seconds(text: string | undefined): number {
  if (!text) return 0;
  if (text === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!m) return 0;
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * mult;
}

/** Splits a script into words, keeping quoted strings whole (quotes removed). */
function words(statement: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(statement))) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Splits on `;`, `&&`, `||` and newlines outside quotes. */
function statements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (
      c === ';' ||
      c === '\n' ||
      (c === '&' && script[i + 1] === '&') ||
      (c === '|' && script[i + 1] === '|')
    ) {
      if (c === '&' || c === '|') i++;
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

function expand(text: string, env: Record<string, string>): string {
  return text
    .replace(/\$\(date\)|`date`/g, '{date}')
    .replace(
      /\$\{(\w+)\}|\$(\w+)/g,
      (_, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? '',
    );
}

interface RunState {
  t: number;
  code: number;
  done: boolean;
  forever: boolean;
  lines: { atMs: number; text: string }[];
  files: Timeline['files'];
  ports: number[];
}

/** Runs statements from time `st.t`, appending output; stops at exit or a never-ending command. */
function run(stmts: string[], st: RunState, env: Record<string, string>): void {
  for (const s of stmts) {
    if (st.done || st.forever) return;
    const w = words(s);
    const cmd = w[0] ?? '';
    const redirect = w.findIndex((x) => x === '>' || x === '>>');
    const args = redirect >= 0 ? w.slice(1, redirect) : w.slice(1);
    const target = redirect >= 0 ? w[redirect + 1] : undefined;
    const file = (path: string | undefined): void => {
      if (path && path !== '/dev/null') st.files.push({ path, createdMs: st.t });
    };
    st.code = 0;
    switch (cmd) {
      case 'echo':
      case 'printf': {
        const text = expand(args.filter((a) => a !== '-n' && a !== '-e').join(' '), env).replace(/\\n$/, '');
        if (target) file(target);
        else st.lines.push({ atMs: st.t, text });
        break;
      }
      case 'date':
        st.lines.push({ atMs: st.t, text: '{date}' });
        break;
      case 'sleep': {
        const s2 = seconds(args[0]);
        if (!Number.isFinite(s2)) st.forever = true;
        else st.t += s2 * 1000;
        break;
      }
      case 'exit':
        st.code = Number(args[0] ?? 0) & 255;
        st.done = true;
        break;
      case 'touch':
        args.forEach(file);
        break;
      case 'rm':
        for (const a of args.filter((x) => !x.startsWith('-'))) {
          for (const f of st.files) if (f.path === a && f.removedMs === undefined) f.removedMs = st.t;
        }
        break;
      case 'false':
        st.code = 1;
        break;
      case 'tail':
        if (args.includes('-f')) st.forever = true;
        break;
      case 'httpd':
      case 'nc': {
        const p = args.indexOf('-p');
        st.ports.push(p >= 0 ? Number(args[p + 1]) : 80);
        st.forever = true;
        break;
      }
      default:
        if (SHELLS.has(cmd) && args[0] === '-c') run(statements(args[1] ?? ''), st, env);
        else if (target) file(target);
        break;
    }
  }
}

/** The timeline of a shell command line (argv is command followed by args). */
export function shellTimeline(argv: string[], env: Record<string, string> = {}): Timeline {
  const st: RunState = { t: 0, code: 0, done: false, forever: false, lines: [], files: [], ports: [] };
  let script: string;
  if (isShellCommand(argv)) {
    const c = argv.indexOf('-c');
    if (c < 0) return { logs: [], exit: { atMs: 0, code: 0 }, files: [], ports: [] }; // `sh` without a tty exits at once
    script = argv[c + 1] ?? '';
  } else script = argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');

  const loop = /while\s+(?:true|:)\s*;?\s*do\s+([\s\S]*?)\s*;?\s*done/.exec(script);
  const before = loop ? script.slice(0, loop.index) : script;
  run(statements(before), st, env);
  if (loop && !st.done && !st.forever) {
    const start = st.t;
    const body: RunState = { ...st, t: 0, lines: [], files: [], ports: [] };
    run(statements(loop[1]!), body, env);
    st.files.push(
      ...body.files.map((f) => ({
        ...f,
        createdMs: f.createdMs + start,
        ...(f.removedMs !== undefined ? { removedMs: f.removedMs + start } : {}),
      })),
    );
    st.ports.push(...body.ports);
    if (body.done) {
      // The loop body exits on its first round.
      st.lines.push(...body.lines.map((l) => ({ ...l, atMs: l.atMs + start })));
      return {
        logs: st.lines,
        exit: { atMs: start + body.t, code: body.code },
        files: st.files,
        ports: st.ports,
      };
    }
    const periodMs = body.t > 0 ? body.t : 1000;
    return {
      logs: st.lines,
      loop: { startMs: start, periodMs, lines: body.lines.map((l) => ({ offsetMs: l.atMs, text: l.text })) },
      files: st.files,
      ports: st.ports,
    };
  }
  const timeline: Timeline = { logs: st.lines, files: st.files, ports: st.ports };
  if (!st.forever) timeline.exit = { atMs: st.t, code: st.code };
  return timeline;
}

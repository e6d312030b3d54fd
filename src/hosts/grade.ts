/**
 * `cadet grade`: grades a lab. Node-only host code: it reads the lab and the learner's files,
 * then hands them to the pure grader (src/grader): a replay on a fresh simulated cluster, or,
 * with --kubeconfig, the state of a real cluster read over HTTP.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { readTree } from '../content/validate';
import { labSlug } from '../content/labs';
import { formatDiagnostic } from '../content/diagnostics';
import { grade, gradeFiles, loadLab, type CheckResult, type GradeReport } from '../grader/index';
import type { Io } from './cli';

export const GRADE_HELP = `Usage: cadet grade --lab <dir> (--files <dir> | --solution | --starter | --variant <name> | --kubeconfig <file>) [options]

Grades a lab (labs/<nn-slug>/).
  --lab <dir>          the lab folder
  --files <dir>        replay these files (every .yaml, .yml and .json, in path order, as
                       kubectl apply -f would) on a fresh simulated cluster, then grade
  --solution           replay the lab's solution/
  --starter            replay the lab's starter/
  --variant <name>     replay the lab's variants/<name>/
  --kubeconfig <file>  grade the cluster this kubeconfig points at (a real cluster, or one
                       from cadet serve); eventually checks wait in real time
  --context <name>     the kubeconfig context (default: its current context)
  --no-chaos           skip after checks (they delete pods or stop nodes); they count as failed
  --json               print the report as JSON

Exit code: 0 when every check passes, 1 when one fails, 2 on bad input.
`;

interface GradeArgs {
  lab: string;
  files?: string;
  pick?: 'solution' | 'starter' | { variant: string };
  kubeconfig?: string;
  context?: string;
  json: boolean;
  noChaos: boolean;
}

/** Parses the options; throws an Error with the message to print on bad input. */
export function parseGradeArgs(args: string[]): GradeArgs {
  const out: Partial<GradeArgs> & { json: boolean; noChaos: boolean } = { json: false, noChaos: false };
  const value = (i: number, flag: string): string => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '--lab':
        out.lab = take();
        break;
      case '--files':
        out.files = take();
        break;
      case '--solution':
        out.pick = 'solution';
        break;
      case '--starter':
        out.pick = 'starter';
        break;
      case '--variant':
        out.pick = { variant: take() };
        break;
      case '--kubeconfig':
        out.kubeconfig = take();
        break;
      case '--context':
        out.context = take();
        break;
      case '--json':
        out.json = true;
        break;
      case '--no-chaos':
        out.noChaos = true;
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if (!out.lab) throw new Error('--lab <dir> is required');
  const sources = [out.files, out.pick, out.kubeconfig].filter((x) => x !== undefined).length;
  if (sources !== 1)
    throw new Error('give exactly one of --files, --solution, --starter, --variant or --kubeconfig');
  return out as GradeArgs;
}

function checkLines(c: CheckResult, indent: string, out: string[]): void {
  out.push(`${indent}${c.passed ? '✓' : '✗'} ${c.title} (${c.id}) ${c.points}/${c.maxPoints}`);
  if (!c.passed) {
    out.push(`${indent}    ${c.message}`);
    if (c.location)
      out.push(
        `${indent}    at ${c.location.file}:${c.location.line}:${c.location.col}${c.location.path ? ` (${c.location.path})` : ''}`,
      );
    if (c.hint) out.push(`${indent}    hint: ${c.hint}`);
  }
}

/** The report as the terminal shows it. */
export function formatReport(report: GradeReport, title: string): string {
  const out: string[] = [`${title}`];
  if (report.applied.length) {
    out.push('', 'Applied:');
    for (const a of report.applied) out.push(`  ${a.file}:${a.line}: ${a.message}`);
  }
  for (const t of report.tasks) {
    out.push('', `${t.passed ? '✓' : '✗'} ${t.title} (${t.id}) ${t.points}/${t.maxPoints}`);
    for (const c of t.checks) checkLines(c, '  ', out);
  }
  const failed = report.tasks.flatMap((t) => t.checks).filter((c) => !c.passed).length;
  out.push(
    '',
    `Score: ${report.points}/${report.maxPoints} points; ${failed === 0 ? 'every check passes' : `${failed} check(s) fail`}`,
  );
  return out.join('\n');
}

export async function runGrade(args: string[], io: Io): Promise<number> {
  let options: GradeArgs;
  try {
    options = parseGradeArgs(args);
  } catch (err) {
    io.err(`cadet grade: ${(err as Error).message}\n\n${GRADE_HELP}`);
    return 2;
  }
  const labDir = resolve(io.cwd, options.lab);
  if (!existsSync(labDir) || !statSync(labDir).isDirectory()) {
    io.err(`cadet grade: lab folder ${options.lab} does not exist`);
    return 2;
  }
  const { lab, diagnostics } = loadLab(readTree(labDir), {
    slug: labSlug(basename(labDir)),
    dir: options.lab,
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!lab || errors.length) {
    for (const d of errors) io.err(formatDiagnostic(d));
    io.err(`cadet grade: ${options.lab} is not a valid lab`);
    return 2;
  }
  let report: GradeReport;
  try {
    if (options.kubeconfig) {
      const file = resolve(io.cwd, options.kubeconfig);
      if (!existsSync(file)) {
        io.err(`cadet grade: kubeconfig ${options.kubeconfig} does not exist`);
        return 2;
      }
      // Loaded only here: @kubernetes/client-node is a large, Node-only dependency.
      const { httpReader } = await import('../grader/http-reader');
      report = await grade(lab, httpReader(file, options.context ? { context: options.context } : {}), {
        noChaos: options.noChaos,
      });
    } else {
      let files: Record<string, string>;
      if (options.files) {
        const dir = resolve(io.cwd, options.files);
        if (!existsSync(dir) || !statSync(dir).isDirectory()) {
          io.err(`cadet grade: files folder ${options.files} does not exist`);
          return 2;
        }
        files = readTree(dir);
      } else if (options.pick === 'solution') files = lab.solution;
      else if (options.pick === 'starter') files = lab.starter;
      else {
        const name = (options.pick as { variant: string }).variant;
        const v = lab.variants.find((x) => x.name === name);
        if (!v) {
          io.err(
            `cadet grade: ${options.lab} has no variant "${name}" (it has: ${lab.variants.map((x) => x.name).join(', ') || 'none'})`,
          );
          return 2;
        }
        files = v.files;
      }
      report = await gradeFiles(lab, files, { noChaos: options.noChaos });
    }
  } catch (err) {
    io.err(`cadet grade: ${(err as Error).message}`);
    return 1;
  }
  io.out(
    options.json ? JSON.stringify(report, null, 2) : formatReport(report, `${lab.title} (${options.lab})`),
  );
  return report.passed ? 0 : 1;
}

/**
 * The `cadet` command. Node-only host code: it reads files and prints; the work is done
 * by the modules it calls.
 */
import { checkContent, proveLabs } from '../content/validate';
import { runGrade, GRADE_HELP } from './grade';
import { formatDiagnostic, sortDiagnostics } from '../content/diagnostics';
import { parseServeArgs, serve, SERVE_HELP } from './serve';
import { runKubectlCommand } from './kubectl';

const HELP = `cadet: the Kubernetes course toolkit

Usage: cadet <command> [options]

Commands:
  check [dir]    Validate all course content (lessons, quizzes, labs, glossary) under dir
                 (default: the current directory), and prove every lab's graders by replaying
                 its solution, starter and variants. Prints file:line:col code severity message
                 for each problem and exits 1 if there is any error.
  grade          Grade a lab: replay files on a fresh simulated cluster, or read a real
                 cluster through a kubeconfig.
  serve          Run the simulated cluster as an HTTP API server for real kubectl, and write
                 a kubeconfig for it.
  kubectl ...    Cadet's own kubectl (the one the browser labs run), against the cluster of
                 --kubeconfig, $KUBECONFIG or .cadet/kubeconfig (written by cadet serve).
  help           Show this help.

Run 'cadet <command> --help' for a command's options.
`;

const CHECK_HELP = `Usage: cadet check [dir] [--quiet]

Validates lessons/, quizzes/, labs/ and lessons/glossary/ under dir (default: .).
Each problem is printed as

  path:line:col code severity message

Every lab is also proved on fresh simulated clusters: its solution passes every check, its
starter fails at least one check of each task, each variants/correct-* passes and each
variants/wrong-* fails the check its EXPECT file names.

Warnings (such as a lesson naming a lab that does not exist yet) do not fail the check.
  --quiet   print errors only
`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

export async function runCheck(args: string[], io: Io): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(CHECK_HELP);
    return 0;
  }
  const unknown = args.find((a) => a.startsWith('-') && a !== '--quiet');
  if (unknown) {
    io.err(`cadet check: unknown option ${unknown}\n\n${CHECK_HELP}`);
    return 2;
  }
  const quiet = args.includes('--quiet');
  const dir = args.find((a) => !a.startsWith('-')) ?? io.cwd;
  const report = checkContent(dir);
  const diagnostics = sortDiagnostics([...report.diagnostics, ...(await proveLabs(dir, report))]);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  for (const d of quiet ? errors : diagnostics) io.out(formatDiagnostic(d));
  io.out(
    `cadet check: ${report.lessons.length} lessons, ${report.quizzes.size} quizzes, ${report.labs.length} labs, ` +
      `${report.glossary.length} glossary terms: ${errors.length} error(s), ${warnings.length} warning(s)`,
  );
  return errors.length ? 1 : 0;
}

export async function runServe(args: string[], io: Io): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(SERVE_HELP);
    return 0;
  }
  let options;
  try {
    options = parseServeArgs(args, io.cwd);
  } catch (err) {
    io.err(`cadet serve: ${(err as Error).message}\n\n${SERVE_HELP}`);
    return 2;
  }
  let served;
  try {
    served = await serve(options, io.out);
  } catch (err) {
    io.err(`cadet serve: ${(err as Error).message}`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      served.stop().then(resolve, (err: unknown) => {
        io.err(`cadet serve: ${(err as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest, io);
    case 'serve':
      return runServe(rest, io);
    case 'grade':
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(GRADE_HELP);
        return 0;
      }
      return runGrade(rest, io);
    case 'kubectl':
      return runKubectlCommand(rest, io.cwd);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(HELP);
      return 0;
    default:
      io.err(`cadet: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

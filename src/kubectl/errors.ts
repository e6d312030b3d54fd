/**
 * kubectl's errors and how they are printed: server `Status` errors (`Error from server
 * (NotFound): pods "x" not found`, `The Deployment "x" is invalid: ...`), plain client errors
 * (`error: ...`), flag errors followed by `See 'kubectl get --help' for usage.`, and usage errors
 * followed by `See 'kubectl get -h' for help and examples`.
 */
import { ApiError, type Status } from '../cluster/types.js';

/** A client-side failure; `message` is printed as kubectl prints it (see `formatError`). */
export class KubectlError extends Error {
  constructor(
    message: string,
    /** Exit code (kubectl uses 1 for nearly everything). */
    readonly exitCode = 1,
    /** Print `message` as is, without the `error: ` prefix. */
    readonly raw = false,
  ) {
    super(message);
    this.name = 'KubectlError';
  }
}

/** A flag parsing error: printed as `error: <msg>` + `See 'kubectl <path> --help' for usage.` */
export class FlagError extends KubectlError {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** A usage error (cmdutil.UsageErrorf): `error: <msg>` + `See 'kubectl <path> -h' for help and examples`. */
export class UsageError extends KubectlError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `the server doesn't have a resource type "foo"` (kubectl's NoResourceMatchError). */
export class NoResourceMatchError extends KubectlError {
  constructor(
    readonly resource: string,
    readonly group = '',
    readonly version = '',
  ) {
    super(
      group && version
        ? `the server doesn't have a resource type "${resource}" in group "${group}" and version "${version}"`
        : group
          ? `the server doesn't have a resource type "${resource}" in group "${group}"`
          : version
            ? `the server doesn't have a resource type "${resource}" in version "${version}"`
            : `the server doesn't have a resource type "${resource}"`,
    );
    this.name = 'NoResourceMatchError';
  }
}

/** Turns a Status body into an `ApiError` (for transports that receive it as JSON). */
export function statusError(status: Status): ApiError {
  return new ApiError(status);
}

/** Is this a `Status` failure object? */
export function isStatus(value: unknown): value is Status {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'Status' &&
    typeof (value as { code?: unknown }).code === 'number'
  );
}

/** kubectl's text for a server error (StandardErrorMessage plus the Invalid special case). */
export function formatStatus(status: Status): string {
  if (status.reason === 'Invalid') {
    const d = status.details;
    if (!d) return `The request is invalid${status.message ? `: ${status.message}` : ''}\n`;
    let s = 'The request is invalid';
    if (d.kind || d.name) s = `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid`;
    else if (d.group) s = `The ${d.group} "${d.name ?? ''}" is invalid`;
    const causes = d.causes ?? [];
    if (causes.length === 0) return `${s}\n`;
    const lines = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    if (lines.length === 1) return `${s}: ${lines[0]}\n`;
    return `${s}: \n${lines.map((l) => `* ${l}\n`).join('')}`;
  }
  if (status.reason === 'Unauthorized')
    return `error: You must be logged in to the server (${status.message})\n`;
  if (status.reason) return `Error from server (${status.reason}): ${status.message}\n`;
  return `Error from server: ${status.message}\n`;
}

/** A line ends with exactly one newline, as kubectl's fatal handler makes sure. */
function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * What kubectl prints on stderr for an error raised while running `kubectl <path...>`, and the
 * exit code. Unknown exceptions print as `error: <message>`.
 */
export function formatError(error: unknown, path: string[]): { text: string; code: number } {
  const commandPath = ['kubectl', ...path].join(' ');
  if (error instanceof ApiError) return { text: formatStatus(error.status), code: 1 };
  if (error instanceof FlagError)
    return { text: `error: ${error.message}\nSee '${commandPath} --help' for usage.\n`, code: 1 };
  if (error instanceof UsageError)
    return { text: `error: ${error.message}\nSee '${commandPath} -h' for help and examples\n`, code: 1 };
  if (error instanceof KubectlError) {
    if (error.message === '') return { text: '', code: error.exitCode };
    const prefixed =
      error.raw || error.message.startsWith('error: ') ? error.message : `error: ${error.message}`;
    return { text: line(prefixed), code: error.exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { text: line(message.startsWith('error: ') ? message : `error: ${message}`), code: 1 };
}

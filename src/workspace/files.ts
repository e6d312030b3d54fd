/**
 * The learner's files: a flat record of paths to text, with create, rename and delete that
 * check names and never lose a file, and listeners. Pure.
 */

export type FilesListener = (files: Record<string, string>, changed: string | undefined) => void;

/** Why a path cannot be used, or undefined when it can. */
export function pathProblem(
  path: string,
  files: Record<string, string>,
  except?: string,
): string | undefined {
  if (!path.trim()) return 'a file needs a name';
  if (path.startsWith('/') || path.split('/').some((p) => p === '..' || p === '.' || p === ''))
    return `"${path}": use a path inside the workspace, like manifests/web.yaml`;
  if (!/^[A-Za-z0-9._\-/]+$/.test(path)) return `"${path}": use letters, digits, ".", "-", "_" and "/" only`;
  if (path !== except && path in files) return `"${path}" already exists`;
  if (Object.keys(files).some((f) => f !== except && (f.startsWith(`${path}/`) || path.startsWith(`${f}/`))))
    return `"${path}" clashes with a folder or file of that name`;
  return undefined;
}

export class WorkspaceFiles {
  private files: Record<string, string>;
  private listeners = new Set<FilesListener>();

  constructor(initial: Record<string, string>) {
    this.files = { ...initial };
  }

  all(): Record<string, string> {
    return { ...this.files };
  }

  paths(): string[] {
    return Object.keys(this.files).sort();
  }

  get(path: string): string | undefined {
    return this.files[path];
  }

  onChange(fn: FilesListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(changed?: string): void {
    const all = this.all();
    for (const fn of this.listeners) fn(all, changed);
  }

  set(path: string, text: string): void {
    if (this.files[path] === text) return;
    this.files[path] = text;
    this.emit(path);
  }

  /** Creates a file; throws with the reason when the path cannot be used. */
  create(path: string, text = ''): void {
    const problem = pathProblem(path, this.files);
    if (problem) throw new Error(problem);
    this.files[path] = text;
    this.emit(path);
  }

  rename(from: string, to: string): void {
    if (!(from in this.files)) throw new Error(`"${from}" does not exist`);
    if (from === to) return;
    const problem = pathProblem(to, this.files, from);
    if (problem) throw new Error(problem);
    this.files[to] = this.files[from]!;
    delete this.files[from];
    this.emit(to);
  }

  delete(path: string): void {
    if (!(path in this.files)) throw new Error(`"${path}" does not exist`);
    delete this.files[path];
    this.emit(path);
  }

  replaceAll(files: Record<string, string>): void {
    this.files = { ...files };
    this.emit();
  }
}

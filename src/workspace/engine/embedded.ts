/**
 * The page side of the embedded engine: an `Engine` over a Web Worker (or any object that
 * speaks the same messages, such as a fake in tests) running `serve-core.ts`.
 */
import type {
  Answers,
  ChaosAction,
  ClusterView,
  Engine,
  EngineKind,
  FileProblem,
  LabBundle,
  ObjectDetail,
  Reply,
  ReportView,
  Request,
  RunHandle,
  RunIO,
  StartInfo,
  StartOptions,
} from './types.js';

/** What the engine needs of a worker. */
export interface WorkerLike {
  postMessage(message: Request): void;
  addEventListener(type: 'message', fn: (e: { data: Reply }) => void): void;
  terminate?(): void;
}

type Pending = { resolve(v: unknown): void; reject(e: Error): void; io?: RunIO };

/** Distributes `never` over the union so each member keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class EmbeddedEngine implements Engine {
  readonly kind: EngineKind = 'embedded';
  private next = 1;
  private pending = new Map<number, Pending>();
  private viewListeners = new Set<(v: ClusterView) => void>();
  private problemListeners = new Set<(p: FileProblem[]) => void>();
  private lastView?: ClusterView;

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (e) => this.receive(e.data));
  }

  private receive(reply: Reply): void {
    switch (reply.type) {
      case 'result':
      case 'error': {
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        if (reply.type === 'result') p.resolve(reply.value);
        else p.reject(new Error(reply.message));
        return;
      }
      case 'output': {
        const io = this.pending.get(reply.id)?.io;
        if (io) (reply.stream === 'out' ? io.out : io.err)(reply.chunk);
        return;
      }
      case 'view':
        this.lastView = reply.view;
        for (const fn of this.viewListeners) fn(reply.view);
        return;
      case 'problems':
        for (const fn of this.problemListeners) fn(reply.problems);
        return;
      case 'edit': {
        // No editor on this run's page side: kubectl hears a cancel.
        const io = this.pending.get(reply.id)?.io;
        const edited = io?.edit ? io.edit(reply.text, reply.fileName) : Promise.resolve(null);
        void edited
          .catch(() => null)
          .then((text) => this.request<'edited'>({ type: 'edited', edit: reply.edit, text }).answer)
          .catch(() => undefined);
        return;
      }
      case 'interactive':
        this.pending.get(reply.id)?.io?.interactive?.({ tty: reply.tty });
        return;
    }
  }

  private request<T extends Request['type']>(
    message: WithoutId<Extract<Request, { type: T }>>,
    io?: RunIO,
  ): { id: number; answer: Promise<Answers[T]> } {
    const id = this.next++;
    const answer = new Promise<Answers[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(io ? { io } : {}) });
    });
    this.worker.postMessage({ ...message, id } as Request);
    return { id, answer };
  }

  start(lab: LabBundle, options: StartOptions): Promise<StartInfo> {
    return this.request<'start'>({ type: 'start', lab, options }).answer;
  }

  run(line: string, io: RunIO): RunHandle {
    const { id, answer } = this.request<'run'>({ type: 'run', line }, io);
    return {
      done: answer,
      abort: () => void this.request<'abort'>({ type: 'abort', run: id }).answer,
      input: (data) => void this.request<'input'>({ type: 'input', run: id, data }).answer,
    };
  }

  complete(line: string): Promise<string[]> {
    return this.request<'complete'>({ type: 'complete', line }).answer;
  }

  watch(listener: (view: ClusterView) => void): () => void {
    this.viewListeners.add(listener);
    if (this.lastView) listener(this.lastView);
    return () => this.viewListeners.delete(listener);
  }

  onProblems(listener: (problems: FileProblem[]) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  check(): Promise<ReportView> {
    return this.request<'check'>({ type: 'check' }).answer;
  }

  detail(kind: string, namespace: string, name: string): Promise<ObjectDetail> {
    return this.request<'detail'>({ type: 'detail', kind, namespace, name }).answer;
  }

  snapshot(): Promise<string> {
    return this.request<'snapshot'>({ type: 'snapshot' }).answer;
  }

  restore(snapshot: string): Promise<void> {
    return this.request<'restore'>({ type: 'restore', snapshot }).answer.then(() => undefined);
  }

  chaos(action: ChaosAction): Promise<void> {
    return this.request<'chaos'>({ type: 'chaos', action }).answer.then(() => undefined);
  }

  setFiles(files: Record<string, string>): void {
    void this.request<'files'>({ type: 'files', files }).answer;
  }

  dispose(): void {
    this.worker.terminate?.();
    for (const p of this.pending.values()) p.reject(new Error('the engine was stopped'));
    this.pending.clear();
  }
}

/**
 * Keys typed into the terminal while a command reads them (`kubectl exec -i`), as the async
 * iterable kubectl's exec hook consumes (`ExecIO.input`). Pure.
 */
export class InputQueue implements AsyncIterable<string> {
  private chunks: string[] = [];
  private ended = false;
  private waiting?: (r: IteratorResult<string>) => void;

  /** Keys typed. Ignored after `end`. */
  push(data: string): void {
    if (this.ended || !data) return;
    const wake = this.waiting;
    if (wake) {
      this.waiting = undefined;
      wake({ value: data, done: false });
    } else this.chunks.push(data);
  }

  /** The input ended (Ctrl-D without a terminal, Ctrl-C, or the command finished). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const wake = this.waiting;
    this.waiting = undefined;
    wake?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const chunk = this.chunks.shift();
        if (chunk !== undefined) return Promise.resolve({ value: chunk, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

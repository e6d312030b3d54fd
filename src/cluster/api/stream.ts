/** A push-to-pull queue of text chunks: the body of watch and `logs -f` responses. */

/** Chunks pushed by the producer, read with `for await`; ends on `end()`. */
export class ChunkQueue implements AsyncIterable<string> {
  private readonly chunks: string[] = [];
  private waiting: ((r: IteratorResult<string>) => void) | undefined;
  private ended = false;
  private readonly onEnd: (() => void)[] = [];

  /** Queues a chunk (ignored after `end`). */
  push(chunk: string): void {
    if (this.ended) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: chunk, done: false });
    } else this.chunks.push(chunk);
  }

  /** Ends the stream after the queued chunks. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const fn of this.onEnd.splice(0)) fn();
    if (this.waiting && this.chunks.length === 0) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: undefined, done: true });
    }
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Runs `fn` when the stream ends (release the watch, cancel timers). */
  onClose(fn: () => void): void {
    if (this.ended) fn();
    else this.onEnd.push(fn);
  }

  /** Chunks queued and not yet read. */
  get buffered(): number {
    return this.chunks.length;
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        if (this.chunks.length > 0) return Promise.resolve({ value: this.chunks.shift()!, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => {
        this.end();
        this.chunks.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

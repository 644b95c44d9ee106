/**
 * A one-reader queue between a producer that is called back (SDK fragments, progress callbacks)
 * and an async generator that must also stop the moment an AbortSignal fires, without waiting
 * for the producer. Used so that prompt progress (a callback) and fragments (an iterator)
 * reach the caller in arrival order, and so that a stop never waits for the server's reply.
 */
export class EventQueue<T> {
  private readonly buffer: T[] = [];
  private readIndex = 0;
  private ended = false;
  private failure: { error: unknown } | null = null;
  private wake: (() => void) | null = null;

  push(item: T): void {
    if (this.ended || this.failure) return;
    this.buffer.push(item);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: unknown): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.notify();
  }

  /** Yields items in order; throws the producer's failure, or `signal.reason` once aborted. */
  async *drain(signal: AbortSignal): AsyncGenerator<T, void, undefined> {
    for (;;) {
      signal.throwIfAborted();
      if (this.readIndex < this.buffer.length) {
        const item = this.buffer[this.readIndex] as T;
        this.buffer[this.readIndex] = undefined as T; // let the consumed item be collected
        this.readIndex += 1;
        yield item;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return;
      await this.changed(signal);
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private changed(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }
}

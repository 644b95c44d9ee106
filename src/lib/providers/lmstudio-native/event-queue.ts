/**
 * A one-reader queue between a producer that is called back (SDK fragments, progress callbacks)
 * and an async generator that must also stop the moment an AbortSignal fires, without waiting
 * for the producer. Prompt progress and fragments both arrive by callback, so they reach the
 * caller in arrival order, and a stop never waits for the server's reply. The reader takes
 * everything queued since its last step at once: one async step per wake-up, not per item.
 */
export class EventQueue<T> {
  private buffer: T[] = [];
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

  /**
   * Yields the queued items in batches (in order, never empty); throws the producer's failure
   * once the items before it are out, or `signal.reason` once aborted.
   */
  async *drain(signal: AbortSignal): AsyncGenerator<T[], void, undefined> {
    for (;;) {
      signal.throwIfAborted();
      if (this.buffer.length > 0) {
        const batch = this.buffer;
        this.buffer = [];
        yield batch;
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

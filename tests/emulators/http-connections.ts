/**
 * Counts connections (TCP sockets, WebSockets, anything with open/close) and lets a test wait
 * until they close — how a test sees that an abort really closed the connection, with no
 * sleeps. Transport-agnostic so every emulator can use it; the tracker itself serves as
 * `EmulatorHandle.stats`.
 *
 * Node's fetch (undici) may open a spare connection on its own after an aborted request and
 * keep it idle for ~3 s; "used" connections (ones that carried a request) leave it out.
 */

const DEFAULT_WAIT_MS = 10_000;

export class ConnectionTracker {
  private openedCount = 0;
  private closedCount = 0;
  private readonly used = new Set<object>();
  private waiters: Array<{ ready: () => boolean; resolve: () => void }> = [];

  get opened(): number {
    return this.openedCount;
  }

  get closed(): number {
    return this.closedCount;
  }

  get open(): number {
    return this.openedCount - this.closedCount;
  }

  /** Open connections that have carried at least one request. */
  get usedOpen(): number {
    return this.used.size;
  }

  onOpen(): void {
    this.openedCount += 1;
  }

  /** A request arrived on this connection. */
  onUse(connection: object): void {
    this.used.add(connection);
  }

  onClose(connection?: object): void {
    this.closedCount += 1;
    if (connection !== undefined) this.used.delete(connection);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.ready()) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Resolves once at most `count` connections are open; rejects after `timeoutMs`. */
  waitForOpen(count = 0, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil(
      () => this.open <= count,
      timeoutMs,
      () => `${this.open} open, expected ≤ ${count}`,
    );
  }

  /** Resolves once every connection that carried a request has closed. */
  waitForUsedClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil(
      () => this.used.size === 0,
      timeoutMs,
      () => `${this.used.size} used connection(s) open`,
    );
  }

  private waitUntil(ready: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`still ${describe()} after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push({ ready, resolve: done });
    });
  }
}

/** Why the worker gave up on a stream it was not asked to stop. */
export type WatchdogReason = 'first-token' | 'idle';

/**
 * Fires when no first token arrives in `firstTokenMs`, or when the stream then stalls for
 * `idleMs`. Any sign of life (a token, prompt progress) re-arms it. 0 disables a limit.
 */
export class StreamWatchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;

  constructor(
    private readonly firstTokenMs: number,
    private readonly idleMs: number,
    private readonly onExpire: (reason: WatchdogReason, limitMs: number) => void,
  ) {
    this.arm('first-token', firstTokenMs);
  }

  /** Call on prompt progress: the server is alive but has not produced a token yet. */
  progress(): void {
    if (!this.started) this.arm('first-token', this.firstTokenMs);
  }

  /** Call on every token. */
  token(): void {
    this.started = true;
    this.arm('idle', this.idleMs);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(reason: WatchdogReason, limitMs: number): void {
    this.stop();
    if (limitMs > 0) this.timer = setTimeout(() => this.onExpire(reason, limitMs), limitMs);
  }
}

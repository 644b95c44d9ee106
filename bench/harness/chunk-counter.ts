import type { TransportOutcome } from './messages';

/** Counts chunks and stops the run (through `signal`) once its time cap has passed. */
export class Counter {
  chunks = 0;
  chars = 0;
  firstAt = 0;
  lastAt = 0;
  capped = false;
  readonly controller = new AbortController();
  private readonly deadline: number;

  constructor(capMs: number) {
    this.deadline = performance.now() + capMs;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Records one chunk; false once the cap has passed (the caller stops reading). */
  add(text: string): boolean {
    const now = performance.now();
    if (this.chunks === 0) this.firstAt = now;
    this.lastAt = now;
    this.chunks += 1;
    this.chars += text.length;
    if (now < this.deadline) return true;
    this.capped = true;
    this.controller.abort();
    return false;
  }

  outcome(error?: unknown): TransportOutcome {
    const outcome: TransportOutcome = {
      chunks: this.chunks,
      chars: this.chars,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      capped: this.capped,
    };
    if (error !== undefined && !this.capped) outcome.error = String(error);
    return outcome;
  }
}

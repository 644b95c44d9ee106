import type { ChunkPayload } from './protocol';
import type { StreamEvent, ToolCall } from '../vocabulary/chat';

/** Schedules a flush; injectable so tests can drive time by hand. */
export type Scheduler = (flush: () => void, delayMs: number) => { cancel(): void };

export const timeoutScheduler: Scheduler = (flush, delayMs) => {
  const id = setTimeout(flush, delayMs);
  return { cancel: () => clearTimeout(id) };
};

/** About one display frame: the UI never gets more than one chunk message per frame. */
export const FRAME_MS = 16;

/**
 * Batches stream deltas so the main thread gets at most one message per frame, however
 * fast tokens arrive. The first delta is sent at once (time to first token is what users
 * feel most); later ones wait for the next frame boundary.
 */
export class ChunkCoalescer {
  private text: string[] = [];
  private reasoning: string[] = [];
  private toolCalls: ToolCall[] = [];
  private promptProgress: number | undefined;
  private pending: { cancel(): void } | null = null;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly emit: (chunk: ChunkPayload) => void,
    private readonly schedule: Scheduler = timeoutScheduler,
    private readonly now: () => number = () => performance.now(),
    private readonly frameMs = FRAME_MS,
  ) {}

  add(event: StreamEvent): void {
    switch (event.type) {
      case 'text':
        this.text.push(event.text);
        break;
      case 'reasoning':
        this.reasoning.push(event.text);
        break;
      case 'tool-call':
        this.toolCalls.push(event.call);
        break;
      case 'prompt-progress':
        this.promptProgress = event.progress;
        break;
      case 'finish':
        return;
    }
    this.requestFlush();
  }

  /** Sends whatever is buffered now (used before a final message, so order is kept). */
  flush(): void {
    this.pending?.cancel();
    this.pending = null;
    if (!this.hasData()) return;
    const chunk: ChunkPayload = {
      text: this.text.join(''),
      reasoning: this.reasoning.join(''),
      toolCalls: this.toolCalls,
    };
    if (this.promptProgress !== undefined) chunk.promptProgress = this.promptProgress;
    this.text = [];
    this.reasoning = [];
    this.toolCalls = [];
    this.promptProgress = undefined;
    this.lastFlushAt = this.now();
    this.emit(chunk);
  }

  /** Drops anything buffered: after a cancel nothing more may reach the UI. */
  discard(): void {
    this.pending?.cancel();
    this.pending = null;
    this.text = [];
    this.reasoning = [];
    this.toolCalls = [];
    this.promptProgress = undefined;
  }

  private hasData(): boolean {
    return (
      this.text.length > 0 ||
      this.reasoning.length > 0 ||
      this.toolCalls.length > 0 ||
      this.promptProgress !== undefined
    );
  }

  private requestFlush(): void {
    if (this.pending) return;
    const wait = this.lastFlushAt + this.frameMs - this.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.pending = this.schedule(() => {
      this.pending = null;
      this.flush();
    }, wait);
  }
}

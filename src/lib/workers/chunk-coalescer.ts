import { cutBefore } from '../text/utf16';
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
 * The most text (and the most reasoning) one chunk message carries: a runaway model can send megabytes in
 * one read, and the page spends about 3.5 ms per megabyte taking one message in, in a single task. Larger
 * deltas go over the next frames in pieces, so no one message holds the page up.
 */
export const MAX_CHUNK_CHARS = 262_144;

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
    private readonly maxChars = MAX_CHUNK_CHARS,
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

  /** Sends whatever is buffered now, in pieces if it is long (used before a final message, so order is kept). */
  flush(): void {
    this.pending?.cancel();
    this.pending = null;
    while (this.hasData()) this.emitPiece();
  }

  /** A frame's flush: one piece; what is left of a long delta follows at the next frame. */
  private flushPiece(): void {
    this.emitPiece();
    if (this.hasData()) this.requestFlush();
  }

  private emitPiece(): void {
    const chunk: ChunkPayload = {
      text: takePiece(this.text, this.maxChars),
      reasoning: takePiece(this.reasoning, this.maxChars),
      toolCalls: this.toolCalls,
    };
    if (this.promptProgress !== undefined) chunk.promptProgress = this.promptProgress;
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
      this.flushPiece();
      return;
    }
    this.pending = this.schedule(() => {
      this.pending = null;
      this.flushPiece();
    }, wait);
  }
}

/** Takes up to `max` characters (never half a surrogate pair) off the front of `parts`, leaving the rest. */
function takePiece(parts: string[], max: number): string {
  const all = parts.length === 1 ? parts[0]! : parts.join('');
  parts.length = 0;
  if (all.length <= max) return all;
  const end = cutBefore(all, max);
  parts.push(all.slice(end));
  return all.slice(0, end);
}

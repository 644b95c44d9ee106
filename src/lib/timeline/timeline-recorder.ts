import type { GenerationStats } from '../vocabulary/chat';
import type { AnswerTimeline, TimeSpan, TimelinePhase } from '../vocabulary/records';

/** A gap longer than this between two pieces of an answer is a stall. */
export const STALL_MS = 1000;
/** The rate chart's first bucket width; it doubles whenever the buckets would pass MAX_BUCKETS. */
export const FIRST_BUCKET_MS = 250;
export const MAX_BUCKETS = 120;
/** Without the server's count, a token is taken as about four characters. */
const CHARS_PER_TOKEN = 4;

/** What one chunk message of the chat worker brought, and when it arrived (ms, the recorder's clock). */
export interface TimelinePiece {
  at: number;
  textChars: number;
  reasoningChars: number;
  /** Prompt processing progress 0..1, where the server reports it. */
  promptProgress?: number;
}

/**
 * Records where an answer spends its time, from what the page sees of it (each chunk's arrival,
 * whether it held reasoning or text, prompt progress) and what the server says when it ends (load
 * and prompt durations, the token count). Work per chunk is a few additions; the result is
 * bounded (MAX_BUCKETS rate buckets; stalls only over a second).
 */
export class TimelineRecorder {
  private firstTokenAt: number | undefined;
  private firstReasoningAt: number | undefined;
  private firstTextAt: number | undefined;
  private firstProgressAt: number | undefined;
  private lastPieceAt: number | undefined;
  private bucketMs = FIRST_BUCKET_MS;
  /** Characters received per bucket, from the first token on. */
  private buckets: number[] = [];
  private readonly stalls: TimeSpan[] = [];

  constructor(private readonly startedAt: number) {}

  piece(piece: TimelinePiece): void {
    const at = Math.max(piece.at, this.startedAt);
    if (piece.promptProgress !== undefined) this.firstProgressAt ??= at;
    const chars = piece.textChars + piece.reasoningChars;
    if (chars === 0) return;
    if (piece.reasoningChars > 0) this.firstReasoningAt ??= at;
    if (piece.textChars > 0) this.firstTextAt ??= at;
    if (this.firstTokenAt === undefined) this.firstTokenAt = at;
    else if (this.lastPieceAt !== undefined && at - this.lastPieceAt > STALL_MS)
      this.stalls.push({ startMs: this.lastPieceAt - this.startedAt, endMs: at - this.startedAt });
    this.lastPieceAt = at;
    let index = Math.floor((at - this.firstTokenAt) / this.bucketMs);
    while (index >= MAX_BUCKETS) {
      this.mergeBuckets();
      index = Math.floor((at - this.firstTokenAt) / this.bucketMs);
    }
    while (this.buckets.length <= index) this.buckets.push(0);
    this.buckets[index] = (this.buckets[index] ?? 0) + chars;
  }

  /** The timeline as it stands at `at` (while streaming), or as it ended, with the server's figures. */
  timeline(at: number, server: GenerationStats = {}): AnswerTimeline {
    const end = Math.max(at, this.lastPieceAt ?? this.startedAt) - this.startedAt;
    const rel = (t: number | undefined) => (t === undefined ? undefined : t - this.startedAt);
    const firstToken = rel(this.firstTokenAt);
    const timeline: AnswerTimeline = {
      phases: phases({
        end,
        firstToken,
        firstReasoning: rel(this.firstReasoningAt),
        firstText: rel(this.firstTextAt),
        firstProgress: rel(this.firstProgressAt),
        server,
      }),
      rate: {
        startMs: firstToken ?? end,
        bucketMs: this.bucketMs,
        tokens: this.tokensPerBucket(server.completionTokens),
      },
      stalls: this.stalls.map((stall) => ({ ...stall })),
      endMs: end,
    };
    if (firstToken !== undefined) timeline.firstTokenMs = firstToken;
    return timeline;
  }

  private mergeBuckets(): void {
    const merged: number[] = [];
    for (let i = 0; i < this.buckets.length; i += 2)
      merged.push((this.buckets[i] ?? 0) + (this.buckets[i + 1] ?? 0));
    this.buckets = merged;
    this.bucketMs *= 2;
  }

  /** Characters as tokens: scaled so they add up to the server's count when it gave one. */
  private tokensPerBucket(serverTokens: number | undefined): number[] {
    const chars = this.buckets.reduce((sum, n) => sum + n, 0);
    if (chars === 0) return this.buckets.map(() => 0);
    const perChar =
      serverTokens !== undefined && serverTokens > 0 ? serverTokens / chars : 1 / CHARS_PER_TOKEN;
    return this.buckets.map((n) => Math.round(n * perChar * 10) / 10);
  }
}

interface PhaseInput {
  end: number;
  firstToken: number | undefined;
  firstReasoning: number | undefined;
  firstText: number | undefined;
  firstProgress: number | undefined;
  server: GenerationStats;
}

/**
 * The phases, in order. Before the first token the page only knows it is waiting; the server's own
 * durations (Ollama: load, then prompt evaluation, ending at its first token) or LM Studio's first
 * prompt progress carve loading and prompt reading out of the end of that wait.
 */
function phases(input: PhaseInput): TimelinePhase[] {
  const { end, firstToken, firstReasoning, firstText, firstProgress, server } = input;
  const out: TimelinePhase[] = [];
  const push = (kind: TimelinePhase['kind'], startMs: number, endMs: number) => {
    if (endMs > startMs) out.push({ kind, startMs, endMs });
  };
  const waitEnd = firstToken ?? end;
  const loadMs = Math.max(0, (server.loadDurationSec ?? 0) * 1000);
  const serverWaitMs =
    server.timeToFirstTokenSec !== undefined ? server.timeToFirstTokenSec * 1000 : undefined;
  if (serverWaitMs !== undefined && serverWaitMs > 0) {
    // The server's load + prompt time, placed to end at the first token, never before the request.
    const loadStart = Math.max(0, waitEnd - serverWaitMs);
    const promptStart = Math.min(waitEnd, loadStart + loadMs);
    push('waiting', 0, loadStart);
    push('loading', loadStart, promptStart);
    push('prompt', promptStart, waitEnd);
  } else if (firstProgress !== undefined && firstProgress < waitEnd) {
    push('waiting', 0, firstProgress);
    push('prompt', firstProgress, waitEnd);
  } else {
    push('waiting', 0, waitEnd);
  }
  if (firstReasoning !== undefined && (firstText === undefined || firstReasoning < firstText)) {
    push('thinking', firstReasoning, firstText ?? end);
  }
  if (firstText !== undefined) push('answering', firstText, end);
  return out;
}

import { DEFAULT_ANSWER_TOKENS, type Scenario } from './scenario';
import { MarkStamper } from './write-marks';

/**
 * Plays a Scenario as a stream of frames over any transport: delays, burst, the mid-stream
 * failures (error frame, dropped connection, malformed frame, stall) and UTF-8 characters cut
 * across writes. Transport and wire format are plugged in (FrameSink, FrameFormat), so the
 * Ollama, LM Studio REST and LM Studio native emulators can share it.
 */

export type TokenKind = 'reasoning' | 'answer';

export interface ScriptedToken {
  kind: TokenKind;
  text: string;
  /** 0-based over reasoning and answer tokens together, in the order they are sent. */
  index: number;
  /** First token of its kind. */
  firstOfKind: boolean;
}

/** Where frames go. */
export interface FrameSink {
  /** Resolves once the data is handed to the OS (or the peer is gone). */
  write(data: string | Uint8Array): Promise<void>;
  /** Ends the response normally. */
  end(): void;
  /** Cuts the connection without ending the response. */
  destroy(): void;
  /** Resolves when the peer has gone (or the emulator closed). */
  readonly gone: Promise<void>;
  readonly isGone: boolean;
}

/** How a server writes each part of an answer. */
export interface FrameFormat {
  token(token: ScriptedToken): string;
  error(message: string): string;
  malformed(): string;
  /** Everything after the tokens: tool calls, finish, usage, terminator. */
  closing(counts: TokenCounts): string[];
}

export interface TokenCounts {
  reasoning: number;
  answer: number;
}

export type ScriptOutcome = 'finished' | 'failed' | 'dropped' | 'stalled' | 'gone';

export const DEFAULT_FAIL_MESSAGE = 'an error was encountered while running the model';

/** Pause between the two halves of a split character, so the client reads them apart. */
const SPLIT_PAUSE_MS = 20;
/** Scenario.tokensPerSecond: how often the due tokens are written. */
const PACE_TICK_MS = 4;

/** Reasoning tokens first, then the answer tokens. */
export function scriptedTokens(scenario: Scenario): ScriptedToken[] {
  const reasoning = scenario.reasoningTokens ?? [];
  const answer = scenario.tokens ?? DEFAULT_ANSWER_TOKENS;
  return [
    ...reasoning.map((text, i) => ({ kind: 'reasoning' as const, text, index: i, firstOfKind: i === 0 })),
    ...answer.map((text, i) => ({
      kind: 'answer' as const,
      text,
      index: reasoning.length + i,
      firstOfKind: i === 0,
    })),
  ];
}

export function tokenCounts(scenario: Scenario): TokenCounts {
  return {
    reasoning: scenario.reasoningTokens?.length ?? 0,
    answer: (scenario.tokens ?? DEFAULT_ANSWER_TOKENS).length,
  };
}

/** Waits `ms`, or less if the peer goes away. */
export async function pause(ms: number, sink: Pick<FrameSink, 'gone'>): Promise<void> {
  if (ms <= 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), sink.gone]);
  clearTimeout(timer);
}

/** The bytes of `text`, cut right after the first byte of every multi-byte character. */
export function utf8SplitParts(text: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const parts: Uint8Array[] = [];
  let start = 0;
  bytes.forEach((byte, i) => {
    if (byte >= 0xc0) {
      parts.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  });
  parts.push(bytes.subarray(start));
  return parts.filter((part) => part.length > 0);
}

/** Plays the scenario's tokens and interruptions; returns how the stream ended. */
export async function playScenario(
  scenario: Scenario,
  sink: FrameSink,
  format: FrameFormat,
): Promise<ScriptOutcome> {
  const tokens = scriptedTokens(scenario);
  const burst = scenario.burst === true;
  const rate = scenario.tokensPerSecond ?? 0;
  const pending: string[] = [];
  const marks = new MarkStamper(scenario.marks, tokens.length);
  const send = async (frame: string): Promise<void> => {
    if (burst || rate > 0) return void pending.push(frame);
    marks.stamp();
    if (scenario.splitUtf8) await writeSplit(frame, sink);
    else await sink.write(frame);
  };
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    marks.stamp();
    await sink.write(pending.splice(0).join(''));
  };
  // Fixed rate: write what is queued, then wait until the next token is due (at least one tick).
  const paceTo = async (due: number): Promise<void> => {
    const wait = due - performance.now();
    if (wait <= 0) return;
    await flush();
    await pause(Math.max(wait, PACE_TICK_MS), sink);
  };
  const at = (n: number | undefined): number | undefined =>
    n === undefined ? undefined : Math.min(n, tokens.length);

  if (!burst) await pause(scenario.firstTokenDelayMs ?? 0, sink);
  const start = performance.now();
  for (let i = 0; i <= tokens.length; i += 1) {
    if (sink.isGone) return 'gone';
    if (at(scenario.malformedAfterTokens) === i) await send(format.malformed());
    if (at(scenario.failAfterTokens) === i) {
      await send(format.error(scenario.failMessage ?? DEFAULT_FAIL_MESSAGE));
      await flush();
      sink.end();
      return 'failed';
    }
    if (at(scenario.dropAfterTokens) === i) {
      await flush();
      sink.destroy();
      return 'dropped';
    }
    if (at(scenario.stallAfterTokens) === i) {
      await flush();
      await sink.gone;
      return 'stalled';
    }
    if (at(scenario.pauseAfterTokens?.after) === i && i < tokens.length) {
      await flush();
      await pause(scenario.pauseAfterTokens?.ms ?? 0, sink);
    }
    const token = tokens[i];
    if (token === undefined) break;
    if (rate > 0) await paceTo(start + (i * 1000) / rate);
    else if (!burst && i > 0) await pause(scenario.tokenDelayMs ?? 0, sink);
    marks.queued(i);
    await send(format.token(token));
  }
  for (const frame of format.closing(tokenCounts(scenario))) await send(frame);
  await flush();
  sink.end();
  return 'finished';
}

async function writeSplit(frame: string, sink: FrameSink): Promise<void> {
  const parts = utf8SplitParts(frame);
  for (const [i, part] of parts.entries()) {
    if (i > 0) await pause(SPLIT_PAUSE_MS, sink);
    await sink.write(part);
  }
}

/** A stand-in prompt token count (about 4 characters a token), stable for a given request. */
export function estimatePromptTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 1;
  const chars = messages.reduce<number>((sum, message: unknown) => {
    const content = (message as { content?: unknown } | null)?.content;
    return sum + (typeof content === 'string' ? content.length : JSON.stringify(content ?? '').length);
  }, 0);
  return Math.max(1, Math.ceil(chars / 4));
}

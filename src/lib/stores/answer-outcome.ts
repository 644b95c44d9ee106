import type { ProviderErrorData } from '../providers/errors';
import { isIncomplete, type MessageError, type MessageRecord } from '../vocabulary/records';
import type { ChunkPayload } from '../workers/protocol';
import { answerStats, type AnswerTimes } from './answer-stats';
import type { LiveAnswer } from './chat-types';
import { callRecords } from './tool-rounds';
import type { CompletePayload } from './transport';

/** The live answer with one more chunk: text and reasoning appended, first-token time noted. */
export function withChunk(answer: LiveAnswer, chunk: ChunkPayload, now: number): LiveAnswer {
  const next = { ...answer, text: answer.text + chunk.text, reasoning: answer.reasoning + chunk.reasoning };
  if (chunk.promptProgress !== undefined) next.promptProgress = chunk.promptProgress;
  const calls = chunk.toolCalls.length > 0;
  if (calls) next.toolCalls = [...(answer.toolCalls ?? []), ...chunk.toolCalls];
  if (next.firstTokenAt === undefined && (chunk.text || chunk.reasoning || calls)) next.firstTokenAt = now;
  return next;
}

/** A finished (or user-stopped) answer, from the worker's `complete`. */
export function completedPatch(done: CompletePayload, times: AnswerTimes): Partial<MessageRecord> {
  const patch: Partial<MessageRecord> = {
    content: done.text,
    reasoning: done.reasoning,
    status: done.finishReason === 'cancelled' ? 'stopped' : 'complete',
    finishReason: done.finishReason,
    stats: answerStats(done.stats, times),
  };
  if (done.model) patch.model = done.model;
  if (done.toolCalls.length > 0) patch.toolCalls = callRecords(done.toolCalls, 0);
  return patch;
}

/** A failed answer: the partial text the worker kept, and the error as the user sees it. */
export function failedPatch(error: ProviderErrorData, described: MessageError, times: AnswerTimes) {
  const patch: Partial<MessageRecord> = {
    content: error.partialText,
    reasoning: error.partialReasoning,
    status: 'failed',
    finishReason: 'error',
    error: described,
    stats: answerStats({}, times),
  };
  return patch;
}

/**
 * The record to keep: the patch's fields, and of the two texts (the final one from the worker,
 * the one shown live) the longer, so nothing that was on screen is ever lost.
 */
export function finalRecord(
  record: MessageRecord,
  patch: Partial<MessageRecord>,
  shown: LiveAnswer | null,
  now: number,
): MessageRecord {
  const longer = (a: string | undefined, b: string) => (a !== undefined && a.length >= b.length ? a : b);
  const out: MessageRecord = {
    ...record,
    ...patch,
    content: longer(patch.content, shown?.text ?? ''),
    updatedAt: now,
  };
  const reasoning = longer(patch.reasoning, shown?.reasoning ?? '');
  if (reasoning) out.reasoning = reasoning;
  else delete out.reasoning;
  return out;
}

/** An answer about to be carried on (Continue): how it last ended no longer holds. */
export function reopened(record: MessageRecord, now: number): MessageRecord {
  const out: MessageRecord = { ...record, status: 'streaming', updatedAt: now };
  delete out.error;
  delete out.finishReason;
  return out;
}

/**
 * Continue is offered for an answer with text that did not end on its own: stopped, failed,
 * interrupted, or cut off at the token limit (`length`).
 */
export function canContinue(message: MessageRecord): boolean {
  if (message.role !== 'assistant' || message.content.length === 0) return false;
  return isIncomplete(message.status) || (message.status === 'complete' && message.finishReason === 'length');
}

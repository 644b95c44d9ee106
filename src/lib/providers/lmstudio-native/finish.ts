import type { LLMPredictionStats, LLMPredictionStopReason } from '@lmstudio/sdk';
import type { FinishReason, GenerationStats, StreamEvent } from '../../vocabulary/chat';

const UNIFIED_REASONS: Record<LLMPredictionStopReason, FinishReason> = {
  eosFound: 'stop',
  stopStringFound: 'stop',
  maxPredictedTokensReached: 'length',
  contextLengthReached: 'length',
  toolCalls: 'tool-calls',
  userStopped: 'cancelled',
  failed: 'error',
  modelUnloaded: 'error',
};

export function unifiedFinishReason(stopReason: string): FinishReason {
  return UNIFIED_REASONS[stopReason as LLMPredictionStopReason] ?? 'other';
}

/** LM Studio's own measurements, under Brook's names; absent numbers stay absent. */
export function toGenerationStats(stats: LLMPredictionStats): GenerationStats {
  const result: GenerationStats = {};
  if (stats.promptTokensCount !== undefined) result.promptTokens = stats.promptTokensCount;
  if (stats.predictedTokensCount !== undefined) result.completionTokens = stats.predictedTokensCount;
  if (stats.timeToFirstTokenSec !== undefined) result.timeToFirstTokenSec = stats.timeToFirstTokenSec;
  if (stats.tokensPerSecond !== undefined) result.tokensPerSecond = stats.tokensPerSecond;
  if (stats.totalTimeSec !== undefined) result.totalDurationSec = stats.totalTimeSec;
  return result;
}

/** The finish event for a prediction result: unified reason, the raw `stopReason`, stats, model. */
export function finishEvent(stats: LLMPredictionStats, modelKey: string | undefined): StreamEvent {
  const event: StreamEvent = {
    type: 'finish',
    reason: unifiedFinishReason(stats.stopReason),
    rawReason: stats.stopReason,
    stats: toGenerationStats(stats),
  };
  if (modelKey !== undefined) event.model = modelKey;
  return event;
}

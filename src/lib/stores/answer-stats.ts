import type { GenerationStats } from '../providers';
import type { AnswerStats } from '../vocabulary/records';

/** When the answer started, first showed a token, and ended (ms, same clock). */
export interface AnswerTimes {
  startedAt: number;
  firstTokenAt?: number;
  endedAt: number;
}

/** Below this much generation time a rate is noise (one burst), so the total time is used. */
const MIN_RATE_WINDOW_MS = 50;

/**
 * The footer's numbers: times as the user waited for them (measured here), token counts
 * from the server, tokens/s from the server when it reports it (Ollama measures it exactly).
 */
export function answerStats(server: GenerationStats, times: AnswerTimes): AnswerStats {
  const stats: AnswerStats = { totalMs: Math.max(0, times.endedAt - times.startedAt) };
  if (times.firstTokenAt !== undefined)
    stats.timeToFirstTokenMs = Math.max(0, times.firstTokenAt - times.startedAt);
  if (server.completionTokens !== undefined) stats.completionTokens = server.completionTokens;
  if (server.promptTokens !== undefined) stats.promptTokens = server.promptTokens;
  const rate = server.tokensPerSecond ?? measuredRate(server.completionTokens, times);
  if (rate !== undefined && Number.isFinite(rate) && rate > 0) stats.tokensPerSecond = rate;
  return stats;
}

function measuredRate(tokens: number | undefined, times: AnswerTimes): number | undefined {
  if (!tokens) return undefined;
  const from = times.firstTokenAt ?? times.startedAt;
  let window = times.endedAt - from;
  if (window < MIN_RATE_WINDOW_MS) window = times.endedAt - times.startedAt;
  return window >= MIN_RATE_WINDOW_MS ? tokens / (window / 1000) : undefined;
}

/** "0.42 s", "12 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** The footer line, e.g. "first token 0.31 s · 42.0 tok/s · 312 tokens". */
export function formatStats(stats: AnswerStats): string {
  const parts: string[] = [];
  if (stats.timeToFirstTokenMs !== undefined)
    parts.push(`first token ${formatDuration(stats.timeToFirstTokenMs)}`);
  if (stats.tokensPerSecond !== undefined) parts.push(`${stats.tokensPerSecond.toFixed(1)} tok/s`);
  if (stats.completionTokens !== undefined)
    parts.push(`${stats.completionTokens} ${stats.completionTokens === 1 ? 'token' : 'tokens'}`);
  if (stats.totalMs !== undefined) parts.push(`${formatDuration(stats.totalMs)} total`);
  return parts.join(' · ');
}

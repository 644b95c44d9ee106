/**
 * How full a conversation's context is: tokens used against what the model takes, and whether
 * the next message would still fit. The last finished answer's own counts (prompt + completion,
 * as the server reported them) anchor the figure; what came after it, and the draft, are
 * estimated at four characters a token, the rule of thumb for English text with BPE vocabularies.
 */
import type { ModelInfo } from '../vocabulary/chat';
import type { ConversationSettings, MessageRecord } from '../vocabulary/records';
import type { ServerKind } from '../vocabulary/servers';

const CHARS_PER_TOKEN = 4;
/** Each message costs a few tokens of template (role markers, separators) besides its text. */
const TOKENS_PER_MESSAGE = 4;
/** Room left for the answer when the chat sets no max tokens. */
const ANSWER_ROOM = 256;
/** Ollama's num_ctx when neither the chat nor the loaded model says (Ollama's own default). */
export const OLLAMA_DEFAULT_CONTEXT = 4096;

export type ContextSource = 'chat' | 'loaded' | 'server-default' | 'model';

export interface ContextLimit {
  tokens: number;
  /** Where the figure comes from: the chat's setting, the running model, the server's default, the model's maximum. */
  source: ContextSource;
}

export type ContextLevel = 'ok' | 'near' | 'over';

export interface ContextUsage {
  used: number;
  limit: ContextLimit;
  /** Part of `used` is an estimate (no answer counted it yet, or messages came after it). */
  estimated: boolean;
  /** `used` plus the draft and room for an answer. */
  next: number;
  /** near: the next message takes it past 90 %; over: the next message would not fit. */
  level: ContextLevel;
}

export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** What the model takes, by the best source there is; undefined when nothing says. */
export function contextLimit(
  kind: ServerKind | undefined,
  settings: ConversationSettings,
  model: ModelInfo | undefined,
): ContextLimit | undefined {
  // Only Ollama takes a context length per request (num_ctx); elsewhere it is fixed at load.
  if (kind === 'ollama' && settings.contextLength) return { tokens: settings.contextLength, source: 'chat' };
  if (model?.loadedContextLength) return { tokens: model.loadedContextLength, source: 'loaded' };
  if (kind === 'ollama') return { tokens: OLLAMA_DEFAULT_CONTEXT, source: 'server-default' };
  if (model?.contextLength) return { tokens: model.contextLength, source: 'model' };
  return undefined;
}

export function contextUsage(
  messages: readonly MessageRecord[],
  settings: ConversationSettings,
  limit: ContextLimit | undefined,
  draft: string,
): ContextUsage | undefined {
  if (!limit) return undefined;
  let anchor = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    const stats = messages[i]?.stats;
    if (messages[i]?.role === 'assistant' && stats?.promptTokens !== undefined) {
      anchor = i;
      break;
    }
  }
  let used = 0;
  // Nothing yet (an empty chat) is exact; text with no counts yet is an estimate.
  let estimated = anchor < 0 && (messages.length > 0 || settings.systemPrompt.trim() !== '');
  if (anchor >= 0) {
    const stats = messages[anchor]?.stats;
    used =
      (stats?.promptTokens ?? 0) +
      (stats?.completionTokens ?? estimateTokens(messages[anchor]?.content ?? ''));
  } else if (settings.systemPrompt.trim()) {
    used = estimateTokens(settings.systemPrompt) + TOKENS_PER_MESSAGE;
  }
  for (const message of messages.slice(anchor + 1)) {
    estimated = true;
    used += estimateTokens(message.content) + TOKENS_PER_MESSAGE;
  }
  const room = settings.maxTokens && settings.maxTokens > 0 ? settings.maxTokens : ANSWER_ROOM;
  const next = used + (draft.trim() ? estimateTokens(draft) + TOKENS_PER_MESSAGE : 0) + room;
  const level: ContextLevel = next > limit.tokens ? 'over' : next > 0.9 * limit.tokens ? 'near' : 'ok';
  return { used, limit, estimated, next, level };
}

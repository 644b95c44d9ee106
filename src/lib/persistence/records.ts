/**
 * What Brook keeps in IndexedDB: conversations and their messages. Plain data only, so a
 * record can be stored, exported and imported without conversion.
 */
import type { FinishReason, ProviderErrorKind } from '../providers';

/** A configured server a conversation talks to. `openai-compatible` is any other OpenAI-style server. */
export type ServerId = 'ollama' | 'lmstudio-rest' | 'lmstudio-native' | 'openai-compatible';

export const SERVER_IDS: readonly ServerId[] = [
  'ollama',
  'lmstudio-rest',
  'lmstudio-native',
  'openai-compatible',
];

/** Model settings of one conversation (sent with every request of it). */
export interface ConversationSettings {
  systemPrompt: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  think?: boolean;
  /** 0 or unset: wait forever for the first token. */
  firstTokenTimeoutMs?: number;
  /** 0 or unset: wait forever between tokens. */
  idleTimeoutMs?: number;
}

export interface ConversationRecord {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  server: ServerId;
  model?: string;
  settings: ConversationSettings;
}

/**
 * `streaming`: being written (or orphaned by a closed tab, told apart by `updatedAt`);
 * `stopped`, `failed` and `interrupted` are incomplete answers whose text is kept.
 */
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'failed' | 'interrupted';

export type MessageRole = 'user' | 'assistant';

/** Why an answer failed, as the user sees it. */
export interface MessageError {
  kind: ProviderErrorKind;
  message: string;
  hint?: string;
  corsSuspected?: boolean;
  status?: number;
}

/** Per-answer numbers shown in the footer. */
export interface AnswerStats {
  /** From pressing send to the first token, as the user waited for it. */
  timeToFirstTokenMs?: number;
  /** From pressing send to the last token. */
  totalMs?: number;
  completionTokens?: number;
  promptTokens?: number;
  tokensPerSecond?: number;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  /** Position in the conversation (0, 1, 2, …). */
  seq: number;
  role: MessageRole;
  content: string;
  reasoning?: string;
  createdAt: number;
  updatedAt: number;
  status: MessageStatus;
  finishReason?: FinishReason;
  error?: MessageError;
  stats?: AnswerStats;
  model?: string;
  server?: ServerId;
}

export function isIncomplete(status: MessageStatus): boolean {
  return status === 'stopped' || status === 'failed' || status === 'interrupted';
}

/**
 * What Brook keeps in IndexedDB: conversations and their messages. Plain data only, so a
 * record can be stored, exported and imported without conversion.
 */
import type { FinishReason, SamplingSettings } from './chat';
import type { ProviderErrorKind } from './errors';

import type { ServerId } from './servers';

/** The id of the configured server a conversation talks to (see src/lib/servers). */
export type { ServerId };

/** Model settings of one conversation (sent with every request of it). */
export interface ConversationSettings extends SamplingSettings {
  systemPrompt: string;
  /** Unset: plain text. `json-schema` uses `jsonSchema`. */
  responseFormat?: ResponseFormatChoice;
  /** The JSON schema as the user wrote it (saved only when it parses as a JSON object). */
  jsonSchema?: string;
  /** Names of the built-in tools (src/lib/tools) the model may call in this conversation. */
  tools?: string[];
  /** 0 or unset: wait forever for the first token. */
  firstTokenTimeoutMs?: number;
  /** 0 or unset: wait forever between tokens. */
  idleTimeoutMs?: number;
}

export type ResponseFormatChoice = 'json' | 'json-schema';

export interface ConversationRecord {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  server: ServerId;
  model?: string;
  settings: ConversationSettings;
  /** Kept at the top of the sidebar. */
  pinned?: boolean;
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

/** One tool call the model made, and what Brook sent back when it ran it. */
export interface ToolCallRecord {
  id: string;
  name: string;
  /** The arguments as JSON text. */
  arguments: string;
  /** The tool's JSON result (or `{"error":…}`) sent back to the model; unset when not run. */
  result?: string;
  /** The result is an error (unknown tool, bad arguments, failed evaluation). */
  failed?: boolean;
}

/** A turn of an answer that ended in tool calls which Brook ran and answered. */
export interface ToolRound {
  /** What the model wrote before calling (often nothing). */
  text: string;
  reasoning?: string;
  calls: ToolCallRecord[];
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  /** Position in the conversation (0, 1, 2, …); an answer and its earlier versions share one. */
  seq: number;
  role: MessageRole;
  /** Answers: the id of the question (user message) this answers, fixed when it is asked. */
  replyTo?: string;
  /**
   * Answers: the earlier answer this one was asked to replace (Regenerate). The earlier one is
   * kept in storage and hidden once this one has text; shown again if this one never gets any.
   */
  replaces?: string;
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
  /** The answer was asked for as JSON (shown as a formatted JSON block). */
  format?: 'json';
  /** Tool rounds run before the final text (`content`), oldest first. */
  toolRounds?: ToolRound[];
  /** Tool calls of the final turn that were not run (tools off, unknown, or the round limit). */
  toolCalls?: ToolCallRecord[];
}

export function isIncomplete(status: MessageStatus): boolean {
  return status === 'stopped' || status === 'failed' || status === 'interrupted';
}

/**
 * What Brook keeps in IndexedDB: conversations and their messages. Plain data only, so a
 * record can be stored, exported and imported without conversion.
 */
import type { FinishReason, SamplingSettings } from './chat';
import type { ProviderErrorKind } from './errors';

import type { ServerId } from './servers';
import type { AttachmentRef } from './attachments';

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
  /**
   * false: a `<think>…</think>` (or thinking, reasoning, thought) block at the start of an answer
   * stays text; unset or true: it is shown as the answer's reasoning.
   */
  inlineThinking?: boolean;
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
  /** The sidebar folder it is filed in, by name (unset: none, listed by date). */
  folder?: string;
  /**
   * The branch the user last chose with a version pager: its leaf, and when it was chosen. A
   * message created after `chosenAt` (a new question, answer or version) is the leaf instead, so
   * sending never has to write this record. Unset: the newest message is the leaf.
   */
  branch?: BranchChoice;
}

export interface BranchChoice {
  leafId: string;
  chosenAt: number;
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

/**
 * Where an answer spent its time, saved with it (src/lib/timeline): times are ms from the moment
 * the request was sent. Plain data, bounded in size whatever the answer's length.
 */
export interface AnswerTimeline {
  /** What the answer was doing, in order; spans do not overlap. */
  phases: TimelinePhase[];
  /** Tokens received per `bucketMs` from `startMs` on (estimated from the text, scaled to the server's count). */
  rate: { startMs: number; bucketMs: number; tokens: number[] };
  /** Gaps of more than a second between two pieces of the answer. */
  stalls: TimeSpan[];
  /** The first piece of reasoning or text (unset: none came). */
  firstTokenMs?: number;
  endMs: number;
}

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

/**
 * `waiting`: sent, nothing heard yet (connecting, queued behind other requests, or a server that
 * does not say more); `loading` and `prompt`: the model loading and reading the prompt, as the
 * server reports them (Ollama's load and prompt-eval durations, LM Studio's prompt progress);
 * `thinking`: reasoning; `answering`: the answer's text.
 */
export interface TimelinePhase extends TimeSpan {
  kind: 'waiting' | 'loading' | 'prompt' | 'thinking' | 'answering';
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
  /** Depth in the conversation's tree (0, 1, 2, …): versions of one message share it. */
  seq: number;
  role: MessageRole;
  /**
   * The message this one follows (null: the first message). Messages with the same parent are
   * versions of one another (an edited question, a regenerated answer). Unset only on records
   * written before schema 3 (and recovery copies of them): src/lib/tree/legacy-parents.ts.
   */
  parentId?: string | null;
  /** Answers: the id of the question (user message) this answers, fixed when it is asked. */
  replyTo?: string;
  /** Answers before schema 3: the earlier answer this one was asked to replace (Regenerate). */
  replaces?: string;
  content: string;
  /** Questions: the files attached to it (the bytes are in the attachments store). */
  attachments?: AttachmentRef[];
  reasoning?: string;
  createdAt: number;
  updatedAt: number;
  status: MessageStatus;
  finishReason?: FinishReason;
  error?: MessageError;
  stats?: AnswerStats;
  /** Where the answer spent its time (answers written since the timeline came; unset before). */
  timeline?: AnswerTimeline;
  model?: string;
  server?: ServerId;
  /** The answer was asked for as JSON (shown as a formatted JSON block). */
  format?: 'json';
  /** Tool rounds run before the final text (`content`), oldest first. */
  toolRounds?: ToolRound[];
  /** Tool calls of the final turn that were not run (tools off, unknown, or the round limit). */
  toolCalls?: ToolCallRecord[];
  /**
   * Answers cut off at a token limit (`finishReason` length): the Max tokens the chat asked for,
   * or unset when it set none (then the server's own limit or the context ended it).
   */
  maxTokens?: number;
  /** How the answer was last carried on by Continue (servers/continuation.ts). */
  continued?: ContinueMechanism;
}

/**
 * `prefill`: the server generated on from the partial answer itself; `ask`: it has no way to, so
 * the model was asked (as the user) to go on, and the join may show.
 */
export type ContinueMechanism = 'prefill' | 'ask';

/** An answer counts as existing once it holds anything a user could read. */
export function hasText(message: MessageRecord): boolean {
  return message.content.length > 0 || !!message.reasoning || (message.toolRounds?.length ?? 0) > 0;
}

export function isIncomplete(status: MessageStatus): boolean {
  return status === 'stopped' || status === 'failed' || status === 'interrupted';
}

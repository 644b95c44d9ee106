/**
 * The one place where chat messages, request options and stream events are modelled.
 * Every provider turns its server's wire format into these types before anything
 * leaves src/lib/providers; the worker, stores and views only ever see these.
 */

import type { PresetId } from './servers';

export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** An image for a vision model as providers send it: base64 bytes (no data: prefix) and their type. */
export interface ChatImage {
  name: string;
  mimeType: string;
  base64: string;
}

/** An image on its way to the chat worker: the stored Blob, which the worker encodes (off the page). */
export interface ImageBlob {
  name: string;
  mimeType: string;
  data: Blob;
}

/** A message of the conversation; `Image` is what its images are on this side of the worker. */
export interface ChatMessage<Image = ChatImage> {
  role: Role;
  content: string;
  /** Images for vision models (user messages). */
  images?: Image[];
  /** Assistant messages: the tools the model called in this turn. */
  toolCalls?: ToolCall[];
  /** Tool messages: the id of the call this result answers (OpenAI `tool_call_id`). */
  toolCallId?: string;
  /** Tool messages: the name of the tool that produced this result (Ollama `tool_name`). */
  toolName?: string;
}

/** A message as the page sends it to the chat worker: images still as Blobs. */
export type OutgoingMessage = ChatMessage<ImageBlob>;

/** How Brook talks to a server: `openai-compatible` is any other server of the OpenAI API (llama.cpp, vLLM, …). */
export type ProviderKind = 'ollama' | 'lmstudio-rest' | 'openai-compatible' | 'lmstudio-native';

/** A JSON schema (or the literal 'json') that asks the model for structured output. */
export type ResponseFormat = 'json' | { schema: Record<string, unknown>; name?: string };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  id?: string;
  name: string;
  /** Parsed arguments when the server sends an object, else the raw JSON text. */
  arguments: Record<string, unknown> | string;
}

/**
 * The model settings every layer carries alike: request options, the worker protocol and the
 * stored conversation settings all extend this. Unset: the server's default.
 */
export interface SamplingSettings {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  seed?: number;
  /** Strings that end the answer when the model writes them. */
  stop?: string[];
  /** Ask reasoning models to think (Ollama `think`); unset or ignored where the server decides. */
  think?: boolean;
  /** Context window in tokens (Ollama `num_ctx`); ignored where it is fixed when the model loads. */
  contextLength?: number;
  /**
   * How long the server keeps the model loaded after the answer (Ollama `keep_alive`: "5m", "1h",
   * "-1" keeps it, "0" unloads it; see servers/keep-alive.ts). Unset: the server's default.
   */
  keepAlive?: string;
}

/** Per-request options. `signal` is required so that no call can forget to be cancellable. */
export interface ChatOptions extends SamplingSettings {
  model?: string;
  signal: AbortSignal;
  systemPrompt?: string;
  responseFormat?: ResponseFormat;
  tools?: ToolDefinition[];
  /**
   * The last message is an unfinished assistant answer for the model to carry on in the same
   * turn (servers/continuation.ts says which servers can); the stream holds only what follows.
   */
  continueFinal?: boolean;
}

/**
 * Why generation ended, unified across servers. `raw` (on the finish event) keeps the
 * server's own word, e.g. Ollama "stop", OpenAI "length", LM Studio "eosFound".
 */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'cancelled' | 'error' | 'other';

export interface GenerationStats {
  promptTokens?: number;
  completionTokens?: number;
  /** Seconds from request to first token, as the server measured it. */
  timeToFirstTokenSec?: number;
  tokensPerSecond?: number;
  totalDurationSec?: number;
  loadDurationSec?: number;
}

/** One event of an answer as it streams. `chatStream()` and `chat()` are views of these. */
export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'tool-call'; call: ToolCall }
  /** Prompt processing progress, 0..1 (LM Studio native). */
  | { type: 'prompt-progress'; progress: number }
  | { type: 'finish'; reason: FinishReason; rawReason?: string; stats: GenerationStats; model?: string };

export type StreamEventType = StreamEvent['type'];

/**
 * The events one network read (or one wake-up of a callback queue) produced, in order; never
 * empty. Streaming in batches spares an async step per token (see `LLMProvider.eventBatches`).
 */
export type StreamEventBatch = StreamEvent[];

/** The whole answer, as `complete()` returns it and as collecting a stream gives it. */
export interface ChatResult {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  stats: GenerationStats;
  model?: string;
}

export interface ModelInfo {
  id: string;
  /** Human-friendly name when the server has one. */
  name?: string;
  sizeBytes?: number;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  /** Whether the model is in memory now, where the server says (Ollama /api/ps, LM Studio, llama.cpp router). */
  loaded?: boolean;
  /** The longest context the model takes, in tokens, where the server says. */
  contextLength?: number;
  /** The context the running model was loaded with, which a prompt must fit in (Ollama /api/ps, llama.cpp /props). */
  loadedContextLength?: number;
  /** What the model can do beyond text, where the server says. */
  capabilities?: ModelCapability[];
}

export type ModelCapability = 'vision' | 'tools' | 'thinking';

export interface ProviderConfig {
  /** Server base URL, e.g. http://127.0.0.1:11434, http://127.0.0.1:1234/v1, ws://127.0.0.1:1234 */
  baseUrl: string;
  /** Bearer key for OpenAI-compatible servers that need one. */
  apiKey?: string;
  /** The user's name for the server, so its messages say which one failed. */
  name?: string;
  /** Which known OpenAI-compatible server it is, so its messages give that server's steps. */
  preset?: PresetId;
}

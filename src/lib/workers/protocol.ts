/**
 * The whole worker <-> UI protocol: two unions on `type`, every message tagged with the
 * request id it belongs to. Only plain data crosses (structured clone): no class instances.
 */
import type { ProviderErrorData } from '../providers/errors';
import type { DiscoveredServer } from '../servers/discovery';
import type { ServerTarget } from '../servers/server';
import type {
  OutgoingMessage,
  FinishReason,
  GenerationStats,
  ModelInfo,
  ResponseFormat,
  SamplingSettings,
  ToolCall,
  ToolDefinition,
} from '../vocabulary/chat';
import type { ModelOperation, ModelOperationResult, ModelProgress } from '../vocabulary/models';

/** Model settings a user can set per conversation. */
export interface GenerationSettings extends SamplingSettings {
  systemPrompt?: string;
  /** The last message is a partial answer to carry on (ChatOptions.continueFinal). */
  continueFinal?: boolean;
  /** false: leave `<think>…</think>` at the start of an answer as text (default: read it as reasoning). */
  inlineThinking?: boolean;
  responseFormat?: ResponseFormat;
  tools?: ToolDefinition[];
  /** Give up when no first token arrives in this many ms (0 or unset: wait forever). */
  firstTokenTimeoutMs?: number;
  /** Give up when the stream stalls this many ms between tokens (0 or unset: wait forever). */
  idleTimeoutMs?: number;
}

export type { ServerTarget };

/** UI -> worker */
export type WorkerRequest =
  | {
      type: 'send';
      requestId: string;
      server: ServerTarget;
      model?: string;
      messages: OutgoingMessage[];
      settings: GenerationSettings;
    }
  | { type: 'cancel'; requestId: string }
  | { type: 'list-models'; requestId: string; server: ServerTarget }
  /** Download, delete, load or unload a model, or list the loaded ones; `cancel` stops it. */
  | { type: 'model-op'; requestId: string; server: ServerTarget; operation: ModelOperation }
  /** Look for servers on their documented ports of 127.0.0.1 (Settings → Find servers). */
  | { type: 'discover'; requestId: string; pageOrigin: string };

/** Text that arrived since the last chunk message (coalesced to about one message per frame). */
export interface ChunkPayload {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  /** Latest prompt-processing progress 0..1, when the server reports it. */
  promptProgress?: number;
}

/** worker -> UI */
export type WorkerResponse =
  | ({ type: 'chunk'; requestId: string } & ChunkPayload)
  | {
      type: 'complete';
      requestId: string;
      text: string;
      reasoning: string;
      toolCalls: ToolCall[];
      finishReason: FinishReason;
      rawFinishReason?: string;
      stats: GenerationStats;
      model?: string;
      /** Whether the provider streamed (`chatStream`) or answered at once (`chat`). */
      streamed: boolean;
    }
  | { type: 'error'; requestId: string; error: ProviderErrorData }
  | { type: 'models'; requestId: string; models: ModelInfo[] }
  | { type: 'models-error'; requestId: string; error: ProviderErrorData }
  | { type: 'discovered'; requestId: string; servers: DiscoveredServer[] }
  | { type: 'model-progress'; requestId: string; progress: ModelProgress }
  | { type: 'model-op-done'; requestId: string; result: ModelOperationResult }
  | { type: 'model-op-error'; requestId: string; error: ProviderErrorData };

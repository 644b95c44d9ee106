/**
 * What the stores need from the chat worker's client (src/lib/workers/chat-client.ts). Declared
 * here as a structural type so the stores can be tested in Node with a scripted double.
 */
import type { ChatMessage, ModelInfo, ProviderErrorData } from '../providers';
import type { ChunkPayload, GenerationSettings, ProviderTarget, WorkerResponse } from '../workers/protocol';

export type CompletePayload = Extract<WorkerResponse, { type: 'complete' }>;

export interface StreamHandlers {
  onChunk(chunk: ChunkPayload): void;
  onComplete(done: CompletePayload): void;
  onError(error: ProviderErrorData): void;
}

export interface SendParams {
  provider: ProviderTarget;
  model?: string;
  messages: ChatMessage[];
  settings: GenerationSettings;
}

export interface ChatTransport {
  send(params: SendParams, handlers: StreamHandlers): { requestId: string; cancel(): void };
  /** Rejects with a ProviderError (or its data) when the server cannot be reached. */
  listModels(provider: ProviderTarget, signal?: AbortSignal): Promise<ModelInfo[]>;
}

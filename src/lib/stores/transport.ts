/**
 * What the stores need from the chat worker's client (src/lib/workers/chat-client.ts). A
 * structural type, so the stores can be tested in Node with a scripted double; the payload types
 * come from the client as type-only imports, which adds no runtime dependency.
 */
import type { ModelInfo } from '../providers';
import type { CompletePayload, SendParams, StreamHandlers } from '../workers/chat-client';
import type { ServerTarget } from '../workers/protocol';

export type { CompletePayload, SendParams, StreamHandlers };

export interface ChatTransport {
  send(params: SendParams, handlers: StreamHandlers): { requestId: string; cancel(): void };
  /** Rejects with a ProviderError (or its data) when the server cannot be reached. */
  listModels(server: ServerTarget, signal?: AbortSignal): Promise<ModelInfo[]>;
}
